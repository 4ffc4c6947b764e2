// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Archive Filing", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.doc.status !== words.OPEN || !frm.perm[0]?.write || frm.is_dirty()) return;
		frm.add_custom_button(__("Check Again"), () => frm.call("check_again").then(() => frm.reload_doc()));
		frm.add_custom_button(__("Mark the Month Archived"), () =>
			frm.call("mark_filed").then(() => frm.reload_doc()),
		).addClass("btn-primary");
	},
});
