// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// An incident not yet handled reads 待处理 (the status word in this DocType's context)
frappe.listview_settings["Emergency Incident"] = {
	add_fields: ["status", "severity"],
	get_indicator(doc) {
		const colour = { Open: "red", Handled: "blue", Closed: "green" }[doc.status] || "gray";
		return [__(doc.status, null, "Emergency Incident"), colour, "status,=," + doc.status];
	},
};
