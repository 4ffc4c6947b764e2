"""Alipay (支付宝, the open platform's RSA2 gateway) for the office's invoices, through ERPNext's
Payment Request.

A resident pays an invoice of their household (fees/online_payments.py: the Payment Request, and
recording a payment once): the app signs an Alipay order for the request (out_trade_no = the
request's name, the amount the request's) — the computer cashier (alipay.trade.page.pay) on a
computer, the phone's (alipay.trade.wap.pay, which opens the Alipay app) on a phone — and the
payer's browser goes there; Alipay brings them back to 我的账单. The protocol is the maintained
SDK `python-alipay-sdk`: requests signed with the application's private key (RSA2), answers and
the asynchronous notification verified with Alipay's public key.

A notification is accepted only when its signature verifies and its application, seller (when
set), order, amount and status are the request's; Alipay sends it again until it is answered
"success", for up to a day, so it is not refused for its age — recording is idempotent instead.
An order left unpaid is asked about and closed by a job (close_unpaid_orders).
"""

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import flt, get_url

from property_service.fees import online_payments, refunds
from property_service.fees.online_payments import NotificationRefused

GATEWAY = "Alipay"
SETTINGS = "Alipay Settings"
LEDGER = "支付宝"  # the company's account the payments arrive in (a bank-type asset)
PAID_STATES = ("TRADE_SUCCESS", "TRADE_FINISHED")


def ensure_gateway() -> None:
	online_payments.ensure_gateway(GATEWAY, LEDGER)


def pem(key: str | None, kind: str) -> str:
	"""A key as the open platform gives it (bare base64), or already PEM."""
	key = (key or "").strip()
	if key.startswith("-----"):
		return key
	lines = [key[i : i + 64] for i in range(0, len(key), 64)]
	return "\n".join([f"-----BEGIN {kind}-----", *lines, f"-----END {kind}-----"])


def check_keys(doc) -> None:
	from Crypto.PublicKey import RSA

	for value, kind, label in (
		(doc.get_password("app_private_key", raise_exception=False), "PRIVATE KEY", _("Application Private Key")),
		(doc.alipay_public_key, "PUBLIC KEY", _("Alipay Public Key")),
	):  # fmt: skip
		try:
			RSA.importKey(pem(value, kind))
		except (ValueError, IndexError, TypeError):
			frappe.throw(_("{0} is not an RSA key.").format(label))


# --- the SDK ---------------------------------------------------------------------------------------


def settings():
	return online_payments.enabled_settings(SETTINGS, GATEWAY)


_clients: dict[tuple, object] = {}


def client(doc=None):
	"""The SDK's client for the settings, made once per process and settings."""
	from alipay import AliPay
	from alipay.utils import AliPayConfig

	doc = doc or settings()
	key = (frappe.local.site, str(doc.modified))
	if key not in _clients:
		_clients.clear()
		ali = AliPay(
			appid=doc.app_id,
			app_notify_url=get_url("/api/method/property_service.fees.alipay.notify"),
			app_private_key_string=pem(doc.get_password("app_private_key"), "PRIVATE KEY"),
			alipay_public_key_string=pem(doc.alipay_public_key, "PUBLIC KEY"),
			sign_type="RSA2",
			config=AliPayConfig(timeout=15),
		)
		# the SDK knows Alipay's address and its sandbox's; the settings' (a test gateway's, or the real one)
		ali._gateway = doc.api_address or "https://openapi.alipay.com/gateway.do"
		_clients[key] = ali
	return _clients[key]


def yuan(amount) -> str:
	return f"{Decimal(str(flt(amount, 2))):.2f}"


# --- paying an invoice -----------------------------------------------------------------------------


def pay_invoices(invoices: list[str], phone: bool = False) -> dict:
	"""A resident pays invoices of their household, one or all, in one order
	(api.portal.pay_invoice): the address of Alipay's cashier for it — the phone's, which opens
	the Alipay app, or the computer's. Another order of these requests is asked about (paid:
	recorded, and the answer says so) and closed first."""
	doc = settings()
	ali = client(doc)
	opened = online_payments.open_order(invoices, GATEWAY, lambda order: settle_or_close(doc, ali, order))
	answer = online_payments.order_answer(opened)
	if opened.paid:
		return answer
	order = (ali.api_alipay_trade_wap_pay if phone else ali.api_alipay_trade_page_pay)(
		subject=online_payments.order_subject(opened.requests)[:256],
		out_trade_no=opened.order,
		total_amount=yuan(online_payments.order_total(opened.requests)),
		return_url=get_url("/resident/bills"),
	)
	url = f"{ali._gateway}?{order}"
	online_payments.ordered(opened.requests, url, opened.order)
	return {**answer, "url": url}


# --- notifications ---------------------------------------------------------------------------------


@frappe.whitelist(allow_guest=True, methods=["POST"])
def notify():
	"""Alipay's asynchronous notification (异步通知): "success" when recorded (or recorded
	before); anything else, and Alipay sends it again later."""
	from werkzeug.wrappers import Response

	try:
		receive(frappe.request.form.to_dict())
	except NotificationRefused as refused:
		frappe.db.rollback()
		frappe.log_error(title=_("Alipay notification refused"), message=str(refused))
		frappe.db.commit()  # nosemgrep  (the refusal's log, after the rollback)
		return Response("fail", status=400, content_type="text/plain")
	return Response("success", content_type="text/plain")


def receive(params: dict) -> None:
	doc = settings()
	signature = params.pop("sign", None)
	if not signature or not client(doc).verify(dict(params), signature):
		raise NotificationRefused("the signature does not verify")
	if params.get("trade_status") not in PAID_STATES:
		return  # nothing paid (a closed trade): nothing to record
	online_payments.as_system(settle, doc, params)


def settle(doc, trade: dict) -> str:
	"""Records a paid trade (a verified notification or query answer) of this application."""
	if trade.get("app_id", doc.app_id) != doc.app_id or (
		doc.seller_id and trade.get("seller_id", doc.seller_id) != doc.seller_id
	):
		raise NotificationRefused(
			f"another application or seller: {trade.get('app_id')} {trade.get('seller_id')}"
		)
	return online_payments.settle(
		GATEWAY,
		trade.get("out_trade_no"),
		trade["trade_no"],
		Decimal(trade.get("total_amount") or "0"),
		"CNY",  # Alipay's trades here are in yuan
		(trade.get("gmt_payment") or trade.get("send_pay_date") or "")[:10] or None,
	)


# --- refunds (fees/refunds.py) ------------------------------------------------------------------


def refund(entry, request) -> dict:
	"""Asks Alipay to refund the Pay entry's amount of the request's trade; Alipay answers at
	once. out_request_no = the entry: asked again, Alipay answers with the same refund
	(fund_change N) and refunds nothing more."""
	from alipay.exceptions import AliPayException, AliPayValidationError

	try:
		result = client(settings()).api_alipay_trade_refund(
			refund_amount=yuan(entry.paid_amount),
			trade_no=request.gateway_transaction_id,
			out_request_no=entry.name,
			refund_reason=(entry.refund_reason or "")[:256],
		)
	except (
		OSError,
		AliPayException,
		AliPayValidationError,
	):  # not reached; an answer whose signature does not verify
		frappe.throw(
			_("Alipay could not be reached: nothing was refunded. Try again later."),
			refunds.GatewayRefundFailed,
		)
	if result.get("code") != "10000" or result.get("trade_no") != request.gateway_transaction_id:
		frappe.throw(
			_("Alipay did not take the refund: {0}").format(
				result.get("sub_msg") or result.get("msg") or "-"
			),
			refunds.GatewayRefundFailed,
			title=_("Alipay"),
		)
	return {"id": entry.name, "status": refunds.REFUNDED}


# --- unpaid orders ---------------------------------------------------------------------------------


def close_unpaid_orders() -> None:
	"""Scheduled: each order unpaid after the settings' minutes is asked about — paid (its
	notification lost): recorded; not paid: closed at Alipay and its request cancelled."""
	online_payments.close_unpaid_orders(SETTINGS, GATEWAY, client, settle_or_close)


def settle_or_close(doc, ali, name: str) -> None:
	trade = ali.api_alipay_trade_query(out_trade_no=name)
	if trade.get("code") == "10000" and trade.get("trade_status") in PAID_STATES:
		settle(doc, {**trade, "app_id": doc.app_id})
		return
	closed = ali.api_alipay_trade_close(out_trade_no=name)
	# a payer who never opened the cashier left no trade at Alipay: nothing to close there
	if closed.get("code") != "10000" and closed.get("sub_code") != "ACQ.TRADE_NOT_EXIST":
		raise frappe.ValidationError(f"Alipay did not close {name}: {closed}")
	online_payments.cancel_requests(GATEWAY, name)
