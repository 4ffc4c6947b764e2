import frappe
from frappe import _

from property_service.portal.resident import require_login, units_of

no_cache = 1


def get_context(context):
	user = require_login("resident/new")
	context.units = units_of(user)
	context.request_types = options("Service Request", "request_type")
	context.complaint_categories = options("Complaint", "complaint_category")
	context.title = _("Report a Problem")
	context.show_sidebar = False


def options(doctype: str, fieldname: str) -> list[dict]:
	values = (frappe.get_meta(doctype).get_field(fieldname).options or "").split("\n")
	return [{"value": value, "label": _(value)} for value in values if value]
