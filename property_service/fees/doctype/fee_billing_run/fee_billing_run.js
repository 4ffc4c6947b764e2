// Fee Billing Run: the Run button queues the run; progress shows while it bills.

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Fee Billing Run", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		if (!frm.is_new() && ![words.QUEUED, words.RUNNING].includes(frm.doc.status)) {
			const label = frm.doc.status === words.DRAFT ? __("Run") : __("Run Again");
			frm.add_custom_button(label, () =>
				frm.call("run").then(() => {
					frappe.show_alert({ message: __("Billing run queued"), indicator: "blue" });
					frm.reload_doc();
				})
			);
		}
		if (frm.doc.invoices_created || frm.doc.already_billed) {
			frm.add_custom_button(__("Invoices"), () =>
				frappe.set_route("List", "Sales Invoice", { fee_period: frm.doc.period })
			);
		}
	},
});
