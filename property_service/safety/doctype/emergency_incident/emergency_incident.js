// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

// The incident's next step is the form's primary button while nothing is left unsaved (typing
// what was done makes it "Save"; the step then checks what was saved).
// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Emergency Incident", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (frm.is_new() || !frm.perm[1]?.write) return;
		const primary = (label, method) =>
			frm.page.set_primary_action(label, () => frm.call(method).then(() => frm.reload_doc()));
		if (frm.doc.status === words.OPEN) primary(__("Mark Handled"), "mark_handled");
		if (frm.doc.status === words.HANDLED) primary(__("Close the Incident"), "close");
		if (!frm.doc.corrective_action) {
			for (const kind of ["Corrective Action", "Preventive Action"]) {
				frm.add_custom_button(
					__(kind),
					() =>
						frm
							.call("raise_corrective_action", { action_type: kind })
							.then((r) => frappe.set_route("Form", "Corrective Action", r.message)),
					__("Raise")
				);
			}
		}
	},
});
