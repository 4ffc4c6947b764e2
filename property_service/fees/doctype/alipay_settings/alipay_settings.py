# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_url


class AlipaySettings(Document):
	"""The office's Alipay application: the controller of the Payment Gateway "Alipay" that
	ERPNext's Payment Request calls (frappe/payments' pattern); the protocol is in
	property_service.fees.alipay."""

	supported_currencies = ("CNY",)

	def validate(self):
		if self.enabled:
			from property_service.fees.alipay import check_keys

			check_keys(self)

	def on_update(self):
		if self.enabled:
			from property_service.fees.alipay import ensure_gateway

			ensure_gateway()

	def validate_transaction_currency(self, currency):
		if currency not in self.supported_currencies:
			frappe.throw(_("Alipay takes payments in CNY only, not {0}.").format(currency))

	def get_payment_url(self, **kwargs):
		"""Where the payer pays a Payment Request: the portal's bills page."""
		return get_url("/resident/bills")
