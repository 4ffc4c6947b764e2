"""The seed's complaint chain on Complaint workflows made earlier: the Management Representative
verifies (or rejects) the result of a major complaint, and whoever registers a major complaint
reports it up at once (Escalate from Logged). Rows missing are added; the rest of an
administrator's workflow stays as it is."""

from property_service.core.registry import workflow_spec
from property_service.core.workflows import add_transitions


def execute():
	add_transitions(workflow_spec("Complaint"), ("Verify Result", "Reject Result", "Escalate"))
