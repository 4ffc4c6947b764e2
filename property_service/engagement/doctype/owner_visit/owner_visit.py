# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from property_service.core.lifecycle import keep_system_fields
from property_service.core.permissions import signed_in_person
from property_service.engagement import visits
from property_service.property.occupancy import current_links


class OwnerVisitError(frappe.ValidationError):
	pass


class OwnerVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		appointment_time: DF.Datetime | None
		community: DF.Link | None
		feedback: DF.SmallText | None
		feedback_given: DF.Check
		feedback_needed: DF.Check
		feedback_on: DF.Date | None
		notes: DF.Text
		owner_name: DF.Data | None
		property_owner: DF.Link | None
		refused_to_sign: DF.Check
		signed: DF.Check
		suggestions: DF.SmallText | None
		topic_convenience: DF.Check
		topic_culture: DF.Check
		topic_difficulties: DF.Check
		topic_management: DF.Check
		topic_other: DF.Check
		unit: DF.Link
		visit_date: DF.Date
		visit_mode: DF.Literal["Home Visit", "Office", "Outdoor", "Questionnaire", "Phone", "Other"]
		visit_plan: DF.Link | None
		visitor: DF.Link
		visitor_opinion: DF.SmallText | None

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, ("visit_plan",))
		signed_in_person(self, "visitor")
		if self.visit_mode == "Home Visit" and not self.appointment_time:
			frappe.throw(_("A home visit is made by appointment: give the agreed time."), OwnerVisitError)
		if self.signed and self.refused_to_sign:
			frappe.throw(_("A record is either signed or refused: not both."), OwnerVisitError)
		self.validate_person()
		self.validate_feedback()

	def validate_person(self):
		"""The person visited lives in or owns the unit now (a company for a staff dormitory)."""
		people = [link.property_owner for link in current_links([self.unit])]
		if not people:
			frappe.throw(_("Nobody lives in or owns unit {0} now.").format(self.unit), OwnerVisitError)
		if not self.property_owner:
			self.property_owner = people[0]
		elif self.property_owner not in people:
			frappe.throw(
				_("{0} does not live in unit {1}.").format(self.property_owner, self.unit), OwnerVisitError
			)

	def validate_feedback(self):
		if not self.feedback_needed:
			self.feedback_given = 0
		if self.feedback_given and not (self.feedback or "").strip():
			frappe.throw(_("Say what was fed back to the owner."), OwnerVisitError)
		before = self.get_doc_before_save()
		if self.feedback_given and (not before or not before.feedback_given):
			self.feedback_on = today()
		elif not self.feedback_given:
			self.feedback_on = None
		else:
			self.feedback_on = before.feedback_on

	def on_update(self):
		before = self.get_doc_before_save()
		if before and (before.unit, before.visit_date) != (self.unit, self.visit_date):
			visits.untick_plan(before)
		visits.tick_plan(self)

	def on_trash(self):
		visits.untick_plan(self)
