# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class CounterClosingMode(Document):
	"""One Mode of Payment of a Counter Closing: expected, counted, difference."""

	# begin: auto-generated types
	# end: auto-generated types

	pass
