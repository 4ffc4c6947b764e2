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
	clerk = make_user(roles=("Archive Clerk",))
	with freeze_time(add_days(get_last_day(today()), 2)):
		name = archives.make_owner_data_update()
		assert archives.make_owner_data_update() is None  # once a month
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
