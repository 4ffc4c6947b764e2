"""Benchmark (d) of issue 25: the KPI report of a company of 100 communities over 2 million
service requests, for one community and for the company.

    scripts/benchmark kpi_company --rows 2000000 --site bench.property.localhost [--purge]

Needs the month benchmark's site and communities (`scripts/benchmark month` makes them:
"月度基准-001" … "-100", 2,000 units each). Adds --rows service requests over the site's units
with the list benchmark's generator (two years, each with the stamps and SLA fields its state
implies) and last month's complaints (one for every 20 of the month's requests); they are
committed and kept for the next run (generating 2 million takes minutes), `--purge` deletes them.

Runs, as Administrator and as the desk does (frappe.desk.query_report.run), REPEAT times each:
the report for one community and last month (table and chart; target under 1 s), for the
company (no community: every standard over all communities; target under 5 s), and the company
ranking (Rank Communities: each community judged on every standard; target under 5 s). Prints
the median and best time and the queries of each.
"""

import argparse
import random
import statistics
import time

import frappe
from frappe.utils import add_months, get_first_day, get_last_day, today

from benchmarks.common import count_queries
from benchmarks.kpi_report import make_complaints, report
from benchmarks.list_scale import Generator

PREFIX = "月度基准-"
GENERATED = "SR-____-_______"  # the generator's names (the series' own have 5 digits)
COMPLAINTS = "CMP-CO-%"
REPEAT = 3


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--rows", type=int, default=2_000_000)
	parser.add_argument("--site", default="bench.property.localhost")
	parser.add_argument("--purge", action="store_true")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if args.purge:
			purge()
		else:
			run(args.rows)
	finally:
		frappe.destroy()


def run(rows: int) -> None:
	names = frappe.get_all("Community", {"name": ["like", f"{PREFIX}%"]}, pluck="name", order_by="name")
	if not names:
		frappe.throw("Make the communities first: scripts/benchmark month")
	month_start = get_first_day(add_months(today(), -1))
	month_end = get_last_day(month_start)
	ensure_requests(rows, month_start, month_end)
	total = frappe.db.count("Service Request")
	units = frappe.db.count("Property Unit")
	in_month = frappe.db.count(
		"Service Request",
		{"community": names[0], "creation": ["between", [f"{month_start}", f"{month_end} 23:59:59"]]},
	)
	print(
		f"{len(names)} communities ({units} units on the site), {total} requests on the site; "
		f"{names[0]}: {in_month} registered in {month_start:%Y-%m}"
	)
	if frappe.db.get_value("Report", "Property Service KPIs", "prepared_report"):
		print("note: Frappe made the report a prepared report on this site (a run once took over 15 s)")
	dates = {"from_date": str(month_start), "to_date": str(month_end)}
	cases = (
		("one community (table + chart)", {**dates, "community": names[0]}, 1000),
		("the company (every community)", dates, 5000),
		("the company ranking (per community)", {**dates, "rank_communities": 1}, 5000),
	)
	print(
		f"\n{'Property Service KPIs, ' + str(month_start)[:7]:44}{'median ms':>10}{'best ms':>9}{'queries':>9}"
	)
	results = []
	for label, filters, target in cases:
		times, queries = measure(filters)
		median = statistics.median(times)
		results.append((label, median, target))
		print(f"{label:44}{median:10.0f}{min(times):9.0f}{queries:9d}")
	for label, median, target in results:
		verdict = "met" if median < target else "NOT met"
		print(f"{label}: target under {target:,} ms {verdict} ({median / target:.2f} of it)")


def ensure_requests(rows: int, first, last) -> None:
	"""Generated requests up to `rows` (kept from an earlier run), and the month's complaints."""
	from property_service.demo.people import make_demo_staff

	have = frappe.db.count("Service Request", {"name": ["like", GENERATED]})
	if have < rows:
		make_demo_staff()  # who registered them
		started = time.perf_counter()
		generator = Generator(random.Random(have + 7))
		generator.made = have  # names go on from the last
		for start in range(have, rows, 100_000):
			generator.generate(min(100_000, rows - start))
			frappe.db.commit()  # nosemgrep: kept for the next run; --purge deletes them
		print(f"generated {rows - have} requests in {time.perf_counter() - started:.1f} s")
	if not frappe.db.exists("Complaint", {"name": ["like", COMPLAINTS]}):
		made = make_complaints(first, last, {"name": ["like", GENERATED]}, prefix="CMP-CO-")
		frappe.db.commit()  # nosemgrep: kept with the requests
		print(f"made {made} complaints of {first:%Y-%m}")


def measure(filters: dict) -> tuple[list[float], int]:
	report(filters)  # warm: metadata and caches
	times = []
	for _ in range(REPEAT):
		queries, started = count_queries(), time.perf_counter()
		report(filters)
		times.append((time.perf_counter() - started) * 1000)
		queries = count_queries() - queries
	return times, queries


def purge() -> None:
	for doctype, pattern in (("Service Request", GENERATED), ("Complaint", COMPLAINTS)):
		while names := frappe.get_all(doctype, {"name": ["like", pattern]}, pluck="name", limit=50_000):
			frappe.db.delete(doctype, {"name": ["in", names]})
			frappe.db.commit()  # nosemgrep: the clean-up of a committed benchmark
	print("deleted the generated requests and complaints")


if __name__ == "__main__":
	main()
