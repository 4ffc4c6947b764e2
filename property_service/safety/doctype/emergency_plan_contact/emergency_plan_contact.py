# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class EmergencyPlanContact(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contact_name: DF.Data | None
		contact_type: DF.Literal["Police", "Fire", "Hospital", "Utility", "Community", "Other"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
	# end: auto-generated types
	pass
