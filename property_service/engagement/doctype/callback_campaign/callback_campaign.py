# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import keep_system_fields
from property_service.engagement import routine_callbacks

STATE_FIELDS = ("status",)
FIGURES = ("planned", "done", "coverage", "home_visits", "home_visit_rate", "target", "passed")


class CallbackCampaign(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		community: DF.Link
		coverage: DF.Percent
		done: DF.Int
		due_date: DF.Date
		home_visit_rate: DF.Percent
		home_visits: DF.Int
		passed: DF.Check
		planned: DF.Int
		quarter: DF.Data
		round: DF.Int
		share: DF.Percent
		status: DF.Literal["Draft", "Open", "Closed"]
		target: DF.Percent
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, FIGURES)
		if not self.flags.system_change:
			keep_system_fields(self, STATE_FIELDS)
			self.status = self.status or routine_callbacks.DRAFT
		if not re.fullmatch(r"\d{4}-Q[1-4]", self.quarter or ""):
			frappe.throw(
				_("Give the quarter as YYYY-Qn, for example 2026-Q4."), routine_callbacks.CampaignStateError
			)
		if self.share is not None and not 0 <= self.share <= 100:
			frappe.throw(_("The share is a percentage from 0 to 100."), routine_callbacks.CampaignStateError)

	@frappe.whitelist()
	def make_callbacks(self) -> int:
		self.check_permission("write")
		return routine_callbacks.make_callbacks(self)

	@frappe.whitelist()
	def close(self) -> None:
		self.check_permission("write")
		routine_callbacks.close(self)
