"""The office's rounds (seed 12.1.4 处理质检巡查事项, 12.1.5 (7)): quality patrols and shop
inspections, their findings routed with deadlines, handled, verified, reported once when overdue;
shop checks (门前三包, 六乱, 三废) and re-inspection."""

import frappe
import pytest
from frappe.utils import add_days, today

from property_service.operations import findings, shops
from property_service.operations.findings import FindingError
from tests.factories import make_building, make_community, make_unit
from tests.utils import as_user, make_user


@pytest.fixture
def people():
	return frappe._dict(
		quality=make_user(roles=("Quality Supervisor",)),
		engineer=make_user(roles=("Maintenance Technician",)),
		agent=make_user(roles=("Customer Service Agent",)),
		supervisor=make_user(roles=("Customer Service Supervisor",)),
	)


def patrol(community: str, responsible: str, deadline=None):
	return frappe.get_doc(
		{
			"doctype": "Quality Patrol",
			"community": community,
			"findings": [
				{
					"area": "地下车库",
					"finding": "消防通道堆放杂物",
					"department": "Security Team",
					"responsible_user": responsible,
					"deadline": deadline or add_days(today(), 3),
				}
			],
		}
	).insert()


def test_a_patrol_finding_is_routed_handled_and_verified(people):
	doc = patrol(make_community(), people.engineer)
	assert frappe.db.exists(
		"ToDo", {"reference_name": doc.name, "allocated_to": people.engineer, "status": "Open"}
	)
	assert (doc.open_findings, doc.overdue_findings) == (1, 0)
	row = doc.findings[0]
	row.status = "Verified"
	with pytest.raises(FindingError):
		doc.save()  # handled first
	doc.reload()
	doc.findings[0].status = "Handled"
	with pytest.raises(FindingError, match="handled"):
		doc.save()
	doc.reload()
	doc.findings[0].update({"status": "Handled", "handling": "已清理杂物"})
	doc.save()
	assert str(doc.findings[0].handled_on) == today()
	doc.findings[0].update({"status": "Verified", "verification": "复查已通畅"})
	with as_user(people.supervisor), pytest.raises(FindingError, match="verifies"):
		doc.save()
	doc.reload()
	doc.findings[0].update({"status": "Verified", "verification": "复查已通畅"})
	with as_user(people.quality):
		doc.save()
	doc.reload()
	assert (doc.findings[0].verified_by, doc.open_findings) == (people.quality, 0)


def test_overdue_findings_are_reported_once(people):
	doc = patrol(make_community(), people.engineer, deadline=add_days(today(), -1))
	assert doc.overdue_findings == 1
	before = frappe.db.count("Notification Log", {"document_name": doc.name})
	assert findings.report_overdue() >= 1
	told = set(frappe.get_all("Notification Log", {"document_name": doc.name}, pluck="for_user"))
	assert {people.engineer, people.quality} <= told
	count = frappe.db.count("Notification Log", {"document_name": doc.name})
	assert count > before
	findings.report_overdue()
	assert frappe.db.count("Notification Log", {"document_name": doc.name}) == count  # once


@pytest.fixture
def shop():
	building = make_building(make_community())
	unit = make_unit(building, "S101", unit_type="Shop")
	frappe.db.set_value("Property Unit", unit, {"business_name": "便民超市", "shop_contact": "王老板"})
	return frappe._dict(unit=unit, flat=make_unit(building, "101"))


def inspect(unit: str, results: dict | None = None):
	doc = frappe.get_doc({"doctype": "Shop Inspection", "unit": unit}).insert()
	for check in doc.checks:
		check.result = (results or {}).get(check.check, "Compliant")
	doc.save()
	return doc


def test_a_shop_inspection_checks_the_seeds_items_and_non_compliance_becomes_a_finding(shop):
	with pytest.raises(shops.ShopInspectionError):
		frappe.get_doc({"doctype": "Shop Inspection", "unit": shop.flat}).insert()
	names = [row["check"] for row in shops.default_checks(shop.unit)]
	assert len(names) == 12  # the community has no shop rules: nothing to acknowledge
	doc = inspect(shop.unit, {names[4]: "Non-compliant"})
	assert doc.business_name == "便民超市"
	assert [(row.area, str(row.deadline)) for row in doc.findings] == [(names[4], add_days(today(), 7))]
	doc.reinspection_of = doc.name
	doc.save()
	assert not doc.reload().reinspection_of  # only the Re-inspect action sets it


def test_shops_acknowledge_the_communitys_rules_and_sign_them_again_when_revised(shop):
	"""商业用房管理规章制度 (seed 12.1.5 (7) 2A): the community's rules, signed by each shop; a
	revision asks for a new signature; the shop inspection checks it."""
	community = frappe.get_doc("Community", frappe.db.get_value("Property Unit", shop.unit, "community"))
	community.shop_rules = "<p>营业时间 7:00-22:00，不得占道经营。</p>"
	community.save()
	assert str(community.shop_rules_revised_on) == today()
	unit = frappe.get_doc("Property Unit", shop.unit)
	unit.update({"rules_current": 1, "rules_acknowledged_on": "2020-01-01"})  # never sent
	unit.save()
	assert (unit.rules_current, unit.rules_acknowledged_on) == (0, None)
	inspection = frappe.get_doc({"doctype": "Shop Inspection", "unit": shop.unit}).insert()
	rules = [row for row in inspection.checks if row.category == "Shop Rules"]
	assert [row.result for row in rules] == ["Non-compliant"]  # found from the registry
	assert [row.area for row in inspection.findings] == [rules[0].check]  # to be signed within the week
	unit.rules_signed_by = "王老板"
	unit.save()
	assert (unit.rules_current, str(unit.rules_acknowledged_on)) == (1, today())
	assert [row["result"] for row in shops.default_checks(shop.unit) if row["category"] == "Shop Rules"] == [
		"Compliant"
	]
	community.shop_rules_revised_on = "2020-01-01"
	community.notes = "备注"
	community.save()  # not a revision of the rules: the signatures stand
	assert frappe.db.get_value("Property Unit", shop.unit, "rules_current") == 1
	assert str(community.shop_rules_revised_on) == today()
	community.shop_rules += "<p>油烟须经净化后排放。</p>"
	community.save()
	assert frappe.db.get_value("Property Unit", shop.unit, "rules_current") == 0


def test_a_reinspection_verifies_what_was_put_right(shop, people):
	names = [row["check"] for row in shops.default_checks(shop.unit)]
	first = inspect(shop.unit, {names[4]: "Non-compliant", names[9]: "Non-compliant"})
	with as_user(people.agent):
		second = frappe.get_doc("Shop Inspection", frappe.get_doc("Shop Inspection", first.name).reinspect())
		assert second.reinspection_of == first.name
		assert [(c.category, c.check) for c in second.checks] == [
			("Follow-up", names[4]),
			("Follow-up", names[9]),
		]
		second.checks[0].result = "Compliant"
		second.checks[1].result = "Non-compliant"
		second.save()
	first.reload()
	assert [row.status for row in first.findings] == ["Verified", "Pending"]
	assert second.name in first.findings[0].verification
	assert [row.area for row in second.reload().findings] == [names[9]]  # still wrong: due again
