# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from property_service.customer_service.callbacks import on_callback_rated


class OpenQuestionError(frappe.ValidationError):
	pass


class CallbackRecord(Document):
	def validate(self):
		self.validate_open_question()
		if self.satisfaction and self.status == "To Do":
			self.status = "Done"
			self.callback_date = self.callback_date or now_datetime()
			self.visitor = self.visitor or frappe.session.user

	def on_update(self):
		before = self.get_doc_before_save()
		if self.satisfaction and (not before or before.satisfaction != self.satisfaction):
			on_callback_rated(self)

	def validate_open_question(self):
		if (self.open_question or "").strip() and not self.answer_by and not self.answered_on:
			frappe.throw(_("Give the date by which the open question will be answered."), OpenQuestionError)
