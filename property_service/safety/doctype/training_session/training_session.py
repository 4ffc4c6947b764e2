# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from property_service.safety import training


class TrainingSession(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.safety.doctype.training_attendee.training_attendee import TrainingAttendee

		attended_count: DF.Int
		attendees: DF.Table[TrainingAttendee]
		community: DF.Link | None
		content: DF.TextEditor | None
		department: DF.Data | None
		emergency_plan: DF.Link | None
		exam: DF.Literal["", "Written", "Oral", "Written and Oral"]
		materials: DF.Attach | None
		pass_mark: DF.Float
		passed_count: DF.Int
		plan_item: DF.Data | None
		session_date: DF.Date
		title: DF.Data
		training_plan: DF.Link | None
		trainer: DF.Data | None
		training_type: DF.Literal["Department Training", "Emergency Training", "Safety Meeting"]

	# end: auto-generated types
	def validate(self):
		if self.exam and not 0 < flt(self.pass_mark) <= 100:
			frappe.throw(_("The pass mark is between 1 and 100."), training.TrainingScoreError)
		if self.training_type != "Emergency Training":
			self.emergency_plan = None
		training.check_and_count(self)
		training.check_plan(self)

	def on_update(self):
		training.mark_held(self)

	def on_trash(self):
		training.unmark_held(self)
