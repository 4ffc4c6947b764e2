# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class InspectionFinding(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		area: DF.Data
		deadline: DF.Date | None
		department: DF.Literal[
			"",
			"Customer Service Centre",
			"Engineering",
			"Security Team",
			"Cleaning Team",
			"Greening Team",
			"Office Administration",
		]
		finding: DF.SmallText
		handled_on: DF.Date | None
		handling: DF.SmallText | None
		overdue_notified_on: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		responsible_user: DF.Link | None
		status: DF.Literal["Pending", "Handled", "Verified"]
		verification: DF.SmallText | None
		verified_by: DF.Link | None
		verified_on: DF.Date | None
	# end: auto-generated types
	pass
