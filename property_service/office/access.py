"""Who may see which community's numbers. A Script Report's SQL bypasses the permission hooks and
Frappe does not check its filters, so every office report asks here: "an agent's community" is a
User Permission on Community (core/routing.py); a user without one sees every community."""

import frappe
from frappe import _

from property_service.core.routing import communities_of


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


def report_period(filters):
	"""The period and community a report runs for: from/to dates (this month by default) and the
	community the user may see (community_for)."""
	from frappe.utils import get_first_day, get_last_day, getdate, today

	from property_service.office.kpis import Period

	to_date = getdate(filters.get("to_date") or get_last_day(today()))
	from_date = getdate(filters.get("from_date") or get_first_day(to_date))
	return Period(from_date, to_date, community_for(filters.get("community")))
