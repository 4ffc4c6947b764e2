# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class OpinionSurveyItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answers: DF.Int
		area: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		satisfaction_rate: DF.Percent
		satisfied: DF.Int
	# end: auto-generated types
	pass
