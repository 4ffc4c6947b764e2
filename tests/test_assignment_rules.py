"""Assignment Rules: callbacks and complaints go to one person, by rules the office edits, whose
users follow their role's holders; an automatic assignment is not the SLA's first response."""

import frappe

from property_service.core.permissions import works_in
from property_service.core.routing import assignable
from property_service.customer_service.assignment_rules import (
	CALLBACK_RULE,
	complaint_rule_name,
	ensure_assignment_rules,
	sync_rule_users,
)
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import make_user

SUPERVISORS = "Customer Service Supervisor"


def rule_users(name: str) -> list[str]:
	return [row.user for row in frappe.get_doc("Assignment Rule", name).users]


def new_complaint(category="Cleaning and Greening", **fields):
	unit = make_unit()
	make_owner(units=[unit])
	return frappe.get_doc(
		{"doctype": "Complaint", "unit": unit, "complaint_category": category, "description": "x", **fields}
	).insert()


def rule_todos(name: str) -> list:
	return frappe.get_all(
		"ToDo",
		filters={"reference_name": name, "assignment_rule": ["is", "set"], "status": "Open"},
		fields=["allocated_to", "assignment_rule"],
	)


def test_rules_are_made_once_and_follow_their_roles():
	ensure_assignment_rules()  # install made them: nothing new
	rule = complaint_rule_name(SUPERVISORS)
	assert frappe.db.get_value("Assignment Rule", rule, "users_from_role") == SUPERVISORS
	supervisor = make_user(roles=(SUPERVISORS,))  # the User hook syncs
	make_user(roles=(SUPERVISORS,))
	assert supervisor in rule_users(rule)
	assert rule_users(rule) == assignable(SUPERVISORS)

	user = frappe.get_doc("User", supervisor)
	user.enabled = 0
	user.save()  # the User hook syncs
	assert supervisor not in rule_users(rule) and rule_users(rule)


def test_a_rule_whose_role_nobody_holds_is_paused_and_saves_still_work():
	rule = complaint_rule_name(SUPERVISORS)
	frappe.db.delete("Has Role", {"role": SUPERVISORS, "parenttype": "User"})
	sync_rule_users()
	assert frappe.db.get_value("Assignment Rule", rule, ["disabled", "paused_no_users"]) == (1, 1)
	complaint = new_complaint()  # an empty rule would fail here
	assert not rule_todos(complaint.name)

	supervisor = make_user(roles=(SUPERVISORS,))
	assert frappe.db.get_value("Assignment Rule", rule, ["disabled", "paused_no_users"]) == (0, 0)
	assert rule_users(rule) == [supervisor]
	assert rule_todos(new_complaint().name)[0].allocated_to == supervisor


def test_an_administrator_disabling_or_taking_over_a_rule_is_obeyed():
	rule = complaint_rule_name(SUPERVISORS)
	chosen = make_user(roles=(SUPERVISORS,))
	other = make_user(roles=(SUPERVISORS,))
	doc = frappe.get_doc("Assignment Rule", rule)
	doc.users_from_role = None  # the administrator chooses the users now
	doc.set("users", [{"user": chosen}])
	doc.save()
	make_user(roles=(SUPERVISORS,))
	assert rule_users(rule) == [chosen]
	complaint = new_complaint()
	assert [t.allocated_to for t in rule_todos(complaint.name)] == [chosen]
	assert frappe.db.get_value("Complaint", complaint.name, "handler") == chosen
	assert other not in [t.allocated_to for t in rule_todos(complaint.name)]

	frappe.db.set_value("Assignment Rule", rule, "disabled", 1)
	frappe.clear_document_cache("Assignment Rule", rule)
	from frappe.cache_manager import clear_doctype_map

	clear_doctype_map("Assignment Rule", "Complaint")
	sync_rule_users()
	assert frappe.db.get_value("Assignment Rule", rule, "disabled") == 1  # not re-enabled
	assert not rule_todos(new_complaint().name)


def test_callbacks_are_balanced_between_agents_and_the_agent_is_recorded():
	agents = [make_user(roles=("Customer Service Agent",)) for _ in range(2)]
	holders = set(rule_users(CALLBACK_RULE))
	assert set(agents) <= holders
	unit = make_unit()
	made = [
		frappe.get_doc({"doctype": "Callback Record", "unit": unit, "callback_method": "Phone"}).insert()
		for _ in range(2 * len(holders))
	]
	for callback in made:
		todos = rule_todos(callback.name)
		assert len(todos) == 1 and todos[0].assignment_rule == CALLBACK_RULE
		assert frappe.db.get_value("Callback Record", callback.name, "agent") == todos[0].allocated_to
	load = {
		user: frappe.db.count(
			"ToDo", {"reference_type": "Callback Record", "allocated_to": user, "status": "Open"}
		)
		for user in agents
	}
	assert max(load.values()) - min(load.values()) <= 1  # the two new agents share the new work

	about = frappe.db.get_value("ToDo", {"reference_name": made[0].name}, "description")
	assert "None" not in about and unit in about  # a routine callback names its unit

	rated = made[0]
	rated.reload()
	rated.satisfaction, rated.callback_method = "A - Satisfied", "Phone"
	rated.save()
	assert frappe.db.get_value("ToDo", {"reference_name": rated.name}, "status") == "Closed"


def test_a_communitys_callbacks_go_only_to_agents_working_there():
	"""A company of communities: an agent limited to one community by a User Permission gets its
	callbacks and never another's; agents without the limit work everywhere."""
	communities = [make_community(), make_community()]
	agents = {}
	for community in communities:
		agents[community] = make_user(roles=("Customer Service Agent",))
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": agents[community],
				"allow": "Community",
				"for_value": community,
			}
		).insert(ignore_permissions=True)
	holders = set(rule_users(CALLBACK_RULE))
	assert set(agents.values()) <= holders
	for community in communities:
		unit = make_unit(make_building(community))
		given = set()
		for _ in range(2 * len(holders)):
			callback = frappe.get_doc({"doctype": "Callback Record", "unit": unit}).insert()
			(todo,) = rule_todos(callback.name)
			given.add(todo.allocated_to)
		assert all(works_in(user, community) for user in given), community
		assert agents[community] in given  # their share of their community's work
		other = next(c for c in communities if c != community)
		assert agents[other] not in given


def test_the_office_sets_other_roles_that_call_back_too():
	"""管理处经理助理及相关职能部门 (seed 12.1.2 (1)): the settings name roles whose holders take
	callbacks with the agents; a new holder joins the rule; clearing them takes them out."""
	agent, manager = make_user(roles=("Customer Service Agent",)), make_user(roles=("Property Manager",))
	settings = frappe.get_doc("Property Service Settings")
	settings.set("callback_other_roles", [{"role": "Property Manager"}, {"role": "Customer Service Agent"}])
	settings.save()
	rule = frappe.get_doc("Assignment Rule", CALLBACK_RULE)
	assert (rule.users_from_role, rule.also_from_roles) == ("Customer Service Agent", "Property Manager")
	assert manager in rule_users(CALLBACK_RULE)
	assert set(assignable("Customer Service Agent")) <= set(rule_users(CALLBACK_RULE))
	later = make_user(roles=("Property Manager",))  # the User hook syncs
	assert later in rule_users(CALLBACK_RULE)
	settings.set("callback_other_roles", [])
	settings.save()
	assert agent in rule_users(CALLBACK_RULE) and manager not in rule_users(CALLBACK_RULE)
	assert not frappe.db.get_value("Assignment Rule", CALLBACK_RULE, "also_from_roles")


def test_the_office_choosing_the_agent_is_kept():
	agent = make_user(roles=("Customer Service Agent",))
	callback = frappe.get_doc(
		{"doctype": "Callback Record", "unit": make_unit(), "agent": agent, "callback_method": "Phone"}
	).insert()
	assert frappe.db.get_value("Callback Record", callback.name, "agent") == agent
	assert frappe.get_all(
		"ToDo", filters={"reference_name": callback.name, "status": "Open"}, pluck="allocated_to"
	) == [agent]


def test_an_automatic_assignment_is_not_the_first_response():
	make_user(roles=(SUPERVISORS,))
	complaint = new_complaint()
	assert rule_todos(complaint.name)
	assert not frappe.db.get_value("Complaint", complaint.name, "first_responded_on")


def test_a_resident_joining_touches_no_rule():
	before = frappe.db.get_value("Assignment Rule", CALLBACK_RULE, "modified")
	make_user(roles=("Property Resident",), user_type="Website User")
	assert frappe.db.get_value("Assignment Rule", CALLBACK_RULE, "modified") == before
	make_user(roles=("Customer Service Agent",))
	assert frappe.db.get_value("Assignment Rule", CALLBACK_RULE, "modified") != before
