"""Callbacks can now be Unreachable: the rule made earlier closed its ToDos only on Done. Its close
condition is brought up to date when it is still the one the app wrote; an administrator's own
condition stays."""

import frappe

from property_service.customer_service.assignment_rules import CALLBACK_CLOSE_CONDITION, CALLBACK_RULE

EARLIER = "status == 'Done'"


def execute():
	if frappe.db.get_value("Assignment Rule", CALLBACK_RULE, "close_condition") == EARLIER:
		frappe.db.set_value("Assignment Rule", CALLBACK_RULE, "close_condition", CALLBACK_CLOSE_CONDITION)
