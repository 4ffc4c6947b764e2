# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class InformationSummaryFigure(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		basis: DF.Data | None
		figure: DF.Percent
		kpi: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		result: DF.Data | None
		target: DF.Percent
	# end: auto-generated types
	pass
