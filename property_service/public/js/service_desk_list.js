// List views of the service desk: status colours, and one-click "Assigned to Me" and "Overdue".
// Loaded for Service Request and Complaint through doctype_list_js in hooks.py.

(() => {
	const COLOURS = {
		Logged: "red",
		Assigned: "orange",
		Dispatched: "orange",
		"In Progress": "yellow",
		"Being Handled": "yellow",
		Escalated: "purple",
		Completed: "blue",
		Handled: "blue",
		"Result Verified": "cyan",
		Closed: "green",
		Cancelled: "gray",
	};
	const OPEN = {
		"Service Request": ["Logged", "Dispatched", "In Progress"],
		Complaint: ["Logged", "Assigned", "Being Handled", "Escalated"],
	};

	const settings = (doctype) => ({
		add_fields: ["status", "assigned_to", "escalation_level"],
		get_indicator(doc) {
			return [__(doc.status), COLOURS[doc.status] || "gray", "status,=," + doc.status];
		},
		onload(listview) {
			listview.page.add_inner_button(__("Assigned to Me"), () => {
				listview.filter_area.clear(false);
				listview.filter_area.add([[doctype, "_assign", "like", `%${frappe.session.user}%`]]);
			});
			listview.page.add_inner_button(__("Overdue"), () => {
				listview.filter_area.clear(false);
				listview.filter_area.add([
					[doctype, "status", "in", OPEN[doctype]],
					[doctype, "sla_resolution_by", "<", frappe.datetime.now_datetime()],
				]);
			});
		},
	});

	frappe.listview_settings["Service Request"] = settings("Service Request");
	frappe.listview_settings["Complaint"] = settings("Complaint");
})();
