# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

from frappe.model.document import Document

from property_service.customer_service.assignment_rules import follow_callback_role


class PropertyServiceSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.customer_service.doctype.property_service_callback_role.property_service_callback_role import (
			PropertyServiceCallbackRole,
		)

		callback_agent_role: DF.Link | None
		callback_other_roles: DF.TableMultiSelect[PropertyServiceCallbackRole]
		callback_due_days: DF.Int
		routine_callback_share: DF.Percent
		routine_callback_target: DF.Percent

	# end: auto-generated types
	def on_update(self):
		follow_callback_role(self)
