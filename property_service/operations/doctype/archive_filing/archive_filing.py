# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""A community's month of finished records to file (operations/archives.py makes it on the 1st).
The clerk ticks each record filed; a record whose file lacks something is completed on the record
first; the month is filed when every record is."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from property_service.core.lifecycle import keep_system_fields
from property_service.operations import archives
from property_service.vocabulary import ARCHIVED, OPEN

SYSTEM_FIELDS = ("period", "community", "status", "filed_by", "filed_on", "finished", "complete", "rate")
ROW_FIELDS = ("kind", "record_type", "record", "created_on", "missing")


class ArchiveFilingError(frappe.ValidationError):
	pass


class ArchiveFiling(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.operations.doctype.archive_filing_item.archive_filing_item import (
			ArchiveFilingItem,
		)

		community: DF.Link
		complete: DF.Int
		files: DF.Table[ArchiveFilingItem]
		filed_by: DF.Link | None
		filed_on: DF.Datetime | None
		finished: DF.Int
		notes: DF.SmallText | None
		period: DF.Data
		rate: DF.Percent
		status: DF.Literal["Open", "Archived"]

	# end: auto-generated types
	def validate(self):
		if self.is_new() or self.flags.checked_again:  # the app's own writes
			return
		keep_system_fields(self, SYSTEM_FIELDS)
		self.keep_rows()

	def keep_rows(self) -> None:
		"""The rows are the month's records: none added or removed, only their Filed tick changes;
		a file that lacks something cannot be ticked; a filed month stays as it was filed."""
		before = {row.name: row for row in self.get_doc_before_save().files}
		if {row.name for row in self.files} != set(before):
			frappe.throw(_("The records of a month's filing cannot be added or removed."), ArchiveFilingError)
		for row in self.files:
			stored = before[row.name]
			row.update({fieldname: stored.get(fieldname) for fieldname in ROW_FIELDS})
			if self.status == ARCHIVED and row.filed != stored.filed:
				frappe.throw(_("This month is filed: its records cannot change."), ArchiveFilingError)
			if row.filed and not stored.filed and row.missing:
				frappe.throw(
					_("{0} cannot be filed yet: it lacks {1}. Complete it, then Check Again.").format(
						row.record, row.missing
					),
					ArchiveFilingError,
				)

	@frappe.whitelist()
	def check_again(self) -> None:
		"""Reads the month's records anew (what each lacks, records finished since)."""
		self.check_permission("write")
		if self.status != OPEN:
			frappe.throw(_("This month is filed: its records cannot change."), ArchiveFilingError)
		archives.check_filing_again(self)
		self.flags.checked_again = True
		try:
			self.save()
		finally:
			self.flags.checked_again = False

	@frappe.whitelist()
	def mark_filed(self) -> None:
		"""Every record's forms are in the archive: the month is filed, by whoever is signed in."""
		self.check_permission("write")
		if self.status != OPEN:
			frappe.throw(_("This month is filed already."), ArchiveFilingError)
		waiting = [row.record for row in self.files if not row.filed]
		if waiting:
			frappe.throw(
				_("Tick every record filed first; not yet: {0}").format(", ".join(waiting)),
				ArchiveFilingError,
			)
		self.db_set({"status": ARCHIVED, "filed_by": frappe.session.user, "filed_on": now_datetime()})
