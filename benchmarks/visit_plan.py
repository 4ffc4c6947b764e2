"""Benchmark: the monthly owner-visit plan for a community of N units (default 20,000, the demo
generator's), against inserting the same plan with its rows already chosen, same site, same run.

    scripts/benchmark visit_plan [--n 20000] [--site property.localhost]

Makes the community with the demo generator, records a past visit for a third of its occupied
units (so the rotation has history to sort), then times `visits.make_plan` (count the occupied
units, read each unit's last visit, choose by rotation, share among the agents, insert) and a plain
`frappe.get_doc(...).insert()` of the same rows. Then times the job run again for the month (it
finds the plan and makes nothing). Everything is one transaction, rolled back: the site keeps
nothing. Prints time and queries per occupied unit and per plan row, the ratio, and peak memory.
"""

import resource
import time

import frappe
from frappe.utils import add_days, now_datetime

from benchmarks.common import count_queries, run_on_site
from property_service.core.routing import community_staff
from property_service.engagement import visits
from property_service.property.occupancy import occupied_units

COMMUNITY = "visit-plan-benchmark"
PERIOD = "2026-11"


def main() -> None:
	run_on_site(run, 20000, "property.localhost", watch=("Owner Visit", "Owner Visit Plan", "Property Unit"))


def past_visits(units: list[str]) -> None:
	"""A visit in the last two years for every third occupied unit, written in bulk."""
	visitor = frappe.get_all("User", {"name": ["like", "%@%"]}, pluck="name", limit=1)[0]
	now = now_datetime()
	rows = [
		(
			f"bench-visit-{i}",
			unit,
			COMMUNITY,
			visitor,
			add_days(now, -1 - i % 700).date(),
			"Phone",
			"回访",
			now,
			now,
		)
		for i, unit in enumerate(units[::3])
	]
	frappe.db.bulk_insert(
		"Owner Visit",
		["name", "unit", "community", "visitor", "visit_date", "visit_mode", "notes", "creation", "modified"],
		rows,
	)


def run(n: int) -> None:
	from property_service.demo import make_demo_data

	started = time.perf_counter()
	make_demo_data(units=n, community=COMMUNITY, quiet=True, commit=False)
	occupied = occupied_units(COMMUNITY)
	past_visits(occupied)
	print(
		f"set-up: {n} units ({len(occupied)} occupied) and past visits in {time.perf_counter() - started:.1f} s"
	)

	# the same rows as the plan will have, chosen untimed and inserted plainly
	last = visits.last_visits(COMMUNITY)
	agents = community_staff("Customer Service Agent", COMMUNITY)
	chosen = visits.rotation(occupied, last)[: visits.required_visits(len(occupied))]
	rows = [
		{"unit": unit, "agent": agents[i % len(agents)] if agents else None, "last_visited": last.get(unit)}
		for i, unit in enumerate(chosen)
	]
	frappe.get_meta("Owner Visit Plan")  # both timings with the meta loaded
	frappe.db.value_cache.clear()  # and the links validated afresh
	queries, start = count_queries(), time.perf_counter()
	direct = frappe.get_doc(
		{"doctype": "Owner Visit Plan", "community": COMMUNITY, "period": PERIOD, "units": rows}
	).insert(ignore_permissions=True)
	direct_seconds = time.perf_counter() - start
	direct_queries = count_queries() - queries
	frappe.delete_doc("Owner Visit Plan", direct.name, force=True)

	frappe.db.value_cache.clear()
	queries, start = count_queries(), time.perf_counter()
	name = visits.make_plan(COMMUNITY, PERIOD)
	plan_seconds = time.perf_counter() - start
	plan_queries = count_queries() - queries
	assert [row.unit for row in frappe.get_doc("Owner Visit Plan", name).units] == chosen

	visits.make_visit_plans(PERIOD)  # the site's other communities get theirs
	queries, start = count_queries(), time.perf_counter()
	again = visits.make_visit_plans(PERIOD)
	again_seconds = time.perf_counter() - start
	again_queries = count_queries() - queries
	communities = frappe.db.count("Community")

	per = len(occupied)
	print(
		f"\nplan for {COMMUNITY}, {PERIOD}: {len(rows)} units to visit of {per} occupied (ceil 5 %), "
		f"shared among {len(agents)} agents (one assignment each)"
	)
	print(f"{'':24}{'seconds':>9}{'queries':>9}{'ms/occupied unit':>18}{'queries/plan row':>18}")
	for label, seconds, count in (
		("visits.make_plan", plan_seconds, plan_queries),
		("plain insert of rows", direct_seconds, direct_queries),
	):
		print(f"{label:24}{seconds:9.2f}{count:9d}{seconds * 1000 / per:18.3f}{count / len(rows):18.2f}")
	print(
		f"ratio make_plan / plain insert: {plan_seconds / direct_seconds:.2f}x time, "
		f"{plan_queries / direct_queries:.2f}x queries"
	)
	print(
		f"the job run again for the month ({communities} communities, all planned): "
		f"{again_seconds * 1000:.0f} ms, {again_queries} queries, plans made: {len(again)}"
	)
	print(f"peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
	main()
