// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// A callback's state reads as a callback's (待回访, 已回访: the word in this DocType's context, not
// Frappe's 待办事项), in its Document State's colour
frappe.listview_settings["Callback Record"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const state = (frappe.get_meta("Callback Record").states || []).find((s) => s.title === doc.status);
		const colour = (state && state.color ? state.color : "gray").toLowerCase();
		return [__(doc.status, null, "Callback Record"), colour, "status,=," + doc.status];
	},
};
