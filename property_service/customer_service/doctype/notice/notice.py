# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class NoticeDatesError(frappe.ValidationError):
	pass


class Notice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		body: DF.TextEditor
		community: DF.Link | None
		publish_from: DF.Date
		publish_until: DF.Date | None
		published: DF.Check
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		if self.publish_until and getdate(self.publish_until) < getdate(self.publish_from):
			frappe.throw(_("A notice cannot end before it is published."), NoticeDatesError)
