# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class FeePlanRate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		basis: DF.Literal["Per m\u00b2", "Fixed", "Metered"]
		fee_item: DF.Link
		meter_type: DF.Literal["", "Water", "Electricity"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		rate: DF.Currency
		unit_type: DF.Literal["", "Residential", "Shop", "Office", "Parking", "Storage"]
		vacant_percent: DF.Percent
	# end: auto-generated types
	pass
