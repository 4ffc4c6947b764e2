# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.customer_service.lifecycle import changed_fields, keep_system_fields
from property_service.office import diaries


class WorkDiary(Document):
	def autoname(self):
		"""One diary a day for each writer: whoever makes it."""
		self.writer = frappe.session.user
		self.name = f"DIARY-{self.diary_date}-{self.writer}"

	def validate(self):
		if not self.is_new():
			keep_system_fields(self, ("writer", "diary_date"))
			if frappe.session.user != self.writer and changed_fields(self, ("notes",)):
				frappe.throw(_("Only {0} writes this diary.").format(self.writer), frappe.PermissionError)
		diaries.fill(self)
