// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Owner Data Update", {
	refresh(frm) {
		if (frm.doc.status === "Draft" && frm.perm[0]?.write) {
			frm.add_custom_button(__("Confirm the Update"), () => frm.call("confirm").then(() => frm.reload_doc()));
		}
	},
});
