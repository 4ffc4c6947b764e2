// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Callback Campaign", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.is_new() || !frm.perm[0]?.write) return;
		if (frm.doc.status === words.DRAFT) {
			frm.add_custom_button(__("Make the Callbacks"), () =>
				frm.call("make_callbacks").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.status === words.OPEN) {
			frm.add_custom_button(__("Close the Campaign"), () =>
				frm.call("close").then(() => frm.reload_doc())
			);
			frm.add_custom_button(__("Callbacks"), () =>
				frappe.set_route("List", "Callback Record", { callback_campaign: frm.doc.name })
			);
		}
	},
});
