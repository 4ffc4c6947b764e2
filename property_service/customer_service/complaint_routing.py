"""Who handles a complaint (seed 12.1.5 (4) 3), and the escalation chain. Where the seed names two
roles both are responsible: the complaint is assigned to a holder of each (the first is its
`responsible_role`, the second its `also_notify_role`, shown as the co-responsible role).

- fees: 管理处主任和业主服务主管负责 — the office manager and the customer-service supervisor;
  遇重大问题报请公司处理 — a major one is reported to the company when registered;
- building, equipment and utilities: 由维修班组及当班人员负责处理 — the technician on duty that day
  (customer_service/duty.py), else the maintenance technicians in turn; 其较重大问题报请管理处主任和
  业主服务主管负责处理 — a major one is the office manager's and the supervisor's;
- security and parking: 客服主管与保安班长或保安员 — the supervisor with the security supervisor;
- cleaning and greening: the customer-service supervisor;
- staff conduct: the office manager;
- anything else: the customer-service supervisor.
A major complaint is reported up when registered (7、对投诉的重大问题…及时逐级向上报告) unless the office
manager already handles it; the company hears of it then only for fees — otherwise when the office
cannot handle it in time (the hourly escalation). Overdue complaints go up level by level to the
company's Management Representative, never down. For a major complaint the office manager and the
supervisor make the callback, and the corrective-action report goes to the Representative, who
verifies it (7、…管理者代表负责问题的处理落实及结果的跟踪验证); a customer-service supervisor verifies
the result of a general one (6).
"""

from property_service.vocabulary import (
	CS_SUPERVISOR,
	MANAGEMENT_REPRESENTATIVE,
	PROPERTY_MANAGER,
	SECURITY_SUPERVISOR,
	TECHNICIAN,
)

# category -> (responsible role, co-responsible role); major complaints may go higher
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
# a major complaint of these categories is reported to the company when registered (报请公司处理)
REPORTED_TO_COMPANY = ("Fees",)
# who calls back after a major complaint (7、必要时,管理处主任和业主服务主管应做好回访工作)
MAJOR_CALLBACK_ROLES = (PROPERTY_MANAGER, CS_SUPERVISOR)
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


def reported_when_registered(category: str | None, severity: str | None) -> bool:
	"""A major complaint goes up at once, unless the office manager handles it already; a major
	fee complaint goes to the company."""
	if severity != "Major":
		return False
	return category in REPORTED_TO_COMPANY or PROPERTY_MANAGER not in route(category, severity)


def route(category: str, severity: str) -> tuple[str, str | None]:
	if severity == "Major" and category in MAJOR_ROUTING:
		return MAJOR_ROUTING[category]
	return ROUTING.get(category, ROUTING["Other"])
