# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class TrainingPlanItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		emergency_plan: DF.Link | None
		held_on: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		planned_date: DF.Date
		session: DF.Link | None
		topic: DF.Data
		trainer: DF.Data | None
		training_type: DF.Literal["Safety Meeting", "Department Training", "Emergency Training"]

	# end: auto-generated types
	pass
