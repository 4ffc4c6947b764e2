import frappe
from frappe import _

from property_service.core.permissions import resident_units
from property_service.portal.resident import PAGE_SIZE, RECORD_ROUTES, page_number, records, require_login

no_cache = 1


def get_context(context):
	route = frappe.form_dict.get("type") if frappe.form_dict.get("type") in RECORD_ROUTES else "requests"
	user = require_login(f"resident/requests?type={route}")
	page = page_number()
	rows = records(RECORD_ROUTES[route], resident_units(user), PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
	context.rows, context.has_more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
	context.page, context.route = page, route
	context.title = _(RECORD_ROUTES[route])
	context.show_sidebar = False
