"""Who is on duty (当班人员): a general building, equipment or utility complaint is handled by
"维修班组及当班人员" (seed 12.1.5 (4) 3 2) — the maintenance technician on duty in the unit's
community that day. The office keeps a Duty Roster per community and day. Neither ERPNext v15
nor this bench has shift planning (ERPNext's Shift Type and Shift Assignment moved to the HRMS
app, which is not installed), so the roster is the app's own, and the simplest that does the job.
With no roster for the day, or nobody on it holding the role, the Assignment Rule shares the
work among the role's holders as before."""

import frappe
from frappe.query_builder.functions import Count

from property_service.core.assignments import TODO_OPEN
from property_service.core.routing import assignable


def on_duty(community: str | None, day, role: str) -> list[str]:
	"""The enabled holders of `role` on the community's roster for `day`, in roster order."""
	if not community:
		return []
	roster = frappe.db.get_value("Duty Roster", {"community": community, "duty_date": day})
	if not roster:
		return []
	people = frappe.get_all(
		"Duty Roster Person", {"parent": roster, "parenttype": "Duty Roster"}, pluck="user", order_by="idx"
	)
	holders = set(assignable(role))
	return [user for user in people if user in holders]


def least_busy(users: list[str]) -> str:
	"""Of `users`, the one with the fewest open ToDos (the first on the roster on a tie)."""
	todo = frappe.qb.DocType("ToDo")
	open_work = dict(
		frappe.qb.from_(todo)
		.select(todo.allocated_to, Count("*"))
		.where(todo.allocated_to.isin(users) & (todo.status == TODO_OPEN))
		.groupby(todo.allocated_to)
		.run()
	)
	return min(users, key=lambda user: open_work.get(user, 0))
