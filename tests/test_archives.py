"""Archives (seed 12.1.1 归档, 12.1.4 档案管理 100 %): what makes a file complete, the clerk's list
of incomplete files and the completeness figure on a known set; the monthly owner-data update."""

import frappe
import pytest
from frappe.utils import add_days, get_first_day, get_last_day, today
from freezegun import freeze_time

from property_service.operations import archives
from property_service.operations.report.incomplete_archive_files.incomplete_archive_files import execute
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import as_user, make_user


@pytest.fixture
def unit():
	unit = make_unit(make_building(make_community()), "101")
	make_owner(units=[unit])
	return unit


def callback(unit: str, method: str, **fields):
	doc = frappe.get_doc({"doctype": "Callback Record", "unit": unit}).insert()
	doc.update(
		{"callback_method": method, "satisfaction": "A - Satisfied", "content_and_result": "满意", **fields}
	)
	return doc.save()


def visit(unit: str, mode: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Owner Visit",
			"unit": unit,
			"visit_mode": mode,
			"notes": "拜访",
			"appointment_time": "2026-11-27 19:00:00",
			**fields,
		}
	).insert()


def period():
	return get_first_day(today()), get_last_day(today())


def test_completeness_on_a_known_set(unit):
	before = archives.completeness(*period())
	complete = [
		callback(unit, "Home Visit", refused_to_sign=1),
		callback(unit, "Phone"),  # a phone callback needs no signature
		visit(unit, "Home Visit", signed=1),
		visit(unit, "Phone"),  # not in person: not an archive file of its own kind
	]
	incomplete = [callback(unit, "Office"), visit(unit, "Outdoor")]
	after = archives.completeness(*period())
	assert after["finished"] - before["finished"] == 5  # the phone visit is not counted
	assert after["complete"] - before["complete"] == 3
	rows = {row["name"]: row["missing"] for row in archives.files(*period())}
	assert all(rows[doc.name] for doc in incomplete) and not any(rows[doc.name] for doc in complete[:3])
	_columns, data, _message, _chart, summary = execute({"from_date": period()[0], "to_date": period()[1]})
	listed = {row["record"] for row in data}
	assert {doc.name for doc in incomplete} <= listed and not {doc.name for doc in complete} & listed
	assert summary[0]["value"] == after["finished"] and summary[1]["value"] == after["complete"]


def test_an_empty_period_is_complete():
	assert archives.completeness("2000-01-01", "2000-01-31") == {"finished": 0, "complete": 0, "rate": 100}


def test_the_monthly_owner_data_update_is_made_once_and_confirmed(unit):
	community = frappe.db.get_value("Property Unit", unit, "community")
	clerk = make_user(roles=("Archive Clerk",))
	with freeze_time(add_days(get_last_day(today()), 2)):
		made = archives.make_owner_data_update()
		assert archives.make_owner_data_update() == []  # once a month
	name = f"ODU-{community}-{archives.previous_period(add_days(get_last_day(today()), 2))}"
	assert name in made
	doc = frappe.get_doc("Owner Data Update", name)
	records = {(row.record_type, row.record, row.change) for row in doc.changes}
	assert ("Property Unit", unit, "Added") in records
	assert frappe.db.exists("ToDo", {"reference_name": name, "allocated_to": clerk})
	listed = [(row.record, row.change) for row in doc.changes]
	doc.changes[0].change = "Changed" if doc.changes[0].change == "Added" else "Added"
	doc.status = "Confirmed"
	doc.notes = "已核对"
	with as_user(clerk):
		doc.save()
		doc.reload()
		# the list is the registry's, the status the Confirm action's; the notes the clerk's
		assert (doc.status, doc.notes) == ("Draft", "已核对")
		assert [(row.record, row.change) for row in doc.changes] == listed
		doc.confirm()
	assert frappe.db.get_value("Owner Data Update", name, ["status", "confirmed_by"]) == ("Confirmed", clerk)


def test_each_community_checks_its_own_owner_data():
	"""One update per community, to its own clerks: a unit under its community, a person under each
	community they have a unit in, a person with no unit yet in the company's update, which only
	clerks working everywhere get and read."""
	a, b = make_community(), make_community()
	unit_a, unit_b = make_unit(make_building(a)), make_unit(make_building(b))
	both, only_b, nowhere = make_owner(units=[unit_a, unit_b]), make_owner(units=[unit_b]), make_owner()
	clerks = {community: make_user(roles=("Archive Clerk",)) for community in (a, b)}
	for community, clerk in clerks.items():
		frappe.get_doc(
			{"doctype": "User Permission", "user": clerk, "allow": "Community", "for_value": community}
		).insert(ignore_permissions=True)
	company_clerk = make_user(roles=("Archive Clerk",))
	period = frappe.utils.nowdate()[:7]
	made = archives.make_owner_data_update(period)
	listed = {
		name: {row.record for row in frappe.get_doc("Owner Data Update", name).changes} for name in made
	}
	assert {unit_a, both} <= listed[f"ODU-{a}-{period}"] and not {unit_b, only_b, nowhere} & listed[
		f"ODU-{a}-{period}"
	]
	assert {unit_b, both, only_b} <= listed[f"ODU-{b}-{period}"] and unit_a not in listed[f"ODU-{b}-{period}"]
	assert nowhere in listed[f"ODU-{period}"] and not {both, only_b} & listed[f"ODU-{period}"]

	def given(user):
		return set(
			frappe.get_all(
				"ToDo", {"allocated_to": user, "reference_type": "Owner Data Update"}, pluck="reference_name"
			)
		)

	assert given(clerks[a]) & set(made) == {f"ODU-{a}-{period}"}
	assert f"ODU-{period}" in given(company_clerk) and f"ODU-{period}" not in given(clerks[b])
	with as_user(clerks[a]):
		readable = set(frappe.get_list("Owner Data Update", {"name": ["in", made]}, pluck="name"))
		assert readable == {f"ODU-{a}-{period}"}
		assert not frappe.has_permission("Owner Data Update", "read", doc=f"ODU-{period}")
	with as_user(company_clerk):
		assert set(frappe.get_list("Owner Data Update", {"name": ["in", made]}, pluck="name")) == set(made)


def test_the_archive_clerk_runs_the_report_and_an_agent_cannot():
	from frappe.desk.query_report import run

	filters = {"from_date": str(period()[0]), "to_date": str(period()[1])}
	with as_user(make_user(roles=("Archive Clerk",))):
		result = run("Incomplete Archive Files", filters=filters)
		assert [column["fieldname"] for column in result["columns"]][-1] == "missing"
	with as_user(make_user(roles=("Customer Service Agent",))), pytest.raises(frappe.PermissionError):
		run("Incomplete Archive Files", filters=filters)


def test_a_closed_renovation_needs_its_drawings_and_inspection(unit):
	from frappe.model.workflow import apply_workflow

	def closed(drawings):
		doc = frappe.get_doc(
			{
				"doctype": "Renovation Application",
				"unit": unit,
				"start_date": today(),
				"end_date": add_days(today(), 10),
				"scope": "刷墙",
				"drawings": drawings,
			}
		).insert()
		apply_workflow(doc, "Approve")
		# the deposit invoice drafted at approval, submitted as an accountant would
		frappe.get_doc("Sales Invoice", doc.reload().deposit_invoice).submit()
		for action in ("Start Works", "Request Completion Inspection"):
			apply_workflow(doc, action)
			doc.reload()
		doc.inspection_notes = "验收合格"
		doc.save()
		apply_workflow(doc, "Pass Inspection")
		return doc.name

	with_drawings = closed([{"drawing": "/private/files/plan.pdf"}])
	without = closed([])
	rows = {row["name"]: row["missing"] for row in archives.files(*period())}
	assert rows[with_drawings] == [] and rows[without] == ["Drawings"]


def test_corrective_actions_drills_and_trainings_are_archive_files(unit):
	from property_service.customer_service.corrective_actions import make_corrective_action

	community = frappe.db.get_value("Property Unit", unit, "community")
	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"complaint_category": "Cleaning and Greening",
			"description": "垃圾",
		}
	).insert()
	action = frappe.get_doc(
		"Corrective Action", make_corrective_action("Complaint", complaint.name, "垃圾清运不及时")
	)
	assert action.community == community  # from its source
	action.update({"status": "Completed", "action": "增加清运"})
	action.save()
	action.update({"status": "Verified", "verification": "已改善"})
	action.save()
	drill = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": "档案室失火",
			"community": community,
			"drill_date": frappe.utils.now_datetime(),
			"situation_report": "<p>演习顺利</p>",
			"process_analysis": "<p></p>",  # an emptied editor is empty
		}
	).insert()
	frappe.db.set_value("Emergency Drill", drill.name, "status", "Done")
	trained, untested = (make_user() for _ in range(2))
	training = frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "灭火器使用",
			"training_type": "Department Training",
			"community": community,
			"session_date": today(),
			"content": "<p>灭火器的使用方法</p>",
			"exam": "Written",
			"pass_mark": 60,
			"attendees": [{"user": trained, "written_score": 80}, {"user": untested}],
		}
	).insert()
	rows = {row["name"]: row["missing"] for row in archives.files(*period(), community=community)}
	assert rows[action.name] == []
	assert set(rows[drill.name]) == {"Process Analysis", "Feasibility Analysis", "Sign-in of Participants"}
	assert rows[training.name] == ["Exam Results"]
	frappe.db.set_value("Corrective Action", action.name, "verification", " ")
	rows = {row["name"]: row["missing"] for row in archives.files(*period(), community=community)}
	assert rows[action.name] == ["Verification Result"]
	assert not archives.files(*period(), community=make_community())  # another community's


def incomplete_callback(unit):
	return callback(unit, "Office")  # in person, not signed


def test_the_monthly_filing_is_made_once_a_community_and_filed_by_the_clerk(unit):
	community = frappe.db.get_value("Property Unit", unit, "community")
	clerk = make_user(roles=("Archive Clerk",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": clerk, "allow": "Community", "for_value": community}
	).insert()
	elsewhere = make_user(roles=("Archive Clerk",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": elsewhere, "allow": "Community", "for_value": make_community()}
	).insert()
	signed = callback(unit, "Home Visit", refused_to_sign=1)
	unsigned = incomplete_callback(unit)
	with freeze_time(add_days(get_last_day(today()), 2)):
		made = [name for name in archives.make_filings() if community in name]
		assert archives.make_filings() == []  # once a month
	filing = frappe.get_doc("Archive Filing", made[0])
	rows = {row.record: row for row in filing.files}
	assert (filing.status, filing.finished, filing.complete) == ("Open", 2, 1)
	assert not rows[signed.name].missing and rows[unsigned.name].missing
	assert frappe.db.exists("ToDo", {"reference_name": filing.name, "allocated_to": clerk})
	assert not frappe.db.exists("ToDo", {"reference_name": filing.name, "allocated_to": elsewhere})
	with as_user(clerk):
		filing.files[0].filed = 1
		for row in filing.files:
			row.filed = 1
		with pytest.raises(frappe.ValidationError, match=unsigned.name):
			filing.save()  # lacks the signature: completed on the record first
		filing.reload()
		with pytest.raises(frappe.ValidationError):
			filing.mark_filed()  # nothing ticked
		filing.remove(filing.files[0])
		with pytest.raises(frappe.ValidationError):
			filing.save()  # the month's records stay
		filing.reload()
	frappe.get_doc("Callback Record", unsigned.name).update(
		{"owner_signature": "data:image/png;base64,AA=="}
	).save()
	later = callback(unit, "Phone")  # finished since: the check adds it
	with as_user(clerk):
		filing.check_again()
		assert (filing.finished, filing.complete, filing.rate) == (3, 3, 100)
		assert later.name in {row.record for row in filing.files}
		for row in filing.files:
			row.filed = 1
		filing.status = "Archived"  # the button's, not a save's
		filing.save()
		assert filing.reload().status == "Open"
		filing.mark_filed()
	assert frappe.db.get_value("Archive Filing", filing.name, ["status", "filed_by"]) == ("Archived", clerk)
	filing.reload().files[0].filed = 0
	with as_user(clerk), pytest.raises(frappe.ValidationError):
		filing.save()


def test_the_report_shows_the_community_the_user_may_see(unit):
	community = frappe.db.get_value("Property Unit", unit, "community")
	other_unit = make_unit(make_building(make_community()), "202")
	mine, theirs = incomplete_callback(unit), incomplete_callback(other_unit)
	clerk = make_user(roles=("Archive Clerk",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": clerk, "allow": "Community", "for_value": community}
	).insert()
	filters = {"from_date": period()[0], "to_date": period()[1]}
	with as_user(clerk):
		listed = {row["record"] for row in execute(filters)[1]}
		assert mine.name in listed and theirs.name not in listed
		with pytest.raises(frappe.PermissionError):
			execute({**filters, "community": frappe.db.get_value("Property Unit", other_unit, "community")})
	everything = {row["record"] for row in execute(filters)[1]}  # a company user: all communities
	assert {mine.name, theirs.name} <= everything


def test_one_communitys_owner_data_update_reads_that_community_only():
	"""The month's job for one community (office/month.py) makes its update alone, with its own
	units and the people who have a unit there."""
	a, b = make_community(), make_community()
	unit_a, unit_b = make_unit(make_building(a)), make_unit(make_building(b))
	both, nowhere = make_owner(units=[unit_a, unit_b]), make_owner()
	period = frappe.utils.nowdate()[:7]
	assert archives.make_owner_data_update(period, only=[a]) == [f"ODU-{a}-{period}"]
	listed = {row.record for row in frappe.get_doc("Owner Data Update", f"ODU-{a}-{period}").changes}
	assert {unit_a, both} <= listed and not {unit_b, nowhere} & listed
