// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Owner Data Update", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.doc.status === words.DRAFT && frm.perm[0]?.write) {
			frm.add_custom_button(__("Confirm the Update"), () => frm.call("confirm").then(() => frm.reload_doc()));
		}
	},
});
