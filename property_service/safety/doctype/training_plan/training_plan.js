// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.ui.form.on("Training Plan", {
	refresh(frm) {
		const waiting = (frm.doc.items || []).filter((row) => !row.session);
		if (frm.is_new() || frm.is_dirty() || !waiting.length) return;
		frm.add_custom_button(__("Hold a Planned Training"), () => {
			const options = waiting.map((row) => ({
				value: row.name,
				label: `${frappe.datetime.str_to_user(row.planned_date)} · ${row.topic}`,
			}));
			frappe.prompt(
				{
					fieldname: "line",
					fieldtype: "Select",
					label: __("Planned Training"),
					options,
					default: options[0].value,
					reqd: 1,
				},
				({ line }) =>
					frm.call("hold", { line }).then(({ message }) => frappe.set_route("Form", "Training Session", message)),
				__("Hold a Planned Training"),
				__("Hold Training"),
			);
		});
	},
});
