# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.lifecycle import changed_fields, keep_system_fields
from property_service.safety import drills
from property_service.safety.training import attendee_name

# set by the drill's own actions (start, steps, finish, cancel), never by a form or REST
STATE_FIELDS = ("status", "started_on", "ended_on", "notice")
# the plan and the log are fixed once the drill is done; a cancelled drill is fixed entirely
LOGGED = ("emergency_plan", "community", "drill_date", "steps", "participants")


class EmergencyDrill(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.safety.doctype.emergency_drill_improvement.emergency_drill_improvement import (
			EmergencyDrillImprovement,
		)
		from property_service.safety.doctype.emergency_drill_participant.emergency_drill_participant import (
			EmergencyDrillParticipant,
		)
		from property_service.safety.doctype.emergency_drill_step.emergency_drill_step import (
			EmergencyDrillStep,
		)

		actual_total: DF.Int
		commander: DF.Link | None
		community: DF.Link
		drill_date: DF.Datetime
		emergency_plan: DF.Link
		ended_on: DF.Datetime | None
		feasibility_analysis: DF.TextEditor | None
		improvements: DF.Table[EmergencyDrillImprovement]
		location: DF.Data | None
		notice: DF.Link | None
		participants: DF.Table[EmergencyDrillParticipant]
		planned_total: DF.Int
		process_analysis: DF.TextEditor | None
		situation_report: DF.TextEditor | None
		started_on: DF.Datetime | None
		status: DF.Literal["Planned", "In Progress", "Done", "Cancelled"]
		steps: DF.Table[EmergencyDrillStep]
		steps_over_plan: DF.Int
		tell_residents: DF.Check

	# end: auto-generated types
	def validate(self):
		if not self.flags.system_change:
			keep_system_fields(self, STATE_FIELDS)
			self.keep_step_times()
			self.keep_improvement_actions()
			self.status = self.status or drills.PLANNED
		if self.is_new() and not self.steps and self.emergency_plan:
			self.set("steps", drills.plan_steps(self.emergency_plan))
		self.check_locked()
		for row in self.participants:
			row.participant_name = row.participant_name or self.participant_name(row)
		drills.totals(self)

	def check_locked(self):
		before = self.get_doc_before_save()
		if not before:
			return
		if before.status == drills.CANCELLED and not self.flags.system_change:
			frappe.throw(_("A cancelled drill cannot be changed."), drills.DrillStateError)
		if before.status == drills.DONE and changed_fields(self, LOGGED):
			frappe.throw(_("The plan and the log of a finished drill cannot change."), drills.DrillStateError)

	def keep_step_times(self):
		before = self.get_doc_before_save()
		stored = {row.name: row.done_at for row in before.steps} if before else {}
		for row in self.steps:
			row.done_at = stored.get(row.name)

	def keep_improvement_actions(self):
		before = self.get_doc_before_save()
		stored = {row.name: row.corrective_action for row in before.improvements} if before else {}
		for row in self.improvements:
			row.corrective_action = stored.get(row.name)

	@staticmethod
	def participant_name(row) -> str | None:
		"""A user's or Employee's name (as a training attendee's), else the shop's."""
		if row.user or row.employee:
			return attendee_name(row)
		if row.unit:
			return frappe.db.get_value("Property Unit", row.unit, "business_name") or row.unit
		return None

	def on_update(self):
		drills.tell_residents(self)

	@frappe.whitelist()
	def start(self) -> None:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		drills.start(self)

	@frappe.whitelist()
	def complete_step(self) -> str:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		return drills.complete_step(self)

	@frappe.whitelist()
	def add_shop_teams(self) -> int:
		self.check_permission("write")
		return drills.add_shop_teams(self)

	@frappe.whitelist()
	def finish(self) -> None:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		drills.finish(self)

	@frappe.whitelist()
	def cancel_drill(self) -> None:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		drills.cancel(self)

	@frappe.whitelist()
	def raise_corrective_actions(self) -> list[str]:
		self.check_permission("write")
		self.reload()  # the stored record, not what the caller sent
		frappe.has_permission("Corrective Action", "create", throw=True)
		return drills.raise_improvements(self)

	def report(self) -> dict:
		return drills.report(self)
