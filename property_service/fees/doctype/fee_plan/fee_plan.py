# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.fees.fee_items import ITEM_GROUP, default_rates


class FeePlanError(frappe.ValidationError):
	pass


class FeePlan(Document):
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
