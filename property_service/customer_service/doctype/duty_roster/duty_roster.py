# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.core.routing import communities_of


class DutyRosterError(frappe.ValidationError):
	pass


class DutyRoster(Document):
	def validate(self):
		users = [row.user for row in self.people]
		if twice := sorted({user for user in users if users.count(user) > 1}):
			frappe.throw(_("{0} is on the roster twice.").format(", ".join(twice)), DutyRosterError)
		elsewhere = [
			u for u in users if (limited := communities_of(u)) is not None and self.community not in limited
		]
		if elsewhere:
			frappe.throw(
				_("{0} does not work in {1}.").format(", ".join(elsewhere), self.community), DutyRosterError
			)
