# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class CallbackAttempt(Document):
	"""One try at a callback that did not reach the resident; stamped by the Callback Record."""

	pass
