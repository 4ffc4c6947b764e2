# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.fees.fee_items import ITEM_GROUP, default_rates


class FeePlanError(frappe.ValidationError):
	pass


class FeePlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.fees.doctype.fee_plan_rate.fee_plan_rate import FeePlanRate

		bill_monthly: DF.Check
		community: DF.Link
		company: DF.Link | None
		due_days: DF.Int
		rates: DF.Table[FeePlanRate]

	# end: auto-generated types
	def before_insert(self):
		if not self.rates:
			self.extend("rates", default_rates())  # a new plan starts from the default rates

	def validate(self):
		seen = set()
		for row in self.rates:
			if frappe.db.get_value("Item", row.fee_item, "item_group") != ITEM_GROUP:
				frappe.throw(
					_("Row {0}: {1} is not a fee item (Item Group {2}).").format(
						row.idx, row.fee_item, _(ITEM_GROUP)
					),
					FeePlanError,
				)
			if row.basis != "Metered":
				row.meter_type = None
			elif not row.meter_type:
				frappe.throw(_("Row {0}: choose the meter of a metered fee.").format(row.idx), FeePlanError)
			if (row.fee_item, row.unit_type or "") in seen:
				frappe.throw(
					_("Row {0}: {1} already has a rate for {2}.").format(
						row.idx, row.fee_item, _(row.unit_type) if row.unit_type else _("any unit type")
					),
					FeePlanError,
				)
			seen.add((row.fee_item, row.unit_type or ""))
