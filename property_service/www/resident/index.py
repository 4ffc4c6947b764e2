from frappe import _

from property_service.portal.activities import open_activities
from property_service.portal.resident import home, require_login
from property_service.portal.surveys import surveys_to_answer

no_cache = 1


def get_context(context):
	user = require_login("resident")
	context.update(home(user))
	context.surveys = surveys_to_answer(context.units)
	context.activities = open_activities(user, context.units)
	context.title = _("Resident Home")
	context.show_sidebar = False
