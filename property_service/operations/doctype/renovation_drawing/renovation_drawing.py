# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class RenovationDrawing(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.Data | None
		drawing: DF.Attach
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		submitted_on: DF.Date | None
	# end: auto-generated types
	pass
