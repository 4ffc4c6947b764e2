# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.fees.periods import validate_period


class NoFeePlanError(frappe.ValidationError):
	pass


class FeeBillingRun(Document):
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
		if self.status in ("Queued", "Running"):
			frappe.throw(_("This run is already under way."))
		self.db_set("status", "Queued")
		frappe.enqueue(
			"property_service.fees.fee_run.execute_run",
			queue="long",
			timeout=4 * 3600,
			run_name=self.name,
			job_id=f"fee-billing-run::{self.name}",
			deduplicate=True,
			enqueue_after_commit=True,
		)
