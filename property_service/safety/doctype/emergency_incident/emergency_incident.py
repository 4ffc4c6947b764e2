# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.safety import incidents

# set by the incident's own actions, never by a form or REST
STATE_FIELDS = (
	"status",
	"recorded_by",
	"handled_by",
	"handled_on",
	"handling_hours",
	"closed_on",
	"corrective_action",
)


class EmergencyIncident(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		closed_on: DF.Datetime | None
		community: DF.Link
		description: DF.SmallText
		emergency_plan: DF.Link | None
		handled_by: DF.Link | None
		handled_on: DF.Datetime | None
		handling: DF.SmallText | None
		location: DF.Data | None
		occurred_on: DF.Datetime
		recorded_by: DF.Link | None
		reported_by: DF.Data | None
		reporter_phone: DF.Data | None
		result: DF.SmallText | None
		severity: DF.Literal["General", "Major"]
		status: DF.Literal["Open", "Handled", "Closed"]
		unit: DF.Link | None

	# end: auto-generated types
	def validate(self):
		if not self.flags.system_change:
			keep_system_fields(self, STATE_FIELDS)
			self.status = self.status or incidents.OPEN
		if self.is_new():
			self.recorded_by = frappe.session.user
		if self.unit:
			unit_community = frappe.db.get_value("Property Unit", self.unit, "community")
			if unit_community != self.community:
				frappe.throw(_("Unit {0} is not in community {1}.").format(self.unit, self.community))
		if self.status == incidents.CLOSED and changed_fields(self, ("handling", "result", "severity")):
			frappe.throw(_("A closed incident cannot change."), incidents.IncidentStateError)

	def after_insert(self):
		incidents.sms_office(self)

	@frappe.whitelist()
	def mark_handled(self) -> None:
		self.check_handler()
		self.reload()  # the stored record, not what the caller sent
		incidents.mark_handled(self)

	@frappe.whitelist()
	def close(self) -> None:
		self.check_handler()
		self.reload()  # the stored record, not what the caller sent
		incidents.close(self)

	@frappe.whitelist()
	def raise_corrective_action(self, action_type: str = "Corrective Action") -> str:
		"""The incident's corrective or preventive action (纠正/预防措施), raised by its handlers."""
		if action_type not in ("Corrective Action", "Preventive Action"):
			frappe.throw(_("Choose a corrective or a preventive action."))
		self.check_handler()
		self.reload()
		return incidents.raise_action(self, action_type)

	def check_handler(self) -> None:
		"""Handling is recorded by those who may write it (permission level 1)."""
		self.check_permission("write")
		if not self.has_permlevel_access_to("handling", permission_type="write"):
			frappe.throw(
				_("Only the security supervisor or the office manager handles an incident."),
				frappe.PermissionError,
			)
