from property_service.vocabulary import (
	CS_SUPERVISOR,
	MANAGEMENT_REPRESENTATIVE,
	PROPERTY_MANAGER,
	SECURITY_SUPERVISOR,
	TECHNICIAN,
)

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

# category -> (responsible role, role also told); major complaints may go higher
ROUTING = {
	"Fees": (PROPERTY_MANAGER, CS_SUPERVISOR),
	"Building and Equipment": (TECHNICIAN, None),
	"Utilities": (TECHNICIAN, None),
	"Security and Parking": (CS_SUPERVISOR, SECURITY_SUPERVISOR),
	"Cleaning and Greening": (CS_SUPERVISOR, None),
	"Staff Conduct": (PROPERTY_MANAGER, None),
	"Other": (CS_SUPERVISOR, None),
}
MAJOR_ROUTING = {
	"Building and Equipment": (PROPERTY_MANAGER, CS_SUPERVISOR),
	"Utilities": (PROPERTY_MANAGER, CS_SUPERVISOR),
}
ESCALATION_CHAIN = (
	CS_SUPERVISOR,
	PROPERTY_MANAGER,
	MANAGEMENT_REPRESENTATIVE,
)


# who verifies a complaint's result, by severity (seed 12.1.5 (4))
VERIFIER = {"General": CS_SUPERVISOR, "Major": MANAGEMENT_REPRESENTATIVE}


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
