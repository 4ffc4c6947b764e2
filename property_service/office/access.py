"""The period and community an office report runs for. A Script Report's SQL bypasses the
permission hooks and Frappe does not check its filters, so every report asks
core/routing.community_for which community the user may see ("an agent's community" is a User
Permission on Community; a user without one sees every community)."""

from property_service.core.routing import community_for


def report_dates(filters) -> tuple:
	"""The from/to dates a report runs for (this month by default)."""
	from frappe.utils import get_first_day, get_last_day, getdate, today

	to_date = getdate(filters.get("to_date") or get_last_day(today()))
	return getdate(filters.get("from_date") or get_first_day(to_date)), to_date


def report_period(filters):
	"""The period and community a report runs for: its dates and the community the user may see
	(community_for)."""
	from property_service.office.kpis import Period

	return Period(*report_dates(filters), community_for(filters.get("community")))
