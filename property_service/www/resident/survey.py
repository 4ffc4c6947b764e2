import frappe

from property_service.portal.resident import require_login
from property_service.portal.surveys import survey_page

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name") or ""
	user = require_login(f"resident/surveys/{name}")
	context.update(survey_page(name, user))
	context.title = context.survey.title
	context.show_sidebar = False
