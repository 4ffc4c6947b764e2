# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import strip_html

from property_service.customer_service.lifecycle import keep_system_fields
from property_service.office import summaries


class InformationSummary(Document):
	def validate(self):
		keep_system_fields(self, ("writer",))  # who submitted it
		if self._action in ("save", "submit"):  # counted, whatever a save sends
			summaries.fill(self)

	def before_submit(self):
		if not strip_html(self.situation or "").strip():
			frappe.throw(_("Write the situation before submitting the summary."))
		self.writer = frappe.session.user
