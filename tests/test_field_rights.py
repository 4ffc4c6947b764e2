"""Field-level rights over REST, the way a script with a role's API token calls it (QUALITY.md,
security 5): each resident-facing DocType × each role (alone and combined with Property Resident)
× each field group × POST and PUT. Allowed fields change; the rest are refused (417), forbidden
(403) or reset (200, the stored values unchanged); nothing else in the database changes.

Field groups: `content` is what a resident describes; `intake` what mail intake records (sender,
subject); `office` the office's fields (permission
level 1: dispatch, escalation, satisfaction, ERPNext's SLA fields); `work` what a technician
records (level 2); `computed` what the system sets whoever sends it (price, customer, routing,
verification). The records are in the unit of the filer and the household member; the staff who
also live on site live next door.
"""

import json

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from property_service.core.permissions import assignee
from property_service.customer_service.sla import issue_priorities
from tests.portal_world import make_role_world, purge_world

ROLES = (
	"filer",
	"member",
	"neighbour",
	"technician",
	"agent",
	"accounts",
	"technician+resident",
	"agent+resident",
	"accounts+resident",
)
STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"accounts": ("Accounts User",),
}
# tables whose row counts must not change when a call is refused, forbidden or reset
WATCHED = ("Service Request", "Complaint", "Special Service", "Callback Record", "ToDo", "Customer")
IGNORED = {"modified", "modified_by", "_assign", "_seen", "_comments", "_liked_by", "_user_tags"}


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	try:
		world.other_customer = frappe.db.get_value("Property Owner", world.owners[1], "customer")
		world.priority = issue_priorities()[0]
		yield world
	finally:
		purge_world(world)


def groups(doctype: str, world) -> dict[str, dict]:
	"""doctype -> group -> the values a caller sends."""
	technician = world.technician
	return {
		"Service Request": {
			"content": {
				"description": "厨房水管漏水",
				"request_type": "Convenience",
				"contact_phone": "13900000001",
			},
			"office": {
				"technician": technician,
				"escalation_level": 3,
				"satisfaction": "A - Satisfied",
				"service_level_agreement_creation": "2020-01-01 00:00:00",
				"priority": world.priority,
				"dispatched_on": "2020-01-01 08:00:00",
				"repair_service": "维修浴缸漏水",
			},
			"work": {
				"resolution": "换了阀门",
				"materials": [{"material": "阀门", "qty": 1}],
				# the work order slip, signed at the door
				"technician_signature": SIGNATURE,
				"resident_signature": SIGNATURE,
				"slip_signed": 1,
			},
			"computed": {"slip_returned_on": "2020-01-01 00:00:00"},  # the server's stamp
			# what mail intake records: the office's to correct, never a resident's to send
			"intake": {"raised_by": "someone@example.org", "subject": "来信"},
		},
		"Complaint": {
			"content": {"description": "电梯噪音大", "complaint_category": "Cleaning and Greening"},
			"office": {
				"severity": "Major",
				"escalation_level": 2,
				"satisfaction": "B - Fairly Satisfied",
				"priority": world.priority,
			},
			"work": {"resolution": "已调整电梯"},
			"computed": {
				"responsible_role": "Archive Clerk",
				"verified_by": world.agent,
				"verified_on": "2020-01-01 00:00:00",
			},
		},
		"Special Service": {
			"content": {"notes": "下午来", "preferred_time": "2030-01-01 15:00:00", "qty": 2},
			"office": {
				"technician": technician,
				"satisfaction": "A - Satisfied",
				"materials": [{"item": "清洁排风扇", "qty": 1}],
			},
			"work": {"resolution": "已清洗"},
			"computed": {"rate": 0.01, "amount": 0.01, "customer": world.other_customer},
		},
	}[doctype]


CASES = [
	(doctype, group, role, method)
	for doctype, names in {
		"Service Request": ("content", "office", "work", "intake", "computed"),
		"Complaint": ("content", "office", "work", "computed"),
		"Special Service": ("content", "office", "work", "computed"),
	}.items()
	for group in names
	for role in ROLES
	for method in ("POST", "PUT")
]


def expected(group: str, role: str, method: str, hands_over: bool = False) -> str:
	"""changed | kept (200, values reset) | refused (417) | forbidden (403). `hands_over`: the
	values give the job to another technician than the caller."""
	staff = role.split("+")[0]
	if method == "POST":
		if role in ("filer", "member"):
			return "changed" if group == "content" else "refused"
		if staff == "agent":
			return "kept" if group == "computed" else "changed"
		return "forbidden"  # no create right, or (as a resident) not their unit
	if staff == "agent":
		return "kept" if group == "computed" else "changed"
	if staff == "technician" and hands_over:
		# the record they would save is no longer theirs: Frappe's permission check refuses the
		# save before the level-1 reset
		return "forbidden"
	if staff == "technician":  # on a job dispatched to them
		return {
			"content": "refused",
			"intake": "refused",
			"office": "kept",
			"work": "changed",
			"computed": "kept",
		}[group]
	return "forbidden"


BASE = {
	"Service Request": {"description": "卫生间漏水"},
	"Complaint": {"description": "楼道脏", "complaint_category": "Building and Equipment"},
	"Special Service": {"service_item": "清洁排风扇"},
}
# workflow actions that put a record in the hands of its technician
TO_THE_TECHNICIAN = {
	"Service Request": ("Dispatch",),
	"Complaint": ("Assign", "Start Handling"),
	"Special Service": ("Accept", "Dispatch"),
}


def make_record(doctype: str, world, technician: str | None = None) -> str:
	"""A committed record of the filer's unit; with `technician`, dispatched to them."""
	doc = frappe.get_doc({"doctype": doctype, "unit": world.unit, **BASE[doctype]}).insert()
	if technician:
		doc.set(assignee(doctype), technician)
		doc.save()
		for action in TO_THE_TECHNICIAN[doctype]:
			apply_workflow(doc, action)
			doc.reload()
	frappe.db.commit()  # nosemgrep: the web server is another process
	return doc.name


def stored(doctype: str, name: str) -> dict:
	frappe.db.rollback()  # a new snapshot: the server committed in another process
	doc = frappe.get_doc(doctype, name).as_dict(no_default_fields=False)
	return {k: v for k, v in doc.items() if k not in IGNORED}


def normal(value):
	if isinstance(value, list):
		return [(row.get("material") or row.get("item"), float(row.get("qty") or 0)) for row in value]
	if isinstance(value, int | float):
		return float(value)
	return str(value) if value not in (None, "") else None


def counts() -> dict[str, int]:
	frappe.db.rollback()
	return {doctype: frappe.db.count(doctype) for doctype in WATCHED}


@pytest.mark.parametrize("doctype,group,role,method", CASES)
def test_field_rights_over_rest(world, rest, doctype, group, role, method):
	user = world.users[role]
	values = groups(doctype, world)[group]
	outcome = expected(group, role, method, values.get(assignee(doctype), user) != user)
	if method == "PUT":
		technician = user if role.startswith("technician") else None
		name = make_record(doctype, world, technician)
		before, before_counts = stored(doctype, name), counts()
		rest.login(user)
		response = rest.put(f"/api/resource/{doctype}/{name}", data=json.dumps(values))
	else:
		before, before_counts = None, counts()
		rest.login(user)
		body = {"unit": world.unit, **BASE[doctype], **values}
		response = rest.post(f"/api/resource/{doctype}", data=json.dumps(body))
	status = {"changed": 200, "kept": 200, "refused": 417, "forbidden": 403}[outcome]
	assert response.status_code == status, response.text[:500]
	if method == "POST" and outcome in ("refused", "forbidden"):
		assert counts() == before_counts
		return
	if method == "POST":
		name = response.json()["data"]["name"]
	after = stored(doctype, name)
	if outcome == "changed":
		assert {k: normal(after[k]) for k in values} == {k: normal(v) for k, v in values.items()}
	elif method == "POST":  # kept: created, but with the system's values, not the sent ones
		assert all(normal(after[k]) != normal(v) for k, v in values.items())
	else:
		changed = {k for k in after if k != "materials" and after[k] != before[k]}
		if outcome == "kept":  # the save went through: ERPNext's SLA bookkeeping may run again
			changed -= {"agreement_status", "response_by", "sla_resolution_by"}
		assert not changed, {k: (before[k], after[k]) for k in changed}
		assert normal(after.get("materials", [])) == normal(before.get("materials", []))
		assert counts() == before_counts


CALLBACK_GROUPS = ("about", "rating", "schedule", "attempts", "signatures", "major problem")
SIGNATURE = "data:image/png;base64,iVBORw0KGgo="
# an attempt as a forger sends it: someone else's name and an old time
FORGED_ATTEMPT = {
	"callback_method": "Phone",
	"outcome": "Not at Home",
	"attempted_by": "Administrator",
	"attempted_on": "2020-01-01 00:00:00",
}


def callback_values(group: str, world) -> dict:
	return {
		"about": {"unit": world.other_unit, "property_owner": world.owners[1]},
		"rating": {"satisfaction": "C - Dissatisfied", "content_and_result": "不满意"},
		"schedule": {"agent": world.agent, "due_date": "2030-01-01"},
		"attempts": {"attempts": [FORGED_ATTEMPT]},
		"signatures": {"owner_signature": SIGNATURE, "visitor_signature": SIGNATURE},
		# the action is the app's to make: a forger names another one
		"major problem": {"major_problem": "电梯有安全隐患", "major_problem_action": forged_action(world)},
	}[group]


def forged_action(world) -> str:
	from property_service.customer_service.corrective_actions import make_corrective_action

	name = make_corrective_action("Service Request", make_record("Service Request", world), "别的问题")
	frappe.db.commit()  # nosemgrep: the web server is another process
	return name


def callback_expected(group: str, role: str, method: str) -> str:
	"""Residents read their callbacks and rate them only through the rating action; technicians
	and accountants have no right on callbacks; agents call back, but what a callback is about
	is fixed once made."""
	if not role.startswith("agent"):
		return "forbidden"
	if method == "PUT" and group == "about":
		return "refused"
	return "changed"


@pytest.mark.parametrize(
	"group,role,method", [(g, r, m) for g in CALLBACK_GROUPS for r in ROLES for m in ("POST", "PUT")]
)
def test_callback_field_rights_over_rest(world, rest, group, role, method):
	user = world.users[role]
	values = callback_values(group, world)
	outcome = callback_expected(group, role, method)
	source = make_record("Service Request", world)
	if method == "PUT":
		from property_service.customer_service.callbacks import ensure_callback

		frappe.db.rollback()
		name = ensure_callback(frappe.get_doc("Service Request", source))
		frappe.db.commit()  # nosemgrep: the web server is another process
		before, before_counts = stored("Callback Record", name), counts()
		rest.login(user)
		response = rest.put(f"/api/resource/Callback Record/{name}", data=json.dumps(values))
	else:
		before, before_counts = None, counts()
		rest.login(user)
		body = {"reference_doctype": "Service Request", "reference_name": source, **values}
		response = rest.post("/api/resource/Callback Record", data=json.dumps(body))
	status = {"changed": 200, "refused": 417, "forbidden": 403}[outcome]
	assert response.status_code == status, response.text[:500]
	if outcome != "changed":
		assert counts() == before_counts
		if before:
			assert stored("Callback Record", name) == before
		return
	name = response.json()["data"]["name"]
	after = stored("Callback Record", name)
	if group == "about":  # made about the request: it takes the request's unit and resident
		assert (after["unit"], after["property_owner"]) == (world.unit, world.owners[0])
	elif group == "attempts":  # recorded, stamped with the caller and the server's time
		(attempt,) = after["attempts"]
		assert (attempt["outcome"], attempt["attempted_by"]) == ("Not at Home", user)
		assert attempt["attempted_on"].year > 2020
	elif group == "major problem":  # reported up as a corrective action about this callback
		action = after["major_problem_action"]
		assert action and action != values["major_problem_action"]
		assert frappe.db.get_value("Corrective Action", action, "reference_name") == name
	else:
		assert {k: normal(after[k]) for k in values} == {k: normal(v) for k, v in values.items()}
