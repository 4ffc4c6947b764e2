"""Who handles a complaint (seed 12.1.5 (4) 3), and the escalation chain.

- fees: the office manager and the customer-service supervisor;
- building, equipment and utilities: maintenance; major ones the office manager with the
  customer-service supervisor (管理处主任 + 业主服务主管);
- security and parking: the customer-service supervisor with the security supervisor;
- cleaning and greening: the customer-service supervisor;
- staff conduct: the office manager;
- anything else: the customer-service supervisor.
Major or overdue complaints go up level by level to the company's Management Representative,
never down: a complaint the office manager already owns goes next to the Representative. The
Representative verifies the result of a major complaint; a customer-service supervisor that of a
general one.
"""

import frappe

from property_service.customer_service.assignments import assign

# category -> (responsible role, role also told); major complaints may go higher
ROUTING = {
	"Fees": ("Property Manager", "Customer Service Supervisor"),
	"Building and Equipment": ("Maintenance Technician", None),
	"Utilities": ("Maintenance Technician", None),
	"Security and Parking": ("Customer Service Supervisor", "Security Supervisor"),
	"Cleaning and Greening": ("Customer Service Supervisor", None),
	"Staff Conduct": ("Property Manager", None),
	"Other": ("Customer Service Supervisor", None),
}
MAJOR_ROUTING = {
	"Building and Equipment": ("Property Manager", "Customer Service Supervisor"),
	"Utilities": ("Property Manager", "Customer Service Supervisor"),
}
ESCALATION_CHAIN = (
	"Customer Service Supervisor",
	"Property Manager",
	"Management Representative",
)


# who verifies a complaint's result, by severity (seed 12.1.5 (4))
VERIFIER = {"General": "Customer Service Supervisor", "Major": "Management Representative"}


def escalation_role(responsible_role: str | None, level: int) -> str:
	"""The role at `level` of the chain, never at or below the role already responsible."""
	floor = ESCALATION_CHAIN.index(responsible_role) + 1 if responsible_role in ESCALATION_CHAIN else 0
	return ESCALATION_CHAIN[min(max(level - 1, floor), len(ESCALATION_CHAIN) - 1)]


def routed_roles(position: int) -> list[str]:
	"""The roles the routing matrix names: responsible (0) or also told (1)."""
	routes = (*ROUTING.values(), *MAJOR_ROUTING.values())
	return sorted({route[position] for route in routes if route[position]})


def route(category: str, severity: str) -> tuple[str, str | None]:
	if severity == "Major" and category in MAJOR_ROUTING:
		return MAJOR_ROUTING[category]
	return ROUTING.get(category, ROUTING["Other"])


def role_holders(role: str | None) -> list[str]:
	if not role:
		return []
	holders = frappe.get_all("Has Role", filters={"role": role, "parenttype": "User"}, pluck="parent")
	return frappe.get_all(
		"User", filters={"name": ["in", holders or [""]], "enabled": 1}, pluck="name", order_by="name"
	)


def assignable(role: str | None) -> list[str]:
	"""The enabled holders of `role` work can go to (Administrator holds every role, does none)."""
	return [user for user in role_holders(role) if user != "Administrator"]


def assign_to_role(doc, role: str | None, description: str) -> list[str]:
	"""Assigns `doc` to every enabled user holding `role`; returns them."""
	users = assignable(role)
	assign(doc, users, description)
	return users


def community_staff(role: str, community: str) -> list[str]:
	"""The enabled holders of `role` who work in `community`: a User Permission on Community limits
	a user to the communities it names; a user without one works in all."""
	users = assignable(role)
	limited: dict[str, set[str]] = {}
	for row in frappe.get_all(
		"User Permission",
		{"allow": "Community", "user": ["in", users or [""]]},
		["user", "for_value"],
	):
		limited.setdefault(row.user, set()).add(row.for_value)
	return [user for user in users if user not in limited or community in limited[user]]
