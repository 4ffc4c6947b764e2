# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from property_service.fees.counter import takings


class CounterClosingError(frappe.ValidationError):
	pass


class CounterClosing(Document):
	"""交班: a cashier's day at the counter, per Mode of Payment: what the day's counter payments
	say was taken (fees/counter.py takings), what the cashier counted, and the difference. One
	per cashier and day (closing_key, unique in the database; a cancelled one frees it)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.fees.doctype.counter_closing_mode.counter_closing_mode import CounterClosingMode

		amended_from: DF.Link | None
		cashier: DF.Link | None
		closing_date: DF.Date
		closing_key: DF.Data | None
		modes: DF.Table[CounterClosingMode]
		notes: DF.SmallText | None
		total_counted: DF.Currency
		total_difference: DF.Currency
		total_expected: DF.Currency
	# end: auto-generated types

	def validate(self):
		self.set_cashier()
		self.validate_date()
		self.validate_one_per_day()
		self.set_expected()

	def on_cancel(self):
		self.db_set("closing_key", None, update_modified=False)

	def set_cashier(self):
		"""The cashier is who is signed in, and only they change their closing."""
		if (
			not self.is_new()
			and frappe.db.get_value(self.doctype, self.name, "cashier") != frappe.session.user
		):
			frappe.throw(_("Only the cashier changes their own closing."), frappe.PermissionError)
		self.cashier = frappe.session.user

	def validate_date(self):
		if getdate(self.closing_date) > getdate(today()):
			frappe.throw(_("A day cannot be closed before it comes."), CounterClosingError)

	def validate_one_per_day(self):
		self.closing_key = f"{self.cashier}|{self.closing_date}"
		other = frappe.db.get_value(
			self.doctype, {"closing_key": self.closing_key, "name": ["!=", self.name]}, "name"
		)
		if other:
			frappe.throw(
				_("{0} has already closed {1}: {2}.").format(self.cashier, self.closing_date, other),
				CounterClosingError,
			)

	def set_expected(self):
		"""A row per mode the cashier took money in, and per mode they counted; expected from the
		Payment Entries, never typed."""
		taken = {
			row.mode_of_payment: row for row in takings(self.closing_date, self.closing_date, self.cashier)
		}
		rows = {row.mode_of_payment: row for row in self.modes}
		for mode in taken:
			if mode not in rows:
				rows[mode] = self.append("modes", {"mode_of_payment": mode})
		for mode, row in rows.items():
			row.entries = taken[mode].entries if mode in taken else 0
			row.expected = flt(taken[mode].amount if mode in taken else 0, 2)
			row.difference = flt(flt(row.counted) - row.expected, 2)
		self.total_expected = flt(sum(row.expected for row in self.modes), 2)
		self.total_counted = flt(sum(flt(row.counted) for row in self.modes), 2)
		self.total_difference = flt(self.total_counted - self.total_expected, 2)
