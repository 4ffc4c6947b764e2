"""Who handles a complaint (seed 12.1.5 (4) 3), and the escalation chain.

- fees: the office manager and the customer-service supervisor;
- building, equipment and utilities: maintenance; major ones the office manager;
- security and parking: the customer-service supervisor with the security supervisor;
- cleaning and greening: the customer-service supervisor;
- staff conduct: the office manager;
- anything else: the customer-service supervisor.
Major or overdue complaints go up level by level to the company's Management Representative.
"""

import frappe

from property_service.customer_service.assignments import open_todo

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
	"Building and Equipment": ("Property Manager", "Maintenance Technician"),
	"Utilities": ("Property Manager", "Maintenance Technician"),
}
ESCALATION_CHAIN = (
	"Customer Service Supervisor",
	"Property Manager",
	"Management Representative",
)


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


def assign_to_role(doc, role: str | None, description: str) -> list[str]:
	"""Opens a ToDo on `doc` for every enabled user holding `role`; returns them."""
	users = [user for user in role_holders(role) if user != "Administrator"]
	for user in users:
		open_todo(doc, user, description)
	return users
