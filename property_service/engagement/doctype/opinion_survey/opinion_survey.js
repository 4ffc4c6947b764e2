// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Opinion Survey", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.is_new() || !frm.perm[0]?.write) return;
		const act = (method, label) =>
			frm.add_custom_button(label, () =>
				frm.call(method).then(() => frm.reload_doc())
			);
		if (frm.doc.status === words.DRAFT) act("open", __("Open the Survey"));
		if (frm.doc.status === words.OPEN) act("close", __("Close the Survey"));
		if (frm.doc.findings?.some((row) => !row.corrective_action)) {
			act("raise_corrective_actions", __("Raise Corrective Actions"));
		}
		if (frm.doc.status === words.CLOSED) act("publish_results", __("Publish Results to Residents"));
	},
});
