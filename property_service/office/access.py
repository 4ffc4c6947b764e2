"""The period and community an office report runs for. A Script Report's SQL bypasses the
permission hooks and Frappe does not check its filters, so every report asks
core/routing.community_for which community the user may see ("an agent's community" is a User
Permission on Community; a user without one sees every community)."""

from property_service.core.routing import community_for


def report_period(filters):
	"""The period and community a report runs for: from/to dates (this month by default) and the
	community the user may see (community_for)."""
	from frappe.utils import get_first_day, get_last_day, getdate, today

	from property_service.office.kpis import Period

	to_date = getdate(filters.get("to_date") or get_last_day(today()))
	from_date = getdate(filters.get("from_date") or get_first_day(to_date))
	return Period(from_date, to_date, community_for(filters.get("community")))
