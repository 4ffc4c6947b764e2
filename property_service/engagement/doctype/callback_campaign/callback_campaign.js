// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Callback Campaign", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0]?.write) return;
		if (frm.doc.status === "Draft") {
			frm.add_custom_button(__("Make the Callbacks"), () =>
				frm.call("make_callbacks").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.status === "Open") {
			frm.add_custom_button(__("Close the Campaign"), () =>
				frm.call("close").then(() => frm.reload_doc())
			);
			frm.add_custom_button(__("Callbacks"), () =>
				frappe.set_route("List", "Callback Record", { callback_campaign: frm.doc.name })
			);
		}
	},
});
