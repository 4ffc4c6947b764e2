# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class Community(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		city: DF.Data | None
		community_name: DF.Data
		company: DF.Link | None
		notes: DF.SmallText | None
		phone: DF.Data | None
	# end: auto-generated types
	pass
