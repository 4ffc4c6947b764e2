# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from property_service.core.assignments import assign
from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.core.permissions import names_others
from property_service.core.registry import with_callbacks
from property_service.customer_service.callbacks import (
	attempts_allowed,
	on_callback_rated,
	on_callback_unreachable,
	report_major_problem,
)
from property_service.vocabulary import CANCELLED, CS_SUPERVISOR, DONE, PROPERTY_MANAGER, TO_DO, UNREACHABLE

# what a callback is about is fixed once it is made
ABOUT_FIELDS = ("reference_doctype", "reference_name", "unit", "property_owner")
# an attempt as recorded; a recorded attempt never changes
ATTEMPT_FIELDS = ("attempted_on", "attempted_by", "callback_method", "outcome", "note")
# who may take a rating back (the callback is then to do again)
REOPENERS = (CS_SUPERVISOR, PROPERTY_MANAGER, "System Manager")


class OpenQuestionError(frappe.ValidationError):
	pass


class CallbackSourceError(frappe.ValidationError):
	pass


class AlreadyRatedError(frappe.ValidationError):
	pass


class AttemptLogError(frappe.ValidationError):
	pass


class CallbackRecord(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agent: DF.Link | None
		answer_by: DF.Date | None
		answered_on: DF.Date | None
		callback_campaign: DF.Link | None
		callback_date: DF.Datetime | None
		community: DF.Link | None
		callback_method: DF.Literal["", "Home Visit", "Phone", "Office", "Other"]
		content_and_result: DF.Text | None
		due_date: DF.Date | None
		open_question: DF.SmallText | None
		owner_name: DF.Data | None
		property_owner: DF.Link | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		refused_to_sign: DF.Check
		satisfaction: DF.Literal["", "A - Satisfied", "B - Fairly Satisfied", "C - Dissatisfied"]
		status: DF.Literal["To Do", "Done", "Cancelled"]
		unit: DF.Link | None
		visitor: DF.Link | None
		visitor_signature: DF.Signature | None

	# end: auto-generated types
	def validate(self):
		if not self.flags.from_campaign:  # set by a routine campaign (engagement/routine_callbacks.py)
			keep_system_fields(self, ("callback_campaign",))
		keep_system_fields(self, ("major_problem_action",))
		if not names_others(self):  # who called back: set when the callback is done (set_status)
			keep_system_fields(self, ("visitor",))
		self.validate_source()
		self.community = frappe.db.get_value("Property Unit", self.unit, "community") if self.unit else None
		self.validate_rating_once()
		self.validate_open_question()
		self.stamp_attempts()
		self.set_status()

	def on_update(self):
		before = self.get_doc_before_save()
		if self.agent and self.status == TO_DO and (not before or before.agent != self.agent):
			# the office chose the agent; otherwise the Assignment Rule chooses (assignment_rules.py)
			about = (
				_("Call back about {0} {1}").format(_(self.reference_doctype), self.reference_name)
				if self.reference_name
				else _("Routine callback {0}").format(self.unit or "")
			)
			assign(self, [self.agent], about, self.due_date)
		if self.satisfaction and (not before or before.satisfaction != self.satisfaction):
			on_callback_rated(self)
		elif self.status == UNREACHABLE and (not before or before.status != UNREACHABLE):
			on_callback_unreachable(self)
		if (self.major_problem or "").strip() and not self.major_problem_action:
			report_major_problem(self)

	def validate_source(self):
		"""A callback about a record takes that record's unit and resident; neither changes."""
		if changed := changed_fields(self, ABOUT_FIELDS):
			frappe.throw(
				_("What a callback is about cannot change ({0}): make a new one.").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				CallbackSourceError,
			)
		if not self.is_new() or not self.reference_doctype or self.flags.about_given:
			return  # (`about_given`: the app's own code names the unit, as for survey results)
		if self.reference_doctype not in with_callbacks():
			frappe.throw(
				_("A callback is about a service request, a complaint or a special service."),
				CallbackSourceError,
			)
		source = frappe.db.get_value(
			self.reference_doctype, self.reference_name, ["unit", "property_owner"], as_dict=True
		)
		if not source:
			frappe.throw(
				_("{0} {1} does not exist.").format(_(self.reference_doctype), self.reference_name),
				CallbackSourceError,
			)
		self.unit, self.property_owner = source.unit, source.property_owner

	def validate_rating_once(self):
		"""A rating is given once; a supervisor may take it back, which makes the callback due again."""
		before = self.get_doc_before_save()
		if not before or not before.satisfaction or before.satisfaction == self.satisfaction:
			return
		user = frappe.session.user
		may_reopen = user == "Administrator" or set(REOPENERS) & set(frappe.get_roles(user))
		if self.satisfaction or not may_reopen:
			frappe.throw(
				_("This callback was rated {0} already; a customer-service supervisor can reopen it.").format(
					_(before.satisfaction)
				),
				AlreadyRatedError,
			)

	def stamp_attempts(self):
		"""The attempts are a log: a new one is stamped with who is signed in and when; a recorded
		one is neither changed nor removed; none is added once the resident was reached."""
		before = self.get_doc_before_save()
		recorded = {row.name: row for row in (before.attempts if before else [])}
		now = {row.name: row for row in self.attempts if row.name in recorded}
		if len(now) != len(recorded) or any(
			now[name].get(f) != row.get(f) for name, row in recorded.items() for f in ATTEMPT_FIELDS
		):
			frappe.throw(_("Recorded attempts cannot be changed or removed."), AttemptLogError)
		new = [row for row in self.attempts if row.name not in recorded]
		if new and (self.satisfaction or self.status == CANCELLED):
			frappe.throw(_("This callback is finished: no attempt can be added."), AttemptLogError)
		for row in new:
			row.attempted_by, row.attempted_on = frappe.session.user, now_datetime()

	def set_status(self):
		"""Done exactly when rated; a callback cannot be marked done without its rating. Not
		rated after the attempts the office allows (or once so): Unreachable."""
		if self.satisfaction:
			if self.status != DONE:
				self.status = DONE
				self.callback_date = self.callback_date or now_datetime()
				self.visitor = (self.visitor if names_others(self) else None) or frappe.session.user
		elif self.status != CANCELLED:
			before = self.get_doc_before_save()
			was_unreachable = before is not None and before.status == UNREACHABLE
			unreachable = was_unreachable or len(self.attempts) >= attempts_allowed()
			self.status = UNREACHABLE if unreachable else TO_DO

	def validate_open_question(self):
		if (self.open_question or "").strip() and not self.answer_by and not self.answered_on:
			frappe.throw(_("Give the date by which the open question will be answered."), OpenQuestionError)
