# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from property_service.safety import training


class TrainingSession(Document):
	def validate(self):
		if self.exam and not 0 < flt(self.pass_mark) <= 100:
			frappe.throw(_("The pass mark is between 1 and 100."), training.TrainingScoreError)
		if self.training_type != "Emergency Training":
			self.emergency_plan = None
		training.check_and_count(self)
