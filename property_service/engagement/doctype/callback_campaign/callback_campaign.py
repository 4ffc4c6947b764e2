# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.customer_service.lifecycle import keep_system_fields
from property_service.engagement import routine_callbacks

STATE_FIELDS = ("status",)
FIGURES = ("planned", "done", "coverage", "home_visits", "home_visit_rate", "target", "passed")


class CallbackCampaign(Document):
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
