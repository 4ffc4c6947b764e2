"""Paying the office's invoices online, through ERPNext's Payment Request: what the gateways
(fees/wechat_pay.py, fees/alipay.py) share.

A resident pays an invoice of their household (an invoice of a unit they live in, from their
move-in on, as the portal lists them): the app makes ERPNext's Payment Request for the invoice's
outstanding amount — one request per invoice, because ERPNext's Payment Request references one
document and its Payment Entry settles that invoice — and the gateway's order for it, named by
the request. A verified payment is recorded once: the request's row is locked while its Payment
Entry is made, and the gateway's transaction id is unique on the request, so the same
notification twice, or twice at once, makes one Payment Entry. The amount is always the
request's (the server's), never what a browser sent; a notification whose amount or currency
differs is refused.
"""

from decimal import Decimal

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import add_to_date, cint, flt, getdate, now_datetime

from property_service.billing.masters import ensure_account, is_erpnext_ready
from property_service.core.permissions import resident_links

PAID = "Paid"  # ERPNext's Payment Request states
OPEN = ("Requested", "Initiated")
PAID_EVENT = "property_service_invoice_paid"  # to the payer's open bills page

CUSTOM_FIELDS = {
	"Payment Request": [
		{
			"fieldname": "gateway_section",
			"fieldtype": "Section Break",
			"label": "Online Payment",
			"insert_after": "payment_url",
			"collapsible": 1,
		},
		{
			"fieldname": "gateway_code_url",
			"label": "Payment Code",
			"fieldtype": "Small Text",
			"insert_after": "gateway_section",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "gateway_ordered_on",
			"label": "Ordered On",
			"fieldtype": "Datetime",
			"insert_after": "gateway_code_url",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "gateway_transaction_id",
			"label": "Gateway Transaction ID",
			"fieldtype": "Data",
			"insert_after": "gateway_ordered_on",
			"read_only": 1,
			"no_copy": 1,
			"unique": 1,
		},
	]
}


class NotificationRefused(Exception):
	"""A notification that is not accepted: nothing is recorded, the gateway is told so."""


def ensure_request_fields() -> None:
	"""At install and migrate: the order's fields on Payment Request."""
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def ensure_gateway(gateway: str, ledger: str) -> None:
	"""When a gateway is enabled: its Payment Gateway, and per company its ledger (a bank-type
	account) and Payment Gateway Account; each made when missing."""
	ensure_request_fields()
	if not frappe.db.exists("Payment Gateway", gateway):
		frappe.get_doc({"doctype": "Payment Gateway", "gateway": gateway}).insert(ignore_permissions=True)
	if not is_erpnext_ready():
		return
	for company in frappe.get_all("Company", pluck="name"):
		bank = frappe.db.get_value("Company", company, "default_bank_account") or frappe.db.get_value(
			"Account", {"company": company, "account_type": "Bank", "is_group": 0}
		)
		account = ensure_account(company, ledger, "Asset", bank, account_type="Bank")
		if account and not frappe.db.exists(
			"Payment Gateway Account", {"payment_gateway": gateway, "payment_account": account}
		):
			frappe.get_doc(
				{
					"doctype": "Payment Gateway Account",
					"payment_gateway": gateway,
					"payment_account": account,
					"payment_channel": "Email",
				}
			).insert(ignore_permissions=True)


def enabled_settings(doctype: str, gateway: str):
	doc = frappe.get_cached_doc(doctype)
	if not doc.enabled:
		frappe.throw(_("{0} is not set up: ask the office to enable it.").format(_(gateway)))
	return doc


# --- the payer's request ---------------------------------------------------------------------------


def household_invoice(invoice: str | None):
	"""The invoice when it is the user's household's (of a unit they live in, from their move-in
	on, as the portal lists them); refused otherwise."""
	row = frappe.db.get_value(
		"Sales Invoice",
		invoice,
		["property_unit", "posting_date", "docstatus", "outstanding_amount", "currency"],
		as_dict=True,
	)
	since = resident_links(frappe.session.user).get(row.property_unit) if row else None
	if not since or str(row.posting_date) < since:
		raise frappe.PermissionError(_("You can pay only the invoices of your own units."))
	return row


def request_for(invoice: str, gateway: str):
	"""The open Payment Request of the gateway for an invoice of the user's household, or a new
	one; refused for another household's invoice or one with nothing to pay."""
	row = household_invoice(invoice)
	if row.docstatus != 1 or flt(row.outstanding_amount) <= 0:
		frappe.throw(_("Invoice {0} has nothing to pay.").format(invoice))
	name = frappe.db.get_value(
		"Payment Request",
		{
			"reference_doctype": "Sales Invoice",
			"reference_name": invoice,
			"payment_gateway": gateway,
			"docstatus": 1,
			"status": ["in", OPEN],
		},
	)
	return frappe.get_doc("Payment Request", name) if name else make_request(invoice, gateway, row.currency)


def make_request(invoice: str, gateway: str, currency: str | None = None):
	"""ERPNext's Payment Request for the invoice's outstanding amount, submitted (the resident
	may not make one: the app does, for the invoice the resident may pay)."""
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	account = frappe.db.get_value(
		"Payment Gateway Account",
		{
			"payment_gateway": gateway,
			"currency": currency or frappe.db.get_value("Sales Invoice", invoice, "currency"),
		},
	)
	if not account:
		frappe.throw(_("{0} has no account for this company: save its settings again.").format(_(gateway)))
	request = make_payment_request(
		dt="Sales Invoice", dn=invoice, payment_gateway_account=account, mute_email=1, return_doc=1
	)
	request.flags.ignore_permissions = True
	request.flags.mute_email = True
	if request.is_new():
		request.insert()
	request.submit()
	return request


def ordered(request, order: str) -> None:
	request.db_set({"gateway_code_url": order, "gateway_ordered_on": now_datetime()})


def is_paid(request: str) -> bool:
	"""Whether a Payment Request for an invoice of the user's household is paid (the portal asks
	while it waits: whoever in the household started the order)."""
	row = frappe.db.get_value(
		"Payment Request", request, ["reference_doctype", "reference_name", "status"], as_dict=True
	)
	household_invoice(row.reference_name if row and row.reference_doctype == "Sales Invoice" else None)
	return row.status == PAID


def qr_image(text: str) -> str:
	"""A payment code as a QR code image (a PNG data URL) for the payer's phone to scan."""
	import pyqrcode

	return "data:image/png;base64," + pyqrcode.create(text).png_as_base64_str(scale=6, quiet_zone=2)


# --- recording a payment ---------------------------------------------------------------------------


def settle(gateway: str, name: str, transaction: str, amount: Decimal, currency: str, paid_on) -> str:
	"""Records a verified payment of `amount` (yuan) for the gateway's request `name` as its
	Payment Entry, once; returns the Payment Entry. Raises NotificationRefused, changing nothing,
	for an unknown request or another amount or currency. Run as the system: no one is signed in
	when a gateway calls."""
	found = frappe.db.get_value(
		"Payment Request",
		{"name": name, "payment_gateway": gateway, "docstatus": 1},
		["name", "status", "gateway_transaction_id", "grand_total", "currency"],
		as_dict=True,
		for_update=True,  # a second notification waits here until the first is recorded
	)
	if not found:
		raise NotificationRefused(f"no {gateway} request {name}")
	if (Decimal(str(flt(found.grand_total, 2))), found.currency) != (Decimal(str(amount)), currency):
		raise NotificationRefused(
			f"{name}: {amount} {currency} paid, {found.grand_total} {found.currency} asked"
		)
	if found.status == PAID:
		if found.gateway_transaction_id != transaction:
			frappe.log_error(
				title=_("{0}: a paid request was paid again").format(gateway),
				message=f"{name} paid by {found.gateway_transaction_id}, again by {transaction}",
			)
		return frappe.db.get_value("Payment Entry", {"reference_no": found.gateway_transaction_id})
	request = frappe.get_doc("Payment Request", name)
	request.db_set("gateway_transaction_id", transaction)
	entry = request.create_payment_entry(submit=False)
	entry.reference_no, entry.reference_date = transaction, getdate(paid_on)
	entry.flags.ignore_permissions = True
	entry.insert()
	entry.submit()
	frappe.publish_realtime(
		PAID_EVENT,
		{"request": name, "invoice": request.reference_name},
		user=request.owner,
		after_commit=True,
	)
	return entry.name


def as_system(record, *args):
	"""Runs `record(*args)` as Administrator, then as the caller again (a gateway's call has no
	signed-in user: the system records what it verified, as the scheduler's jobs do)."""
	caller = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return record(*args)
	finally:
		frappe.set_user(caller)


# --- orders left unpaid ----------------------------------------------------------------------------


def close_unpaid_orders(doctype: str, gateway: str, client, settle_or_close) -> None:
	"""A gateway's scheduled job: each order unpaid after its settings' minutes is asked about
	and recorded or closed — settle_or_close(settings, the SDK's client, request)."""
	doc = frappe.get_cached_doc(doctype)
	if not doc.enabled:
		return
	names = stale_orders(gateway, cint(doc.close_after_minutes))
	if names:
		sdk = client(doc)
		close_each(gateway, names, lambda name: settle_or_close(doc, sdk, name))


def stale_orders(gateway: str, minutes: int) -> list[str]:
	return frappe.get_all(
		"Payment Request",
		{
			"payment_gateway": gateway,
			"docstatus": 1,
			"status": ["in", OPEN],
			"gateway_ordered_on": ["<", add_to_date(now_datetime(), minutes=-(minutes or 30))],
		},
		pluck="name",
	)


def close_each(gateway: str, names: list[str], settle_or_close, title: str | None = None) -> None:
	"""settle_or_close(name) for each stale order (or refund), each committed on its own (one
	failure leaves the others, in the Error Log under `title`)."""
	for name in names:
		try:
			settle_or_close(name)
			frappe.db.commit()  # nosemgrep  (each order on its own)
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=(title or _("{0}: closing order {1}")).format(gateway, name))


def cancel_request(name: str) -> None:
	"""A closed order's request is cancelled: ERPNext counts a submitted request's amount as asked
	for until it is, and the payer's next payment is a new request and order."""
	request = frappe.get_doc("Payment Request", name)
	request.flags.ignore_permissions = True
	request.cancel()
