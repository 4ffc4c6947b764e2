# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document

from property_service.customer_service.assignment_rules import follow_callback_role


class PropertyServiceSettings(Document):
	def on_update(self):
		follow_callback_role(self)
