"""Who work goes to: the enabled holders of a role, those of them who work in a community, and
assigning a record to them all."""

import frappe
from frappe import _
from frappe.utils.user import get_users_with_role

from property_service.core.assignments import assign
from property_service.core.permissions import communities_of, works_in


def assignable(role: str | None) -> list[str]:
	"""The enabled holders of `role` work can go to (Administrator holds every role, does none)."""
	return sorted(get_users_with_role(role)) if role else []


def assign_to_role(doc, role: str | None, description: str) -> list[str]:
	"""Assigns `doc` to the enabled holders of `role` who work in its community (role_holders);
	returns them."""
	users = role_holders(role, doc.get("community"))
	assign(doc, users, description)
	return users


def role_holders(role: str | None, community: str | None) -> list[str]:
	"""The holders of `role` who work in `community` (community_staff: the company's among them),
	never another community's staff; a record of no community: every holder."""
	return community_staff(role, community) if role and community else assignable(role)


def community_staff(role: str, community: str) -> list[str]:
	"""The enabled holders of `role` who work in `community`: a User Permission on Community limits
	a user to the communities it names; a user without one works in all."""
	return [user for user in assignable(role) if works_in(user, community)]


def communities(only: list[str] | None = None) -> list[str]:
	"""The site's communities by name, or those of `only` (a monthly job run for some of them)."""
	return frappe.get_all(
		"Community", filters={"name": ["in", only]} if only is not None else {}, pluck="name", order_by="name"
	)


def of_communities(only: list[str] | None) -> dict:
	"""A filter on a record's `community` for a job run for `only` (None: no filter)."""
	return {} if only is None else {"community": ["in", only or [""]]}


def everywhere(role: str) -> list[str]:
	"""The enabled holders of `role` whom no User Permission limits to communities."""
	return [user for user in assignable(role) if communities_of(user) is None]


def allowed_communities(user: str | None = None) -> list[str] | None:
	"""The communities the user is limited to, or None for all."""
	limited = communities_of(user or frappe.session.user)
	return sorted(limited) if limited is not None else None


def community_for(requested: str | None, user: str | None = None) -> str | None:
	"""The community a report runs for: the one asked for when the user may see it; a user limited
	to one community gets theirs; a user limited to several must choose."""
	allowed = allowed_communities(user)
	if allowed is None:
		return requested or None
	if requested:
		if requested not in allowed:
			frappe.throw(
				_("You may see the figures of {0} only.").format(", ".join(allowed)), frappe.PermissionError
			)
		return requested
	if len(allowed) == 1:
		return allowed[0]
	frappe.throw(_("Choose one of your communities: {0}").format(", ".join(allowed)), frappe.PermissionError)
