// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Opinion Survey", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0]?.write) return;
		const act = (method, label) =>
			frm.add_custom_button(label, () =>
				frm.call(method).then(() => frm.reload_doc())
			);
		if (frm.doc.status === "Draft") act("open", __("Open the Survey"));
		if (frm.doc.status === "Open") act("close", __("Close the Survey"));
		if (frm.doc.findings?.some((row) => !row.corrective_action)) {
			act("raise_corrective_actions", __("Raise Corrective Actions"));
		}
		if (frm.doc.status === "Closed") act("publish_results", __("Publish Results to Residents"));
	},
});
