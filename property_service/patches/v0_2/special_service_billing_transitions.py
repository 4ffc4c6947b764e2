"""Billing needs conditions on the Special Service workflow's billing transitions, and a free
service's Close from Completed; sites installed before billing get them."""

from property_service.customer_service.workflows import SPECIAL_SERVICE, add_transitions


def execute():
	add_transitions(SPECIAL_SERVICE, ("Record Invoice", "Back to Billing", "Close"))
