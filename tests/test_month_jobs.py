"""The month's work for a company of communities (issue 25): one job per community on the long
queue, each making only its community's visit plan, vacant-unit inspections, owner-data update
and archive filing; dispatched again it makes nothing twice. The queue itself, a killed worker
and the throughput with one and two workers are measured by `scripts/benchmark month`."""

import frappe

from property_service.core.periods import period_of, previous_period
from property_service.office import month
from tests.factories import make_building, make_community, make_owner, make_unit


def estate():
	community = make_community()
	building = make_building(community)
	make_owner(units=[make_unit(building, "101")])
	make_unit(building, "102")  # vacant
	return community


def made_for(community: str) -> dict[str, int]:
	return {
		"plans": frappe.db.count("Owner Visit Plan", {"community": community, "period": period_of()}),
		"inspections": frappe.db.count("Vacant Unit Inspection", {"community": community}),
		"updates": frappe.db.count(
			"Owner Data Update", {"community": community, "period": previous_period()}
		),
	}


def test_a_communitys_job_makes_its_month_only():
	a, b = estate(), estate()
	month.make_month(a)
	assert made_for(a) == {"plans": 1, "inspections": 1, "updates": 1}
	assert made_for(b) == {"plans": 0, "inspections": 0, "updates": 0}


def test_the_dispatch_covers_every_community_once_and_again_makes_nothing():
	a, b = estate(), estate()
	month.make_month(a)
	jobs = month.enqueue_month(now=True)
	assert {month.job_id(a), month.job_id(b), month.job_id(None)} <= set(jobs)
	assert len(jobs) == len(set(jobs)) == frappe.db.count("Community") + 1
	assert made_for(a) == made_for(b) == {"plans": 1, "inspections": 1, "updates": 1}
	month.enqueue_month(now=True)
	assert made_for(a) == made_for(b) == {"plans": 1, "inspections": 1, "updates": 1}


def test_a_job_is_named_by_community_and_day():
	assert month.job_id("阳光花园", "2026-12-01") == "property_service:month:阳光花园:2026-12-01"
	assert month.job_id("阳光花园", "2026-12-01") != month.job_id("明月小区", "2026-12-01")
	assert month.job_id(None, "2026-12-01") != month.job_id("阳光花园", "2026-12-02")
