# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class OwnerDataChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		change: DF.Literal["Added", "Changed"]
		changed_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		record: DF.DynamicLink | None
		record_type: DF.Literal["Property Owner", "Property Unit"]
	# end: auto-generated types
	pass
