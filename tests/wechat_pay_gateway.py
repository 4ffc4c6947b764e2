"""A WeChat Pay API v3 gateway on loopback for the tests: the endpoints the site's SDK calls
(Native order, query, close, refund and refund query, platform certificates), the merchant's
request signatures checked, every answer signed with a platform key of its own, and payment and
refund notifications signed and their resource encrypted (AEAD_AES_256_GCM with the API v3 key) as WeChat Pay sends them. Keys and the
platform certificate are made afresh for each run; no real payment is ever made.
"""

import base64
import datetime
import json
import re
import secrets
import time
from http.server import BaseHTTPRequestHandler

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from tests.loopback import LoopbackServer

MCHID, APPID = "1900000109", "wxd678efh567hg6787"
MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"


def new_key():
	return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key) -> str:
	return key.private_bytes(
		serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
	).decode()


def certificate(key, serial: int) -> x509.Certificate:
	name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA (test)")])
	now = datetime.datetime.now(datetime.timezone.utc)
	return (
		x509.CertificateBuilder()
		.subject_name(name)
		.issuer_name(name)
		.public_key(key.public_key())
		.serial_number(serial)
		.not_valid_before(now - datetime.timedelta(days=1))
		.not_valid_after(now + datetime.timedelta(days=365))
		.sign(key, hashes.SHA256())
	)


def sign(key, message: str) -> str:
	return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


class LocalWeChatPay(LoopbackServer):
	"""The gateway. `orders` by out_trade_no: the order's body as placed and its trade_state."""

	def __init__(self):
		self.merchant_key, self.platform_key = new_key(), new_key()
		self.platform = certificate(self.platform_key, secrets.randbits(64))
		self.apiv3_key = secrets.token_hex(16)  # 32 characters
		self.orders: dict[str, dict] = {}
		self.refunds: dict[str, dict] = {}  # by out_refund_no
		self.refusing: dict | None = None  # a refund error to answer with (status, body)
		self.calls: list[tuple[str, str]] = []
		super().__init__()
		self.url = self.base_url

	# --- what the site is configured with ------------------------------------------------------

	def settings(self) -> dict:
		return {
			"enabled": 1,
			"mchid": MCHID,
			"appid": APPID,
			"merchant_serial_no": MERCHANT_SERIAL,
			"merchant_private_key": pem(self.merchant_key),
			"apiv3_key": self.apiv3_key,
			"platform_certificate": self.platform.public_bytes(serialization.Encoding.PEM).decode(),
			"api_address": self.url,
		}

	@property
	def serial(self) -> str:
		return format(self.platform.serial_number, "X")

	# --- the API -------------------------------------------------------------------------------

	def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
		body = request.rfile.read(int(request.headers.get("Content-Length") or 0)).decode()
		self.calls.append((method, request.path))
		if not self.merchant_signed(request, method, body):
			self.reply(request, 401, {"code": "SIGN_ERROR", "message": "签名错误"})
			return
		if method == "POST" and (kind := re.fullmatch(r"/v3/pay/transactions/(native|h5)", request.path)):
			self.place(request, kind[1], json.loads(body))
		elif match := re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/?]+)/close", request.path):
			if match[1] not in self.orders:
				self.reply(request, 404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})
				return
			self.orders[match[1]]["trade_state"] = "CLOSED"
			self.reply(request, 204, None)
		elif match := re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/?]+)\?mchid=\d+", request.path):
			order = self.orders.get(match[1])
			if order:
				self.reply(request, 200, self.transaction(match[1]))
			else:
				self.reply(request, 404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})
		elif method == "POST" and request.path == "/v3/refund/domestic/refunds":
			self.refund(request, json.loads(body))
		elif match := re.fullmatch(r"/v3/refund/domestic/refunds/([^/?]+)", request.path):
			found = self.refunds.get(match[1])
			if found:
				self.reply(request, 200, found)
			else:
				self.reply(request, 404, {"code": "RESOURCE_NOT_EXISTS", "message": "退款单不存在"})
		elif method == "GET" and request.path == "/v3/certificates":
			self.reply(request, 200, {"data": [self.encrypted_certificate()]})
		else:
			self.reply(request, 404, {"code": "NOT_FOUND", "message": request.path})

	def refund(self, request, asked: dict) -> None:
		"""申请退款: once per out_refund_no (asked again: the same refund), never more than the
		transaction's total in all, the total and currency the order's."""
		number = asked["out_refund_no"]
		if number in self.refunds:
			self.reply(request, 200, self.refunds[number])
			return
		if self.refusing:
			self.reply(request, *self.refusing)
			return
		order = next(
			(
				order
				for order in self.orders.values()
				if order["trade_state"] == "SUCCESS"
				and order.get("transaction_id") == asked.get("transaction_id", order.get("transaction_id"))
				and order["out_trade_no"] == asked.get("out_trade_no", order["out_trade_no"])
			),
			None,
		)
		if not order:
			self.reply(request, 404, {"code": "RESOURCE_NOT_EXISTS", "message": "订单不存在"})
			return
		amount = asked["amount"]
		refunded = sum(
			r["amount"]["refund"] for r in self.refunds.values() if r["out_trade_no"] == order["out_trade_no"]
		)
		if (amount["total"], amount["currency"]) != (order["amount"]["total"], order["amount"]["currency"]):
			self.reply(request, 400, {"code": "PARAM_ERROR", "message": "订单金额或币种与原订单不一致"})
			return
		if amount["refund"] <= 0 or refunded + amount["refund"] > amount["total"]:
			self.reply(request, 403, {"code": "NOT_ENOUGH", "message": "申请退款金额超过订单可退金额"})
			return
		self.refunds[number] = {
			"refund_id": "5030" + "".join(secrets.choice("0123456789") for _ in range(25)),
			"out_refund_no": number,
			"transaction_id": order["transaction_id"],
			"out_trade_no": order["out_trade_no"],
			"channel": "ORIGINAL",
			"user_received_account": "支付用户零钱",
			"create_time": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
			"status": "PROCESSING",
			"notify_url": asked.get("notify_url"),
			"amount": {
				"total": amount["total"],
				"refund": amount["refund"],
				"payer_total": amount["total"],
				"payer_refund": amount["refund"],
				"settlement_refund": amount["refund"],
				"settlement_total": amount["total"],
				"discount_refund": 0,
				"currency": amount["currency"],
			},
		}
		self.reply(request, 200, self.refunds[number])

	def complete_refund(self, number: str) -> None:
		"""The money reached the payer: the refund is SUCCESS (its notification may never come)."""
		self.refunds[number]["status"] = "SUCCESS"
		self.refunds[number]["success_time"] = (
			datetime.datetime.now().astimezone().isoformat(timespec="seconds")
		)

	def refund_notification(self, number: str, key=None, status: str = "SUCCESS", **changes):
		"""(headers, body) of the refund notification (REFUND.SUCCESS, or another status's) of a
		refund; `changes` alter the resource before it is encrypted, `key` forges the signature."""
		found = self.refunds[number]
		found["status"] = status
		resource = {
			"mchid": MCHID,
			"out_trade_no": found["out_trade_no"],
			"transaction_id": found["transaction_id"],
			"out_refund_no": number,
			"refund_id": found["refund_id"],
			"refund_status": status,
			"success_time": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
			"user_received_account": found["user_received_account"],
			"amount": {
				key_: found["amount"][key_] for key_ in ("total", "refund", "payer_total", "payer_refund")
			},
			**changes,
		}
		body = json.dumps(
			{
				"id": secrets.token_hex(16),
				"create_time": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
				"resource_type": "encrypt-resource",
				"event_type": f"REFUND.{status}",
				"summary": "退款成功" if status == "SUCCESS" else "退款异常",
				"resource": {
					**self.encrypt(json.dumps(resource, ensure_ascii=False), "refund"),
					"original_type": "refund",
				},
			},
			ensure_ascii=False,
		)
		return self.signed_headers(body, None, key), body

	def merchant_signed(self, request, method: str, body: str) -> bool:
		"""The merchant's Authorization header (WECHATPAY2-SHA256-RSA2048) verifies."""
		header = request.headers.get("Authorization", "")
		if not header.startswith(SIGNATURE_TYPE + " "):
			return False
		fields = dict(re.findall(r'(\w+)="([^"]*)"', header))
		message = f"{method}\n{request.path}\n{fields.get('timestamp')}\n{fields.get('nonce_str')}\n{body}\n"
		try:
			self.merchant_key.public_key().verify(
				base64.b64decode(fields.get("signature", "")),
				message.encode(),
				padding.PKCS1v15(),
				hashes.SHA256(),
			)
		except Exception:
			return False
		return fields.get("mchid") == MCHID and fields.get("serial_no") == MERCHANT_SERIAL

	def reply(self, request, status: int, payload) -> None:
		body = json.dumps(payload, ensure_ascii=False) if payload is not None else ""
		request.send_response(status)
		for key, value in self.signed_headers(body).items():
			request.send_header(key, value)
		request.send_header("Content-Type", "application/json; charset=utf-8")
		request.send_header("Content-Length", str(len(body.encode())))
		request.end_headers()
		request.wfile.write(body.encode())

	def signed_headers(self, body: str, timestamp: int | None = None, key=None) -> dict:
		timestamp, nonce = str(timestamp or int(time.time())), secrets.token_hex(16)
		return {
			"Wechatpay-Timestamp": timestamp,
			"Wechatpay-Nonce": nonce,
			"Wechatpay-Signature": sign(key or self.platform_key, f"{timestamp}\n{nonce}\n{body}\n"),
			"Wechatpay-Serial": self.serial,
			"Wechatpay-Signature-Type": SIGNATURE_TYPE,
		}

	def encrypt(self, plaintext: str, associated_data: str) -> dict:
		nonce = secrets.token_hex(6)  # 12 characters, as WeChat Pay's
		ciphertext = AESGCM(self.apiv3_key.encode()).encrypt(
			nonce.encode(), plaintext.encode(), associated_data.encode()
		)
		return {
			"algorithm": "AEAD_AES_256_GCM",
			"nonce": nonce,
			"associated_data": associated_data,
			"ciphertext": base64.b64encode(ciphertext).decode(),
		}

	def encrypted_certificate(self) -> dict:
		return {
			"serial_no": self.serial,
			"effective_time": self.platform.not_valid_before_utc.isoformat(),
			"expire_time": self.platform.not_valid_after_utc.isoformat(),
			"encrypt_certificate": self.encrypt(
				self.platform.public_bytes(serialization.Encoding.PEM).decode(), "certificate"
			),
		}

	# --- the payer pays ------------------------------------------------------------------------

	def place(self, request, kind: str, order: dict) -> None:
		"""A Native order answers its payment code; an H5 order (which names the payer's IP and
		the H5 scene) the cashier's address — again, fresh, when the same order is placed again.
		An order number placed before with other terms or of the other kind is refused."""
		if order["mchid"] != MCHID or order["appid"] != APPID:
			self.reply(request, 400, {"code": "PARAM_ERROR", "message": "商户号或AppID错误"})
			return
		if kind == "h5" and not (order.get("scene_info") or {}).get("payer_client_ip"):
			self.reply(request, 400, {"code": "PARAM_ERROR", "message": "缺少scene_info"})
			return
		trade_type = {"native": "NATIVE", "h5": "MWEB"}[kind]
		placed = self.orders.get(order["out_trade_no"])
		again = (
			placed
			and kind == "h5"
			and placed["trade_type"] == trade_type
			and placed["amount"] == order["amount"]
		)
		if placed and not (again and placed["trade_state"] == "NOTPAY"):
			self.reply(request, 400, {"code": "OUT_TRADE_NO_USED", "message": "商户订单号重复"})
			return
		self.orders[order["out_trade_no"]] = {**order, "trade_type": trade_type, "trade_state": "NOTPAY"}
		if kind == "native":
			self.reply(request, 200, {"code_url": f"weixin://wxpay/bizpayurl?pr={secrets.token_hex(4)}"})
		else:
			ticket = secrets.token_hex(8)
			self.reply(request, 200, {"h5_url": f"{self.url}/cashier/h5?prepay_id=wx{ticket}&package=1"})

	def pay(self, out_trade_no: str) -> None:
		order = self.orders[out_trade_no]
		order["trade_state"] = "SUCCESS"
		order["transaction_id"] = "4200" + "".join(secrets.choice("0123456789") for _ in range(24))

	def transaction(self, out_trade_no: str) -> dict:
		order = self.orders[out_trade_no]
		paid = order["trade_state"] == "SUCCESS"
		return {
			"mchid": MCHID,
			"appid": APPID,
			"out_trade_no": out_trade_no,
			"trade_type": order["trade_type"],
			"trade_state": order["trade_state"],
			"trade_state_desc": "支付成功" if paid else "未支付",
			"bank_type": "OTHERS",
			**({"transaction_id": order["transaction_id"]} if paid else {}),
			**(
				{"success_time": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}
				if paid
				else {}
			),
			"payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
			"amount": {
				"total": order["amount"]["total"],
				"payer_total": order["amount"]["total"],
				"currency": order["amount"]["currency"],
				"payer_currency": "CNY",
			},
		}

	def notification(self, order: str, timestamp: int | None = None, key=None, **changes):
		"""(headers, body) of the payment notification of a paid order; `changes` alter the
		transaction before it is encrypted (an amount, a merchant), `key` signs with another key
		(a forgery), `timestamp` dates it."""
		resource = {**self.transaction(order), **changes}
		body = json.dumps(
			{
				"id": secrets.token_hex(16),
				"create_time": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
				"resource_type": "encrypt-resource",
				"event_type": "TRANSACTION.SUCCESS",
				"summary": "支付成功",
				"resource": {
					**self.encrypt(json.dumps(resource, ensure_ascii=False), "transaction"),
					"original_type": "transaction",
				},
			},
			ensure_ascii=False,
		)
		return self.signed_headers(body, timestamp, key), body

	def send(self, site_url: str, host: str, headers: dict, body: str) -> requests.Response:
		"""Posts a notification to the site's notify URL, as WeChat Pay does."""
		return requests.post(
			f"{site_url}/api/method/property_service.fees.wechat_pay.notify",
			data=body.encode(),
			headers={**headers, "Content-Type": "application/json", "Host": host},
			timeout=60,
		)
