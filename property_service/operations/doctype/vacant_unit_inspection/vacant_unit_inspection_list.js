// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.listview_settings["Vacant Unit Inspection"] = {
	onload(listview) {
		// this month's coverage: inspections carried out of those made (target 100 %)
		frappe.call({
			method: "property_service.api.operations.inspection_coverage",
			type: "GET",
			callback: ({ message: { planned, done, rate } }) =>
				listview.page.set_indicator(
					__("This month: {0} of {1} inspected ({2}%)", [done, planned, rate]),
					done === planned ? "green" : "orange"
				),
		});
	},
};
