// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// The incident's next step is the form's primary button while nothing is left unsaved (typing
// what was done makes it "Save"; the step then checks what was saved).
frappe.ui.form.on("Emergency Incident", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[1]?.write) return;
		const primary = (label, method) =>
			frm.page.set_primary_action(label, () => frm.call(method).then(() => frm.reload_doc()));
		if (frm.doc.status === "Open") primary(__("Mark Handled"), "mark_handled");
		if (frm.doc.status === "Handled") primary(__("Close the Incident"), "close");
	},
});
