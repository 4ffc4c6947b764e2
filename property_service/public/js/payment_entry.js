// Refund (退款) on a payment received that holds money unallocated (预存): the server
// (fees/refunds.py) checks who may and drafts the Pay entry for what it holds; this only asks.

frappe.ui.form.on("Payment Entry", {
	refresh(frm) {
		const w = frappe.boot.property_service.words;
		const doc = frm.doc;
		if (doc.docstatus !== 1 || doc.payment_type !== "Receive" || doc.party_type !== "Customer") return;
		if (doc.refund_of || !(doc.unallocated_amount > 0) || !frappe.user.has_role([w.ACCOUNTS_USER, w.ACCOUNTS_MANAGER])) return;
		frm.add_custom_button(__("Refund"), () =>
			frappe
				.call({ method: "property_service.api.billing.make_refund", args: { payment_entry: doc.name } })
				.then(({ message }) => frappe.set_route("Form", "Payment Entry", message)),
		);
	},
});
