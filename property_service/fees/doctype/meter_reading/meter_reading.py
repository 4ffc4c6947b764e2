# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from property_service.billing.invoices import billed_keys
from property_service.core.periods import validate_period
from property_service.core.permissions import signed_in_person
from property_service.fees.fee_run import fee_key


class MeterReadingError(frappe.ValidationError):
	pass


class MeterReading(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		community: DF.Link | None
		consumption: DF.Float
		meter_type: DF.Literal["Water", "Electricity"]
		period: DF.Data
		previous_reading: DF.Float
		read_by: DF.Link | None
		reading: DF.Float
		reading_date: DF.Date | None
		unit: DF.Link

	# end: auto-generated types
	def validate(self):
		signed_in_person(self, "read_by")
		self.period = validate_period(self.period)
		self.check_not_billed()
		self.previous_reading = flt(self.neighbour("<", "desc"))
		if flt(self.reading) < self.previous_reading:
			frappe.throw(
				_(
					"The reading {0} is lower than the previous reading {1}: check the meter and the unit."
				).format(flt(self.reading), self.previous_reading),
				MeterReadingError,
			)
		later = self.neighbour(">", "asc")
		if later is not None and flt(self.reading) > flt(later):
			frappe.throw(
				_("The reading {0} is higher than a later period's reading {1}.").format(
					flt(self.reading), flt(later)
				),
				MeterReadingError,
			)
		self.consumption = flt(self.reading) - self.previous_reading if self.previous_reading else 0

	def neighbour(self, operator: str, order: str) -> float | None:
		"""The reading of this unit's meter in the nearest earlier ("<") or later (">") period."""
		values = frappe.get_all(
			"Meter Reading",
			{"unit": self.unit, "meter_type": self.meter_type, "period": [operator, self.period]},
			pluck="reading",
			order_by=f"period {order}",
			limit=1,
		)
		return values[0] if values else None

	def check_not_billed(self):
		if billed_keys([fee_key(self.unit, self.period)]):
			frappe.throw(
				_("{0}'s fees for {1} are billed: cancel that invoice before changing the reading.").format(
					self.unit, self.period
				),
				MeterReadingError,
			)

	def on_trash(self):
		self.check_not_billed()
