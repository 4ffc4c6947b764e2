"""Benchmark: the monthly vacant-unit inspection job for a community of N units (default 20,000,
the demo generator's, about 12 % vacant), against inserting the same inspections plainly, same
site, same run.

    scripts/benchmark vacant_inspections [--n 20000] [--site property.localhost]

Makes the community with the demo generator, then times `inspections.make_inspections` for a
month (find the vacant units from the resident links, one inspection with its eight checks per
unit, shared among the agents) and, after deleting them, a plain `frappe.get_doc(...).insert()`
of the same inspections. Then times the job run again (it makes nothing). One transaction, rolled
back: the site keeps nothing. Prints time and queries per inspection, the ratio and peak memory.
"""

import resource
import time

import frappe

from benchmarks.common import count_queries, run_on_site
from property_service.operations import inspections

COMMUNITY = "vacant-inspection-benchmark"
PERIOD = "2026-11"


def main() -> None:
	run_on_site(run, 20000, "property.localhost", watch=("Vacant Unit Inspection", "Property Unit"))


def run(n: int) -> None:
	from property_service.demo import make_demo_data

	started = time.perf_counter()
	make_demo_data(units=n, community=COMMUNITY, quiet=True, commit=False)
	inspections.make_inspections(PERIOD)  # the site's other communities first, untimed
	frappe.db.delete("Vacant Unit Inspection Item", {"parent": ["like", f"VUI-{PERIOD}-{COMMUNITY}%"]})
	frappe.db.delete("Vacant Unit Inspection", {"community": COMMUNITY})
	print(f"set-up: {n} units in {time.perf_counter() - started:.1f} s")

	frappe.db.value_cache.clear()
	queries, start = count_queries(), time.perf_counter()
	made = inspections.make_inspections(PERIOD)
	job_seconds = time.perf_counter() - start
	job_queries = count_queries() - queries
	rows = frappe.get_all(
		"Vacant Unit Inspection", {"community": COMMUNITY}, ["unit", "inspector"], order_by="unit"
	)
	frappe.db.delete("Vacant Unit Inspection Item", {"parent": ["like", f"VUI-{PERIOD}-{COMMUNITY}%"]})
	frappe.db.delete("Vacant Unit Inspection", {"community": COMMUNITY})

	checklist = inspections.checklist()
	frappe.db.value_cache.clear()
	queries, start = count_queries(), time.perf_counter()
	for row in rows:
		frappe.get_doc(
			{
				"doctype": "Vacant Unit Inspection",
				"unit": row.unit,
				"period": PERIOD,
				"inspector": row.inspector,
				"checklist": checklist,
			}
		).insert(ignore_permissions=True)
	plain_seconds = time.perf_counter() - start
	plain_queries = count_queries() - queries

	queries, start = count_queries(), time.perf_counter()
	again = inspections.make_inspections(PERIOD)
	again_seconds = time.perf_counter() - start
	again_queries = count_queries() - queries
	units = frappe.db.count("Property Unit", {"community": COMMUNITY})

	print(f"\n{COMMUNITY}, {PERIOD}: {units} units, {made} vacant flats, shops and offices inspected")
	print(f"{'':28}{'seconds':>9}{'queries':>9}{'ms/inspection':>15}{'queries/inspection':>20}")
	for label, seconds, count in (
		("inspections.make_inspections", job_seconds, job_queries),
		("plain insert", plain_seconds, plain_queries),
	):
		print(f"{label:28}{seconds:9.2f}{count:9d}{seconds * 1000 / made:15.2f}{count / made:20.2f}")
	print(
		f"ratio job / plain insert: {job_seconds / plain_seconds:.2f}x time, {job_queries / plain_queries:.2f}x queries"
	)
	print(
		f"the job run again for the month: {again_seconds * 1000:.0f} ms, {again_queries} queries, made {again}"
	)
	print(f"peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
	main()
