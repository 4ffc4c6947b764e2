# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class DuplicateBuildingError(frappe.ValidationError):
	pass


class Building(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		building_name: DF.Data
		community: DF.Link
		floors: DF.Int
		notes: DF.SmallText | None
	# end: auto-generated types

	def before_naming(self):
		self.building_name = (self.building_name or "").strip()

	def validate(self):
		others = {"community": self.community, "building_name": self.building_name}
		if not self.is_new():
			others["name"] = ["!=", self.name]
		if frappe.db.exists("Building", others):
			frappe.throw(
				_("Building {0} already exists in {1}.").format(self.building_name, self.community),
				DuplicateBuildingError,
			)
