"""Who work goes to: the enabled holders of a role, those of them who work in a community, and
assigning a record to them all."""

from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from frappe.utils.user import get_users_with_role

from property_service.core.assignments import assign


def assignable(role: str | None) -> list[str]:
	"""The enabled holders of `role` work can go to (Administrator holds every role, does none)."""
	return sorted(get_users_with_role(role)) if role else []


def assign_to_role(doc, role: str | None, description: str) -> list[str]:
	"""Assigns `doc` to every enabled user holding `role`; returns them."""
	users = assignable(role)
	assign(doc, users, description)
	return users


def communities_of(user: str) -> set[str] | None:
	"""The communities a User Permission on Community limits `user` to; None: all of them."""
	allowed = get_user_permissions(user).get("Community")
	return {row.doc for row in allowed} if allowed else None


def community_staff(role: str, community: str) -> list[str]:
	"""The enabled holders of `role` who work in `community`: a User Permission on Community limits
	a user to the communities it names; a user without one works in all."""
	return [
		user for user in assignable(role) if (limited := communities_of(user)) is None or community in limited
	]
