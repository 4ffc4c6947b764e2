# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class EmergencyPlanDuty(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		duty: DF.Literal[
			"First Discoverer", "Reporter", "Commander", "On-site Handling", "Keeping Order", "Aftermath"
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		responsible_role: DF.Link | None
		what_to_do: DF.SmallText | None
	# end: auto-generated types
	pass
