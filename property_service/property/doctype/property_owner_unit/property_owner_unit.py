# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class PropertyOwnerUnit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		lives_here: DF.Check
		move_in_date: DF.Date
		move_out_date: DF.Date | None
		note: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		relation: DF.Literal["Owner", "Tenant", "Family"]
		unit: DF.Link
	# end: auto-generated types
	pass
