# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class ShopInspectionCheck(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal["Frontage Duties", "Six Disorders", "Three Wastes", "Shop Rules", "Follow-up"]
		check: DF.Data
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		photo: DF.AttachImage | None
		result: DF.Literal["", "Compliant", "Non-compliant"]
	# end: auto-generated types
	pass
