# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.office import diaries


class WorkDiary(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.office.doctype.work_diary_entry.work_diary_entry import WorkDiaryEntry

		diary_date: DF.Date
		entries: DF.Table[WorkDiaryEntry]
		notes: DF.TextEditor | None
		writer: DF.Link | None

	# end: auto-generated types
	def autoname(self):
		"""One diary a day for each writer: whoever makes it."""
		self.writer = frappe.session.user
		self.name = f"DIARY-{self.diary_date}-{self.writer}"

	def validate(self):
		if not self.is_new():
			keep_system_fields(self, ("writer", "diary_date"))
			if frappe.session.user != self.writer and changed_fields(self, ("notes",)):
				frappe.throw(_("Only {0} writes this diary.").format(self.writer), frappe.PermissionError)
		diaries.fill(self)
