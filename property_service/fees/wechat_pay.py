"""WeChat Pay (微信支付 API v3) for the office's invoices, through ERPNext's Payment Request.

A resident pays an invoice of their household (fees/online_payments.py: the Payment Request, and
recording a payment once): the app places a WeChat Pay Native order for the request
(out_trade_no = the request's name), whose `code_url` the payer scans. The protocol is the maintained SDK
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
from frappe.utils import cint, flt, get_url

from property_service.fees import online_payments, refunds
from property_service.fees.online_payments import NotificationRefused

GATEWAY = "WeChat Pay"
SETTINGS = "WeChat Pay Settings"
LEDGER = "微信支付"  # the company's account the payments arrive in (a bank-type asset)
NOTIFICATION_AGE = 300  # seconds: WeChat Pay's advice against replayed notifications


def ensure_gateway() -> None:
	online_payments.ensure_gateway(GATEWAY, LEDGER)


def check_certificate(pem: str | None) -> None:
	from cryptography import x509

	try:
		x509.load_pem_x509_certificate((pem or "").strip().encode())
	except ValueError:
		frappe.throw(_("The platform certificate is not a PEM certificate."))


# --- the SDK ---------------------------------------------------------------------------------------


def settings():
	return online_payments.enabled_settings(SETTINGS, GATEWAY)


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


def pay_invoices(invoices: list[str], phone: bool = False) -> dict:
	"""A resident pays invoices of their household, one or all, in one order
	(api.portal.pay_invoice). On a computer: the order's payment code (Native), for the payer's
	WeChat to scan. On a phone: the address of WeChat Pay's H5 cashier (which opens WeChat), then
	back to the bills page. An order is one kind or the other at WeChat Pay, for the requests it
	was placed for: another order of these requests is asked about — paid (its notification not
	here yet): recorded, and the answer says so — else closed, and a new one placed."""
	doc = settings()
	opened = online_payments.open_order(
		invoices,
		GATEWAY,
		lambda order: settle_or_close(doc, client(doc), order),
		lambda code: is_h5(code) == phone,
	)
	answer_ = online_payments.order_answer(opened)
	if opened.paid:
		return answer_
	if phone:
		return {**answer_, "url": h5_order(doc, opened)}
	code = opened.requests[0].gateway_code_url if opened.open else place_order(doc, opened)
	return {**answer_, "code_url": code, "qr": online_payments.qr_image(code)}


def is_h5(order: str) -> bool:
	"""Whether a stored order is an H5 cashier's address (else a Native payment code)."""
	return order.startswith("http")


def place_order(doc, opened) -> str:
	"""The WeChat Pay Native order for the requests: its amount is theirs. Returns its code."""
	from wechatpayv3 import WeChatPayType

	result = new_order(doc, opened, WeChatPayType.NATIVE, "code_url")
	online_payments.ordered(opened.requests, result["code_url"], opened.order)
	return result["code_url"]


def h5_order(doc, opened) -> str:
	"""The H5 order for the requests (WeChat Pay's cashier address lasts five minutes: each call
	orders again, the same order, for a fresh one), with the way back to the bills page."""
	from urllib.parse import quote

	from wechatpayv3 import WeChatPayType

	scene = {"payer_client_ip": frappe.local.request_ip or "127.0.0.1", "h5_info": {"type": "Wap"}}
	result = new_order(doc, opened, WeChatPayType.H5, "h5_url", scene_info=scene)
	online_payments.ordered(opened.requests, result["h5_url"], opened.order)
	back = quote(get_url(f"/resident/bills?out_trade_no={opened.order}"), safe="")
	return f"{result['h5_url']}&redirect_url={back}"


def new_order(doc, opened, pay_type, field: str, **more) -> dict:
	requests = opened.requests
	code, message = client(doc).pay(
		description=online_payments.order_subject(requests)[:127],
		out_trade_no=opened.order,
		amount={"total": fen(online_payments.order_total(requests)), "currency": requests[0].currency},
		pay_type=pay_type,
		**more,
	)
	result = answer(code, message)
	if code != 200 or not result.get(field):
		frappe.throw(
			_("WeChat Pay did not take the order: {0}").format(result.get("message") or code),
			title=_("WeChat Pay"),
		)
	return result


# --- notifications ---------------------------------------------------------------------------------


@frappe.whitelist(allow_guest=True, methods=["POST"])
def notify():
	"""WeChat Pay's payment notification (支付结果通知). 204 when recorded (or recorded before),
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
	if (data.get("event_type") or "").startswith("REFUND."):
		online_payments.as_system(refunded, doc, resource)
		return
	if data.get("event_type") != "TRANSACTION.SUCCESS" or resource.get("trade_state") != "SUCCESS":
		return  # nothing paid: nothing to record
	online_payments.as_system(settle, doc, resource)


def settle(doc, transaction: dict) -> str:
	"""Records a successful transaction (a verified notification or query answer) of this
	merchant and app."""
	if (transaction.get("mchid"), transaction.get("appid")) != (doc.mchid, doc.appid):
		raise NotificationRefused(
			f"another merchant or app: {transaction.get('mchid')} {transaction.get('appid')}"
		)
	amount = transaction.get("amount") or {}
	return online_payments.settle(
		GATEWAY,
		transaction.get("out_trade_no"),
		transaction["transaction_id"],
		Decimal(cint(amount.get("total"))) / 100,
		amount.get("currency"),
		(transaction.get("success_time") or "")[:10] or None,
	)


# --- refunds (fees/refunds.py) ------------------------------------------------------------------

REFUND_STATUSES = {
	"SUCCESS": refunds.REFUNDED,
	"PROCESSING": refunds.PROCESSING,
	"ABNORMAL": refunds.ABNORMAL,
	"CLOSED": refunds.CLOSED,
}


def refund(entry, request) -> dict:
	"""Asks WeChat Pay to refund the Pay entry's amount of the request's transaction
	(out_refund_no = the entry: asked again, WeChat Pay answers with the same refund). WeChat
	Pay refunds asynchronously: its refund notification (or a query) tells when it is done."""
	doc = settings()
	asked = {
		"refund": fen(entry.paid_amount),
		"total": fen(request.grand_total),
		"currency": request.currency,
	}
	try:
		code, message = client(doc).refund(
			out_refund_no=entry.name,
			amount=asked,
			transaction_id=request.gateway_transaction_id,
			reason=(entry.refund_reason or "")[:80] or None,
			notify_url=get_url("/api/method/property_service.fees.wechat_pay.notify"),
		)
	except OSError:  # requests' errors: not reached, timed out
		frappe.throw(
			_("WeChat Pay could not be reached: nothing was refunded. Try again later."),
			refunds.GatewayRefundFailed,
		)
	except Exception:  # the SDK's own, a bare Exception: the answer's signature does not verify
		frappe.log_error(title=_("WeChat Pay refund {0}").format(entry.name))
		frappe.throw(
			_(
				"WeChat Pay's answer could not be verified: the refund is not recorded here; submitting again asks with the same refund number."
			),
			refunds.GatewayRefundFailed,
		)
	result = answer(code, message)
	if (
		code != 200
		or result.get("status") not in REFUND_STATUSES
		or result.get("out_refund_no") != entry.name
	):
		frappe.throw(
			_("WeChat Pay did not take the refund: {0}").format(result.get("message") or code),
			refunds.GatewayRefundFailed,
			title=_("WeChat Pay"),
		)
	if cint((result.get("amount") or {}).get("refund")) != asked["refund"]:
		frappe.throw(
			_("WeChat Pay answered with another amount: nothing was refunded here."),
			refunds.GatewayRefundFailed,
		)
	return {"id": result["refund_id"], "status": REFUND_STATUSES[result["status"]]}


def refunded(doc, resource: dict) -> None:
	"""A verified refund notification (REFUND.SUCCESS, .ABNORMAL, .CLOSED) of this merchant."""
	if resource.get("mchid") != doc.mchid:
		raise NotificationRefused(f"another merchant: {resource.get('mchid')}")
	status = REFUND_STATUSES.get(resource.get("refund_status"))
	if not status:
		raise NotificationRefused(f"unknown refund status {resource.get('refund_status')}")
	refunds.record_status(
		GATEWAY,
		resource.get("out_refund_no"),
		resource.get("refund_id"),
		status,
		cint((resource.get("amount") or {}).get("refund")) / 100,
	)


def check_refunds() -> None:
	"""Scheduled: each refund still processing after the settings' minutes is asked about (its
	notification lost) and its status recorded."""
	doc = frappe.get_cached_doc(SETTINGS)
	if not doc.enabled:
		return
	names = refunds.processing(GATEWAY, cint(doc.close_after_minutes))
	if names:
		pay = client(doc)
		online_payments.close_each(
			GATEWAY, names, lambda name: ask_about_refund(doc, pay, name), _("{0}: asking about refund {1}")
		)


def ask_about_refund(doc, pay, name: str) -> None:
	code, message = pay.query_refund(out_refund_no=name)
	result = answer(code, message)
	if code != 200:
		raise frappe.ValidationError(f"WeChat Pay did not answer about refund {name}: {code} {message}")
	# the query's answer names the status `status`, the notification's `refund_status`
	refunded(doc, {**result, "mchid": doc.mchid, "refund_status": result.get("status")})


# --- unpaid orders ---------------------------------------------------------------------------------


def close_unpaid_orders() -> None:
	"""Scheduled: each order unpaid after the settings' minutes is asked about — paid (its
	notification lost): recorded; not paid: closed at WeChat Pay and its request cancelled."""
	online_payments.close_unpaid_orders(SETTINGS, GATEWAY, client, settle_or_close)


def settle_or_close(doc, pay, name: str) -> None:
	code, message = pay.query(out_trade_no=name)
	result = answer(code, message)
	if code == 200 and result.get("trade_state") == "SUCCESS":
		settle(doc, result)
		return
	code, message = pay.close(out_trade_no=name)
	if code not in (200, 204):
		raise frappe.ValidationError(f"WeChat Pay did not close {name}: {code} {message}")
	online_payments.cancel_requests(GATEWAY, name)
