// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Move-In Handover", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.is_new()) {
			frm.set_intro(__("Save to fill in the office's checklist, keys and documents."), "blue");
			return;
		}
		if (frm.doc.status !== words.DRAFT || !frm.perm[0]?.write || frm.is_dirty()) return;
		frm.add_custom_button(__("Complete the Handover"), () =>
			frm.call("complete").then(() => frm.reload_doc()),
		).addClass("btn-primary");
	},
});
