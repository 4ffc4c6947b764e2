// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.listview_settings["Emergency Drill"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Planned: "orange", "In Progress": "yellow", Done: "green" }[doc.status] || "gray";
		return [__(doc.status), colour, "status,=," + doc.status];
	},
};
