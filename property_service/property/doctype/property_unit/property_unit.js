// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Property Unit", {
	refresh(frm) {
		// the actions change the unit: for who may edit it (the server checks the same)
		if (frm.is_new() || !frm.perm[0]?.write) return;
		const api = "property_service.api.property.";
		const reload = () => frm.reload_doc();
		frm.add_custom_button(
			__("Sale Handover"),
			() =>
				frappe.prompt(
					[
						{
							fieldname: "new_owners",
							fieldtype: "MultiSelectList",
							label: __("New Owners"),
							reqd: 1,
							get_data: (txt) => frappe.db.get_link_options("Property Owner", txt),
						},
						{ fieldname: "handover_date", fieldtype: "Date", label: __("Handover Date"), default: "Today", reqd: 1 },
					],
					(values) => frappe.call(api + "sale_handover", { unit: frm.doc.name, ...values }).then(reload),
					__("Sale Handover"),
					__("Hand Over")
				),
			__("Residents")
		);
		frm.add_custom_button(
			__("Hand Over Keys"),
			() =>
				frappe.prompt(
					[
						{ fieldname: "holder", fieldtype: "Data", label: __("Key Holder"), reqd: 1 },
						{ fieldname: "holder_phone", fieldtype: "Data", options: "Phone", label: __("Holder Phone") },
					],
					(values) => frappe.call(api + "hand_over_keys", { unit: frm.doc.name, ...values }).then(reload),
					__("Hand Over Keys"),
					__("Hand Over")
				),
			__("Keys")
		);
		if (frm.doc.key_holder) {
			frm.add_custom_button(
				__("Return Keys"),
				() => frappe.call(api + "return_keys", { unit: frm.doc.name }).then(reload),
				__("Keys")
			);
		}
	},
});
