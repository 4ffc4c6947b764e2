# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

from property_service.core.lifecycle import keep_system_fields
from property_service.engagement import activities

FIGURES = ("households", "people", "attended")


class ActivityError(frappe.ValidationError):
	pass


class CommunityActivity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity_plan: DF.Link | None
		activity_type: DF.Literal[
			"Culture", "Sports", "Festival", "Children", "Seniors", "Publicity", "Other"
		]
		attended: DF.Int
		capacity: DF.Int
		community: DF.Link
		description: DF.TextEditor | None
		ends_on: DF.Datetime | None
		households: DF.Int
		people: DF.Int
		place: DF.Data
		review: DF.TextEditor | None
		sign_up_by: DF.Datetime | None
		starts_on: DF.Datetime
		status: DF.Literal["Planned", "Open", "Held", "Cancelled"]
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, FIGURES)
		if self.ends_on and get_datetime(self.ends_on) < get_datetime(self.starts_on):
			frappe.throw(_("An activity cannot end before it starts."), ActivityError)
		if self.sign_up_by and get_datetime(self.sign_up_by) > get_datetime(self.starts_on):
			frappe.throw(_("Sign-up closes before the activity starts."), ActivityError)
		if (
			self.activity_plan
			and frappe.db.get_value("Community Activity Plan", self.activity_plan, "community")
			!= self.community
		):
			frappe.throw(_("The activity plan is another community's."), ActivityError)

	def on_update(self):
		activities.tick_plan(self)
