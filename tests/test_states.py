"""One vocabulary of states: the DocTypes, the workflows, the code and the desk agree."""

import json
import re
from pathlib import Path

import pytest

from property_service.customer_service import states, workflows
from tests.utils import as_user

APP = Path(states.__file__).resolve().parents[1]
DOCTYPE_JSON = {
	"Service Request": APP / "customer_service/doctype/service_request/service_request.json",
	"Complaint": APP / "customer_service/doctype/complaint/complaint.json",
	"Special Service": APP / "special_services/doctype/special_service/special_service.json",
	"Renovation Application": APP / "operations/doctype/renovation_application/renovation_application.json",
}
# modules comparing the states of other DocTypes (ToDo, Corrective Action) that share a word
OTHER_VOCABULARIES = {"assignments.py", "corrective_action.py"}
SPECS = {spec["name"]: spec for spec in workflows.WORKFLOWS}


@pytest.mark.parametrize("doctype", sorted(states.STATES))
def test_status_options_are_the_states(doctype):
	fields = json.loads(DOCTYPE_JSON[doctype].read_text())["fields"]
	options = next(f["options"] for f in fields if f["fieldname"] == "status").split("\n")
	assert options == list(states.STATES[doctype])


@pytest.mark.parametrize("doctype", sorted(states.STATES))
def test_workflow_uses_the_states(doctype):
	spec = SPECS[doctype]
	assert [state for state, _roles in spec["states"]] == list(states.STATES[doctype])
	for state, _action, next_state, *_rest in spec["transitions"]:
		assert {state, next_state} <= set(states.STATES[doctype])


def test_open_timeline_and_callback_states_exist():
	for doctype, open_states in states.OPEN.items():
		assert set(open_states) < set(states.STATES[doctype])
	for doctype, stamps in states.TIMELINE.items():
		assert set(stamps) <= set(states.STATES[doctype])
	for doctype, state in states.CALLBACK_AFTER.items():
		assert state in states.STATES[doctype]


def test_no_module_spells_a_state_itself():
	"""Code compares and sets states through the names in states.py (patches keep old names)."""
	names = "|".join(re.escape(s) for s in {s for by in states.STATES.values() for s in by})
	spelled = re.compile(rf"(status\s*(==|!=|=)\s*|entered\([^,]+,\s*)\"({names})\"")
	offenders = [
		f"{path.relative_to(APP)}:{n}"
		for path in APP.rglob("*.py")
		if "patches" not in path.parts and path.name not in {"states.py", *OTHER_VOCABULARIES}
		for n, line in enumerate(path.read_text().splitlines(), 1)
		if spelled.search(line)
	]
	assert offenders == []


def test_desk_gets_colours_and_open_states():
	import frappe

	from property_service.customer_service.desk import boot_session

	bootinfo = frappe._dict()
	with as_user("Administrator"):
		boot_session(bootinfo)
	assert bootinfo.property_service["colours"]["Complaint"]["Escalated"] == "purple"
	assert bootinfo.property_service["open"]["Service Request"] == list(states.OPEN["Service Request"])


def test_a_corrective_action_names_only_sources_it_can_come_from():
	from property_service.api.service_desk import SOURCES

	fields = json.loads(
		(APP / "customer_service/doctype/corrective_action/corrective_action.json").read_text()
	)["fields"]
	options = next(f["options"] for f in fields if f["fieldname"] == "reference_doctype")
	assert [o for o in options.split("\n") if o] == list(SOURCES)
