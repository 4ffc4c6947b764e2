# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class MoveInHandoverDocument(Document):
	pass
