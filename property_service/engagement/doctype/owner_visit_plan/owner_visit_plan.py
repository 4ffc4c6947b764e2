# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import keep_system_fields

# made by the monthly job and counted from the visits; the office may hand a row to another agent
SYSTEM_FIELDS = ("community", "period", "occupied_units", "target", "visited", "units_visited")
ROW_SYSTEM_FIELDS = ("unit", "last_visited", "owner_visit")


class VisitPlanError(frappe.ValidationError):
	pass


class OwnerVisitPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.engagement.doctype.owner_visit_plan_unit.owner_visit_plan_unit import (
			OwnerVisitPlanUnit,
		)

		community: DF.Link
		occupied_units: DF.Int
		period: DF.Data
		target: DF.Int
		units: DF.Table[OwnerVisitPlanUnit]
		units_visited: DF.Int
		visited: DF.Int

	# end: auto-generated types
	def validate(self):
		if self.is_new():  # only the monthly job makes plans (nobody has the create right)
			return
		keep_system_fields(self, SYSTEM_FIELDS)
		before = {row.name: row for row in self.get_doc_before_save().units}
		if [row.name for row in self.units] != list(before):
			frappe.throw(
				_("The units of a visit plan are chosen by rotation: hand a row to another agent instead."),
				VisitPlanError,
			)
		for row in self.units:
			for field in ROW_SYSTEM_FIELDS:
				row.set(field, before[row.name].get(field))
