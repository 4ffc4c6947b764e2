# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from property_service.vocabulary import COMPLETED, INEFFECTIVE, OPEN, VERIFIED


class CorrectiveActionError(frappe.ValidationError):
	pass


class CorrectiveAction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Text | None
		action_type: DF.Literal["Corrective Action", "Preventive Action"]
		cause: DF.Text | None
		completed_on: DF.Date | None
		deadline: DF.Date
		problem: DF.Text
		reference_doctype: DF.Literal[
			"", "Complaint", "Callback Record", "Service Request", "Opinion Survey", "Emergency Drill"
		]
		reference_name: DF.DynamicLink | None
		responsible_department: DF.Data | None
		responsible_user: DF.Link | None
		status: DF.Literal["Open", "Completed", "Verified", "Ineffective"]
		verification: DF.Text | None
		verified_by: DF.Link | None
		verified_on: DF.Date | None

	# end: auto-generated types
	def validate(self):
		before = self.get_doc_before_save()
		if self.status == COMPLETED and (not before or before.status != COMPLETED):
			if not (self.action or "").strip():
				frappe.throw(_("Describe the action taken before completing."), CorrectiveActionError)
			self.completed_on = today()
		if self.status in (VERIFIED, INEFFECTIVE) and (not before or before.status != self.status):
			if not (self.verification or "").strip():
				frappe.throw(_("Record the verification result."), CorrectiveActionError)
			self.verified_by, self.verified_on = frappe.session.user, today()

	@property
	def is_overdue(self) -> bool:
		return self.status == OPEN and getdate(self.deadline) < getdate(today())
