# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import strip_html

from property_service.core.lifecycle import keep_system_fields
from property_service.office import summaries


class InformationSummary(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.office.doctype.information_summary_figure.information_summary_figure import (
			InformationSummaryFigure,
		)

		community: DF.Link | None
		complaints_registered: DF.Int
		corrective_actions_open: DF.Int
		dissatisfied_callbacks: DF.Int
		feedback: DF.TextEditor | None
		from_date: DF.Date
		incidents_recorded: DF.Int
		kind: DF.Literal["Weekly", "Monthly"]
		requests_completed: DF.Int
		requests_registered: DF.Int
		situation: DF.TextEditor | None
		standards: DF.Table[InformationSummaryFigure]
		to_date: DF.Date | None
		writer: DF.Link | None

	# end: auto-generated types
	def validate(self):
		keep_system_fields(self, ("writer",))  # who submitted it
		if self._action in ("save", "submit"):  # counted, whatever a save sends
			summaries.fill(self)

	def before_submit(self):
		if not strip_html(self.situation or "").strip():
			frappe.throw(_("Write the situation before submitting the summary."))
		self.writer = frappe.session.user
