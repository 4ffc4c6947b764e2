"""Rights over REST on the rounds' DocTypes and the shop details, per role alone and as a
resident next door: residents change nothing; technicians read patrols (findings are routed to
them) but write nothing; agents record shop inspections; the supervisors and the quality
supervisor record patrols; stamps (handled/verified) and links set by the rules are kept."""

import json

import frappe
import pytest
from frappe.utils import add_days, today

from tests.portal_world import make_role_world, purge_world
from tests.utils import stored

STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"supervisor": ("Customer Service Supervisor",),
	"quality": ("Quality Supervisor",),
	"clerk": ("Archive Clerk",),
}
ROLES = ("filer", "neighbour", *STAFF_ROLES, "technician+resident", "agent+resident", "clerk+resident")


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	building = frappe.db.get_value("Property Unit", world.unit, "building")
	shop = frappe.get_doc(
		{
			"doctype": "Property Unit",
			"building": building,
			"unit_number": "S1",
			"unit_type": "Shop",
			"area": 40,
		}
	).insert()
	patrol = frappe.get_doc(
		{
			"doctype": "Quality Patrol",
			"community": world.community,
			"findings": [{"area": "大堂", "finding": "地面湿滑", "deadline": add_days(today(), 2)}],
		}
	).insert()
	inspection = frappe.get_doc({"doctype": "Shop Inspection", "unit": shop.name}).insert()
	world.update(shop=shop.name, patrol=patrol.name, inspection=inspection.name)
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	for doctype, name in (("Shop Inspection", inspection.name), ("Quality Patrol", patrol.name)):
		frappe.db.delete("ToDo", {"reference_name": name})
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.delete_doc("Property Unit", shop.name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


@pytest.mark.parametrize("role", ROLES)
def test_a_patrol_over_rest(world, rest, role):
	before = stored("Quality Patrol", world.patrol)
	row = before["findings"][0]
	rest.login(world.users[role])
	readable = rest.get(f"/api/resource/Quality Patrol/{world.patrol}").status_code
	values = {
		"summary": "巡查正常",
		"findings": [
			{
				"name": row["name"],
				"area": "大堂",
				"finding": "地面湿滑",
				"handled_on": "2020-01-01",
				"verified_by": "Administrator",
			}
		],
	}
	response = rest.put(f"/api/resource/Quality Patrol/{world.patrol}", data=json.dumps(values))
	after = stored("Quality Patrol", world.patrol)
	staff = role.split("+")[0]
	assert readable == (200 if staff in STAFF_ROLES else 403)  # the clerk files patrols too
	if staff in ("supervisor", "quality"):
		assert response.status_code == 200, response.text[:300]
		assert after["summary"] == "巡查正常"
		assert (after["findings"][0]["handled_on"], after["findings"][0]["verified_by"]) == (None, None)
		frappe.db.set_value("Quality Patrol", world.patrol, "summary", None)
		frappe.db.commit()  # nosemgrep: the next case starts from the fixture's patrol
	else:
		assert response.status_code == 403, response.text[:300]
		assert after["summary"] == before["summary"]


@pytest.mark.parametrize("role", ROLES)
def test_a_shop_inspection_and_the_shop_details_over_rest(world, rest, role):
	rest.login(world.users[role])
	response = rest.put(
		f"/api/resource/Shop Inspection/{world.inspection}",
		data=json.dumps({"inspection_date": "2026-01-02", "reinspection_of": world.inspection}),
	)
	unit = rest.put(
		f"/api/resource/Property Unit/{world.shop}",
		data=json.dumps(
			{
				"business_name": "便民超市",
				"rules_signed_by": "王老板",  # the shop signs the community's rules
				"rules_acknowledged_on": "2020-01-01",  # stamped, never sent
			}
		),
	)
	after = stored("Shop Inspection", world.inspection)
	staff = role.split("+")[0]
	if staff in ("agent", "supervisor", "quality"):
		assert response.status_code == 200, response.text[:300]
		assert (str(after["inspection_date"]), after["reinspection_of"]) == ("2026-01-02", None)
	else:
		assert response.status_code == 403, response.text[:300]
	office = staff in ("agent", "supervisor")  # the registry is the customer-service office's
	assert unit.status_code == (200 if office else 403), unit.text[:300]
	shop = stored("Property Unit", world.shop)
	signed = (shop["rules_signed_by"], str(shop["rules_acknowledged_on"]), shop["rules_current"])
	assert signed == (("王老板", today(), 1) if office else (None, "None", 0))
	frappe.db.set_value(
		"Property Unit",
		world.shop,
		{"business_name": None, "rules_signed_by": None, "rules_acknowledged_on": None, "rules_current": 0},
	)
	frappe.db.commit()  # nosemgrep: the next case starts from the fixture's shop


@pytest.mark.parametrize("role", ROLES)
def test_the_owner_data_update_over_rest_is_the_clerks_to_confirm(world, rest, role):
	from property_service.operations import archives

	frappe.db.rollback()
	updates = archives.make_owner_data_update("2001-01")
	name = f"ODU-{world.community}-2001-01"
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		rest.login(world.users[role])
		made = rest.post("/api/resource/Owner Data Update", data=json.dumps({"period": "2001-02"}))
		assert made.status_code == 403, made.text[:300]  # only the monthly job makes them
		response = rest.put(
			f"/api/resource/Owner Data Update/{name}",
			data=json.dumps({"notes": "已核对", "status": "Confirmed", "community": None}),
		)
		after = stored("Owner Data Update", name)
		if role.split("+")[0] == "clerk":
			assert response.status_code == 200, response.text[:300]
			assert (after["notes"], after["status"]) == ("已核对", "Draft")
			assert after["community"] == world.community  # the job's, not the clerk's to move
		else:
			assert response.status_code == 403, response.text[:300]
			assert after["notes"] is None
	finally:
		frappe.db.rollback()
		for update in {name, *updates}:
			frappe.db.delete("ToDo", {"reference_name": update})
			frappe.delete_doc("Owner Data Update", update, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.mark.parametrize("role", ROLES)
def test_the_monthly_filing_over_rest_is_the_clerks_to_tick(world, rest, role):
	"""Only the monthly job makes a filing; the clerk ticks records filed and writes notes (the
	status, figures and rows are the app's); the others cannot write, residents cannot read."""
	frappe.db.rollback()
	filing = frappe.get_doc(
		{
			"doctype": "Archive Filing",
			"period": "2001-01",
			"community": world.community,
			"files": [{"record_type": "Property Unit", "record": world.unit, "missing": ""}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		rest.login(world.users[role])
		made = rest.post("/api/resource/Archive Filing", data=json.dumps({"period": "2001-02"}))
		assert made.status_code == 403, made.text[:300]
		row = filing.files[0]
		response = rest.put(
			f"/api/resource/Archive Filing/{filing.name}",
			data=json.dumps(
				{
					"notes": "已归档",
					"status": "Archived",
					"rate": 100,
					# the whole row, as the desk sends it, with its record swapped
					"files": [{**row.as_dict(), "filed": 1, "record": world.shop}],
				}
			),
		)
		after = stored("Archive Filing", filing.name)
		ticked = frappe.db.get_value("Archive Filing Item", row.name, ["filed", "record"])
		staff = role.split("+")[0]
		if staff == "clerk":
			assert response.status_code == 200, response.text[:300]
			assert (after["notes"], after["status"], ticked) == ("已归档", "Open", (1, world.unit))
			done = rest.post(
				"/api/method/run_doc_method",
				data={"dt": "Archive Filing", "dn": filing.name, "method": "mark_filed"},
			)
			assert done.status_code == 200, done.text[:300]
			assert stored("Archive Filing", filing.name)["filed_by"] == world.users[role]
		else:
			assert response.status_code == 403, response.text[:300]
			assert (after["notes"], ticked) == (None, (0, world.unit))
		read = rest.get(f"/api/resource/Archive Filing/{filing.name}")
		assert read.status_code == (200 if staff in ("clerk", "supervisor") else 403), read.text[:300]
	finally:
		frappe.db.rollback()
		frappe.delete_doc("Archive Filing", filing.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


RENOVATION_GROUPS = {
	"content": {"scope": "阳台改造", "contractor": "好家装饰"},
	"office": {"deposit_amount": 1, "review_notes": "同意", "deduction": 50},
	"status": {"status": "Closed"},  # only the workflow's actions move it
}


def renovation_expected(group: str, role: str, method: str) -> str:
	staff = role.split("+")[0]
	if group == "status" and (staff in ("supervisor", "agent") or (method == "POST" and role == "filer")):
		return "refused"
	if staff == "supervisor":
		return "changed"
	if staff == "agent":  # the office's level-1 fields are the supervisors'
		return "changed" if group == "content" else "kept"
	if method == "POST" and role == "filer":
		return "changed" if group == "content" else "refused"
	return "forbidden"


@pytest.mark.parametrize(
	"group,role,method", [(g, r, m) for g in RENOVATION_GROUPS for r in ROLES for m in ("POST", "PUT")]
)
def test_renovation_field_rights_over_rest(world, rest, group, role, method):
	values = RENOVATION_GROUPS[group]
	outcome = renovation_expected(group, role, method)
	frappe.db.rollback()
	base = {"unit": world.unit, "start_date": today(), "end_date": add_days(today(), 20), "scope": "厨房翻新"}
	name = None
	if method == "PUT":
		name = frappe.get_doc({"doctype": "Renovation Application", **base}).insert().name
	frappe.db.commit()  # nosemgrep: the web server is another process
	count = frappe.db.count("Renovation Application")
	before = stored("Renovation Application", name) if name else None
	rest.login(world.users[role])
	if method == "POST":
		response = rest.post("/api/resource/Renovation Application", data=json.dumps({**base, **values}))
	else:
		response = rest.put(f"/api/resource/Renovation Application/{name}", data=json.dumps(values))
	try:
		status = {"changed": 200, "kept": 200, "refused": 417, "forbidden": 403}[outcome]
		assert response.status_code == status, response.text[:300]
		if outcome in ("refused", "forbidden"):
			frappe.db.rollback()
			assert frappe.db.count("Renovation Application") == count
			assert before is None or stored("Renovation Application", name) == before
			return
		name = response.json()["data"]["name"]
		after = stored("Renovation Application", name)
		if outcome == "changed":
			assert all(after[k] == v for k, v in values.items()), {k: after[k] for k in values}
		else:
			kept = before or {
				"deposit_amount": 2000,
				"review_notes": None,
				"deduction": 0,
				"deposit_invoice": None,
				"status": "Submitted",
			}
			assert all(after[k] == kept[k] for k in values), {k: after[k] for k in values}
	finally:
		frappe.db.rollback()
		for doc in frappe.get_all("Renovation Application", {"unit": world.unit}, pluck="name"):
			frappe.delete_doc("Renovation Application", doc, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data
