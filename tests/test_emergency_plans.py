"""The eleven emergency plans of seed 12.1.5 (8): installed once with the chain of duties and
timed steps; a migrate leaves an edited plan alone and puts back a deleted one; the security
supervisor and the office manager write plans, the rest of the office reads, residents nothing."""

import json

import frappe
import pytest

from property_service.safety.plans import PLANS, ensure_plans
from property_service.setup.install import after_migrate
from tests.utils import as_user, committed_user, make_user

DUTIES = {"First Discoverer", "Reporter", "Commander", "On-site Handling", "Keeping Order", "Aftermath"}


def test_the_eleven_plans_with_their_duties_and_steps():
	plans = frappe.get_all("Emergency Plan", ["name", "plan_type"])
	mine = {row.name: row.plan_type for row in plans if row.name in {p[0] for p in PLANS}}
	assert len(mine) == 11
	assert sorted(mine.values()).count("Internal") == 3 and sorted(mine.values()).count("External") == 8
	assert {"档案室失火", "员工食物中毒", "办公区域遇盗抢", "居民紧急疏散", "可疑物品处置"} <= set(mine)
	for name in mine:
		doc = frappe.get_doc("Emergency Plan", name)
		assert {row.duty for row in doc.responsibilities} == DUTIES, name
		assert all(row.responsible_role and row.what_to_do for row in doc.responsibilities), name
		assert len(doc.steps) >= 3 and all(row.planned_minutes > 0 for row in doc.steps), name


def test_a_migrate_keeps_an_edited_plan_and_puts_back_a_deleted_one():
	doc = frappe.get_doc("Emergency Plan", "主管爆裂")
	doc.steps[0].planned_minutes = 1
	doc.append("contacts", {"contact_type": "Utility", "contact_name": "自来水公司抢修", "phone": "96116"})
	doc.save()
	frappe.delete_doc("Emergency Plan", "交通事故")
	after_migrate()
	doc.reload()
	assert doc.steps[0].planned_minutes == 1 and doc.contacts[0].phone == "96116"
	assert frappe.db.exists("Emergency Plan", "交通事故")
	assert ensure_plans() == []


@pytest.mark.parametrize(
	"role,writes",
	[
		("Security Supervisor", True),
		("Property Manager", True),
		("Customer Service Agent", False),
		("Maintenance Technician", False),
	],
)
def test_who_writes_the_plans(role, writes):
	user = make_user(roles=(role,))
	with as_user(user):
		plan = frappe.get_doc("Emergency Plan", "档案室失火")
		assert frappe.has_permission("Emergency Plan", "read", doc=plan)
		assert bool(frappe.has_permission("Emergency Plan", "write", doc=plan)) == writes


def test_plans_over_rest_residents_get_nothing(rest):
	from tests.portal_world import make_world, purge_world

	world = make_world()
	try:
		with committed_user(("Security Supervisor",)) as security:
			for user, read, write in (
				(world.resident, 403, 403),
				(world.agent, 200, 403),
				(security, 200, 200),
			):
				rest.login(user)
				assert rest.get("/api/resource/Emergency Plan/档案室失火").status_code == read, user
				response = rest.put(
					"/api/resource/Emergency Plan/档案室失火", data=json.dumps({"review_date": "2027-06-30"})
				)
				assert response.status_code == write, (user, response.text[:300])
	finally:
		frappe.db.rollback()
		frappe.db.set_value("Emergency Plan", "档案室失火", "review_date", None)
		frappe.db.commit()  # nosemgrep: the plan as installed, for the next run
		purge_world(world)
