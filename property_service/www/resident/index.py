from frappe import _

from property_service.portal.resident import home, require_login

no_cache = 1


def get_context(context):
	user = require_login("resident")
	context.update(home(user))
	context.title = _("Resident Home")
	context.show_sidebar = False
