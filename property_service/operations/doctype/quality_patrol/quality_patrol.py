# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document

from property_service.core.permissions import signed_in_person
from property_service.operations import findings


class QualityPatrol(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.operations.doctype.inspection_finding.inspection_finding import (
			InspectionFinding,
		)

		community: DF.Link
		findings: DF.Table[InspectionFinding]
		inspector: DF.Link
		open_findings: DF.Int
		overdue_findings: DF.Int
		patrol_date: DF.Date
		summary: DF.SmallText | None

	# end: auto-generated types
	def validate(self):
		signed_in_person(self, "inspector")
		findings.check_findings(self)

	def on_update(self):
		findings.route_findings(self)
