"""One vocabulary (vocabulary.py): the DocTypes, the records' declarations, the workflows, the code,
the desk's scripts and the portal's templates agree, and nothing spells a word of it itself."""

import ast
import importlib
import json
import re
from pathlib import Path

import frappe
import pytest

from property_service import hooks, vocabulary
from property_service.core.desk import boot_session
from tests.utils import as_user, generated_annotations, make_user

APP = Path(vocabulary.__file__).resolve().parent
WORDS = {name: word for name, word in vars(vocabulary).items() if name.isupper() and isinstance(word, str)}
# the words a scan looks for: states, roles and ratings ("Customer" is also ERPNext's DocType)
SPELLED = set(WORDS.values()) - {vocabulary.CUSTOMER, vocabulary.SYSTEM_MANAGER}
# other systems' words that happen to be ours too: Frappe's ToDo statuses
FOREIGN = {"core/assignments.py": {"Open", "Closed"}}


def doctype_json() -> dict[str, dict]:
	return {
		path.stem: json.loads(path.read_text())
		for path in APP.glob("*/doctype/*/*.json")
		if path.parent.name == path.stem
	}


def status_options(meta: dict) -> list[str]:
	field = next((f for f in meta["fields"] if f["fieldname"] == "status"), None)
	return [o for o in (field or {}).get("options", "").split("\n") if o]


def records() -> dict:
	"""The records the feature modules declare (hooks.py), read without a site."""
	declared = {}
	for path in hooks.property_service_records:
		module, attribute = path.rsplit(".", 1)
		declared |= {r.doctype: r for r in getattr(importlib.import_module(module), attribute)}
	return declared


@pytest.mark.parametrize("doctype", sorted(name for name, r in records().items() if r.states))
def test_a_declared_record_is_its_doctype(doctype):
	"""The `status` options and the Document States (their colours) are the declared states."""
	meta = next(m for m in doctype_json().values() if m["name"] == doctype)
	declared = records()[doctype]
	assert status_options(meta) == list(declared.states)
	assert [s["title"] for s in meta["states"]] == list(declared.states)
	assert all(s.get("color") for s in meta["states"])
	for part in (declared.open, declared.done, declared.timeline):
		assert set(part) <= set(declared.states)
	if declared.callback_after:
		assert declared.callback_after in declared.states


@pytest.mark.parametrize("doctype", sorted(n for n, r in records().items() if r.workflow))
def test_a_workflow_goes_through_the_declared_states(doctype):
	declared = records()[doctype]
	assert [state for state, _roles in declared.workflow["states"]] == list(declared.states)
	for state, _action, next_state, roles, *_condition in declared.workflow["transitions"]:
		assert {state, next_state} <= set(declared.states)
		assert set(roles) <= set(WORDS.values())
	installed = frappe.get_doc("Workflow", f"{doctype} Workflow")
	assert {s.state for s in installed.states} == set(declared.states)


def test_every_state_of_every_doctype_is_a_word_of_the_vocabulary():
	"""A new state gets its name in vocabulary.py before a module can use it."""
	missing = {
		meta["name"]: sorted(set(status_options(meta)) - set(WORDS.values()))
		for meta in doctype_json().values()
		if set(status_options(meta)) - set(WORDS.values())
	}
	assert missing == {}


def python_spellings(path: Path) -> list[str]:
	"""The vocabulary's words a module writes as literals (translated labels aside)."""
	tree = ast.parse(path.read_text())
	labels = {
		id(arg)
		for node in ast.walk(tree)
		if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
		for arg in node.args
	}
	allowed = FOREIGN.get(str(path.relative_to(APP)), set())
	labels |= generated_annotations(tree)
	return [
		f"{path.relative_to(APP)}:{node.lineno} {node.value!r}"
		for node in ast.walk(tree)
		if isinstance(node, ast.Constant) and node.value in SPELLED - allowed and id(node) not in labels
	]


def test_no_module_spells_a_state_a_role_or_a_rating():
	"""Tuples, comparisons, filters, dict keys: every literal counts (patches keep old names)."""
	offenders = [
		spelled
		for path in APP.rglob("*.py")
		if "patches" not in path.parts and path.name != "vocabulary.py"
		for spelled in python_spellings(path)
	]
	assert offenders == []


def test_the_scan_finds_a_spelled_state(tmp_path):
	module = APP / "core" / "_planted_for_test.py"
	module.write_text('DONE_STATES = ("Completed", "Closed")\nLABEL = _("Closed")\n')
	try:
		assert python_spellings(module) == [
			"core/_planted_for_test.py:1 'Completed'",
			"core/_planted_for_test.py:1 'Closed'",
		]
	finally:
		module.unlink()


JS_LITERAL = re.compile(r"""(?<!_\()(["'])(?P<word>[^"'\n]+)\1""")


def script_spellings(text: str) -> list[str]:
	"""The vocabulary's words a script or template writes as literals, outside __() and _() (a
	translated label)."""
	return [m["word"] for m in JS_LITERAL.finditer(text) if m["word"] in SPELLED]


def test_no_script_or_template_spells_a_state_a_role_or_a_rating():
	offenders = {
		str(path.relative_to(APP)): spelled
		for path in [*APP.rglob("*.js"), *APP.rglob("*.html")]
		if "node_modules" not in path.parts and "dist" not in path.parts
		if (spelled := script_spellings(path.read_text()))
	}
	assert offenders == {}


def test_the_script_scan_finds_a_spelled_state():
	assert script_spellings('if (doc.status === "Done") label = __("Done");') == ["Done"]
	assert script_spellings('const done = ["Completed", "Closed"];') == ["Completed", "Closed"]


def test_every_word_a_script_reads_is_in_the_boot_info():
	"""A script names a word through the boot info (words.OPEN): a name the vocabulary lacks
	would be undefined in the desk."""
	bootinfo = frappe._dict()
	with as_user("Administrator"):
		boot_session(bootinfo)
	read = {
		name
		for path in APP.rglob("*.js")
		if "node_modules" not in path.parts
		for name in re.findall(r"\bwords\.([A-Z_]+)", path.read_text())
	}
	assert read  # the scripts do read them
	assert read <= set(bootinfo.property_service["words"])
	assert bootinfo.property_service["words"]["OPEN"] == "Open"


def test_the_desk_is_told_the_open_and_done_states_and_a_technicians_work():
	technician = make_user(roles=(vocabulary.TECHNICIAN,))
	agent = make_user(roles=(vocabulary.AGENT,))
	told = {}
	for user in (technician, agent):
		bootinfo = frappe._dict()
		with as_user(user):
			boot_session(bootinfo)
		told[user] = bootinfo.property_service
	assert told[technician]["work_only"] == ["Service Request", "Complaint", "Special Service"]
	assert told[agent]["work_only"] == []
	assert told[agent]["open"]["Complaint"] == [
		vocabulary.LOGGED,
		vocabulary.ASSIGNED,
		vocabulary.BEING_HANDLED,
		vocabulary.ESCALATED,
	]
	assert told[agent]["done"]["Service Request"] == [vocabulary.COMPLETED, vocabulary.CLOSED]


def test_a_corrective_action_names_only_sources_it_can_come_from():
	from property_service.api.service_desk import SOURCES

	options = next(
		f["options"]
		for f in doctype_json()["corrective_action"]["fields"]
		if f["fieldname"] == "reference_doctype"
	)
	assert [o for o in options.split("\n") if o] == list(SOURCES)


@pytest.mark.parametrize("doctype", sorted(records()))
def test_a_declared_rule_is_wired_in_the_hooks(doctype):
	"""A record declared with an assignee, an own field or a private person has the permission
	hooks that enforce it (hooks.py lists them; the registry says what they read)."""
	declared = records()[doctype]
	expected = (
		"service_query_conditions"
		if declared.assignee
		else "own_query_conditions"
		if declared.own_field
		else "private_query_conditions"
		if declared.private_to
		else None
	)
	wired = hooks.permission_query_conditions.get(doctype, "")
	assert wired.rsplit(".", 1)[-1] == (expected or wired.rsplit(".", 1)[-1])
	if expected:
		assert hooks.has_permission[doctype].endswith(expected.replace("query_conditions", "has_permission"))
