# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from property_service.core.lifecycle import keep_system_fields
from property_service.safety import publicity


class SafetyPublicity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity_type: DF.Literal["Display Board", "Forum", "Drill Viewing"]
		attendance: DF.Int
		community: DF.Link
		content: DF.TextEditor | None
		emergency_drill: DF.Link | None
		held_on: DF.Date
		location: DF.Data | None
		materials: DF.Attach | None
		notice: DF.Link | None
		publish_to_residents: DF.Check
		topic: DF.Data
		until: DF.Date | None

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, ("notice",))
		if (self.attendance or 0) < 0:
			frappe.throw(_("Attendance cannot be negative."))
		if self.until and getdate(self.until) < getdate(self.held_on):
			frappe.throw(_("A display board cannot come down before it goes up."))
		if self.activity_type != "Drill Viewing":
			self.emergency_drill = None
		elif self.emergency_drill:
			if frappe.db.get_value("Emergency Drill", self.emergency_drill, "community") != self.community:
				frappe.throw(_("The drill viewed is not in community {0}.").format(self.community))

	def on_update(self):
		publicity.publish(self)

	def on_trash(self):
		publicity.withdraw_notice(self.notice)
