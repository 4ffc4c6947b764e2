// Special Service form: accountants bill a completed booking; the invoice's status is shown.

// the states are vocabulary.py's words, through the boot info (core/desk.py)
frappe.ui.form.on("Special Service", {
	refresh(frm) {
		const words = frappe.boot.property_service.words;
		const billable =
			frm.doc.status === words.COMPLETED && !frm.doc.sales_invoice && frm.doc.amount > 0;
		if (billable && frappe.model.can_create("Sales Invoice")) {
			frm.add_custom_button(__("Create Invoice"), () =>
				frappe
					.xcall("property_service.api.billing.bill_special_service", {
						name: frm.doc.name,
					})
					.then((invoice) => {
						frappe.show_alert({
							message: __("Sales Invoice {0} created", [invoice]),
							indicator: "green",
						});
						frm.reload_doc();
					})
			);
		}
		if (frm.doc.sales_invoice && frm.doc.invoice_status) {
			const colour = frm.doc.invoice_status === "Paid" ? "green" : "orange";
			frm.dashboard.set_headline_alert(
				`<span class="indicator ${colour}">${__("Invoice {0}: {1}", [
					frappe.utils.escape_html(frm.doc.sales_invoice),
					__(frm.doc.invoice_status),
				])}</span>`
			);
		}
	},
});
