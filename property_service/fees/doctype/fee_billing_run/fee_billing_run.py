# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.periods import validate_period
from property_service.vocabulary import QUEUED, RUNNING


class NoFeePlanError(frappe.ValidationError):
	pass


class FeeBillingRun(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		already_billed: DF.Int
		amount_billed: DF.Currency
		community: DF.Link
		failed: DF.Int
		finished_on: DF.Datetime | None
		invoices_created: DF.Int
		not_billed: DF.Int
		period: DF.Data
		posting_date: DF.Date | None
		problems: DF.LongText | None
		started_on: DF.Datetime | None
		status: DF.Literal["Draft", "Queued", "Running", "Completed", "Failed"]
		units_total: DF.Int

	# end: auto-generated types
	def validate(self):
		self.period = validate_period(self.period)
		if not frappe.db.exists("Fee Plan", self.community):
			frappe.throw(
				_("{0} has no Fee Plan: set its rates first.").format(self.community), NoFeePlanError
			)

	@frappe.whitelist()
	def run(self) -> None:
		"""Queues the run (the desk's Run button); it can be run again: nothing is billed twice."""
		self.check_permission("write")
		frappe.has_permission("Sales Invoice", "create", throw=True)
		if self.status in (QUEUED, RUNNING):
			frappe.throw(_("This run is already under way."))
		self.db_set("status", QUEUED)
		frappe.enqueue(
			"property_service.fees.fee_run.execute_run",
			queue="long",
			timeout=4 * 3600,
			run_name=self.name,
			job_id=f"fee-billing-run::{self.name}",
			deduplicate=True,
			enqueue_after_commit=True,
		)
