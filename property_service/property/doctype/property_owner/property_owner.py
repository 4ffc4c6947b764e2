# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from property_service.property.customers import (
	check_staff_account,
	ensure_customer,
	sync_portal_user,
)
from property_service.property.occupancy import refresh_units


class MoveOutBeforeMoveInError(frappe.ValidationError):
	pass


class OverlappingLinkError(frappe.ValidationError):
	pass


class HistoryRemovalError(frappe.ValidationError):
	pass


class DuplicatePortalUserError(frappe.ValidationError):
	pass


class PropertyOwner(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.property.doctype.property_owner_unit.property_owner_unit import (
			PropertyOwnerUnit,
		)

		customer: DF.Link | None
		email: DF.Data | None
		mobile_no: DF.Data | None
		notes: DF.SmallText | None
		owner_name: DF.Data
		owner_type: DF.Literal["Individual", "Company"]
		units: DF.Table[PropertyOwnerUnit]
		user: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.owner_name = (self.owner_name or "").strip()
		self.validate_move_dates()
		self.validate_no_overlapping_links()
		self.validate_history_is_kept()
		self.validate_portal_user_is_unique()

	def on_update(self):
		ensure_customer(self)
		before = self.get_doc_before_save()
		sync_portal_user(self, before and before.user, before and before.customer)
		refresh_units(self.changed_units())

	def validate_move_dates(self):
		for row in self.units:
			if row.move_out_date and getdate(row.move_out_date) < getdate(row.move_in_date):
				frappe.throw(
					_("Row {0}: the move-out date {1} is before the move-in date {2}.").format(
						row.idx, row.move_out_date, row.move_in_date
					),
					MoveOutBeforeMoveInError,
					title=_("Invalid dates"),
				)

	def validate_no_overlapping_links(self):
		by_unit = {}
		for row in sorted(self.units, key=lambda r: getdate(r.move_in_date)):
			previous = by_unit.get(row.unit)
			if previous and (
				not previous.move_out_date or getdate(previous.move_out_date) > getdate(row.move_in_date)
			):
				frappe.throw(
					_("Rows {0} and {1} link {2} to unit {3} for overlapping periods.").format(
						previous.idx, row.idx, self.owner_name, row.unit
					),
					OverlappingLinkError,
				)
			by_unit[row.unit] = row

	def validate_history_is_kept(self):
		before = self.get_doc_before_save()
		if not before:
			return
		kept = {row.name for row in self.units}
		removed = [row for row in before.units if row.name not in kept]
		if removed:
			frappe.throw(
				_(
					"Unit {0} cannot be removed from {1}: set a move-out date instead, so the history is kept."
				).format(removed[0].unit, self.owner_name),
				HistoryRemovalError,
			)

	def validate_portal_user_is_unique(self):
		if not self.user:
			return
		before = self.get_doc_before_save()
		if not before or before.user != self.user:
			check_staff_account(self, self.user)
		other = frappe.db.get_value("Property Owner", {"user": self.user, "name": ["!=", self.name]})
		if other:
			frappe.throw(
				_("User {0} is already the portal login of {1}.").format(self.user, other),
				DuplicatePortalUserError,
			)

	def changed_units(self) -> set[str]:
		before = self.get_doc_before_save()
		units = {row.unit for row in self.units}
		if before:
			units |= {row.unit for row in before.units}
		return units

	def get_open_link(self, unit: str):
		"""The row linking this person to `unit` that has no move-out date, if any."""
		return next((row for row in self.units if row.unit == unit and not row.move_out_date), None)
