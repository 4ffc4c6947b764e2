# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today


class CorrectiveActionError(frappe.ValidationError):
	pass


class CorrectiveAction(Document):
	def validate(self):
		before = self.get_doc_before_save()
		if self.status == "Completed" and (not before or before.status != "Completed"):
			if not (self.action or "").strip():
				frappe.throw(_("Describe the action taken before completing."), CorrectiveActionError)
			self.completed_on = today()
		if self.status in ("Verified", "Ineffective") and (not before or before.status != self.status):
			if not (self.verification or "").strip():
				frappe.throw(_("Record the verification result."), CorrectiveActionError)
			self.verified_by, self.verified_on = frappe.session.user, today()

	@property
	def is_overdue(self) -> bool:
		return self.status == "Open" and getdate(self.deadline) < getdate(today())
