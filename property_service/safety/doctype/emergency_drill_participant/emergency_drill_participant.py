# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class EmergencyDrillParticipant(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attended: DF.Check
		drill_role: DF.Data | None
		employee: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		participant_name: DF.Data | None
		participant_type: DF.Literal["Office Staff", "Employee", "Shop Team", "Other"]
		unit: DF.Link | None
		user: DF.Link | None
	# end: auto-generated types
	pass
