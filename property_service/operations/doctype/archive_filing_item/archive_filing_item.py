# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class ArchiveFilingItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		created_on: DF.Datetime | None
		filed: DF.Check
		kind: DF.Data | None
		missing: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		record: DF.DynamicLink | None
		record_type: DF.Link | None

	# end: auto-generated types
	pass
