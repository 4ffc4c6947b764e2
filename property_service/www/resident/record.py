from frappe import _

from property_service.portal.resident import RECORD_ROUTES, record, require_login
from property_service.vocabulary import RATINGS

no_cache = 1


def get_context(context):
	import frappe

	route = frappe.form_dict.get("kind") or "requests"
	name = frappe.form_dict.get("name") or ""
	user = require_login(f"resident/{route}/{name}")
	context.update(record(RECORD_ROUTES.get(route), name, user))
	context.title = f"{_(context.doc.doctype)} {context.doc.name}"
	context.show_sidebar = False
	context.ratings = RATINGS  # the callback ratings, in their order (A, B, C)
