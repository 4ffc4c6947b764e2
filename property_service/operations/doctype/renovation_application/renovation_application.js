// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Renovation Application", {
	refresh(frm) {
		// the server decides: the deposit's invoice was cancelled and the user is of the office
		if (frm.doc.__onload?.can_bill_deposit) {
			frm.add_custom_button(__("Bill Deposit"), () => frm.call("bill_deposit").then(() => frm.reload_doc()));
		}
	},
});
