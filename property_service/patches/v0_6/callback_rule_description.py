"""A callback without a source (a routine round's, a survey result's) was assigned as "Call back
about None None": the rule's description now names its unit. Brought up to date when it is still
the one the app wrote; an administrator's own text stays."""

import frappe

from property_service.customer_service.assignment_rules import CALLBACK_DESCRIPTION, CALLBACK_RULE

EARLIER = '{{ _("Call back about {0} {1}").format(_(reference_doctype), reference_name) }}'


def execute():
	if frappe.db.get_value("Assignment Rule", CALLBACK_RULE, "description") == EARLIER:
		frappe.db.set_value("Assignment Rule", CALLBACK_RULE, "description", CALLBACK_DESCRIPTION)
