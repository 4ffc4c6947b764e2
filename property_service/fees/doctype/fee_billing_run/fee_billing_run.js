// Fee Billing Run: the Run button queues the run; progress shows while it bills.

frappe.ui.form.on("Fee Billing Run", {
	refresh(frm) {
		if (!frm.is_new() && !["Queued", "Running"].includes(frm.doc.status)) {
			const label = frm.doc.status === "Draft" ? __("Run") : __("Run Again");
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
