"""The daily work diary (工作日记): filled from the writer's own records of the day, their notes
kept; one a day each; private to the writer, the customer-service supervisors and the manager."""

import frappe
import pytest

from tests.factories import make_building, make_community, make_owner, make_unit
from tests.test_kpis import request
from tests.utils import as_user, make_user

DAY = "2032-03-05"


def test_a_technicians_diary_lists_their_day_and_stays_theirs():
	unit = make_unit(make_building(make_community()))
	make_owner(units=[unit])
	technician, other = (make_user(roles=("Maintenance Technician",)) for _ in range(2))
	mine = request(unit, "2032-03-04 09:00:00", technician=technician, completed_on=f"{DAY} 15:00:00")
	request(unit, "2032-03-04 09:00:00", technician=other, completed_on=f"{DAY} 16:00:00")  # not theirs
	request(
		unit, "2032-03-04 09:00:00", technician=technician, completed_on="2032-03-06 09:00:00"
	)  # next day
	with as_user(technician):
		diary = frappe.get_doc(
			{"doctype": "Work Diary", "diary_date": DAY, "notes": "<p>更换水龙头一个</p>"}
		).insert()
		assert diary.writer == technician and diary.name == f"DIARY-{DAY}-{technician}"
		assert [(e.kind, e.reference_name) for e in diary.entries] == [(frappe._("Completed"), mine)]
		assert unit in diary.entries[0].summary and "水管漏水" in diary.entries[0].summary
		diary.append(
			"entries", {"kind": "伪造", "reference_doctype": "Service Request", "reference_name": mine}
		)
		diary.save()
		assert len(diary.entries) == 1 and "水龙头" in diary.notes  # the day's records, not what was sent
		diary.writer = other
		with pytest.raises(frappe.PermissionError):
			diary.save()  # handing it to another is refused
		diary.reload()
		assert diary.writer == technician
		with pytest.raises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "Work Diary", "diary_date": DAY}).insert()
	with as_user(other):
		assert not frappe.has_permission("Work Diary", "read", doc=diary)
		assert frappe.get_list("Work Diary", pluck="name") == []
	with as_user(make_user(roles=("Customer Service Supervisor",))):
		assert frappe.has_permission("Work Diary", "read", doc=diary)
	with as_user(make_user(roles=("Property Resident",), user_type="Website User")):
		assert not frappe.has_permission("Work Diary", "read", doc=diary)
