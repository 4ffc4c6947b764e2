"""WeChat Pay (微信支付 API v3) for the office's invoices, through ERPNext's Payment Request.

A resident pays an invoice of their unit: the app makes a Payment Request for the invoice's
outstanding amount (one request per invoice: ERPNext's Payment Request references one document,
and its Payment Entry settles that invoice) and a WeChat Pay Native order for it (out_trade_no =
the request's name), whose `code_url` the payer scans. The protocol is the maintained SDK
`wechatpayv3`: requests signed with the merchant's key (RSA-SHA256), answers and notifications
verified with WeChat Pay's platform certificate, the notification's resource decrypted with the
API v3 key (AES-256-GCM).

A notification is accepted only when its signature verifies, it is no older than five minutes,
and its merchant, app, order, amount and currency are the request's; the amount always comes
from the request (the server's), never from what the payer sent. The request's row is locked
while its Payment Entry is made and the transaction id is unique on the request, so the same
notification twice, or twice at once, makes one Payment Entry. An order left unpaid is asked
about and closed by a job (close_unpaid_orders); a payment whose notification never came is
recorded then.
"""

import json
import time
from decimal import Decimal
from pathlib import Path

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import add_to_date, cint, flt, get_datetime, get_url, getdate, now_datetime

from property_service.billing.masters import ensure_account, is_erpnext_ready
from property_service.core.permissions import resident_links

GATEWAY = "WeChat Pay"
SETTINGS = "WeChat Pay Settings"
LEDGER = "微信支付"  # the company's account the payments arrive in (a bank-type asset)
NOTIFICATION_AGE = 300  # seconds: WeChat Pay's advice against replayed notifications
PAID = "Paid"  # ERPNext's Payment Request states
PAID_EVENT = "property_service_invoice_paid"
OPEN = ("Requested", "Initiated")

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
			"fieldtype": "Data",
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
	"""A notification that is not accepted: nothing is recorded, WeChat Pay is told so."""


def ensure_request_fields() -> None:
	"""At install and migrate: the order's fields on Payment Request."""
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def ensure_gateway() -> None:
	"""When WeChat Pay is enabled: the Payment Gateway, and per company its ledger (微信支付) and
	Payment Gateway Account; each made when missing."""
	ensure_request_fields()
	if not frappe.db.exists("Payment Gateway", GATEWAY):
		frappe.get_doc({"doctype": "Payment Gateway", "gateway": GATEWAY}).insert(ignore_permissions=True)
	if not is_erpnext_ready():
		return
	for company in frappe.get_all("Company", pluck="name"):
		bank = frappe.db.get_value("Company", company, "default_bank_account") or frappe.db.get_value(
			"Account", {"company": company, "account_type": "Bank", "is_group": 0}
		)
		account = ensure_account(company, LEDGER, "Asset", bank, account_type="Bank")
		if account and not frappe.db.exists(
			"Payment Gateway Account", {"payment_gateway": GATEWAY, "payment_account": account}
		):
			frappe.get_doc(
				{
					"doctype": "Payment Gateway Account",
					"payment_gateway": GATEWAY,
					"payment_account": account,
					"payment_channel": "Email",
				}
			).insert(ignore_permissions=True)


def check_certificate(pem: str | None) -> None:
	from cryptography import x509

	try:
		x509.load_pem_x509_certificate((pem or "").strip().encode())
	except ValueError:
		frappe.throw(_("The platform certificate is not a PEM certificate."))


# --- the SDK ---------------------------------------------------------------------------------------


def settings():
	doc = frappe.get_cached_doc(SETTINGS)
	if not doc.enabled:
		frappe.throw(_("WeChat Pay is not set up: ask the office to enable it in WeChat Pay Settings."))
	return doc


def certificate_folder(doc) -> str:
	"""The site's private folder of platform certificates, holding the configured one (the SDK
	keeps the newer ones it fetches there too)."""
	from cryptography import x509

	folder = Path(frappe.get_site_path("private", "wechatpay"))
	folder.mkdir(parents=True, exist_ok=True)
	pem = doc.platform_certificate.strip()
	serial = format(x509.load_pem_x509_certificate(pem.encode()).serial_number, "X")
	path = folder / f"{serial}.pem"
	if not path.exists():
		path.write_text(pem + "\n")
	return str(folder)


_clients: dict[tuple, object] = {}


def client(doc=None):
	"""The SDK's client for the settings, made once per process and settings (loading the
	merchant's key takes about 50 ms)."""
	doc = doc or settings()
	key = (frappe.local.site, str(doc.modified))
	if key not in _clients:
		_clients.clear()
		_clients[key] = make_client(doc)
	return _clients[key]


def make_client(doc):
	from wechatpayv3 import WeChatPay, WeChatPayType

	pay = WeChatPay(
		wechatpay_type=WeChatPayType.NATIVE,
		mchid=doc.mchid,
		private_key=doc.get_password("merchant_private_key"),
		cert_serial_no=doc.merchant_serial_no,
		appid=doc.appid,
		apiv3_key=doc.get_password("apiv3_key"),
		notify_url=get_url("/api/method/property_service.fees.wechat_pay.notify"),
		cert_dir=certificate_folder(doc),
		timeout=(5, 15),
	)
	# The SDK names no address of its own choosing; the settings' (a test gateway's, or the real one)
	pay._core._gate_way = (doc.api_address or "https://api.mch.weixin.qq.com").rstrip("/")
	return pay


def fen(amount) -> int:
	"""An amount in yuan as WeChat Pay counts it: whole fen."""
	return int((Decimal(str(flt(amount, 2))) * 100).to_integral_value())


def answer(code: int, message: str) -> dict:
	return json.loads(message) if isinstance(message, str) and message.startswith("{") else {"code": code}


# --- paying an invoice -----------------------------------------------------------------------------


def pay_invoice(invoice: str) -> dict:
	"""A resident pays an invoice of their unit (api.portal.pay_invoice): the open order's payment
	code, or a new one."""
	sales_invoice = frappe.db.get_value(
		"Sales Invoice",
		invoice,
		["name", "property_unit", "posting_date", "docstatus", "outstanding_amount"],
		as_dict=True,
	)
	# the household's invoices: of a unit the resident lives in, from their move-in on (as the
	# portal lists them, billing.invoices.household_invoices)
	since = resident_links(frappe.session.user).get(sales_invoice.property_unit) if sales_invoice else None
	if not since or str(sales_invoice.posting_date) < since:
		raise frappe.PermissionError(_("You can pay only the invoices of your own units."))
	if sales_invoice.docstatus != 1 or flt(sales_invoice.outstanding_amount) <= 0:
		frappe.throw(_("Invoice {0} has nothing to pay.").format(invoice))
	request = open_request(invoice) or make_request(invoice)
	if not request.gateway_code_url:
		place_order(request)
	return {
		"request": request.name,
		"amount": request.grand_total,
		"currency": request.currency,
		"code_url": request.gateway_code_url,
		"qr": qr_image(request.gateway_code_url),
	}


def qr_image(text: str) -> str:
	"""The payment code as a QR code image (a PNG data URL) for the payer's WeChat to scan."""
	import pyqrcode

	return "data:image/png;base64," + pyqrcode.create(text).png_as_base64_str(scale=6, quiet_zone=2)


def is_paid(request: str) -> bool:
	"""Whether the user's own Payment Request is paid (the portal asks while it waits)."""
	row = frappe.db.get_value(
		"Payment Request", request, ["owner", "status", "payment_gateway"], as_dict=True
	)
	if not row or row.owner != frappe.session.user or row.payment_gateway != GATEWAY:
		raise frappe.PermissionError(_("You can pay only the invoices of your own units."))
	return row.status == PAID


def open_request(invoice: str):
	name = frappe.db.get_value(
		"Payment Request",
		{
			"reference_doctype": "Sales Invoice",
			"reference_name": invoice,
			"payment_gateway": GATEWAY,
			"docstatus": 1,
			"status": ["in", OPEN],
		},
	)
	return frappe.get_doc("Payment Request", name) if name else None


def make_request(invoice: str):
	"""ERPNext's Payment Request for the invoice's outstanding amount, submitted (the resident
	may not make one: the app does, for the invoice the resident may pay)."""
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	account = frappe.db.get_value(
		"Payment Gateway Account",
		{"payment_gateway": GATEWAY, "currency": frappe.db.get_value("Sales Invoice", invoice, "currency")},
	)
	if not account:
		frappe.throw(_("WeChat Pay has no account for this company: save WeChat Pay Settings again."))
	request = make_payment_request(
		dt="Sales Invoice",
		dn=invoice,
		payment_gateway_account=account,
		mute_email=1,
		return_doc=1,
		submit_doc=0,
	)
	request.flags.ignore_permissions = True
	request.flags.mute_email = True
	if request.is_new():
		request.insert()
	request.submit()
	return request


def place_order(request) -> None:
	"""The WeChat Pay Native order for the request: its amount is the request's."""
	from wechatpayv3 import WeChatPayType

	doc = settings()
	code, message = client(doc).pay(
		description=_("Property fees {0}").format(request.reference_name)[:127],
		out_trade_no=request.name,
		amount={"total": fen(request.grand_total), "currency": request.currency},
		pay_type=WeChatPayType.NATIVE,
	)
	result = answer(code, message)
	if code != 200 or not result.get("code_url"):
		frappe.throw(
			_("WeChat Pay did not take the order: {0}").format(result.get("message") or code),
			title=_("WeChat Pay"),
		)
	request.db_set({"gateway_code_url": result["code_url"], "gateway_ordered_on": now_datetime()})


# --- notifications ---------------------------------------------------------------------------------


@frappe.whitelist(allow_guest=True, methods=["POST"])
def notify():
	"""WeChat Pay's payment notification (支付结果通知). 200 when recorded (or recorded before),
	401 with {"code": "FAIL"} when refused: WeChat Pay sends it again later."""
	from werkzeug.wrappers import Response

	try:
		receive(frappe.request.headers, frappe.request.get_data(as_text=True))
	except NotificationRefused as refused:
		frappe.db.rollback()
		frappe.log_error(title=_("WeChat Pay notification refused"), message=str(refused))
		frappe.db.commit()  # nosemgrep  (the refusal's log, after the rollback)
		body = json.dumps({"code": "FAIL", "message": str(refused)}, ensure_ascii=False)
		return Response(body, status=401, content_type="application/json")
	return Response(status=204)


def receive(headers, body: str) -> None:
	stamp = cint(headers.get("Wechatpay-Timestamp"))
	if abs(time.time() - stamp) > NOTIFICATION_AGE:
		raise NotificationRefused("the notification is not fresh (Wechatpay-Timestamp)")
	doc = settings()
	data = client(doc).callback(headers, body)
	if not data:
		raise NotificationRefused("the signature does not verify")
	resource = data["resource"]
	if data.get("event_type") != "TRANSACTION.SUCCESS" or resource.get("trade_state") != "SUCCESS":
		return  # nothing paid: nothing to record
	# no one is signed in: the system records what it verified, as the scheduler's jobs do
	caller = frappe.session.user
	frappe.set_user("Administrator")
	try:
		settle(doc, resource)
	finally:
		frappe.set_user(caller)


def settle(doc, resource: dict) -> str:
	"""Records a successful WeChat Pay transaction (a verified notification or query answer) as
	the Payment Entry of its Payment Request, once. Returns the Payment Entry."""
	name = resource.get("out_trade_no")
	found = frappe.db.get_value(
		"Payment Request",
		{"name": name, "payment_gateway": GATEWAY, "docstatus": 1},
		["name", "status", "gateway_transaction_id"],
		as_dict=True,
		for_update=True,  # a second notification waits here until the first is recorded
	)
	if not found:
		raise NotificationRefused(f"no WeChat Pay request {name}")
	# the request as it is now: a notification before this one may have recorded it meanwhile
	request = frappe.get_doc("Payment Request", name)
	request.status, request.gateway_transaction_id = found.status, found.gateway_transaction_id
	expected = {
		"mchid": doc.mchid,
		"appid": doc.appid,
		"amount.total": fen(request.grand_total),
		"amount.currency": request.currency,
	}
	got = {
		"mchid": resource.get("mchid"),
		"appid": resource.get("appid"),
		"amount.total": (resource.get("amount") or {}).get("total"),
		"amount.currency": (resource.get("amount") or {}).get("currency"),
	}
	wrong = [key for key in expected if expected[key] != got[key]]
	if wrong:
		raise NotificationRefused(f"{name}: {', '.join(wrong)} differ from the request ({got})")
	transaction = resource["transaction_id"]
	if request.status == PAID:
		if request.gateway_transaction_id != transaction:
			frappe.log_error(
				title=_("WeChat Pay: a paid request was paid again"),
				message=f"{name} paid by {request.gateway_transaction_id}, again by {transaction}",
			)
		return frappe.db.get_value("Payment Entry", {"reference_no": request.gateway_transaction_id})
	request.db_set("gateway_transaction_id", transaction)
	entry = request.create_payment_entry(submit=False)
	entry.reference_no = transaction
	entry.reference_date = getdate(get_datetime(resource.get("success_time", "")[:19].replace("T", " ")))
	entry.flags.ignore_permissions = True
	entry.insert()
	entry.submit()
	# the payer's open page turns to paid (www/resident/bills)
	frappe.publish_realtime(
		PAID_EVENT,
		{"request": request.name, "invoice": request.reference_name},
		user=request.owner,
		after_commit=True,
	)
	return entry.name


# --- unpaid orders ---------------------------------------------------------------------------------


def close_unpaid_orders() -> None:
	"""Scheduled: each order unpaid after the settings' minutes is asked about — paid (its
	notification lost): recorded; not paid: closed at WeChat Pay and its request cancelled, so
	the resident's next payment is a new order."""
	doc = frappe.get_cached_doc(SETTINGS)
	if not doc.enabled:
		return
	before = add_to_date(now_datetime(), minutes=-cint(doc.close_after_minutes or 30))
	names = frappe.get_all(
		"Payment Request",
		{
			"payment_gateway": GATEWAY,
			"docstatus": 1,
			"status": ["in", OPEN],
			"gateway_ordered_on": ["<", before],
		},
		pluck="name",
	)
	pay = client(doc) if names else None
	for name in names:
		try:
			settle_or_close(doc, pay, name)
			frappe.db.commit()  # nosemgrep  (each order on its own: one failure leaves the others)
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("WeChat Pay: closing order {0}").format(name))


def settle_or_close(doc, pay, name: str) -> None:
	code, message = pay.query(out_trade_no=name)
	result = answer(code, message)
	if code == 200 and result.get("trade_state") == "SUCCESS":
		settle(doc, result)
		return
	code, message = pay.close(out_trade_no=name)
	if code not in (200, 204):
		raise frappe.ValidationError(f"WeChat Pay did not close {name}: {code} {message}")
	request = frappe.get_doc("Payment Request", name)
	request.flags.ignore_permissions = True
	request.cancel()  # ERPNext counts a submitted request's amount as asked for until it is cancelled
