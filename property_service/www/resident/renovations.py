import frappe
from frappe import _

from property_service.operations.records import RENOVATION_APPLICATION
from property_service.portal.resident import plain, require_login, units_of

no_cache = 1


def get_context(context):
	user = require_login("resident/renovations")
	context.units = units_of(user)
	# get_list: a resident reads only the applications they made (permissions.own_*)
	context.applications = frappe.get_list(
		"Renovation Application",
		fields=["name", "unit", "status", "start_date", "end_date", "scope", "contractor", "creation"],
		order_by="creation desc",
		limit_page_length=20,
	)
	for row in context.applications:
		row.done = row.status in RENOVATION_APPLICATION.done
		row.scope = plain(row.scope)
		row.drawings = frappe.get_all(
			"Renovation Drawing",
			{"parent": row.name, "parenttype": "Renovation Application"},
			["description", "submitted_on"],
			order_by="idx",
		)
	context.title = _("Renovation")
	context.show_sidebar = False
