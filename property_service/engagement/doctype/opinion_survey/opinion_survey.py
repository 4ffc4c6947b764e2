# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.engagement import surveys

# set by the survey's own actions (open, close, publish), never by a form or REST
STATE_FIELDS = ("status", "occupied_units", "previous_survey", "opening_notice", "results_notice")
# counted from the responses (surveys.refresh_figures) and kept whatever a save sends, the
# survey's own actions included: a document in hand may hold figures older than the stored ones
FIGURES = ("responses", "coverage", "answers", "satisfied", "satisfaction_rate")
ITEM_FIGURES = ("answers", "satisfied", "satisfaction_rate")


class SurveyItemsError(frappe.ValidationError):
	pass


class OpinionSurvey(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.engagement.doctype.opinion_survey_finding.opinion_survey_finding import (
			OpinionSurveyFinding,
		)
		from property_service.engagement.doctype.opinion_survey_item.opinion_survey_item import (
			OpinionSurveyItem,
		)

		answers: DF.Int
		community: DF.Link
		coverage: DF.Percent
		end_date: DF.Date
		findings: DF.Table[OpinionSurveyFinding]
		items: DF.Table[OpinionSurveyItem]
		occupied_units: DF.Int
		opening_notice: DF.Link | None
		previous_survey: DF.Link | None
		rectification_plan: DF.TextEditor | None
		responses: DF.Int
		results_notice: DF.Link | None
		satisfaction_rate: DF.Percent
		satisfied: DF.Int
		start_date: DF.Date
		status: DF.Literal["Draft", "Open", "Closed"]
		template: DF.Literal["Eight Areas", "Paper Form"]
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, FIGURES)
		self.keep_item_figures()
		if not self.flags.system_change:
			keep_system_fields(self, STATE_FIELDS)
			self.keep_finding_actions()
			self.status = self.status or surveys.DRAFT
		if not self.items:
			self.set(
				"items", [{"area": area} for area in surveys.template_areas(self.template or "Eight Areas")]
			)
		self.validate_items()
		if getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("A survey cannot end before it starts."), surveys.SurveyStateError)

	def validate_items(self):
		areas = [(item.area or "").strip() for item in self.items]
		if len(set(areas)) != len(areas) or "" in areas:
			frappe.throw(_("Each item of a survey is named once."), SurveyItemsError)
		if self.status != surveys.DRAFT and changed_fields(self, ("items",)):
			before = self.get_doc_before_save()
			if [i.area for i in before.items] != areas:
				frappe.throw(_("The items of an opened survey cannot change."), SurveyItemsError)

	def keep_item_figures(self):
		"""The per-item figures are counted from the responses, whatever a save sends."""
		before = self.get_doc_before_save()
		stored = {item.area: item for item in before.items} if before else {}
		for item in self.items:
			for field in ITEM_FIGURES:
				item.set(field, stored[item.area].get(field) if item.area in stored else 0)

	def keep_finding_actions(self):
		before = self.get_doc_before_save()
		stored = {row.name: row.corrective_action for row in before.findings} if before else {}
		for row in self.findings:
			row.corrective_action = stored.get(row.name)

	@frappe.whitelist()
	def open(self) -> None:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		surveys.open_survey(self)

	@frappe.whitelist()
	def close(self) -> None:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		surveys.close_survey(self)

	@frappe.whitelist()
	def publish_results(self) -> str:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		return surveys.publish_results(self)

	@frappe.whitelist()
	def raise_corrective_actions(self) -> list[str]:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		frappe.has_permission("Corrective Action", "create", throw=True)
		return surveys.raise_actions(self)

	def report(self) -> dict:
		return surveys.report(self)
