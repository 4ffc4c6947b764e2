# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.vocabulary import CONFIRMED


class OwnerDataUpdate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.operations.doctype.owner_data_change.owner_data_change import OwnerDataChange

		changes: DF.Table[OwnerDataChange]
		community: DF.Link | None
		confirmed_by: DF.Link | None
		confirmed_on: DF.Datetime | None
		notes: DF.SmallText | None
		period: DF.Data
		status: DF.Literal["Draft", "Confirmed"]

	# end: auto-generated types
	def autoname(self):
		self.name = f"ODU-{self.community}-{self.period}" if self.community else f"ODU-{self.period}"

	def validate(self):
		if self.is_new():  # made by the monthly job only (nobody has the create right)
			return
		keep_system_fields(self, ("period", "community", "status", "confirmed_by", "confirmed_on"))
		if changed_fields(self, ("changes",)):
			before = self.get_doc_before_save()
			self.set("changes", [row.as_dict() for row in before.changes])

	@frappe.whitelist()
	def confirm(self) -> None:
		"""The clerk has checked the month's changes (and filed what needed filing)."""
		self.check_permission("write")
		self.db_set(
			{
				"status": CONFIRMED,
				"confirmed_by": frappe.session.user,
				"confirmed_on": now_datetime(),
			}
		)
