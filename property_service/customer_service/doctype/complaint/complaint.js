// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Complaint", {
	refresh(frm) {
		// 纠正措施报告: for who may edit the complaint and make corrective actions (the server checks both)
		if (frm.is_new() || !frm.perm[0]?.write || !frappe.model.can_create("Corrective Action")) return;
		const label = frm.doc.corrective_action ? __("Open Corrective Action") : __("Raise Corrective Action");
		frm.add_custom_button(label, () => {
			if (frm.doc.corrective_action) {
				frappe.set_route("Form", "Corrective Action", frm.doc.corrective_action);
				return;
			}
			frappe
				.call({
					method: "property_service.api.service_desk.raise_corrective_action",
					args: { reference_doctype: "Complaint", reference_name: frm.doc.name },
					freeze: true,
				})
				.then((r) => frappe.set_route("Form", "Corrective Action", r.message));
		});
	},
});
