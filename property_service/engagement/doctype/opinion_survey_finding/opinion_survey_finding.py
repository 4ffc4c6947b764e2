# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class OpinionSurveyFinding(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		area: DF.Data | None
		corrective_action: DF.Link | None
		deadline: DF.Date | None
		finding: DF.SmallText
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		responsible_department: DF.Data | None
		responsible_user: DF.Link | None
	# end: auto-generated types
	pass
