# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import keep_system_fields
from property_service.core.periods import validate_period
from property_service.fees import fee_run
from property_service.vocabulary import DRAFT, QUEUED, RUNNING


class NoFeePlanError(frappe.ValidationError):
	pass


class FeeBillingRun(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.fees.doctype.fee_billing_run_part.fee_billing_run_part import (
			FeeBillingRunPart,
		)

		already_billed: DF.Int
		attempt: DF.Int
		amount_billed: DF.Currency
		community: DF.Link
		failed: DF.Int
		finished_on: DF.Datetime | None
		invoices_created: DF.Int
		last_progress_on: DF.Datetime | None
		not_billed: DF.Int
		parts: DF.Table[FeeBillingRunPart]
		period: DF.Data
		posting_date: DF.Date | None
		problems: DF.LongText | None
		queued_by: DF.Link | None
		started_on: DF.Datetime | None
		status: DF.Literal["Draft", "Queued", "Running", "Completed", "Failed"]
		units_total: DF.Int

	# end: auto-generated types
	def validate(self):
		before = self.get_doc_before_save()
		if before and before.status in (QUEUED, RUNNING):
			frappe.throw(_("This run is under way: wait until it has finished."), fee_run.RunUnderWayError)
		keep_system_fields(self, fee_run.RUN_FIELDS)
		self.status = self.status or DRAFT
		self.period = validate_period(self.period)
		if not frappe.db.exists("Fee Plan", self.community):
			frappe.throw(
				_("{0} has no Fee Plan: set its rates first.").format(self.community), NoFeePlanError
			)

	@frappe.whitelist()
	def run(self) -> None:
		"""Queues the run (the desk's Run button); it can be run again: nothing is billed twice. A run
		whose worker stopped (fee_run.stalled) is run again from where it stopped."""
		self.check_permission("write")
		frappe.has_permission("Sales Invoice", "create", throw=True)
		fee_run.queue(self)
