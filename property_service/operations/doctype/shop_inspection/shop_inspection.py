# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.customer_service.lifecycle import keep_system_fields
from property_service.operations import findings, shops
from property_service.permissions import signed_in_person


class ShopInspection(Document):
	def validate(self):
		signed_in_person(self, "inspector")
		if not self.flags.reinspection:  # set only by the Re-inspect action
			keep_system_fields(self, ("reinspection_of",))
		if frappe.db.get_value("Property Unit", self.unit, "unit_type") != "Shop":
			frappe.throw(_("{0} is not a shop.").format(self.unit), shops.ShopInspectionError)
		if not self.checks:
			self.set("checks", shops.default_checks())
		shops.add_findings(self)
		findings.check_findings(self)

	def on_update(self):
		findings.route_findings(self)
		shops.verify_previous(self)

	@frappe.whitelist()
	def reinspect(self) -> str:
		self.check_permission("read")
		frappe.has_permission("Shop Inspection", "create", throw=True)
		return shops.reinspect(self)
