"""Who handles a callback or a complaint, as Frappe Assignment Rules the office can edit.

- Callbacks go to one agent, the one with the fewest open callbacks (Load Balancing); the holders
  of the other roles the office sets (管理处经理助理及相关职能部门) take their share too.
- A complaint goes to one holder of its responsible role (routing.ROUTING decides the role; one
  rule per role, Load Balancing); the roles that must also be told get a Notification
  (notifications.py), not an assignment.

A rule's `users` is a fixed list and Frappe's rule fails on every save of its DocType when the
list is empty. So each rule made here names the role its users come from (`users_from_role`, a
Custom Field on Assignment Rule, with `also_from_roles` for more): on every change of a user and on
migrate the app sets the rule's users to the roles' enabled holders; a rule whose role nobody holds is paused (disabled, and
`paused_no_users` set) and resumed when someone holds it again. A rule whose `users_from_role`
the administrator clears is theirs: its users are left alone. The rules are made once and
never overwritten; their conditions, days and priority are the administrator's.

The rule's assignee is also written to the record's own field (permissions.ASSIGNEE: agent,
handler) by the ToDo hook in assignments.py. An automatic assignment is not a response for the
SLA: the response is the workflow state (sla.SLA_DOCTYPES).
"""

import frappe
from frappe.cache_manager import clear_doctype_map
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from property_service.core.routing import assignable
from property_service.customer_service.complaint_routing import routed_roles
from property_service.customer_service.records import COMPLAINT
from property_service.vocabulary import AGENT, ESCALATED, LOGGED, TO_DO

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALLBACK_RULE = "Callbacks - Agents"
DEFAULT_CALLBACK_ROLE = AGENT
# a callback's ToDo closes once it is rated, unreachable or cancelled
CALLBACK_CLOSE_CONDITION = f"status != {TO_DO!r}"
# what the callback's ToDo says: about its request or complaint, or (routine, survey results) its unit
CALLBACK_DESCRIPTION = (
	'{% if reference_name %}{{ _("Call back about {0} {1}").format(_(reference_doctype), reference_name) }}'
	'{% else %}{{ _("Routine callback {0}").format(unit or "") }}{% endif %}'
)

CUSTOM_FIELDS = {
	"Assignment Rule": [
		{
			"fieldname": "users_from_role",
			"label": "Users From Role",
			"fieldtype": "Link",
			"options": "Role",
			"insert_after": "rule",
			"description": "The users are kept equal to this role's enabled holders; clear it to choose the users yourself.",
		},
		{
			"fieldname": "also_from_roles",
			"label": "Also From Roles",
			"fieldtype": "Small Text",
			"insert_after": "users_from_role",
			"depends_on": "users_from_role",
			"description": "One role per line: their enabled holders are the rule's users too.",
		},
		{
			"fieldname": "paused_no_users",
			"label": "Paused: Nobody Holds the Role",
			"fieldtype": "Check",
			"insert_after": "also_from_roles",
			"read_only": 1,
		},
	]
}


def complaint_rule_name(role: str) -> str:
	return f"Complaints - {role}"


def callback_roles(settings=None) -> tuple[str, str]:
	"""The callback rule's role and the other roles whose holders call back too (one per line):
	管理处经理助理及相关职能部门 (seed 12.1.2 (1)), as the office sets them."""
	settings = settings or frappe.get_cached_doc("Property Service Settings")
	role = settings.callback_agent_role or DEFAULT_CALLBACK_ROLE
	others = [row.role for row in settings.get("callback_other_roles") or [] if row.role != role]
	return role, "\n".join(dict.fromkeys(others))


def rule_roles(rule) -> list[str]:
	"""The roles a role-following rule takes its users from."""
	others = [role.strip() for role in (rule.also_from_roles or "").splitlines() if role.strip()]
	return [rule.users_from_role, *others]


def rule_specs() -> list[dict]:
	role, others = callback_roles()
	specs = [
		{
			"name": CALLBACK_RULE,
			"document_type": "Callback Record",
			"users_from_role": role,
			"also_from_roles": others,
			"assign_condition": f"status == {TO_DO!r} and not agent",
			"close_condition": CALLBACK_CLOSE_CONDITION,
			"due_date_based_on": "due_date",
			"description": CALLBACK_DESCRIPTION,
		}
	]
	open_states = (LOGGED, ESCALATED)
	done_states = COMPLAINT.done
	for role in routed_roles(0):
		specs.append(
			{
				"name": complaint_rule_name(role),
				"document_type": "Complaint",
				"users_from_role": role,
				"assign_condition": f"responsible_role == {role!r} and status in {open_states!r}",
				"close_condition": f"status in {done_states!r}",
				"description": '{{ _("Complaint {0}: {1}").format(name, _(complaint_category)) }}',
			}
		)
	return specs


def ensure_assignment_rules() -> None:
	"""Makes the missing rules (never changes an existing one), then syncs every rule's users."""
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)
	for spec in rule_specs():
		if frappe.db.exists("Assignment Rule", spec["name"]):
			continue
		rule = frappe.get_doc(
			{
				"doctype": "Assignment Rule",
				"rule": "Load Balancing",
				"priority": 0,
				"assignment_days": [{"day": day} for day in WEEK],
				"disabled": 1,  # enabled by sync_rule_users once it has users
				"paused_no_users": 1,
				**spec,
			}
		)
		rule.insert(ignore_permissions=True)
	sync_rule_users()


def sync_rule_users(user=None, method=None) -> None:
	"""Sets each role-following rule's users to the role's enabled holders; pauses an empty one.
	Also a User hook (on_update, after_delete), where `user` is the changed User."""
	if not frappe.db.has_column("Assignment Rule", "also_from_roles"):
		return  # before the Custom Fields exist (install order, an upgrade before its migrate)
	if user is not None and (frappe.flags.in_install or not changes_rule_users(user, method)):
		return
	rules = frappe.get_all(
		"Assignment Rule",
		filters={"users_from_role": ["is", "set"]},
		fields=["name", "users_from_role", "also_from_roles", "disabled", "paused_no_users"],
	)
	for row in rules:
		holders = sorted({user for role in rule_roles(row) for user in assignable(role)})
		rule = frappe.get_doc("Assignment Rule", row.name)
		current = [d.user for d in rule.users]
		if not holders:
			if not rule.disabled:
				rule.db_set({"disabled": 1, "paused_no_users": 1})
				rule.clear_cache()
				forget_on_rollback(rule)
			continue
		changed = current != holders
		if changed:
			rule.set("users", [{"user": u} for u in holders])
			if rule.last_user not in holders:
				rule.last_user = None  # a deleted user would fail the rule's link check
		if rule.paused_no_users:
			rule.disabled, rule.paused_no_users, changed = 0, 0, True
		if changed:
			rule.save(ignore_permissions=True)
			forget_on_rollback(rule)


def forget_on_rollback(rule) -> None:
	"""Frappe caches the rules (and each rule) in Redis, which a rolled-back transaction does not
	undo: a rule seen enabled with users it no longer has would fail every save of its DocType."""

	def forget():
		frappe.clear_document_cache("Assignment Rule", rule.name)
		clear_doctype_map("Assignment Rule", rule.document_type)

	frappe.db.after_rollback.add(forget)


def changes_rule_users(user, method) -> bool:
	"""Whether a saved or deleted User can change who holds a role (not a resident's profile)."""
	roles = {row.role for row in user.roles}
	before = user.get_doc_before_save()
	if method == "after_delete" or (before and before.enabled != user.enabled):
		touched = roles
	else:
		touched = roles ^ {row.role for row in before.roles} if before else roles
	if not touched:
		return False
	followed = frappe.get_all(
		"Assignment Rule",
		filters={"users_from_role": ["is", "set"]},
		fields=["users_from_role", "also_from_roles"],
	)
	return bool(touched & {role for rule in followed for role in rule_roles(rule)})


def follow_callback_role(settings) -> None:
	"""Property Service Settings on_update: the callback rule follows the chosen roles (unless the
	administrator cleared its role: then its users are theirs)."""
	if not frappe.db.exists("Assignment Rule", CALLBACK_RULE):
		return
	role, others = callback_roles(settings)
	rule = frappe.db.get_value(
		"Assignment Rule", CALLBACK_RULE, ["users_from_role", "also_from_roles"], as_dict=True
	)
	if rule.users_from_role and (rule.users_from_role, rule.also_from_roles or "") != (role, others):
		frappe.db.set_value(
			"Assignment Rule", CALLBACK_RULE, {"users_from_role": role, "also_from_roles": others}
		)
		sync_rule_users()


def remove_assignment_rules() -> None:
	"""On uninstall: the rules the app made go; the ToDos they made stay with their records."""
	for spec in rule_specs():
		frappe.delete_doc(
			"Assignment Rule", spec["name"], ignore_permissions=True, force=True, ignore_missing=True
		)
