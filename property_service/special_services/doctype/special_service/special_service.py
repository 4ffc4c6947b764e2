# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from property_service.core.lifecycle import (
	changed_fields,
	entered,
	keep_system_fields,
	limit_technician_edits,
	lock_when,
	show_technician_limits,
	stamp,
)
from property_service.core.requesters import check_resident_input, fill_requester
from property_service.customer_service.callbacks import ensure_callback
from property_service.special_services.catalog import GROUPS, PRICE_LIST
from property_service.vocabulary import BILLED, BOOKED, CANCELLED, CLOSED, COMPLETED

TECHNICIAN_FIELDS = ("status", "resolution")
RESIDENT_FIELDS = (
	"service_item",
	"unit",
	"property_owner",
	"contact_phone",
	"channel",
	"preferred_time",
	"qty",
	"notes",
)
CONTENT_FIELDS = ("service_item", "unit", "property_owner", "qty", "rate", "amount", "customer", "materials")


class NotASpecialServiceError(frappe.ValidationError):
	pass


class NoPriceError(frappe.ValidationError):
	pass


def list_price(item: str, required: bool = False) -> float:
	"""The item's rate on the special-services price list; a charged material must have one."""
	rate = frappe.db.get_value(
		"Item Price", {"item_code": item, "price_list": PRICE_LIST, "selling": 1}, "price_list_rate"
	)
	if rate is None and required:
		frappe.throw(
			_("{0} has no price on the price list {1}: add one before charging it.").format(
				item, _(PRICE_LIST)
			),
			NoPriceError,
		)
	return flt(rate)


class InvalidQuantityError(frappe.ValidationError):
	pass


class InvoiceSetByBillingError(frappe.ValidationError):
	pass


class BookingFixedError(frappe.ValidationError):
	pass


class SpecialService(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.special_services.doctype.special_service_material.special_service_material import (
			SpecialServiceMaterial,
		)

		amount: DF.Currency
		callback_record: DF.Link | None
		channel: DF.Literal[
			"Phone", "Walk-in", "Portal", "Suggestion Box", "Staff", "Survey", "Government", "Media", "Other"
		]
		community: DF.Link | None
		completed_on: DF.Datetime | None
		contact_phone: DF.Data | None
		currency: DF.Link | None
		customer: DF.Link | None
		materials: DF.Table[SpecialServiceMaterial]
		notes: DF.SmallText | None
		outstanding_amount: DF.Currency
		owner_name: DF.Data | None
		preferred_time: DF.Datetime | None
		property_owner: DF.Link | None
		qty: DF.Float
		rate: DF.Currency
		resolution: DF.Text | None
		sales_invoice: DF.Link | None
		satisfaction: DF.Data | None
		service_item: DF.Link
		service_name: DF.Data | None
		service_request: DF.Link | None
		status: DF.Literal["Booked", "Accepted", "Dispatched", "Completed", "Billed", "Closed", "Cancelled"]
		supplier: DF.Link | None
		technician: DF.Link | None
		unit: DF.Link

	# end: auto-generated types
	@property
	def invoice_status(self) -> str | None:
		"""Read from the invoice: a Payment Entry updates the invoice without its hooks."""
		return self.sales_invoice and frappe.db.get_value("Sales Invoice", self.sales_invoice, "status")

	@property
	def outstanding_amount(self) -> float | None:
		return self.sales_invoice and frappe.db.get_value(
			"Sales Invoice", self.sales_invoice, "outstanding_amount"
		)

	def onload(self):
		show_technician_limits(self, TECHNICIAN_FIELDS)

	def before_insert(self):
		check_resident_input(self, RESIDENT_FIELDS)

	def validate(self):
		fill_requester(self)
		keep_system_fields(self, ("service_request",))  # set by repairs.bill_repair
		self.validate_invoice_link()
		lock_when(self, (BILLED, CLOSED, CANCELLED), CONTENT_FIELDS)
		limit_technician_edits(self, TECHNICIAN_FIELDS)
		self.validate_service_item()
		self.set_customer()
		self.set_price()
		stamp(self)

	def on_update(self):
		if entered(self, COMPLETED):
			ensure_callback(self)

	def validate_invoice_link(self):
		before = self.get_doc_before_save()
		previous = before.sales_invoice if before else None
		if (previous or None) != (self.sales_invoice or None):
			frappe.throw(
				_("The invoice is set by billing: use Create Invoice, or cancel the invoice."),
				InvoiceSetByBillingError,
			)

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
		"""The rates are the price list's while the booking is requested, never typed; from
		confirmation on, the service, quantity, materials and rates are what the resident agreed
		to. The amount is the service's and the materials' charged beside it."""
		self.validate_qty()
		before = self.get_doc_before_save()
		if before and before.status != BOOKED:
			if changed := changed_fields(self, ("service_item", "qty", "materials")):
				frappe.throw(
					_("{0} is fixed once the booking is confirmed: cancel it and book again.").format(
						", ".join(_(self.meta.get_label(f)) for f in changed)
					),
					BookingFixedError,
				)
			self.rate = before.rate
		else:
			self.rate = list_price(self.service_item)
			for row in self.materials:
				row.rate = list_price(row.item, required=True)
		for row in self.materials:
			row.amount = flt(row.rate) * flt(row.qty)
		self.amount = flt(self.rate) * flt(self.qty) + sum(flt(row.amount) for row in self.materials)

	def validate_qty(self):
		if flt(self.qty) <= 0:
			frappe.throw(_("The quantity must be more than zero."), InvalidQuantityError)
		uom = frappe.db.get_value("Item", self.service_item, "stock_uom")
		if flt(self.qty) != int(flt(self.qty)) and frappe.db.get_value("UOM", uom, "must_be_whole_number"):
			frappe.throw(
				_("{0} is counted in whole {1}: the quantity cannot be {2}.").format(
					self.service_name or self.service_item, _(uom), self.qty
				),
				InvalidQuantityError,
			)
