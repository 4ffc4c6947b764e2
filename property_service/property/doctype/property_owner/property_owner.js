// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

const PS_API = "property_service.api.property.";

frappe.ui.form.on("Property Owner", {
	refresh(frm) {
		// the actions change the person: for who may edit them (the server checks the same)
		if (frm.is_new() || !frm.perm[0]?.write) return;
		frm.add_custom_button(__("Move In"), () => move_in_dialog(frm), __("Residents"));
		if (frm.doc.units.some((row) => !row.move_out_date)) {
			frm.add_custom_button(__("Move Out"), () => move_out_dialog(frm), __("Residents"));
		}
		if (!frm.doc.user) {
			frm.add_custom_button(__("Invite to Portal"), () =>
				frappe
					.call(PS_API + "invite_to_portal", { property_owner: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
	},
});

function move_in_dialog(frm) {
	frappe.prompt(
		[
			{ fieldname: "unit", fieldtype: "Link", options: "Property Unit", label: __("Property Unit"), reqd: 1 },
			{
				fieldname: "relation",
				fieldtype: "Select",
				options: ["Owner", "Tenant", "Family"].map((value) => ({ value, label: __(value) })),
				label: __("Relation"),
				default: "Owner",
				reqd: 1,
			},
			{ fieldname: "move_in_date", fieldtype: "Date", label: __("Move-in Date"), default: "Today", reqd: 1 },
			{ fieldname: "lives_here", fieldtype: "Check", label: __("Lives or Trades Here"), default: 1 },
		],
		(values) =>
			frappe
				.call(PS_API + "move_in", { property_owner: frm.doc.name, ...values })
				.then(() => frm.reload_doc()),
		__("Move In"),
		__("Move In")
	);
}

function move_out_dialog(frm) {
	const open_units = frm.doc.units.filter((row) => !row.move_out_date).map((row) => row.unit);
	frappe.prompt(
		[
			{ fieldname: "unit", fieldtype: "Select", options: open_units, label: __("Property Unit"), reqd: 1 },
			{ fieldname: "move_out_date", fieldtype: "Date", label: __("Move-out Date"), default: "Today", reqd: 1 },
		],
		(values) =>
			frappe
				.call(PS_API + "move_out", { property_owner: frm.doc.name, ...values })
				.then(() => frm.reload_doc()),
		__("Move Out"),
		__("Move Out")
	);
}
