"""An Alipay open-platform gateway on loopback for the tests: `gateway.do` as the SDK and the
payer's browser call it — the computer and phone cashiers (alipay.trade.page.pay, .wap.pay), the
trade query, close and refund (alipay.trade.refund, idempotent on out_request_no) — each request's RSA2 signature checked with the application's public key,
every answer signed with an Alipay key of its own, and asynchronous notifications signed as
Alipay sends them. Keys are made afresh for each run; no real payment is ever made.
"""

import base64
import datetime
import html
import json
import secrets
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.loopback import LoopbackServer

APP_ID, SELLER_ID = "2021000122600000", "2088621000000000"


def new_key():
	return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def bare(key, private: bool) -> str:
	"""A key as the open platform shows it: base64 without the PEM lines."""
	der = (
		key.private_bytes(
			serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
		)
		if private
		else key.public_key().public_bytes(
			serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
		)
	)
	return base64.b64encode(der).decode()


def signed_string(params: dict) -> str:
	return "&".join(f"{key}={value}" for key, value in sorted(params.items()))


class LocalAlipay(LoopbackServer):
	"""The gateway. `orders` by out_trade_no: the order's biz_content, notify and return URLs and
	its trade_status (none until the payer opens the cashier, as at Alipay)."""

	def __init__(self):
		self.app_key, self.alipay_key = new_key(), new_key()
		self.orders: dict[str, dict] = {}
		self.refunds: dict[str, dict] = {}  # by out_request_no
		self.refusing: dict | None = None  # a refund's error answer to give
		super().__init__()
		self.url = f"{self.base_url}/gateway.do"

	def settings(self) -> dict:
		return {
			"enabled": 1,
			"app_id": APP_ID,
			"seller_id": SELLER_ID,
			"app_private_key": bare(self.app_key, private=True),
			"alipay_public_key": bare(self.alipay_key, private=False),
			"api_address": self.url,
		}

	def sign(self, text: str) -> str:
		return base64.b64encode(
			self.alipay_key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
		).decode()

	def app_signed(self, params: dict) -> bool:
		"""The request's `sign` verifies over every other parameter (sign_type included)."""
		signature = params.pop("sign", "")
		try:
			self.app_key.public_key().verify(
				base64.b64decode(signature),
				signed_string(params).encode(),
				padding.PKCS1v15(),
				hashes.SHA256(),
			)
		except Exception:
			return False
		return params.get("app_id") == APP_ID and params.get("sign_type") == "RSA2"

	# --- gateway.do --------------------------------------------------------------------------

	def handle(self, request: BaseHTTPRequestHandler, method: str = "GET") -> None:
		params = dict(parse_qsl(urlsplit(request.path).query, keep_blank_values=True))
		method = params.get("method", "")  # the API's, not HTTP's
		if not self.app_signed(params):
			self.answer(
				request,
				method,
				{"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature"},
			)
			return
		content = json.loads(params.get("biz_content") or "{}")
		number = content.get("out_trade_no", "")
		if method in ("alipay.trade.page.pay", "alipay.trade.wap.pay"):
			order = self.orders.setdefault(number, {"trade_status": "WAIT_BUYER_PAY"})
			order.update(
				{**content, "notify_url": params.get("notify_url"), "return_url": params.get("return_url")}
			)
			self.cashier(request, order)
		elif method == "alipay.trade.query":
			order = self.orders.get(number)
			if not order:
				self.answer(
					request,
					method,
					{"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST"},
				)
			else:
				self.answer(request, method, {"code": "10000", "msg": "Success", **self.trade(number)})
		elif method == "alipay.trade.close":
			if number not in self.orders:
				self.answer(
					request,
					method,
					{"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST"},
				)
			else:
				self.orders[number]["trade_status"] = "TRADE_CLOSED"
				self.answer(request, method, {"code": "10000", "msg": "Success", "out_trade_no": number})
		elif method == "alipay.trade.refund":
			self.answer(request, method, self.refund(content))
		else:
			self.answer(
				request, method, {"code": "40004", "msg": "Business Failed", "sub_code": "isv.invalid-method"}
			)

	def refund(self, content: dict) -> dict:
		"""统一收单交易退款: once per out_request_no (asked again: the same answer, fund_change N),
		never more than the trade's total in all."""
		number = content.get("out_request_no") or content.get("out_trade_no")
		order = next(
			(
				(out_trade_no, order)
				for out_trade_no, order in self.orders.items()
				if order.get("trade_no")
				and order["trade_no"] == content.get("trade_no", order["trade_no"])
				and out_trade_no == content.get("out_trade_no", out_trade_no)
			),
			None,
		)
		if not order:
			return {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST"}
		out_trade_no, order = order
		if number in self.refunds:
			return {**self.refunds[number], "fund_change": "N"}
		if self.refusing:
			return self.refusing
		refunded = sum(
			float(r["refund_amount"]) for r in self.refunds.values() if r["out_trade_no"] == out_trade_no
		)
		amount = float(content["refund_amount"])
		if amount <= 0 or refunded + amount > float(order["total_amount"]) + 1e-9:
			return {
				"code": "40004",
				"msg": "Business Failed",
				"sub_code": "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
				"sub_msg": "退款金额超限",
			}
		self.refunds[number] = {
			"code": "10000",
			"msg": "Success",
			"trade_no": order["trade_no"],
			"out_trade_no": out_trade_no,
			"buyer_logon_id": "159****5620",
			"fund_change": "Y",
			"refund_fee": f"{refunded + amount:.2f}",  # all refunded of the trade so far
			"refund_amount": content["refund_amount"],
			"gmt_refund_pay": datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
		}
		return self.refunds[number]

	def answer(self, request, method: str, content: dict) -> None:
		"""A synchronous answer: the response object and Alipay's signature of its exact text."""
		inner = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
		key = method.replace(".", "_") + "_response"
		body = f'{{"{key}":{inner},"sign":"{self.sign(inner)}"}}'.encode()
		request.send_response(200)
		request.send_header("Content-Type", "application/json;charset=utf-8")
		request.send_header("Content-Length", str(len(body)))
		request.end_headers()
		request.wfile.write(body)

	def cashier(self, request, order: dict) -> None:
		page = (
			f"<html><body><h1 id='alipay-cashier'>支付宝收银台（测试网关）</h1>"
			f"<p id='amount'>{html.escape(order['total_amount'])}</p>"
			f"<p id='subject'>{html.escape(order.get('subject', ''))}</p></body></html>"
		).encode()
		request.send_response(200)
		request.send_header("Content-Type", "text/html; charset=utf-8")
		request.send_header("Content-Length", str(len(page)))
		request.end_headers()
		request.wfile.write(page)

	# --- the payer pays ----------------------------------------------------------------------

	def pay(self, number: str) -> None:
		order = self.orders[number]
		order["trade_status"] = "TRADE_SUCCESS"
		order["trade_no"] = datetime.date.today().strftime("%Y%m%d") + "".join(
			secrets.choice("0123456789") for _ in range(20)
		)
		order["gmt_payment"] = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")

	def trade(self, number: str) -> dict:
		order = self.orders[number]
		paid = order["trade_status"] in ("TRADE_SUCCESS", "TRADE_FINISHED")
		return {
			"out_trade_no": number,
			"trade_status": order["trade_status"],
			"total_amount": order["total_amount"],
			**({"trade_no": order["trade_no"], "send_pay_date": order["gmt_payment"]} if paid else {}),
			"buyer_logon_id": "159****5620",
		}

	def notification(self, number: str, key=None, **changes) -> dict:
		"""The asynchronous notification of a paid order, signed (with `key`: a forgery)."""
		order = self.orders[number]
		params = {
			"notify_time": datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
			"notify_type": "trade_status_sync",
			"notify_id": secrets.token_hex(16),
			"app_id": APP_ID,
			"charset": "utf-8",
			"version": "1.0",
			"trade_no": order["trade_no"],
			"out_trade_no": number,
			"trade_status": order["trade_status"],
			"total_amount": order["total_amount"],
			"receipt_amount": order["total_amount"],
			"seller_id": SELLER_ID,
			"gmt_payment": order["gmt_payment"],
			"subject": order.get("subject", ""),
			**changes,
		}
		text = signed_string(params)
		signer = key or self.alipay_key
		signature = base64.b64encode(signer.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
		return {**params, "sign_type": "RSA2", "sign": signature}

	def send(self, site_url: str, host: str, params: dict) -> requests.Response:
		"""Posts a notification to the site's notify URL, as Alipay does (a form)."""
		return requests.post(
			f"{site_url}/api/method/property_service.fees.alipay.notify",
			data=params,
			headers={"Host": host},
			timeout=60,
		)
