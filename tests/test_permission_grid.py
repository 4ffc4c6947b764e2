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
	records = {
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
