# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""入伙 (move-in handover): customer_service/move_in.py holds its rules."""

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.customer_service import move_in
from property_service.vocabulary import COMPLETED, DRAFT

SYSTEM_FIELDS = ("status", "handed_over_by", "completed_on")
# what a completed handover keeps (its notes stay open for later remarks)
CONTENT_FIELDS = (
	"unit",
	"property_owner",
	"handover_date",
	"fees_from",
	"checklist",
	"keys",
	"meter_readings",
	"documents",
	"owner_signature",
	"signed",
)


class MoveInHandover(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.customer_service.doctype.move_in_handover_check.move_in_handover_check import (
			MoveInHandoverCheck,
		)
		from property_service.customer_service.doctype.move_in_handover_document.move_in_handover_document import (
			MoveInHandoverDocument,
		)
		from property_service.customer_service.doctype.move_in_handover_key.move_in_handover_key import (
			MoveInHandoverKey,
		)
		from property_service.customer_service.doctype.move_in_handover_meter.move_in_handover_meter import (
			MoveInHandoverMeter,
		)

		checklist: DF.Table[MoveInHandoverCheck]
		community: DF.Link | None
		completed_on: DF.Datetime | None
		documents: DF.Table[MoveInHandoverDocument]
		fees_from: DF.Date | None
		handed_over_by: DF.Link | None
		handover_date: DF.Date
		keys: DF.Table[MoveInHandoverKey]
		meter_readings: DF.Table[MoveInHandoverMeter]
		notes: DF.SmallText | None
		owner_name: DF.Data | None
		owner_signature: DF.Signature | None
		property_owner: DF.Link
		signed: DF.Check
		status: DF.Literal["Draft", "Completed"]
		unit: DF.Link

	# end: auto-generated types
	def before_insert(self):
		move_in.fill_forms(self)

	def validate(self):
		keep_system_fields(self, SYSTEM_FIELDS)
		self.status = self.status or DRAFT
		if self.status == COMPLETED and (changed := changed_fields(self, CONTENT_FIELDS)):
			frappe.throw(
				_("This handover is completed: it cannot change ({0}).").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				move_in.MoveInError,
			)
		move_in.check_parties(self)

	@frappe.whitelist()
	def complete(self) -> None:
		"""The owner has taken the unit over (the form's button)."""
		self.check_permission("write")
		move_in.complete(self)
