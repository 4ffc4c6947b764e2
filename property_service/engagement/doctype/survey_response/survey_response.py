# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.core.permissions import acts_as_resident, resident_owner
from property_service.core.requesters import check_resident_input
from property_service.engagement import surveys
from property_service.property.occupancy import current_links

# what a resident sends when answering on the portal; the rest is set for them
RESIDENT_FIELDS = ("opinion_survey", "unit", "ratings", "comments")
# fixed once answered
ABOUT_FIELDS = ("opinion_survey", "unit", "property_owner", "channel")
# the answer itself, kept once the survey closes
ANSWER_FIELDS = ("ratings", "comments", "signed", "refused_to_sign", "owner_signature")


class SurveyResponseError(frappe.ValidationError):
	pass


class SurveyResponse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.engagement.doctype.survey_response_rating.survey_response_rating import (
			SurveyResponseRating,
		)

		channel: DF.Literal["Paper", "Portal", "Phone", "Visit", "Other"]
		comments: DF.SmallText | None
		community: DF.Link | None
		entered_by: DF.Link | None
		explained_on: DF.Date | None
		explanation: DF.SmallText | None
		misunderstanding: DF.Check
		opinion_survey: DF.Link
		owner_name: DF.Data | None
		phone: DF.Phone | None
		property_owner: DF.Link | None
		ratings: DF.Table[SurveyResponseRating]
		refused_to_sign: DF.Check
		signed: DF.Check
		unit: DF.Link

	# end: auto-generated types
	def before_insert(self):
		check_resident_input(self, RESIDENT_FIELDS)
		if acts_as_resident(self.doctype, "create"):
			self.channel = "Portal"
			self.property_owner = resident_owner(frappe.session.user)
		self.entered_by = frappe.session.user

	def validate(self):
		if not self.is_new():
			keep_system_fields(self, ("entered_by",))
		if changed := changed_fields(self, ABOUT_FIELDS):
			frappe.throw(
				_("Who answered which survey cannot change ({0}).").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				SurveyResponseError,
			)
		survey = frappe.db.get_value(
			"Opinion Survey", self.opinion_survey, ["status", "community"], as_dict=True
		)
		if not survey:
			frappe.throw(_("Opinion Survey {0} not found.").format(self.opinion_survey), SurveyResponseError)
		if survey.status != surveys.OPEN:
			# once closed, an answer stands; the office may still record its explanation (level 1)
			if self.is_new() or changed_fields(self, ANSWER_FIELDS):
				frappe.throw(
					_("The survey {0} is not open for answers.").format(self.opinion_survey),
					SurveyResponseError,
				)
			return
		if self.is_new() and frappe.db.exists(
			"Survey Response", {"opinion_survey": self.opinion_survey, "unit": self.unit}
		):
			frappe.throw(
				_("Unit {0} has answered this survey already.").format(self.unit), SurveyResponseError
			)
		self.validate_unit(survey)
		self.validate_ratings()
		self.validate_signature()

	def validate_unit(self, survey):
		if frappe.db.get_value("Property Unit", self.unit, "community") != survey.community:
			frappe.throw(
				_("Unit {0} is not in the survey's community.").format(self.unit), SurveyResponseError
			)
		links = [link for link in current_links([self.unit]) if link.lives_here]
		if not links:
			frappe.throw(
				_("Nobody lives in unit {0}: a survey asks the occupied units.").format(self.unit),
				SurveyResponseError,
			)
		people = [link.property_owner for link in links]
		if not self.property_owner:
			owners = [link.property_owner for link in links if link.relation == "Owner"]
			self.property_owner = (owners or people)[0]
		elif self.property_owner not in people:
			frappe.throw(
				_("{0} does not live in unit {1}.").format(self.property_owner, self.unit),
				SurveyResponseError,
			)
		if not self.phone:  # the form's 电话: the household's number unless the office wrote another
			self.phone = frappe.db.get_value("Property Owner", self.property_owner, "mobile_no")

	def validate_ratings(self):
		areas = frappe.get_all(
			"Opinion Survey Item",
			{"parent": self.opinion_survey, "parenttype": "Opinion Survey"},
			pluck="area",
			order_by="idx",
		)
		given = [row.area for row in self.ratings]
		if len(set(given)) != len(given) or set(given) - set(areas):
			frappe.throw(
				_("A response rates the survey's items, each once: {0}.").format(
					", ".join(_(a) for a in areas)
				),
				SurveyResponseError,
			)
		for area in areas:  # an item not rated is there, blank: no answer
			if area not in given:
				self.append("ratings", {"area": area})
		self.ratings.sort(key=lambda row: areas.index(row.area))
		for idx, row in enumerate(self.ratings, 1):
			row.idx = idx
		if not any(row.rating for row in self.ratings):
			frappe.throw(_("Rate at least one item."), SurveyResponseError)
		for row in self.ratings:
			if row.rating and row.rating not in surveys.RATINGS:
				frappe.throw(
					_("Rate each item Satisfied, Fairly Satisfied or Dissatisfied."), SurveyResponseError
				)

	def validate_signature(self):
		if self.signed and self.refused_to_sign:
			frappe.throw(_("A form is either signed or refused: not both."), SurveyResponseError)
		if self.channel == "Paper" and not (self.signed or self.refused_to_sign or self.owner_signature):
			frappe.throw(
				_("A paper form is signed by the owner, or marked as refused to sign (never forced)."),
				SurveyResponseError,
			)

	def on_update(self):
		surveys.refresh_figures(self.opinion_survey)

	def on_trash(self):
		if frappe.db.get_value("Opinion Survey", self.opinion_survey, "status") == surveys.CLOSED:
			frappe.throw(_("A closed survey's responses are kept."), SurveyResponseError)

	def after_delete(self):
		surveys.refresh_figures(self.opinion_survey)


def on_doctype_update():
	frappe.db.add_unique("Survey Response", ["opinion_survey", "unit"], constraint_name="unique_survey_unit")
