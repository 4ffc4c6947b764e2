# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class OwnerVisitSummaryItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		decision: DF.Literal["", "Adopt", "Explain", "Reject"]
		decision_note: DF.SmallText | None
		fed_back: DF.Check
		feedback: DF.SmallText | None
		owner_visit: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		suggestion: DF.SmallText | None
		unit: DF.Link | None
	# end: auto-generated types
	pass
