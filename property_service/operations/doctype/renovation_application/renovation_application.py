# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from property_service.core.lifecycle import entered, keep_system_fields
from property_service.core.permissions import acts_as_resident, resident_owner
from property_service.core.requesters import check_resident_input
from property_service.operations import renovation
from property_service.property.occupancy import current_links
from property_service.vocabulary import APPROVED, CLOSED

# what a resident sends when applying on the portal or over REST
RESIDENT_FIELDS = (
	"unit",
	"start_date",
	"end_date",
	"scope",
	"contractor",
	"contractor_phone",
	"workers",
	"drawings",
	"fire_system_change",
	"fire_approval",
)
# set by approval and settlement only
SYSTEM_FIELDS = ("deposit_invoice", "refund_note", "refund_payment", "deduction_entry")


class RenovationApplication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.operations.doctype.renovation_drawing.renovation_drawing import (
			RenovationDrawing,
		)
		from property_service.operations.doctype.renovation_worker.renovation_worker import RenovationWorker

		applicant: DF.Link | None
		applicant_name: DF.Data | None
		community: DF.Link | None
		contractor: DF.Data | None
		contractor_phone: DF.Data | None
		deduction: DF.Currency
		deduction_entry: DF.Link | None
		deduction_reason: DF.SmallText | None
		deposit_amount: DF.Currency
		deposit_invoice: DF.Link | None
		drawings: DF.Table[RenovationDrawing]
		end_date: DF.Date
		fire_approval: DF.Attach | None
		fire_system_change: DF.Check
		inspection_notes: DF.SmallText | None
		refund_note: DF.Link | None
		refund_payment: DF.Link | None
		review_notes: DF.SmallText | None
		scope: DF.SmallText
		start_date: DF.Date
		status: DF.Literal[
			"Submitted", "Approved", "In Progress", "Completion Inspection", "Closed", "Rejected"
		]
		unit: DF.Link
		workers: DF.Table[RenovationWorker]

	# end: auto-generated types
	def onload(self):
		self.set_onload("can_bill_deposit", self.may_bill_deposit())

	def may_bill_deposit(self) -> bool:
		"""The office may bill the deposit again: its invoice was cancelled while under way."""
		return bool(
			self.status in renovation.UNDER_WAY
			and flt(self.deposit_amount)
			and not self.deposit_invoice
			and self.has_permlevel_access_to("deposit_amount", permission_type="write")
		)

	@frappe.whitelist()
	def bill_deposit(self) -> str:
		"""The office's *Bill Deposit*: a new invoice for a deposit whose invoice was cancelled."""
		self.check_permission("write")
		if not self.has_permlevel_access_to("deposit_amount", permission_type="write"):
			raise frappe.PermissionError(_("Only the office bills a renovation deposit."))
		renovation.check_rebilling(self)
		self.db_set("deposit_invoice", renovation.bill_deposit(self))
		return self.deposit_invoice

	def before_insert(self):
		check_resident_input(self, RESIDENT_FIELDS)
		if acts_as_resident(self.doctype, "create"):
			self.applicant = resident_owner(frappe.session.user)

	def validate(self):
		keep_system_fields(self, SYSTEM_FIELDS)
		if self.deposit_amount is None or (self.is_new() and not self.deposit_amount):
			self.deposit_amount = renovation.DEFAULT_DEPOSIT
		people = [link.property_owner for link in current_links([self.unit])]
		self.applicant = self.applicant or (people[0] if people else None)
		if self.applicant not in people:
			frappe.throw(_("The applicant lives in or owns the unit now."), renovation.RenovationError)
		if getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("The works cannot end before they start."), renovation.RenovationError)
		self.keep_drawings()
		if entered(self, APPROVED) and self.fire_system_change and not self.fire_approval:
			frappe.throw(
				_("A change to the fire system needs the fire department's approval before approval."),
				renovation.RenovationError,
			)
		if entered(self, CLOSED):
			self.validate_close()

	def validate_close(self):
		"""The inspection is recorded and the deposit can be settled; else nothing changes."""
		if not (self.inspection_notes or "").strip():
			frappe.throw(_("Record the completion inspection before closing."), renovation.RenovationError)
		renovation.check_settlement(self)

	def keep_drawings(self):
		"""Drawings are archived: changed drawings come as new rows; none is removed or replaced."""
		before = self.get_doc_before_save()
		stored = {row.name: row for row in before.drawings} if before else {}
		kept = {row.name for row in self.drawings} & set(stored)
		if len(kept) < len(stored) or any(
			row.drawing != stored[row.name].drawing for row in self.drawings if row.name in stored
		):
			frappe.throw(
				_("Drawings are archived: submit a changed drawing as a new row."), renovation.RenovationError
			)
		for row in self.drawings:
			row.submitted_on = stored[row.name].submitted_on if row.name in stored else today()

	def on_update(self):
		if entered(self, APPROVED):
			renovation.mark_unit(self.unit)
			if self.deposit_amount and not self.deposit_invoice:
				self.db_set("deposit_invoice", renovation.bill_deposit(self))
		if entered(self, CLOSED):
			if self.deposit_invoice:
				self.db_set(renovation.settle_deposit(self))
			renovation.mark_unit(self.unit)
