# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class FeeBillingRunPart(Document):
	"""One building of a Fee Billing Run, billed by a background job of its own
	(property_service.fees.fee_run); only that job writes it."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		already_billed: DF.Int
		amount_billed: DF.Currency
		building: DF.Link | None
		failed: DF.Int
		finished_on: DF.Datetime | None
		invoices_created: DF.Int
		last_progress_on: DF.Datetime | None
		not_billed: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		problems: DF.LongText | None
		started_on: DF.Datetime | None
		status: DF.Literal["Queued", "Running", "Completed", "Failed"]
		units_total: DF.Int
	# end: auto-generated types
	pass
