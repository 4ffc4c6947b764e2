"""A company of communities for the demo (`scripts/setup --communities N`): N - 1 communities
beside the first, each with its units, people and a little work, and an agent and an office
manager of its own whom a User Permission limits to it. The demo's other staff have no limit:
they are the company's and see every community (the KPI report's "Rank Communities" ranks them).
"""

import frappe
from frappe.utils.password import update_password

from property_service.demo.people import DEMO_PASSWORD
from property_service.demo.registry import make_demo_data
from property_service.demo.service import make_service_records
from property_service.property.users import ensure_user
from property_service.vocabulary import AGENT, PROPERTY_MANAGER

NAMES = ("明月小区", "翠湖苑", "金色家园", "锦绣华庭", "滨江花园", "书香门第", "紫荆苑", "枫林雅居")
LOCAL_STAFF = (("agent", "客服", AGENT), ("manager", "主任", PROPERTY_MANAGER))


def community_name(number: int) -> str:
	"""The demo's community number `number` (2, 3, ...)."""
	return NAMES[number - 2] if number - 2 < len(NAMES) else f"第{number}小区"


def make_company_demo(communities: int, units: int) -> list[str]:
	"""Communities 2..`communities` where missing, each committed when made; returns those made."""
	made = []
	for number in range(2, communities + 1):
		name = community_name(number)
		if frappe.db.exists("Community", name):
			continue
		make_demo_data(units=units, seed=number, community=name, quiet=True)
		make_service_records(name, count=min(units // 5, 200), seed=number)
		for login, title, role in LOCAL_STAFF:
			make_local_staff(f"{login}{number}@demo.localhost", f"{name}{title}", role, name)
		frappe.db.commit()  # nosemgrep  (a command-line generator keeps each community it makes)
		made.append(name)
	return made


def make_local_staff(email: str, full_name: str, role: str, community: str) -> None:
	user = ensure_user(email, full_name, language="zh")
	user.add_roles(role)
	update_password(email, DEMO_PASSWORD)
	if not frappe.db.exists("User Permission", {"user": email, "allow": "Community"}):
		frappe.get_doc(
			{"doctype": "User Permission", "user": email, "allow": "Community", "for_value": community}
		).insert(ignore_permissions=True)
