"""The roles of Property Service (DESIGN.md, "Roles")."""

import frappe

from property_service.vocabulary import DESK_ROLES, ROLES


def create_roles() -> None:
	"""Creates the app's roles that are missing; leaves existing ones (and their edits) alone."""
	for role_name in ROLES:
		if frappe.db.exists("Role", role_name):
			continue
		frappe.get_doc(
			{
				"doctype": "Role",
				"role_name": role_name,
				"desk_access": int(role_name in DESK_ROLES),
			}
		).insert(ignore_permissions=True)


def remove_unreferenced_roles() -> list[str]:
	"""Deletes the app's roles nobody holds and no permission rule names; returns the kept ones."""
	kept = []
	for role_name in ROLES:
		if not frappe.db.exists("Role", role_name):
			continue
		if is_role_referenced(role_name):
			kept.append(role_name)
			continue
		frappe.delete_doc("Role", role_name, ignore_permissions=True, force=True)
	return kept


def is_role_referenced(role_name: str) -> bool:
	"""A role is referenced when a user holds it or a permission rule outside this app names it."""
	if frappe.db.exists("Has Role", {"role": role_name, "parenttype": "User"}):
		return True
	if frappe.db.exists("Custom DocPerm", {"role": role_name}):
		return True
	our_doctypes = frappe.get_all("DocType", filters={"module": ["in", get_app_modules()]}, pluck="name")
	return bool(frappe.db.exists("DocPerm", {"role": role_name, "parent": ["not in", our_doctypes or [""]]}))


def get_app_modules() -> list[str]:
	return frappe.get_all("Module Def", filters={"app_name": "property_service"}, pluck="name")
