# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document

from property_service.operations import findings
from property_service.permissions import signed_in_person


class QualityPatrol(Document):
	def validate(self):
		signed_in_person(self, "inspector")
		findings.check_findings(self)

	def on_update(self):
		findings.route_findings(self)
