# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import keep_system_fields
from property_service.core.permissions import signed_in_person
from property_service.operations import findings, shops


class ShopInspection(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.operations.doctype.inspection_finding.inspection_finding import (
			InspectionFinding,
		)
		from property_service.operations.doctype.shop_inspection_check.shop_inspection_check import (
			ShopInspectionCheck,
		)

		business_name: DF.Data | None
		checks: DF.Table[ShopInspectionCheck]
		community: DF.Link | None
		findings: DF.Table[InspectionFinding]
		inspection_date: DF.Date
		inspector: DF.Link
		open_findings: DF.Int
		overdue_findings: DF.Int
		reinspection_of: DF.Link | None
		unit: DF.Link

	# end: auto-generated types
	def validate(self):
		signed_in_person(self, "inspector")
		if not self.flags.reinspection:  # set only by the Re-inspect action
			keep_system_fields(self, ("reinspection_of",))
		if frappe.db.get_value("Property Unit", self.unit, "unit_type") != "Shop":
			frappe.throw(_("{0} is not a shop.").format(self.unit), shops.ShopInspectionError)
		if not self.checks:
			self.set("checks", shops.default_checks(self.unit))
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
