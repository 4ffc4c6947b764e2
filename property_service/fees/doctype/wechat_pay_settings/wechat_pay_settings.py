# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_url


class WeChatPaySettings(Document):
	"""The merchant's WeChat Pay account: the controller of the Payment Gateway "WeChat Pay" that
	ERPNext's Payment Request calls (frappe/payments' pattern); the protocol is in
	property_service.fees.wechat_pay."""

	supported_currencies = ("CNY",)

	def validate(self):
		if self.enabled:
			from property_service.fees.wechat_pay import check_certificate

			check_certificate(self.platform_certificate)

	def on_update(self):
		if self.enabled:
			from property_service.fees.wechat_pay import ensure_gateway

			ensure_gateway()

	def validate_transaction_currency(self, currency):
		if currency not in self.supported_currencies:
			frappe.throw(_("WeChat Pay takes payments in CNY only, not {0}.").format(currency))

	def get_payment_url(self, **kwargs):
		"""Where the payer pays a Payment Request: the portal's bills page, which shows its QR code."""
		return get_url("/resident/bills")
