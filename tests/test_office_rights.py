"""Rights over REST on the office's own DocTypes, per role alone and as a resident next door:
the information summary is the supervisors' and the manager's to write (its figures, standards
and writer are counted, never sent); a work diary is its writer's (its entries and writer are
filled in, never sent) and only theirs to write, read by the customer-service supervisors and the
manager; residents and
the rest of the office get nothing."""

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
	"quality": ("Quality Supervisor",),
	"representative": ("Management Representative",),
}
ROLES = ("filer", "neighbour", *STAFF_ROLES, *(f"{staff}+resident" for staff in STAFF_ROLES))


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	summary = frappe.get_doc(
		{"doctype": "Information Summary", "kind": "Weekly", "from_date": "2031-06-02"}
	).insert()
	frappe.set_user(world.users["technician"])
	diary = frappe.get_doc(
		{"doctype": "Work Diary", "diary_date": "2031-06-03", "notes": "<p>巡查</p>"}
	).insert()
	frappe.set_user("Administrator")
	roster = frappe.get_doc(
		{
			"doctype": "Duty Roster",
			"community": world.community,
			"duty_date": "2031-06-03",
			"people": [{"user": world.users["technician"]}],
		}
	).insert()
	world.update(summary=summary.name, diary=diary.name, roster=roster.name)
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	frappe.db.delete("Information Summary Figure", {"parent": summary.name})
	frappe.db.delete("Information Summary", {"kind": "Weekly", "from_date": "2031-06-02"})
	frappe.db.delete("Work Diary", {"diary_date": ["in", ["2031-06-03", "2031-06-04"]]})
	for name in frappe.get_all("Duty Roster", {"community": world.community}, pluck="name"):
		frappe.delete_doc("Duty Roster", name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


@pytest.mark.parametrize("role", ROLES)
def test_an_information_summary_over_rest(world, rest, role):
	rest.login(world.users[role])
	readable = rest.get(f"/api/resource/Information Summary/{world.summary}").status_code
	response = rest.put(
		f"/api/resource/Information Summary/{world.summary}",
		data=json.dumps(
			{
				"situation": "<p>本周正常</p>",  # the writer's
				"requests_registered": 99,  # counted
				"writer": "Administrator",  # who submits
				"standards": [{"kpi": "伪造", "figure": 100}],  # filled in
			}
		),
	)
	after = stored("Information Summary", world.summary)
	staff = role.split("+")[0]
	writers = ("supervisor", "manager", "quality")
	assert readable == (200 if staff in (*writers, "representative") else 403)
	if staff in writers:
		assert response.status_code == 200, response.text[:300]
		assert after["situation"] == "<p>本周正常</p>" and after["writer"] is None
		assert after["requests_registered"] == 0 and "伪造" not in [row["kpi"] for row in after["standards"]]
		frappe.db.set_value("Information Summary", world.summary, "situation", None)
		frappe.db.commit()  # nosemgrep: the next case starts from the fixture's summary
	else:
		assert response.status_code == 403, response.text[:300]
		assert after["situation"] is None


@pytest.mark.parametrize("role", ROLES)
def test_a_work_diary_over_rest(world, rest, role):
	rest.login(world.users[role])
	readable = rest.get(f"/api/resource/Work Diary/{world.diary}").status_code
	response = rest.put(
		f"/api/resource/Work Diary/{world.diary}",
		data=json.dumps({"notes": "<p>改写</p>", "entries": [{"kind": "伪造", "summary": "x"}]}),
	)
	after = stored("Work Diary", world.diary)
	staff, writer = role.split("+")[0], world.users["technician"]
	mine = world.users[role] == writer
	assert readable == (200 if mine or staff in ("supervisor", "manager") else 403)
	if mine:
		assert response.status_code == 200, response.text[:300]
		assert after["notes"] == "<p>改写</p>" and after["entries"] == []  # nothing of theirs that day
		assert after["writer"] == writer
		frappe.db.set_value("Work Diary", world.diary, "notes", "<p>巡查</p>")
		frappe.db.commit()  # nosemgrep: the next case starts from the fixture's diary
	else:
		assert response.status_code == 403, response.text[:300]  # readers read, only the writer writes
		assert after["notes"] == "<p>巡查</p>"
	diarists = ("technician", "agent", "supervisor", "manager", "quality")
	for sent, allowed in (
		({}, diarists),
		({"writer": "Administrator"}, ("supervisor", "manager")),  # for another: who reads all only
	):
		made = rest.post("/api/resource/Work Diary", data=json.dumps({"diary_date": "2031-06-04", **sent}))
		assert made.status_code == (200 if staff in allowed else 403), (sent, made.text[:300])
		if made.status_code == 200:
			assert made.json()["data"]["writer"] == world.users[role]  # their own, whatever was sent
			frappe.db.rollback()
			frappe.db.delete("Work Diary", {"name": made.json()["data"]["name"]})
			frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.mark.parametrize("role", ROLES)
def test_a_duty_roster_over_rest(world, rest, role):
	"""The supervisors and the manager keep the roster (who is on duty takes the day's building
	complaints); the technicians, agents and the Representative read it; residents get nothing."""
	rest.login(world.users[role])
	readable = rest.get(f"/api/resource/Duty Roster/{world.roster}").status_code
	people = [{"user": world.users["agent"], "shift": "夜班"}]
	response = rest.put(f"/api/resource/Duty Roster/{world.roster}", data=json.dumps({"people": people}))
	created = rest.post(
		"/api/resource/Duty Roster",
		data=json.dumps({"community": world.community, "duty_date": "2031-06-04", "people": people}),
	)
	after = stored("Duty Roster", world.roster)
	staff = role.split("+")[0]
	writers = ("supervisor", "manager")
	assert readable == (200 if staff in (*writers, "technician", "agent", "representative") else 403)
	if staff in writers:
		assert (response.status_code, created.status_code) == (200, 200), response.text[:300]
		assert [row["user"] for row in after["people"]] == [world.users["agent"]]
		frappe.db.rollback()
		frappe.delete_doc("Duty Roster", created.json()["data"]["name"], force=True, ignore_permissions=True)
		restored = frappe.get_doc("Duty Roster", world.roster)
		restored.set("people", [{"user": world.users["technician"]}])
		restored.save(ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: the next case starts from the fixture's roster
	else:
		assert (response.status_code, created.status_code) == (403, 403), response.text[:300]
		assert [row["user"] for row in after["people"]] == [world.users["technician"]]
		assert not frappe.db.exists("Duty Roster", {"community": world.community, "duty_date": "2031-06-04"})
