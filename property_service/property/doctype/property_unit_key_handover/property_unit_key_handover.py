# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class PropertyUnitKeyHandover(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		handed_over_by: DF.Link | None
		handed_over_on: DF.Datetime
		holder: DF.Data
		holder_phone: DF.Data | None
		notes: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		returned_on: DF.Datetime | None
	# end: auto-generated types
	pass
