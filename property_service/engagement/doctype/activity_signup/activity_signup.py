# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.core.permissions import acts_as_resident, resident_owner
from property_service.core.requesters import check_resident_input
from property_service.engagement import activities

# what a resident sends when signing up; the rest is the office's
RESIDENT_FIELDS = ("activity", "unit", "people", "note")


class ActivitySignup(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity: DF.Link
		attended: DF.Check
		community: DF.Link | None
		feedback: DF.SmallText | None
		note: DF.SmallText | None
		owner_name: DF.Data | None
		people: DF.Int
		property_owner: DF.Link | None
		status: DF.Literal["Signed Up", "Cancelled"]
		unit: DF.Link

	# end: auto-generated types
	def before_insert(self):
		check_resident_input(self, RESIDENT_FIELDS)
		if acts_as_resident(self.doctype, "create"):
			self.property_owner = resident_owner(frappe.session.user)

	def validate(self):
		if not self.flags.status_change:
			keep_system_fields(self, ("status",))
			self.status = self.status or activities.SIGNED_UP
		if changed := changed_fields(self, ("activity", "unit", "property_owner")):
			frappe.throw(
				_("Make a new sign-up instead of changing {0}.").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				activities.SignUpError,
			)
		if self.status == activities.SIGNED_UP and (
			self.is_new() or changed_fields(self, ("people", "status"))
		):
			activities.check_sign_up(self)
		if self.is_new() and frappe.db.exists(
			"Activity Signup", {"activity": self.activity, "property_owner": self.property_owner}
		):
			frappe.throw(
				_("{0} has signed up for this activity already.").format(
					self.owner_name or self.property_owner
				),
				activities.SignUpError,
			)

	def on_update(self):
		activities.refresh(self.activity)

	def after_delete(self):
		activities.refresh(self.activity)


def on_doctype_update():
	frappe.db.add_unique(
		"Activity Signup", ["activity", "property_owner"], constraint_name="unique_activity_person"
	)
