// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Shop Inspection", {
	setup(frm) {
		frm.set_query("unit", () => ({ filters: { unit_type: "Shop" } }));
	},
	refresh(frm) {
		if (!frm.is_new() && frm.doc.open_findings) {
			frm.add_custom_button(__("Re-inspect"), () =>
				frm.call("reinspect").then(({ message }) => frappe.set_route("Form", "Shop Inspection", message))
			);
		}
	},
});
