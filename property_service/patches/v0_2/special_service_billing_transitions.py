"""Billing needs conditions on the Special Service workflow's billing transitions, and a free
service's Close from Completed; sites installed before billing get them."""

from property_service.core.registry import workflow_spec
from property_service.core.workflows import add_transitions


def execute():
	add_transitions(workflow_spec("Special Service"), ("Record Invoice", "Back to Billing", "Close"))
