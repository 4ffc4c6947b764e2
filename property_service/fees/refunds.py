"""Refunds (退款): money a resident paid goes back through the channel it came by.

What is refunded is always a submitted Payment Entry the office received from a Customer (its
*original*): a renovation deposit given back, an invoice credited after it was paid, or what a
payer holds unallocated (预存, an overpayment). The money going back is ERPNext's own document
for it, a **Payment Entry of type Pay to the Customer** with *Refund Of* = the original, drafted
and then submitted by an accountant (Accounts User or Accounts Manager: money moves only when
an accountant submits it):

- a paid invoice (or deposit) credited: ERPNext's return path — a credit note (return Sales
  Invoice) against it, then the Pay entry against the credit note (ERPNext's *Create → Payment*
  on the credit note; the renovation close drafts both). The Pay entry finds its original by
  itself: the submitted receipt of the credited invoice.
- money held unallocated (an advance): the Pay entry made by *Refund* on the original
  (make_refund), unallocated like ERPNext's "reverse payment", then reconciled against the
  original by ERPNext's Payment Reconciliation when it is submitted — the original's
  unallocated amount, the payer's 预存, falls by what went back, so the fee run cannot allocate
  it again. ERPNext has no "refund" document of its own for either case; a Pay entry to a
  Customer is how it pays a Customer back (Payment Reconciliation matches it as an invoice).

The Pay entry leaves from the account the original came into, with the original's Mode of
Payment. When the original was paid online (its reference is a gateway's transaction id on a
paid Payment Request: fees/online_payments.settle), submitting the refund asks the gateway to
refund it — WeChat Pay's `/v3/refund/domestic/refunds`, Alipay's `alipay.trade.refund` — with
the refund entry's name as the refund's number (out_refund_no, out_request_no), which the
gateways keep idempotent. Alipay answers at once; WeChat Pay refunds asynchronously: the entry is
*Processing* until its refund notification (verified and decrypted like a payment's, at the same
notify URL) or the scheduled query (wechat_pay.check_refunds) says *Refunded* (or *Abnormal*,
*Closed*: noted on the entry for the accountant). It is asked last, after ERPNext has posted the entry, so any error of
ERPNext's comes first; a gateway that refuses or cannot be reached fails the submit with a
translated reason and nothing changes. Should the commit fail after the gateway took the
refund, submitting again asks with the same number and the gateway answers with the same refund
(no second one). A payment taken at the counter (cash, a card, the office's QR codes) has no
gateway transaction: it is refunded at the counter, by hand, and the accountant submits the
entry to record it.

Amounts are the server's: a refund never exceeds what the original received minus what was
refunded of it already (its *Refunded* amount, kept on the original), nor, for an advance, what
the original still holds unallocated; both are read with the original's row locked, so two
refunds submitted at once are checked one after the other.
"""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import add_to_date, flt, now_datetime, today

from property_service.core.assignments import assign
from property_service.core.routing import community_staff
from property_service.fees import online_payments
from property_service.vocabulary import ACCOUNTS, ACCOUNTS_MANAGER, ACCOUNTS_USER, CLOSED

# a gateway's refund: (refund entry, its paid Payment Request) -> {"id", "status"}
GATEWAYS = {
	"WeChat Pay": "property_service.fees.wechat_pay.refund",
	"Alipay": "property_service.fees.alipay.refund",
}
PROCESSING, REFUNDED, ABNORMAL = "Processing", "Refunded", "Abnormal"  # and the vocabulary's CLOSED
STATUSES = (PROCESSING, REFUNDED, ABNORMAL, CLOSED)

CUSTOM_FIELDS = {
	"Payment Entry": [
		{
			"fieldname": "refund_section",
			"fieldtype": "Section Break",
			"label": "Refund",
			"insert_after": "reference_date",
			"collapsible": 1,
			"depends_on": "eval:doc.refund_of || doc.refunded_amount",
		},
		{
			"fieldname": "refund_of",
			"label": "Refund Of",
			"fieldtype": "Link",
			"options": "Payment Entry",
			"insert_after": "refund_section",
			"no_copy": 1,
			"search_index": 1,
			"description": "The payment received that this entry pays back",
		},
		{
			"fieldname": "refund_reason",
			"label": "Refund Reason",
			"fieldtype": "Small Text",
			"insert_after": "refund_of",
			"no_copy": 1,
			"depends_on": "refund_of",
			"mandatory_depends_on": "refund_of",
		},
		{
			"fieldname": "refund_gateway",
			"label": "Refunded Through",
			"fieldtype": "Link",
			"options": "Payment Gateway",
			"insert_after": "refund_reason",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": "refund_gateway",
		},
		{
			"fieldname": "gateway_refund_id",
			"label": "Gateway Refund ID",
			"fieldtype": "Data",
			"insert_after": "refund_gateway",
			"read_only": 1,
			"no_copy": 1,
			"depends_on": "refund_gateway",
		},
		{
			"fieldname": "gateway_refund_status",
			"label": "Gateway Refund Status",
			"fieldtype": "Select",
			"options": "\n" + "\n".join(STATUSES),
			"insert_after": "gateway_refund_id",
			"read_only": 1,
			"no_copy": 1,
			"allow_on_submit": 1,
			"depends_on": "refund_gateway",
		},
		{
			"fieldname": "refunded_amount",
			"label": "Refunded",
			"fieldtype": "Currency",
			"options": "paid_to_account_currency",
			"insert_after": "gateway_refund_status",
			"read_only": 1,
			"no_copy": 1,
			"allow_on_submit": 1,
			"depends_on": "refunded_amount",
		},
	]
}


class RefundError(frappe.ValidationError):
	pass


class RefundTooLarge(RefundError):
	pass


class GatewayRefundFailed(RefundError):
	pass


def ensure_refund_fields() -> None:
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def check_accountant() -> None:
	if not set(ACCOUNTS) & set(frappe.get_roles()):
		frappe.throw(
			_("Only the accountants (Accounts User, Accounts Manager) refund."), frappe.PermissionError
		)


# --- the original -------------------------------------------------------------------------------------

ORIGINAL_FIELDS = [
	"name",
	"docstatus",
	"payment_type",
	"party_type",
	"party",
	"company",
	"paid_amount",
	"unallocated_amount",
	"refunded_amount",
	"refund_of",
	"reference_no",
	"paid_to",
	"mode_of_payment",
	"property_unit",
]


def original_of(name: str, lock: bool = False):
	"""The payment received that is refunded; `lock`: its row locked until the transaction ends
	and read as last committed (a second refund of it waits, then sees the first)."""
	original = frappe.db.get_value("Payment Entry", name, ORIGINAL_FIELDS, as_dict=True, for_update=lock)
	if not (
		original
		and original.docstatus == 1
		and original.payment_type == "Receive"
		and original.party_type == "Customer"
		and not original.refund_of
	):
		frappe.throw(
			_("{0} is not a submitted payment received from a customer: it cannot be refunded.").format(name),
			RefundError,
		)
	return original


def receipt_of_invoice(invoice: str) -> str | None:
	"""The one submitted payment received for an invoice (none or several: the accountant names
	it)."""
	receipts = frappe.get_all(
		"Payment Entry Reference",
		{"reference_doctype": "Sales Invoice", "reference_name": invoice, "docstatus": 1},
		pluck="parent",
		distinct=True,
	)
	receipts = [
		name for name in receipts if frappe.db.get_value("Payment Entry", name, "payment_type") == "Receive"
	]
	return receipts[0] if len(receipts) == 1 else None


def online_request(original):
	"""The paid Payment Request of a gateway that the original recorded, if it was paid online —
	the first of its order, which holds the transaction; `grand_total`: the order's, all of
	whose bills the transaction paid (全部缴费), as the gateway knows it."""
	if not original.reference_no:
		return None
	request = frappe.db.get_value(
		"Payment Request",
		{
			"gateway_transaction_id": original.reference_no,
			"payment_gateway": ["in", list(GATEWAYS)],
			"docstatus": 1,
		},
		["name", "payment_gateway", "gateway_transaction_id", "gateway_order", "grand_total", "currency"],
		as_dict=True,
	)
	if request:
		order = online_payments.requests_in(request.payment_gateway, online_payments.order_of(request))
		request.grand_total = flt(online_payments.order_total(order), 2)
	return request


def refundable(original, advance: bool) -> float:
	"""What may still go back: what was received less what was refunded; for an advance, no more
	than the original still holds unallocated."""
	left = flt(original.paid_amount) - flt(original.refunded_amount)
	if advance:
		left = min(left, flt(original.unallocated_amount))
	return flt(max(left, 0), 2)


# --- drafting a refund ------------------------------------------------------------------------------


def make_refund(payment_entry: str) -> str:
	"""The accountant's *Refund* on a payment received: a draft Pay entry for what it holds
	unallocated (less what was refunded), or the draft already waiting — asking twice makes one.
	Returns its name (a draft committed by a second Refund at once is not in this transaction's
	snapshot: only the locked read sees it)."""
	check_accountant()
	frappe.has_permission("Payment Entry", "read", payment_entry, throw=True)
	frappe.has_permission("Payment Entry", "create", throw=True)
	original = original_of(payment_entry, lock=True)
	# read locked, as last committed: a second Refund at once waits, then finds the first's draft
	waiting = frappe.db.get_value(
		"Payment Entry", {"refund_of": original.name, "docstatus": 0}, for_update=True
	)
	if waiting:
		return waiting
	amount = refundable(original, advance=True)
	if amount <= 0:
		frappe.throw(
			_(
				"{0} holds nothing unallocated to refund. To refund a paid invoice, make its credit note (Create → Return on the invoice), then the credit note's payment."
			).format(original.name),
			RefundError,
		)
	refund = frappe.new_doc("Payment Entry")
	refund.update(
		{
			"payment_type": "Pay",
			"company": original.company,
			"posting_date": today(),
			"party_type": "Customer",
			"party": original.party,
			"property_unit": original.property_unit,
			"paid_amount": amount,
			"received_amount": amount,
			"refund_of": original.name,
			"refund_reason": _("Refund of the unallocated amount of {0}").format(original.name),
		}
	)
	align_with_original(refund, original)
	refund.insert()  # ERPNext's validate fills in the party's account, rates and amounts
	return refund.name


def align_with_original(refund, original) -> None:
	"""The money leaves from the account it came into, by the same Mode of Payment."""
	refund.paid_from = original.paid_to
	refund.mode_of_payment = original.mode_of_payment
	refund.property_unit = refund.property_unit or original.property_unit


# --- Payment Entry hooks ------------------------------------------------------------------------------


# set by the server only, after a submit (read_only is the browser's: REST could send them)
SYSTEM_FIELDS = ("refund_gateway", "gateway_refund_id", "gateway_refund_status", "refunded_amount")


def before_validate(doc, method=None) -> None:
	"""A draft paying a Customer back: linked to its original (a credit note's: the credited
	invoice's receipt) and aligned with it. Run on save and submit (never after a submit): no
	entry brings what only its submit records."""
	doc.update(dict.fromkeys(SYSTEM_FIELDS))
	if doc.payment_type != "Pay" or doc.party_type != "Customer":
		return
	if not doc.refund_of:
		doc.refund_of = credited_receipt(doc)
	if doc.refund_of:
		original = original_of(doc.refund_of)
		align_with_original(doc, original)
		doc.reference_no = doc.reference_no or doc.name  # the refund's own number, at the gateway too
		doc.reference_date = doc.reference_date or today()


def credited_receipt(doc) -> str | None:
	"""The receipt of the invoice a credit note on the entry credits."""
	for row in doc.references:
		if row.reference_doctype == "Sales Invoice":
			credited = frappe.db.get_value(
				"Sales Invoice", {"name": row.reference_name, "is_return": 1}, "return_against"
			)
			receipt = credited and receipt_of_invoice(credited)
			if receipt:
				return receipt
	return None


def validate(doc, method=None) -> None:
	"""A refund: an accountant's, a Pay entry to the original's Customer, within what may go back."""
	if not doc.refund_of:
		return
	if doc.has_value_changed("refund_of") or doc.is_new():
		check_accountant()
	original = original_of(doc.refund_of)
	check_same_payer(doc, original)
	check_amount(doc, original)


def check_same_payer(doc, original) -> None:
	if (doc.payment_type, doc.party_type, doc.party, doc.company) != (
		"Pay",
		"Customer",
		original.party,
		original.company,
	):
		frappe.throw(
			_("A refund of {0} is a payment (Pay) to its customer {1}.").format(
				original.name, original.party
			),
			RefundError,
		)


def is_advance_refund(doc) -> bool:
	return not any(row.allocated_amount for row in doc.references)


def check_amount(doc, original) -> None:
	left = refundable(original, advance=is_advance_refund(doc))
	if flt(doc.paid_amount) <= 0 or flt(doc.paid_amount, 2) > left:
		frappe.throw(
			_("{0} can be refunded at most {1} (received {2}, refunded {3}).").format(
				original.name,
				frappe.format_value(left, "Currency"),
				frappe.format_value(original.paid_amount, "Currency"),
				frappe.format_value(original.refunded_amount, "Currency"),
			),
			RefundTooLarge,
		)


def before_submit(doc, method=None) -> None:
	"""The accountant submits: the original locked, the amount checked against what it holds now."""
	if not doc.refund_of:
		return
	check_accountant()
	original = original_of(doc.refund_of, lock=True)
	check_amount(doc, original)


def on_submit(doc, method=None) -> None:
	"""After ERPNext posted the refund: the original's refunded amount, an advance reconciled, and
	last the gateway's refund (its failure undoes all of it)."""
	if not doc.refund_of:
		return
	original = original_of(doc.refund_of, lock=True)
	frappe.db.set_value(
		"Payment Entry",
		original.name,
		"refunded_amount",
		flt(original.refunded_amount) + flt(doc.paid_amount),
		update_modified=False,
	)
	if is_advance_refund(doc):
		reconcile(doc, original)
	request = online_request(original)
	if request:
		result = frappe.get_attr(GATEWAYS[request.payment_gateway])(doc, request)
		doc.db_set(
			{
				"refund_gateway": request.payment_gateway,
				"gateway_refund_id": result["id"],
				"gateway_refund_status": result["status"],
			}
		)


def before_cancel(doc, method=None) -> None:
	if doc.refund_of and doc.refund_gateway:
		frappe.throw(
			_("{0} went back through {1}: a refund the gateway made cannot be cancelled here.").format(
				doc.name, _(doc.refund_gateway)
			),
			RefundError,
		)


def on_cancel(doc, method=None) -> None:
	"""A refund made by hand (at the counter) and cancelled: it no longer counts as refunded."""
	if not doc.refund_of:
		return
	refunded = frappe.db.get_value("Payment Entry", doc.refund_of, "refunded_amount", for_update=True)
	frappe.db.set_value(
		"Payment Entry",
		doc.refund_of,
		"refunded_amount",
		max(flt(refunded) - flt(doc.paid_amount), 0),
		update_modified=False,
	)


def reconcile(refund, original) -> None:
	"""ERPNext's Payment Reconciliation of the refund (a Pay entry, which it matches as an invoice)
	against the original's unallocated amount."""
	tool = frappe.get_doc("Payment Reconciliation")
	tool.update(
		{
			"company": refund.company,
			"party_type": "Customer",
			"party": refund.party,
			"receivable_payable_account": refund.paid_to,
		}
	)
	tool.get_unreconciled_entries()
	invoices = [row.as_dict() for row in tool.invoices if row.invoice_number == refund.name]
	payments = [row.as_dict() for row in tool.payments if row.reference_name == original.name]
	if not (invoices and payments):
		frappe.throw(
			_("{0} could not be reconciled with {1}.").format(refund.name, original.name), RefundError
		)
	tool.allocate_entries(frappe._dict({"invoices": invoices, "payments": payments}))
	tool.allocation[0].allocated_amount = flt(refund.paid_amount)
	tool.reconcile_allocations()


# --- the gateway's answer later ---------------------------------------------------------------------


def record_status(gateway: str, number: str, refund_id: str, status: str, amount: float) -> None:
	"""A gateway's verified word on a refund (WeChat Pay's refund notification): its status is
	recorded on the refund entry. Raises RefundNotificationRefused for a refund it does not know."""
	from property_service.fees.online_payments import NotificationRefused

	found = frappe.db.get_value(
		"Payment Entry",
		{"name": number, "refund_gateway": gateway, "docstatus": 1},
		["name", "gateway_refund_id", "paid_amount", "gateway_refund_status"],
		as_dict=True,
		for_update=True,
	)
	if not found or (found.gateway_refund_id and found.gateway_refund_id != refund_id):
		raise NotificationRefused(f"no {gateway} refund {number} {refund_id}")
	if flt(found.paid_amount, 2) != flt(amount, 2):
		raise NotificationRefused(f"{number}: {amount} refunded, {found.paid_amount} asked")
	if found.gateway_refund_status == status:
		return
	frappe.db.set_value("Payment Entry", number, "gateway_refund_status", status, update_modified=False)
	if status != REFUNDED:
		tell_accountants(frappe.get_doc("Payment Entry", number), gateway, status)


def tell_accountants(entry, gateway: str, status: str) -> None:
	"""A refund the gateway did not make (abnormal: the payer's card or account cannot take it;
	closed): noted on the entry, and a ToDo for the accountants of its unit's community (else
	whoever made it) — the money is still to go back, by the gateway's merchant platform or by
	hand."""
	message = _("{0} reports the refund as {1}: check it with the gateway.").format(_(gateway), _(status))
	entry.add_comment("Info", message)
	community = frappe.db.get_value("Property Unit", entry.get("property_unit"), "community")
	accountants = (
		community_staff(ACCOUNTS_USER, community) or community_staff(ACCOUNTS_MANAGER, community)
		if community
		else []
	)
	assign(entry, accountants or [entry.owner], message)


def processing(gateway: str, minutes: int) -> list[str]:
	"""The gateway's refunds submitted more than `minutes` ago and still processing."""
	return frappe.get_all(
		"Payment Entry",
		{
			"refund_gateway": gateway,
			"docstatus": 1,
			"gateway_refund_status": PROCESSING,
			"modified": ["<", add_to_date(now_datetime(), minutes=-(minutes or 30))],
		},
		pluck="name",
	)
