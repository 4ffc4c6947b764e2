# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from property_service.core.lifecycle import keep_system_fields
from property_service.core.permissions import names_others, signed_in_person
from property_service.engagement import visits
from property_service.vocabulary import SUBMITTED


class VisitSummaryError(frappe.ValidationError):
	pass


class OwnerVisitSummary(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.engagement.doctype.owner_visit_summary_item.owner_visit_summary_item import (
			OwnerVisitSummaryItem,
		)

		author: DF.Link
		community: DF.Link | None
		due_date: DF.Date | None
		feedback_given: DF.Int
		feedback_needed: DF.Int
		items: DF.Table[OwnerVisitSummaryItem]
		kind: DF.Literal["Agent Summary", "Office Manager Summary"]
		period: DF.Data
		planned: DF.Int
		status: DF.Literal["Draft", "Submitted"]
		submitted_on: DF.Date | None
		summary: DF.TextEditor | None
		summary_key: DF.Data | None
		visits: DF.Int

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, ("submitted_on", "submitted_late"))
		self.validate_kind_and_author()
		self.summary_key = visits.summary_key(
			self.kind, self.period, self.community if self.kind == visits.MANAGER else self.author
		)
		if self.kind == visits.MANAGER and not self.community:
			frappe.throw(_("The manager's monthly summary is per community."), VisitSummaryError)
		before = self.get_doc_before_save()
		if not before or before.status != SUBMITTED:  # the figures stand once submitted
			visits.fill_figures(self)
		else:
			keep_system_fields(self, visits.SUMMARY_FIGURES)
		if before and before.status == SUBMITTED and self.status != SUBMITTED:
			frappe.throw(_("A submitted summary stays submitted."), VisitSummaryError)
		if self.status == SUBMITTED and (not before or before.status != SUBMITTED):
			self.check_complete()
			self.submitted_on = today()
			self.submitted_late = int(getdate(self.submitted_on) > getdate(self.due_date))
		self.stamp_review()

	def stamp_review(self):
		"""The office manager's review of an agent's submitted summary (seed 12.1.2 (2) 7:
		提交管理处主任审阅): who and when are the signed-in user and today; a review stands once
		recorded. The comment is a permission-level-1 field: only the manager writes it."""
		keep_system_fields(self, ("reviewed_by", "reviewed_on"))
		before = self.get_doc_before_save()
		reviewed = (before.review_comment or "").strip() if before else ""
		comment = (self.review_comment or "").strip()
		if reviewed:
			if comment != reviewed:
				frappe.throw(_("A recorded review cannot be changed."), VisitSummaryError)
			return
		if not comment:
			return
		if self.kind != visits.AGENT or self.status != SUBMITTED:
			frappe.throw(_("The manager reviews an agent's summary once it is submitted."), VisitSummaryError)
		self.reviewed_by, self.reviewed_on = frappe.session.user, today()

	def validate_kind_and_author(self):
		"""An agent writes their own agent summary, the office manager their community's: the
		author is who is signed in, the kind follows their role, and both stay once made."""
		signed_in_person(self, "author")
		if not self.is_new():
			self.kind = self.get_doc_before_save().kind
			return
		role = visits.KIND_ROLES.get(self.kind)
		if not names_others(self) and role not in frappe.get_roles(self.author):
			frappe.throw(
				_("Only a user with the {0} role writes a {1}.").format(_(role), _(self.kind)),
				VisitSummaryError,
			)

	def check_complete(self):
		if not (self.summary or "").strip():
			frappe.throw(_("Write the summary before submitting it."), VisitSummaryError)
		undecided = [row.idx for row in self.items if not row.decision]
		if undecided:
			frappe.throw(
				_("Decide on each suggestion (adopt, explain or reject) before submitting: rows {0}.").format(
					", ".join(str(idx) for idx in undecided)
				),
				VisitSummaryError,
			)
		missing = [row.idx for row in self.items if row.fed_back and not (row.feedback or "").strip()]
		if missing:
			frappe.throw(
				_("Say what was fed back to the owner: rows {0}.").format(
					", ".join(str(idx) for idx in missing)
				),
				VisitSummaryError,
			)
