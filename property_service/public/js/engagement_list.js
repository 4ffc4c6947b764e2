// The engagement lists colour each record by its status (the words come from the translations).
(() => {
	const colours = {
		Draft: "red",
		Open: "orange",
		Closed: "green",
		Planned: "blue",
		Held: "green",
		Cancelled: "gray",
		Submitted: "green",
		"Signed Up": "blue",
	};
	const settings = {
		get_indicator(doc) {
			return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
		},
	};
	for (const doctype of [
		"Opinion Survey",
		"Callback Campaign",
		"Community Activity",
		"Owner Visit Summary",
		"Activity Signup",
	]) {
		frappe.listview_settings[doctype] = settings;
	}
})();
