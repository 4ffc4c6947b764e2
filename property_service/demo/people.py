"""The demo's people who log in: one user per desk role, and a resident with something to see."""

import frappe
from frappe import _

from property_service.property.users import ensure_user
from property_service.vocabulary import (
	ACCOUNTS_MANAGER,
	ACCOUNTS_USER,
	AGENT,
	ARCHIVE_CLERK,
	CS_SUPERVISOR,
	MANAGEMENT_REPRESENTATIVE,
	OCCUPIED,
	PROPERTY_MANAGER,
	QUALITY_SUPERVISOR,
	SECURITY_SUPERVISOR,
	TECHNICIAN,
)

# demo staff: (email, name, roles); they log in with DEMO_PASSWORD
DEMO_STAFF = (
	("agent@demo.localhost", "客服小王", (AGENT,)),
	("supervisor@demo.localhost", "客服主管李娟", (CS_SUPERVISOR,)),
	("manager@demo.localhost", "管理处主任张强", (PROPERTY_MANAGER,)),
	("technician@demo.localhost", "维修师傅刘军", (TECHNICIAN,)),
	("security@demo.localhost", "保安班长赵刚", (SECURITY_SUPERVISOR,)),
	("quality@demo.localhost", "品质主管陈静", (QUALITY_SUPERVISOR,)),
	("representative@demo.localhost", "管理者代表周明", (MANAGEMENT_REPRESENTATIVE,)),
	("archives@demo.localhost", "档案管理员吴芳", (ARCHIVE_CLERK,)),
	("accounts@demo.localhost", "会计孙丽", (ACCOUNTS_USER, ACCOUNTS_MANAGER)),
)
DEMO_PASSWORD = "demo-2026"
DEMO_RESIDENT = "resident@demo.localhost"
DEMO_TECHNICIAN = "technician@demo.localhost"


def make_demo_staff() -> None:
	"""One user per desk role, so a newcomer can see the app as each role sees it."""
	from frappe.utils.password import update_password

	for email, full_name, roles in DEMO_STAFF:
		if frappe.db.exists("User", email):
			continue
		user = ensure_user(email, full_name, language="zh")
		user.add_roles(*roles)
		update_password(email, DEMO_PASSWORD)


def demo_technician() -> str | None:
	"""The demo's technician, where the staff were made."""
	return DEMO_TECHNICIAN if frappe.db.exists("User", DEMO_TECHNICIAN) else None


def make_demo_resident(community: str) -> str:
	"""A resident with a portal login (DEMO_RESIDENT / DEMO_PASSWORD) and something to see: a
	request to rate, one under way, a complaint, a booking and a notice."""
	from frappe.utils.password import update_password

	from property_service.property.customers import invite_to_portal

	unit = frappe.get_all(
		"Property Unit",
		{"community": community, "status": OCCUPIED, "unit_type": "Residential"},
		["name", "payer"],
		limit=1,
	)[0]
	frappe.db.set_value("Property Owner", unit.payer, "email", DEMO_RESIDENT)
	user = invite_to_portal(unit.payer, send_welcome_email=False)
	update_password(user, DEMO_PASSWORD)
	make_resident_records(community, unit.name)
	return user


def make_resident_records(community: str, unit: str) -> None:
	"""What the demo resident sees at home: their records, each as far through its workflow as
	the office took it, and a notice."""
	from property_service.core.workflows import transition

	technician = demo_technician()

	def record(doctype, actions=(), **fields):
		doc = frappe.get_doc({"doctype": doctype, "unit": unit, "channel": "Portal", **fields})
		doc.insert(ignore_permissions=True)
		for action in actions:
			transition(doc, action, _("demo data"))

	record(
		"Service Request",
		("Dispatch", "Start Work", "Complete") if technician else (),
		description="卫生间下水不畅，请师傅上门疏通",
		technician=technician,
		resolution="已疏通下水管道",
	)
	record(
		"Service Request",
		("Dispatch",) if technician else (),
		description="客厅空调不制冷",
		technician=technician,
	)
	record(
		"Complaint", ("Assign",), description="夜间广场舞噪音太大", complaint_category="Security and Parking"
	)
	record("Special Service", service_item="清洁抽油烟机", qty=1)
	frappe.get_doc(
		{
			"doctype": "Notice",
			"title": "停水通知",
			"community": community,
			"body": "<p>因二次供水设施清洗，本周六 9:00–15:00 全小区停水，请提前储水。</p>",
		}
	).insert(ignore_permissions=True)
