"""Rights over REST on the move-in handover, per role alone and as a resident next door: the
customer-service office (agents, supervisors, the manager) makes and fills it in; the archive
clerk, the accountants and the Management Representative read it; technicians and residents get
nothing. Its status and stamps are the Complete button's, never sent."""

import json

import frappe
import pytest

from tests.portal_world import make_role_world, purge_world
from tests.utils import stored

STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"supervisor": ("Customer Service Supervisor",),
	"manager": ("Property Manager",),
	"clerk": ("Archive Clerk",),
	"accountant": ("Accounts User",),
	"representative": ("Management Representative",),
}
ROLES = ("filer", "neighbour", *STAFF_ROLES, *(f"{staff}+resident" for staff in STAFF_ROLES))
WRITERS = ("agent", "supervisor", "manager")
READERS = (*WRITERS, "clerk", "accountant", "representative")


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	yield world
	purge_world(world)


@pytest.fixture
def handover(world):
	frappe.db.rollback()
	doc = frappe.get_doc(
		{
			"doctype": "Move-In Handover",
			"unit": world.unit,
			"property_owner": world.owners[0],
			"handover_date": "2031-05-17",
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield doc
	frappe.db.rollback()
	frappe.delete_doc("Move-In Handover", doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.mark.parametrize("role", ROLES)
def test_the_handover_over_rest(world, rest, handover, role):
	staff = role.split("+")[0]
	rest.login(world.users[role])
	read = rest.get(f"/api/resource/Move-In Handover/{handover.name}")
	assert read.status_code == (200 if staff in READERS else 403), read.text[:300]
	response = rest.put(
		f"/api/resource/Move-In Handover/{handover.name}",
		data=json.dumps(
			{
				"notes": "业主要求月底前修好阳台门",  # the office's
				"fees_from": "2031-06-01",
				"status": "Completed",  # the button's
				"handed_over_by": "Administrator",
				"completed_on": "2020-01-01 00:00:00",
			}
		),
	)
	after = stored("Move-In Handover", handover.name)
	if staff in WRITERS:
		assert response.status_code == 200, response.text[:300]
		assert (after["notes"], str(after["fees_from"])) == ("业主要求月底前修好阳台门", "2031-06-01")
		assert (after["status"], after["handed_over_by"], after["completed_on"]) == ("Draft", None, None)
	else:
		assert response.status_code == 403, response.text[:300]
		assert (after["notes"], after["status"]) == (None, "Draft")
	# completing: the writers' (the form lacks its results and signatures here), nobody else's
	done = rest.post(
		"/api/method/run_doc_method",
		data={"dt": "Move-In Handover", "dn": handover.name, "method": "complete"},
	)
	assert done.status_code == (417 if staff in WRITERS else 403), done.text[:300]
	assert stored("Move-In Handover", handover.name)["status"] == "Draft"
	made = rest.post(
		"/api/resource/Move-In Handover",
		data=json.dumps(
			{"unit": world.unit, "property_owner": world.owners[0], "handover_date": "2031-05-18"}
		),
	)
	assert made.status_code == (200 if staff in WRITERS else 403), made.text[:300]
	if made.status_code == 200:
		frappe.delete_doc(
			"Move-In Handover", made.json()["data"]["name"], force=True, ignore_permissions=True
		)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data
