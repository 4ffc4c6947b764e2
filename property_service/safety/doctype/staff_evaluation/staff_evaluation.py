# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.customer_service.lifecycle import keep_system_fields
from property_service.fees.periods import validate_period
from property_service.safety import evaluations


class StaffEvaluation(Document):
	def validate(self):
		self.period = validate_period(self.period)
		keep_system_fields(self, ("evaluator",))  # who submitted it
		if self._action in ("save", "submit"):  # counted, whatever a save sends
			self.update(evaluations.figures(self.staff, self.period))

	def before_submit(self):
		if not self.rating:
			frappe.throw(_("Rate the staff member before submitting the evaluation."))
		self.evaluator = frappe.session.user
