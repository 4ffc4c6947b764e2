# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import keep_system_fields
from property_service.core.periods import validate_period
from property_service.safety import evaluations


class StaffEvaluation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		callbacks_done: DF.Int
		evaluator: DF.Link | None
		exams_passed: DF.Int
		exams_taken: DF.Int
		inspections_done: DF.Int
		owner_visits: DF.Int
		period: DF.Data
		rating: DF.Literal["", "Excellent", "Good", "Satisfactory", "Unsatisfactory"]
		remarks: DF.SmallText | None
		requests_completed: DF.Int
		staff: DF.Link
		staff_name: DF.Data | None
		trainings_attended: DF.Int
		trainings_missed: DF.Int

	# end: auto-generated types
	def validate(self):
		self.period = validate_period(self.period)
		keep_system_fields(self, ("evaluator",))  # who submitted it
		if self._action in ("save", "submit"):  # counted, whatever a save sends
			self.update(evaluations.figures(self.staff, self.period))

	def before_submit(self):
		if not self.rating:
			frappe.throw(_("Rate the staff member before submitting the evaluation."))
		self.evaluator = frappe.session.user
