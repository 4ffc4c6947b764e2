// The cashier's counter (收银) on a unit: its unpaid invoices, one payment for them (oldest
// first), the 收据 printed. The server (fees/counter.py) checks who and what; this only asks.

frappe.ui.form.on("Property Unit", {
	refresh(frm) {
		const w = frappe.boot.property_service.words;
		const cashiers = [w.AGENT, w.CS_SUPERVISOR, w.PROPERTY_MANAGER, w.ACCOUNTS_USER, w.ACCOUNTS_MANAGER];
		if (frm.is_new() || !frappe.user.has_role(cashiers)) return;
		frm.add_custom_button(__("Take Payment"), () => take_payment(frm));
	},
});

function take_payment(frm) {
	const api = "property_service.api.counter.";
	frappe.call({ method: api + "unpaid", args: { unit: frm.doc.name }, type: "GET" }).then(({ message: m }) => {
		const rows = m.invoices
			.map((i) => `<tr><td>${frappe.utils.escape_html(i.name)}</td><td>${frappe.utils.escape_html(i.fee_period || "")}</td><td>${frappe.datetime.str_to_user(i.due_date)}</td><td>${format_currency(i.outstanding_amount)}</td></tr>`)
			.join("");
		const dialog = new frappe.ui.Dialog({
			title: __("Take Payment") + " · " + frm.doc.name,
			fields: [
				{
					fieldtype: "HTML",
					options: `<table class="table table-bordered"><tr><th>${__("Invoice")}</th><th>${__("Fee Period")}</th><th>${__("Due Date")}</th><th>${__("Outstanding Amount")}</th></tr>${rows}</table>
						<p>${__("Owed")}: <b>${format_currency(m.owed)}</b> · ${__("Prepaid Balance")}: ${format_currency(m.prepaid)}</p>`,
				},
				{ fieldname: "mode_of_payment", fieldtype: "Select", options: m.modes, default: m.modes[0], label: __("Mode of Payment"), reqd: 1 },
				{ fieldname: "amount", fieldtype: "Currency", label: __("Amount Paid"), default: m.owed, reqd: 1 },
				{ fieldname: "advance", fieldtype: "Check", label: __("Keep as Prepaid"), description: __("What is paid beyond the invoices stays as prepaid for the next bills.") },
				{ fieldname: "reference_no", fieldtype: "Data", label: __("Reference No"), description: __("The card slip's or the QR payment's number") },
			],
			primary_action_label: __("Take Payment"),
			primary_action(values) {
				frappe.call({ method: api + "take_payment", args: { unit: frm.doc.name, ...values }, freeze: true }).then(({ message: r }) => {
					dialog.hide();
					frappe.show_alert({ message: __("Receipt {0}", [r.receipt_no]), indicator: "green" });
					window.open(`/printview?doctype=Payment%20Entry&name=${encodeURIComponent(r.payment_entry)}&format=${encodeURIComponent(r.print_format)}&trigger_print=1`);
				});
			},
		});
		dialog.show();
	});
}
