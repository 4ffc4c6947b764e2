"""The permission grid of the resident-facing service DocTypes (QUALITY.md, security 2): each
DocType × {an agent, the resident who filed, a household member, a resident elsewhere, Guest}
× {read, write, create, delete, list}, through frappe.has_permission and frappe.get_list."""

import frappe
import pytest

from property_service.customer_service.callbacks import ensure_callback
from property_service.property.customers import invite_to_portal
from tests.factories import make_building, make_owner, make_unit
from tests.utils import as_user, make_user, unique

PTYPES = ("read", "write", "create", "delete", "list")
# who -> allowed ptypes, per DocType (a record of the filer's unit, filed by them)
GRID = {
	"Service Request": {
		"agent": {"read", "write", "create", "list"},
		"filer": {"read", "create", "list"},
		"member": {"read", "create", "list"},
		"elsewhere": set(),
		"Guest": set(),
	},
	"Complaint": {
		"agent": {"read", "write", "create", "list"},
		"filer": {"read", "create", "list"},
		"member": {"read", "create", "list"},
		"elsewhere": set(),
		"Guest": set(),
	},
	"Special Service": {
		"agent": {"read", "write", "create", "list"},
		"filer": {"read", "create", "list"},
		"member": {"read", "create", "list"},
		"elsewhere": set(),
		"Guest": set(),
	},
	"Callback Record": {
		"agent": {"read", "write", "create", "list"},  # routine callbacks are made by hand
		"filer": {"read", "list"},  # rated through the portal's rating action only
		"member": {"read", "list"},
		"elsewhere": set(),
		"Guest": set(),
	},
	"Notice": {
		"agent": {"read", "write", "create", "list"},
		"filer": {"read", "list"},
		"member": {"read", "list"},
		"elsewhere": set(),
		"Guest": set(),
	},
	# answered and signed up by the filer: each resident sees only their own; the household
	# may still answer or sign up (the unit's one answer is the database's unique key)
	"Survey Response": {
		"agent": {"read", "write", "create", "list"},
		"filer": {"read", "create", "list"},
		"member": {"create"},
		"elsewhere": set(),
		"Guest": set(),
	},
	"Activity Signup": {
		"agent": {"read", "write", "create", "list"},
		"filer": {"read", "create", "list"},
		"member": {"create"},
		"elsewhere": set(),
		"Guest": set(),
	},
	"Opinion Survey": {
		"agent": {"read", "list"},
		"filer": set(),
		"member": set(),
		"elsewhere": set(),
		"Guest": set(),
	},
	# the agent's own visit to the filer: private to the visitor (and the supervisors, manager)
	"Owner Visit": {
		"agent": {"read", "write", "create", "list"},
		"filer": set(),
		"member": set(),
		"elsewhere": set(),
		"Guest": set(),
	},
}


@pytest.fixture
def world():
	unit = make_unit(make_building(), "101")
	elsewhere_unit = make_unit(make_building(), "201")  # another community
	filer = make_owner(units=[unit], email=f"{unique('f')}@example.com")
	member = make_owner(units=[unit], relation="Family", email=f"{unique('m')}@example.com")
	elsewhere = make_owner(units=[elsewhere_unit], email=f"{unique('e')}@example.com")
	users = {
		"agent": make_user(roles=("Customer Service Agent",)),
		"filer": invite_to_portal(filer, send_welcome_email=False),
		"member": invite_to_portal(member, send_welcome_email=False),
		"elsewhere": invite_to_portal(elsewhere, send_welcome_email=False),
		"Guest": "Guest",
	}
	with as_user(users["filer"]):
		request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "漏水"}).insert()
		complaint = frappe.get_doc({"doctype": "Complaint", "unit": unit, "description": "噪音"}).insert()
		booking = frappe.get_doc(
			{"doctype": "Special Service", "unit": unit, "service_item": "清洁排风扇"}
		).insert()
	community = frappe.db.get_value("Property Unit", unit, "community")
	survey = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": "调查",
			"community": community,
			"start_date": frappe.utils.today(),
			"end_date": frappe.utils.add_days(frappe.utils.today(), 9),
		}
	).insert()
	survey.open()
	activity = frappe.get_doc(
		{
			"doctype": "Community Activity",
			"title": "游园会",
			"community": community,
			"starts_on": frappe.utils.add_days(frappe.utils.now_datetime(), 3),
			"place": "花园",
			"status": "Open",
		}
	).insert()
	with as_user(users["filer"]):
		answer = frappe.get_doc(
			{
				"doctype": "Survey Response",
				"opinion_survey": survey.name,
				"unit": unit,
				"ratings": [{"area": survey.items[0].area, "rating": "Satisfied"}],
			}
		).insert()
		signup = frappe.get_doc(
			{"doctype": "Activity Signup", "activity": activity.name, "unit": unit}
		).insert()
	visit = frappe.get_doc(
		{
			"doctype": "Owner Visit",
			"unit": unit,
			"visitor": users["agent"],
			"visit_mode": "Phone",
			"notes": "电话访问",
		}
	).insert()
	records = {
		"Survey Response": answer,
		"Activity Signup": signup,
		"Opinion Survey": survey,
		"Owner Visit": visit,
		"Service Request": request,
		"Complaint": complaint,
		"Special Service": booking,
		"Callback Record": frappe.get_doc("Callback Record", ensure_callback(request)),
		"Notice": frappe.get_doc(
			{"doctype": "Notice", "title": "停电通知", "body": "周三停电", "community": community}
		).insert(),
	}
	return frappe._dict(users=users, records=records, unit=unit)


def allowed(doctype: str, record, user: str, ptype: str) -> bool:
	with as_user(user):
		if ptype == "list":
			return listed(doctype, record)
		if ptype == "create":
			fresh = frappe.new_doc(doctype)
			fresh.unit = record.get("unit")
			if doctype == "Owner Visit":
				fresh.visitor = user
			return bool(frappe.has_permission(doctype, "create", doc=fresh))
		return bool(frappe.has_permission(doctype, ptype, doc=record))


def listed(doctype: str, record) -> bool:
	try:
		return record.name in frappe.get_list(doctype, pluck="name")
	except frappe.PermissionError:
		return False


@pytest.mark.parametrize("doctype", list(GRID))
def test_permission_grid(world, doctype):
	record = world.records[doctype]
	got = {
		who: {ptype for ptype in PTYPES if allowed(doctype, record, user, ptype)}
		for who, user in world.users.items()
	}
	assert got == GRID[doctype]
