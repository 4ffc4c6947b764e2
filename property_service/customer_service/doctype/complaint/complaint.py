# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import (
	entered,
	limit_technician_edits,
	lock_when,
	show_technician_limits,
	stamp,
)
from property_service.core.requesters import check_resident_input, fill_requester
from property_service.customer_service.callbacks import ensure_callback
from property_service.customer_service.complaint_handlers import assign_co_responsible, assign_on_duty
from property_service.customer_service.complaint_routing import VERIFIER, reported_when_registered, route
from property_service.customer_service.escalation import MAJOR_COMPLAINT_LEVEL, escalate
from property_service.customer_service.sla import mark_first_response
from property_service.vocabulary import CLOSED, HANDLED, RESULT_VERIFIED

TECHNICIAN_FIELDS = ("status", "resolution")
RESIDENT_FIELDS = ("unit", "property_owner", "contact_phone", "channel", "complaint_category", "description")
CONTENT_FIELDS = ("unit", "property_owner", "complaint_category", "severity", "description", "resolution")


class NoResultError(frappe.ValidationError):
	pass


class VerificationError(frappe.ValidationError):
	pass


class Complaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		also_notify_role: DF.Link | None
		building: DF.Link | None
		callback_record: DF.Link | None
		channel: DF.Literal[
			"Phone",
			"Walk-in",
			"Portal",
			"Email",
			"Suggestion Box",
			"Staff",
			"Survey",
			"Government",
			"Media",
			"Other",
		]
		closed_on: DF.Datetime | None
		community: DF.Link | None
		complaint_category: DF.Literal[
			"Fees",
			"Building and Equipment",
			"Utilities",
			"Security and Parking",
			"Cleaning and Greening",
			"Staff Conduct",
			"Other",
		]
		contact_phone: DF.Data | None
		corrective_action: DF.Link | None
		description: DF.Text
		escalated_to: DF.Link | None
		escalation_level: DF.Int
		handler: DF.Link | None
		owner_name: DF.Data | None
		property_owner: DF.Link | None
		resolution: DF.Text | None
		resolved_on: DF.Datetime | None
		responsible_role: DF.Link | None
		satisfaction: DF.Data | None
		severity: DF.Literal["General", "Major"]
		status: DF.Literal[
			"Logged", "Assigned", "Being Handled", "Handled", "Result Verified", "Closed", "Escalated"
		]
		unit: DF.Link | None
		verified_by: DF.Link | None
		verified_on: DF.Datetime | None

	# end: auto-generated types
	def onload(self):
		show_technician_limits(self, TECHNICIAN_FIELDS)

	def before_insert(self):
		check_resident_input(self, RESIDENT_FIELDS)

	def validate(self):
		fill_requester(self)
		mark_first_response(self)
		lock_when(self, (CLOSED,), CONTENT_FIELDS)
		limit_technician_edits(self, TECHNICIAN_FIELDS)
		self.set_routing()
		self.validate_result()
		self.record_verification()
		stamp(self)

	def after_insert(self):
		# the technician on duty, or else one holder of the responsible role by an Assignment
		# Rule when the complaint is saved (assignment_rules.py)
		assign_on_duty(self)

	def on_change(self):
		# after the Assignment Rule: the co-responsible role beside it, and a major complaint
		# reported up now, not in an hour (complaint_routing.py)
		assign_co_responsible(self)
		registered = self.flags.in_insert and not self.escalation_level
		if registered and reported_when_registered(self.complaint_category, self.severity):
			escalate(self, MAJOR_COMPLAINT_LEVEL, registered_major=True)

	def on_update(self):
		if entered(self, RESULT_VERIFIED):
			ensure_callback(self)

	def set_routing(self):
		"""The routing matrix decides who is responsible; it is never typed."""
		self.responsible_role, self.also_notify_role = route(self.complaint_category, self.severity)

	def validate_result(self):
		if entered(self, HANDLED) and not (self.resolution or "").strip():
			frappe.throw(_("A complaint cannot be resolved without a recorded result."), NoResultError)

	def record_verification(self):
		"""Who verified and when is what the Verify action recorded, never typed."""
		if not entered(self, RESULT_VERIFIED):
			before = self.get_doc_before_save()
			self.verified_by, self.verified_on = (
				(before.verified_by, before.verified_on) if before else (None, None)
			)
			return
		user = frappe.session.user
		verifier = VERIFIER.get(self.severity, VERIFIER["General"])
		if user != "Administrator" and verifier not in frappe.get_roles(user):
			frappe.throw(
				_("The result of this complaint is verified by the {0}.").format(_(verifier)),
				VerificationError,
			)
		self.verified_by, self.verified_on = user, frappe.utils.now_datetime()
