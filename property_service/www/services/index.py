import frappe
from frappe import _

from property_service.api.portal import catalog_items
from property_service.portal.resident import units_of

no_cache = 1


def get_context(context):
	"""The special-services catalog with prices, for anyone; residents book from it."""
	items = catalog_items()
	groups = {}
	for item in items:
		groups.setdefault(item.group_label, []).append(item)
	context.groups = groups
	context.units = [] if frappe.session.user == "Guest" else units_of(frappe.session.user)
	context.title = _("Special Services")
	context.show_sidebar = False
