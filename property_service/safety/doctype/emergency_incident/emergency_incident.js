// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Emergency Incident", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[1]?.write) return;
		const act = (method, label) =>
			frm
				.add_custom_button(label, () => (frm.is_dirty() ? frm.save() : Promise.resolve()).then(() => frm.call(method)).then(() => frm.reload_doc()))
				.addClass("btn-primary");
		if (frm.doc.status === "Open") act("mark_handled", __("Mark Handled"));
		if (frm.doc.status === "Handled") act("close", __("Close the Incident"));
	},
});
