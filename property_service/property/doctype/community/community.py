# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import strip_html, today


class Community(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		city: DF.Data | None
		community_name: DF.Data
		company: DF.Link | None
		notes: DF.SmallText | None
		phone: DF.Data | None
		shop_rules: DF.TextEditor | None
		shop_rules_revised_on: DF.Date | None

	# end: auto-generated types
	def validate(self):
		before = self.get_doc_before_save()
		self.shop_rules_revised_on = before.shop_rules_revised_on if before else None
		self.flags.rules_revised = rules_text(self) != (rules_text(before) if before else "")
		if self.flags.rules_revised:
			self.shop_rules_revised_on = today()

	def on_update(self):
		if self.flags.rules_revised:  # every shop acknowledges the rules as revised
			frappe.db.set_value(
				"Property Unit", {"community": self.name, "unit_type": "Shop"}, "rules_current", 0
			)


def rules_text(community) -> str:
	return strip_html(community.shop_rules or "").strip()
