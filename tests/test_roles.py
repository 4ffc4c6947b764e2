import json
from pathlib import Path

import frappe

import property_service
from property_service.fees.counter import remove_counter_rights
from property_service.setup.install import after_install, after_migrate
from property_service.setup.roles import remove_unreferenced_roles
from property_service.vocabulary import ACCOUNTS_MANAGER, ACCOUNTS_USER, DESK_ROLES, ROLES, SYSTEM_MANAGER
from tests.utils import make_user


def app_permission_roles() -> set[str]:
	"""The roles the app's DocTypes give rights to (their DocPerm rows)."""
	app = Path(property_service.__file__).resolve().parent
	return {
		perm["role"]
		for path in app.glob("*/doctype/*/*.json")
		if path.parent.name == path.stem
		for perm in json.loads(path.read_text()).get("permissions", [])
	}


def test_every_role_the_doctypes_name_exists_with_the_right_desk_access():
	roles = {r.name: r.desk_access for r in frappe.get_all("Role", fields=["name", "desk_access"])}
	named = app_permission_roles()
	assert named - set(roles) == set()  # a rule naming a role nobody could be given
	# every role a rule names is one the app makes, or one of Frappe's and ERPNext's it works with
	assert named - set(ROLES) <= {SYSTEM_MANAGER, ACCOUNTS_USER, ACCOUNTS_MANAGER}
	assert {role: roles[role] for role in ROLES} == {role: int(role in DESK_ROLES) for role in ROLES}


def test_every_role_the_app_makes_is_given_a_right():
	"""A role the app creates that no DocType grants anything is a dead word."""
	assert set(ROLES) - app_permission_roles() == set()


def test_install_code_twice_creates_nothing_new_and_keeps_admin_edits():
	frappe.db.set_value("Role", "Archive Clerk", "two_factor_auth", 1)
	before = frappe.db.count("Role")
	after_install()
	after_migrate()
	assert frappe.db.count("Role") == before
	assert frappe.db.get_value("Role", "Archive Clerk", "two_factor_auth") == 1


def test_install_recreates_a_role_an_admin_deleted():
	frappe.delete_doc("Role", "Security Supervisor", force=True)
	assert not frappe.db.exists("Role", "Security Supervisor")
	after_migrate()
	assert frappe.db.exists("Role", "Security Supervisor")


def test_uninstall_keeps_roles_that_users_hold_and_removes_the_rest():
	user = make_user(roles=("Quality Supervisor",))
	remove_counter_rights()  # as the uninstall does first: the app's own rules on ERPNext's DocTypes
	kept = remove_unreferenced_roles()
	assert kept == ["Quality Supervisor"]
	assert frappe.db.exists("Role", "Quality Supervisor")
	assert "Quality Supervisor" in frappe.get_roles(user)
	for role in ROLES:
		if role != "Quality Supervisor":
			assert not frappe.db.exists("Role", role), role
	frappe.clear_cache()


def test_uninstall_keeps_a_role_named_by_a_permission_rule_on_another_doctype():
	frappe.get_doc(
		{"doctype": "Custom DocPerm", "parent": "ToDo", "role": "Archive Clerk", "read": 1}
	).insert(ignore_permissions=True)
	assert "Archive Clerk" in remove_unreferenced_roles()
	frappe.clear_cache()
