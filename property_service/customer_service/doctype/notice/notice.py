# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class NoticeDatesError(frappe.ValidationError):
	pass


class Notice(Document):
	def validate(self):
		if self.publish_until and getdate(self.publish_until) < getdate(self.publish_from):
			frappe.throw(_("A notice cannot end before it is published."), NoticeDatesError)
