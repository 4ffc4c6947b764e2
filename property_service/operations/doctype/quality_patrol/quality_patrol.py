# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document

from property_service.operations import findings


class QualityPatrol(Document):
	def validate(self):
		findings.check_findings(self)

	def on_update(self):
		findings.route_findings(self)
