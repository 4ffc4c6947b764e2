"""The agent who records a C callback on a verified complaint reopens it (as for a request): the
Complaint workflow made earlier gets the agents' Reopen rows; the rest stays as it is."""

from property_service.core.registry import workflow_spec
from property_service.core.workflows import add_transitions


def execute():
	add_transitions(workflow_spec("Complaint"), ("Reopen",))
