# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class EmergencyDrillStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		actual_minutes: DF.Int
		done_at: DF.Datetime | None
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		planned_minutes: DF.Int
		responsible_role: DF.Link | None
		step: DF.Data
	# end: auto-generated types
	pass
