# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from property_service.customer_service.lifecycle import limit_technician_edits, lock_when, stamp
from property_service.customer_service.requesters import fill_requester
from property_service.special_services.catalog import GROUPS, PRICE_LIST

TECHNICIAN_FIELDS = ("status", "resolution")
CONTENT_FIELDS = ("service_item", "unit", "property_owner", "qty", "rate", "amount", "customer")


class NotASpecialServiceError(frappe.ValidationError):
	pass


class InvalidQuantityError(frappe.ValidationError):
	pass


class SpecialService(Document):
	def validate(self):
		fill_requester(self)
		lock_when(self, ("Invoiced", "Closed", "Cancelled"), CONTENT_FIELDS)
		limit_technician_edits(self, TECHNICIAN_FIELDS)
		self.validate_service_item()
		self.set_customer()
		self.set_price()
		stamp(self, {"Completed": "completed_on"})

	def validate_service_item(self):
		if frappe.db.get_value("Item", self.service_item, "item_group") not in GROUPS.values():
			frappe.throw(
				_("{0} is not in the special services catalog.").format(self.service_item),
				NotASpecialServiceError,
			)

	def set_customer(self):
		if self.property_owner:
			self.customer = frappe.db.get_value("Property Owner", self.property_owner, "customer")

	def set_price(self):
		"""The rate is the price list's, never typed: what residents see is what is billed."""
		if flt(self.qty) <= 0:
			frappe.throw(_("The quantity must be more than zero."), InvalidQuantityError)
		if self.status in ("Requested", "Confirmed") or not self.rate:
			self.rate = flt(
				frappe.db.get_value(
					"Item Price",
					{"item_code": self.service_item, "price_list": PRICE_LIST, "selling": 1},
					"price_list_rate",
				)
			)
		self.amount = flt(self.rate) * flt(self.qty)
