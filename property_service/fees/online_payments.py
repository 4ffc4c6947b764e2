"""Paying the office's invoices online, through ERPNext's Payment Request: what the gateways
(fees/wechat_pay.py, fees/alipay.py) share.

A resident pays one invoice of their household (an invoice of a unit they live in, from their
move-in on, as the portal lists them), or all of them at once: the app makes ERPNext's Payment
Request for each invoice's outstanding amount — one request per invoice, because ERPNext's
Payment Request references one document — and one gateway order for them (the request's name;
for several, the first's name and their number), kept on each request as `gateway_order`. A
verified payment of an order is recorded once, as one Payment Entry whose rows settle each
invoice and name its request (ERPNext then marks each request paid): the requests' rows are
locked while it is made, and the gateway's transaction id is unique (on the order's first
request), so the same notification twice, or twice at once, makes one Payment Entry. The amount
is always the requests' (the server's), never what a browser sent; a notification whose amount
or currency differs is refused.
"""

from decimal import Decimal
from functools import partial

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import add_to_date, cint, flt, getdate, now_datetime

from property_service.billing.masters import ensure_account, is_erpnext_ready
from property_service.core.permissions import resident_links
from property_service.vocabulary import ACCOUNTS_MANAGER, ACCOUNTS_USER

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
			"permlevel": 1,
			"label": "Payment Code",
			"fieldtype": "Small Text",
			"insert_after": "gateway_section",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "gateway_ordered_on",
			"permlevel": 1,
			"label": "Ordered On",
			"fieldtype": "Datetime",
			"insert_after": "gateway_code_url",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "gateway_order",
			"label": "Gateway Order",
			"fieldtype": "Data",
			"insert_after": "gateway_ordered_on",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"permlevel": 1,
		},
		{
			"fieldname": "gateway_transaction_id",
			"permlevel": 1,
			"label": "Gateway Transaction ID",
			"fieldtype": "Data",
			"insert_after": "gateway_order",
			"read_only": 1,
			"no_copy": 1,
			"unique": 1,
		},
	]
}


# The order's fields are the gateway's (level 1): ERPNext's accountants read them, nobody sets
# them but the site (db_set); at level 0 an Accounts User could have put another payment code
# into a resident's open order over REST.
REQUEST_READERS = (ACCOUNTS_USER, ACCOUNTS_MANAGER)


ORDER_FIELDS = ("gateway_code_url", "gateway_ordered_on", "gateway_order", "gateway_transaction_id")


class NotificationRefused(Exception):
	"""A notification that is not accepted: nothing is recorded, the gateway is told so."""


def ensure_request_fields() -> None:
	"""At install and migrate: the order's fields on Payment Request."""
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)
	ensure_request_rights()


def ensure_request_rights() -> None:
	"""ERPNext's Payment Request roles read the order's fields (level 1); Frappe copies ERPNext's
	own rules first, as its Role Permissions Manager does."""
	from frappe.permissions import add_permission

	for role in REQUEST_READERS:
		if not frappe.db.exists(
			"Custom DocPerm", {"parent": "Payment Request", "role": role, "permlevel": 1}
		):
			add_permission("Payment Request", role, permlevel=1, ptype="read")
	frappe.clear_cache(doctype="Payment Request")


def remove_request_rights() -> None:
	frappe.db.delete(
		"Custom DocPerm", {"parent": "Payment Request", "role": ["in", REQUEST_READERS], "permlevel": 1}
	)
	frappe.clear_cache(doctype="Payment Request")


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


class PaymentNotSetUpError(frappe.ValidationError):
	"""The office has not enabled the gateway."""


class NothingToPayError(frappe.ValidationError):
	"""The invoice is paid, cancelled or a draft."""


class DifferentPayersError(frappe.ValidationError):
	"""Bills paid together are billed to different payers (or currencies)."""


def enabled_settings(doctype: str, gateway: str):
	doc = frappe.get_cached_doc(doctype)
	if not doc.enabled:
		frappe.throw(
			_("{0} is not set up: ask the office to enable it.").format(_(gateway)), PaymentNotSetUpError
		)
	return doc


# --- the payer's request ---------------------------------------------------------------------------


def household_invoice(invoice: str | None):
	"""The invoice when it is the user's household's (of a unit they live in, from their move-in
	on, as the portal lists them); refused otherwise."""
	row = frappe.db.get_value(
		"Sales Invoice",
		invoice,
		["property_unit", "posting_date", "docstatus", "outstanding_amount", "currency", "customer"],
		as_dict=True,
	)
	since = resident_links(frappe.session.user).get(row.property_unit) if row else None
	if not since or str(row.posting_date) < since:
		raise frappe.PermissionError(_("You can pay only the invoices of your own units."))
	return row


def request_for(invoice: str, gateway: str, row=None):
	"""The open Payment Request of the gateway for an invoice of the user's household (`row`: the
	invoice as household_invoice read it), or a new one; refused for another household's invoice
	or one with nothing to pay."""
	row = row or household_invoice(invoice)
	if row.docstatus != 1 or flt(row.outstanding_amount) <= 0:
		frappe.throw(_("Invoice {0} has nothing to pay.").format(invoice), NothingToPayError)
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


def requests_for(invoices: list[str], gateway: str) -> list:
	"""The requests (request_for) of the household's invoices paid together: one payer's, in one
	currency."""
	invoices = list(dict.fromkeys(invoices or []))
	if not invoices:
		frappe.throw(_("Choose the bills to pay."))
	rows = {name: household_invoice(name) for name in invoices}
	if len({(row.customer, row.currency) for row in rows.values()}) > 1:
		frappe.throw(
			_("These bills are billed to different payers: pay each payer's bills apart."),
			DifferentPayersError,
		)
	return [request_for(invoice, gateway, row) for invoice, row in rows.items()]


def order_of(request) -> str:
	"""The gateway order a request is in (orders made before `gateway_order`: the request's name)."""
	return request.get("gateway_order") or request.name


def open_order(invoices: list[str], gateway: str, close, reuse=None) -> frappe._dict:
	"""The requests of `invoices` and the gateway order to pay them in: the open one when it is
	for exactly these requests (and `reuse(its code)`), else a new order's name — after every other
	order of these requests is asked about and closed by `close(order)` (the system's doing, as the
	job on unpaid orders). A bill found paid meanwhile (its payment now recorded) is left out, in
	`settled`; `paid`: all were."""
	requests = requests_for(invoices, gateway)
	orders = {order_of(request) for request in requests if request.gateway_code_url}
	if len(orders) == 1 and all(request.gateway_code_url for request in requests):
		order = next(iter(orders))
		if len(requests_in(gateway, order)) == len(requests) and (
			not reuse or reuse(requests[0].gateway_code_url)
		):
			return frappe._dict(requests=requests, order=order, open=True)
	settled = []
	if orders:
		for order in sorted(orders):
			as_system(close, order)
		paid = frappe.get_all(
			"Payment Request", {"name": ["in", [r.name for r in requests]], "status": PAID}, pluck="name"
		)
		settled = [request for request in requests if request.name in paid]
		if len(settled) == len(requests):
			return frappe._dict(requests=requests, settled=settled, paid=True)
		paid_bills = {request.reference_name for request in settled}
		requests = requests_for([invoice for invoice in invoices if invoice not in paid_bills], gateway)
	order = requests[0].name if len(requests) == 1 else f"{requests[0].name}-{len(requests)}"
	return frappe._dict(requests=requests, order=order, open=False, settled=settled)


ORDER_REQUEST_FIELDS = (
	"name",
	"status",
	"gateway_transaction_id",
	"grand_total",
	"currency",
	"reference_name",
	"owner",
)


def requests_in(gateway: str, order: str, lock: bool = False) -> list[frappe._dict]:
	"""The submitted requests of a gateway order, first first (locked, when recording it)."""
	table = frappe.qb.DocType("Payment Request")
	query = (
		frappe.qb.from_(table)
		.select(*ORDER_REQUEST_FIELDS)
		.where(table.payment_gateway == gateway)
		.where(table.docstatus == 1)
		.where((table.gateway_order == order) | ((table.name == order) & table.gateway_order.isnull()))
		.orderby(table.name)
	)
	return (query.for_update() if lock else query).run(as_dict=True)


def order_total(requests) -> Decimal:
	return sum((Decimal(str(flt(request.grand_total, 2))) for request in requests), Decimal(0))


def order_subject(requests) -> str:
	"""What the payer's wallet shows the order is for."""
	if len(requests) == 1:
		return _("Property fees {0}").format(requests[0].reference_name)
	return _("Property fees: {0} bills").format(len(requests))


def order_answer(opened) -> dict:
	"""What the bills page is told about an order: its requests and their bills (the page's cards
	wait on them), the amount, the requests found paid meanwhile (`settled`), and `paid` when
	there is nothing left to pay."""
	requests = opened.requests
	answer = {
		"request": requests[0].name,
		"requests": {request.name: request.reference_name for request in requests},
		"amount": flt(order_total(requests), 2),
		"currency": requests[0].currency,
		"settled": {request.name: request.reference_name for request in opened.settled or []},
	}
	return {**answer, "paid": True} if opened.paid else answer


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
	# ERPNext 16's make_payment_request checks that the caller may create Payment Requests and read
	# the invoice (15 did not): a resident may do neither, and the app has checked that the invoice
	# is theirs to pay. The request is still inserted and submitted as the caller, below.
	request = as_system(
		partial(
			make_payment_request,
			dt="Sales Invoice",
			dn=invoice,
			payment_gateway_account=account,
			mute_email=1,
			return_doc=1,
		)
	)
	request.flags.ignore_permissions = True
	request.flags.mute_email = True
	if request.is_new():
		request.insert()
	else:  # ERPNext hands back a draft an accountant made for the invoice: no order is its yet
		request.update(dict.fromkeys(ORDER_FIELDS))
	request.submit()
	return request


def ordered(requests, code: str, order: str | None = None) -> None:
	"""The gateway's order `order` (its code or cashier address `code`) is the requests'."""
	requests = requests if isinstance(requests, list) else [requests]
	for request in requests:
		values = {"gateway_code_url": code, "gateway_ordered_on": now_datetime()}
		request.db_set({**values, "gateway_order": order or request.name})


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


def settle(gateway: str, order: str, transaction: str, amount: Decimal, currency: str, paid_on) -> str:
	"""Records a verified payment of `amount` (yuan) for the gateway's order as its Payment Entry,
	once; returns the Payment Entry. Raises NotificationRefused, changing nothing, for an unknown
	order or another amount or currency. Run as the system: no one is signed in when a gateway
	calls."""
	# a second notification waits here until the first is recorded
	requests = requests_in(gateway, order, lock=True)
	if not requests:
		raise NotificationRefused(f"no {gateway} order {order}")
	asked = order_total(requests)
	if (asked, requests[0].currency) != (Decimal(str(amount)), currency):
		raise NotificationRefused(f"{order}: {amount} {currency} paid, {asked} {requests[0].currency} asked")
	first = requests[0]
	if first.status == PAID:
		if first.gateway_transaction_id != transaction:
			frappe.log_error(
				title=_("{0}: a paid request was paid again").format(gateway),
				message=f"{order} paid by {first.gateway_transaction_id}, again by {transaction}",
			)
		return frappe.db.get_value("Payment Entry", {"reference_no": first.gateway_transaction_id})
	frappe.db.set_value("Payment Request", first.name, "gateway_transaction_id", transaction)
	entry = payment_entry([frappe.get_doc("Payment Request", request.name) for request in requests])
	entry.reference_no, entry.reference_date = transaction, getdate(paid_on)
	entry.flags.ignore_permissions = True
	entry.insert()
	entry.submit()
	for request in requests:
		frappe.publish_realtime(
			PAID_EVENT,
			{"request": request.name, "invoice": request.reference_name},
			user=request.owner,
			after_commit=True,
		)
	return entry.name


def payment_entry(requests: list):
	"""One Payment Entry for the requests of an order, as ERPNext's Payment Request makes it for
	one: each request's rows (an invoice, its payment terms) with the request named on them."""
	entry = requests[0].create_payment_entry(submit=False)
	for request in requests[1:]:
		part = request.create_payment_entry(submit=False)
		for row in part.references:
			entry.append("references", row.as_dict(no_default_fields=True))
		entry.paid_amount = flt(entry.paid_amount) + flt(part.paid_amount)
		entry.received_amount = flt(entry.received_amount) + flt(part.received_amount)
	if len(requests) > 1:
		entry.remarks = "Payment Entry against Sales Invoice {} via Payment Request {}".format(
			", ".join(request.reference_name for request in requests),
			", ".join(request.name for request in requests),
		)
	return entry


def as_system(record, *args):
	"""Runs `record(*args)` as Administrator, then as the caller again (a gateway's call has no
	signed-in user: the system records what it verified, as the scheduler's jobs do).

	Only the session's user and the permission caches change: frappe.set_user would also make the
	user's name the session's id and empty the request's form — in a resident's request Frappe
	then answers with that id for a cookie, and the resident is signed out."""
	local = frappe.local
	kept = local.session.user, local.role_permissions, local.user_perms
	local.session.user, local.role_permissions, local.user_perms = "Administrator", {}, None
	try:
		return record(*args)
	finally:
		local.session.user, local.role_permissions, local.user_perms = kept


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
	"""The gateway orders whose requests are open after `minutes`."""
	stale = frappe.get_all(
		"Payment Request",
		{
			"payment_gateway": gateway,
			"docstatus": 1,
			"status": ["in", OPEN],
			"gateway_ordered_on": ["<", add_to_date(now_datetime(), minutes=-(minutes or 30))],
		},
		["name", "gateway_order"],
	)
	return sorted({order_of(request) for request in stale})


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


def cancel_requests(gateway: str, order: str) -> None:
	"""A closed order's requests are cancelled: ERPNext counts a submitted request's amount as
	asked for until it is, and the payer's next payment is a new request and order."""
	for row in requests_in(gateway, order):
		if row.status in OPEN:
			request = frappe.get_doc("Payment Request", row.name)
			request.flags.ignore_permissions = True
			request.cancel()
