# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class CounterClosingMode(Document):
	"""One Mode of Payment of a Counter Closing: expected, counted, difference."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		counted: DF.Currency
		difference: DF.Currency
		entries: DF.Int
		expected: DF.Currency
		mode_of_payment: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types

	pass
