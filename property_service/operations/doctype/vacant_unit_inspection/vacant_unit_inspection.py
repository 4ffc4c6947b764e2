# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime, today

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.core.periods import validate_period
from property_service.core.permissions import names_others
from property_service.operations import inspections
from property_service.property.occupancy import current_links
from property_service.vocabulary import PLANNED

# set by the inspection's own rules, never by a form or REST
SYSTEM_FIELDS = ("status", "service_request", "signed_off_on")


class InspectionError(frappe.ValidationError):
	pass


class VacantUnitInspection(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.operations.doctype.vacant_unit_inspection_item.vacant_unit_inspection_item import (
			VacantUnitInspectionItem,
		)

		building: DF.Link | None
		checklist: DF.Table[VacantUnitInspectionItem]
		community: DF.Link | None
		findings: DF.SmallText | None
		inspection_date: DF.Date | None
		inspector: DF.Link | None
		period: DF.Data
		service_request: DF.Link | None
		signed_off: DF.Check
		signed_off_on: DF.Datetime | None
		status: DF.Literal["Planned", "Done"]
		unit: DF.Link

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, SYSTEM_FIELDS)
		self.status = self.status or PLANNED
		if self.is_new():
			self.validate_new()
		elif changed := changed_fields(self, ("unit", "period")):
			frappe.throw(
				_("Make a new inspection instead of changing {0}.").format(", ".join(changed)),
				InspectionError,
			)
		before = self.get_doc_before_save()
		if before and before.status == inspections.DONE:
			if changed_fields(
				self,
				[
					df.fieldname
					for df in self.meta.fields
					if df.fieldtype not in ("Section Break", "Column Break")
				],
			):
				frappe.throw(_("A signed-off inspection is kept as it was carried out."), InspectionError)
			return
		if self.signed_off:
			self.sign_off()

	def validate_new(self):
		self.period = validate_period(self.period)
		if any(link.lives_here for link in current_links([self.unit])):
			frappe.throw(
				_("Unit {0} is lived in: only vacant units are inspected.").format(self.unit), InspectionError
			)
		if not self.checklist:
			self.set("checklist", inspections.checklist())

	def sign_off(self):
		"""Carried out: who, when, every check answered, problems described."""
		# who signs off inspected: the job's choice of inspector is an assignment, not a signature
		if not (names_others(self) and self.inspector):
			self.inspector = frappe.session.user
		self.inspection_date = self.inspection_date or today()
		unanswered = [row.check for row in self.checklist if not row.result]
		if unanswered:
			frappe.throw(
				_("Record every check before signing off: {0}").format(", ".join(unanswered)), InspectionError
			)
		self.status = inspections.DONE
		self.signed_off_on = now_datetime()

	def on_update(self):
		problems = (
			any(row.result == inspections.NEEDS_REPAIR for row in self.checklist)
			or (self.findings or "").strip()
		)
		if self.status == inspections.DONE and problems and not self.service_request:
			self.db_set("service_request", inspections.raise_request(self))


def on_doctype_update():
	frappe.db.add_unique("Vacant Unit Inspection", ["unit", "period"], constraint_name="unique_unit_period")
