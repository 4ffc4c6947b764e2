# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""The year's training plan (培训计划, seed 12.1.5 (8)): safety/training.py holds its rules."""

import frappe
from frappe.model.document import Document

from property_service.safety import training


class TrainingPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.safety.doctype.training_plan_item.training_plan_item import TrainingPlanItem

		community: DF.Link | None
		held_count: DF.Int
		items: DF.Table[TrainingPlanItem]
		planned_count: DF.Int
		title: DF.Data
		year: DF.Int

	# end: auto-generated types
	def validate(self):
		training.keep_held(self)

	@frappe.whitelist()
	def hold(self, line: str) -> str:
		"""Holds one of the plan's lines: a Training Session made from it (the form's button)."""
		self.check_permission("read")
		frappe.has_permission("Training Session", "create", throw=True)
		return training.hold(self, line)
