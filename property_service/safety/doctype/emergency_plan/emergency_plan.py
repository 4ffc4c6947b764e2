# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document


class EmergencyPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.safety.doctype.emergency_plan_contact.emergency_plan_contact import (
			EmergencyPlanContact,
		)
		from property_service.safety.doctype.emergency_plan_duty.emergency_plan_duty import EmergencyPlanDuty
		from property_service.safety.doctype.emergency_plan_step.emergency_plan_step import EmergencyPlanStep

		contacts: DF.Table[EmergencyPlanContact]
		plan_type: DF.Literal["Internal", "External"]
		responsibilities: DF.Table[EmergencyPlanDuty]
		review_date: DF.Date | None
		review_reminded_for: DF.Date | None
		scenario: DF.Data
		steps: DF.Table[EmergencyPlanStep]
	# end: auto-generated types
	pass
