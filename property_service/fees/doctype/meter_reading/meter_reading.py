# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, get_last_day

from property_service.billing.invoices import billed_keys
from property_service.core.periods import validate_period
from property_service.core.permissions import signed_in_person
from property_service.fees.fee_run import fee_key
from property_service.vocabulary import COMPLETED


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
		previous = self.neighbour("<", "desc")
		if previous is None:  # the unit's first reading: counted from the move-in handover's
			previous = self.handover_reading()
		self.previous_reading = flt(previous)
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
		# a reading of 0 is a reading (a new meter); without any earlier one nothing is consumed yet
		self.consumption = flt(self.reading) - self.previous_reading if previous is not None else 0

	def handover_reading(self) -> float | None:
		"""This meter's reading at the unit's latest move-in handover completed by the period's end
		(customer_service/move_in.py), or None."""
		handover = frappe.get_all(
			"Move-In Handover",
			{
				"unit": self.unit,
				"status": COMPLETED,
				"handover_date": ["<=", get_last_day(f"{self.period}-01")],
			},
			pluck="name",
			order_by="handover_date desc, completed_on desc",
			limit=1,
		)
		if not handover:
			return None
		return frappe.db.get_value(
			"Move-In Handover Meter",
			{"parent": handover[0], "parenttype": "Move-In Handover", "meter_type": self.meter_type},
			"reading",
		)

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
