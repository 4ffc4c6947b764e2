# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from property_service.core.permissions import community_of
from property_service.vocabulary import COMPLETED, INEFFECTIVE, MANAGEMENT_REPRESENTATIVE, OPEN, VERIFIED


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
		community: DF.Link | None
		completed_on: DF.Date | None
		deadline: DF.Date
		problem: DF.Text
		reference_doctype: DF.Literal[
			"",
			"Complaint",
			"Callback Record",
			"Service Request",
			"Opinion Survey",
			"Emergency Drill",
			"Emergency Incident",
		]
		reference_name: DF.DynamicLink | None
		responsible_department: DF.Data | None
		responsible_user: DF.Link | None
		status: DF.Literal["Open", "Completed", "Verified", "Ineffective"]
		verification: DF.Text | None
		verified_by: DF.Link | None
		verified_on: DF.Date | None
		verifier_role: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.verifier_role = verifier_role(self)
		self.community = community_of(self.reference_doctype, self.reference_name)
		before = self.get_doc_before_save()
		if self.status == COMPLETED and (not before or before.status != COMPLETED):
			if not (self.action or "").strip():
				frappe.throw(_("Describe the action taken before completing."), CorrectiveActionError)
			self.completed_on = today()
		if self.status in (VERIFIED, INEFFECTIVE) and (not before or before.status != self.status):
			if not (self.verification or "").strip():
				frappe.throw(_("Record the verification result."), CorrectiveActionError)
			user = frappe.session.user
			if (
				self.verifier_role
				and user != "Administrator"
				and self.verifier_role not in frappe.get_roles(user)
			):
				frappe.throw(
					_("This corrective action is verified by the {0}.").format(_(self.verifier_role)),
					CorrectiveActionError,
				)
			self.verified_by, self.verified_on = frappe.session.user, today()

	@property
	def is_overdue(self) -> bool:
		return self.status == OPEN and getdate(self.deadline) < getdate(today())


def verifier_role(action) -> str | None:
	"""The Management Representative verifies the report on a major complaint (seed 12.1.5 (4) 3 7:
	管理者代表负责问题的处理落实及结果的跟踪验证); any of the office's roles with write access the rest."""
	if action.reference_doctype == "Complaint" and action.reference_name:
		if frappe.db.get_value("Complaint", action.reference_name, "severity") == "Major":
			return MANAGEMENT_REPRESENTATIVE
	return None
