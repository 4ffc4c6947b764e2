"""Benchmark: inserting a Service Request against inserting an ERPNext Issue, same site, same
run, both under an active Service Level Agreement. Target ratio ≤ 1.0.

    scripts/benchmark sr_vs_issue [--n 300] [--site SITE]

Everything is inserted in one transaction and rolled back: the site keeps nothing. Prints the
mean time per insert of each, the ratio, queries per insert, and where a Service Request's time
goes (cProfile, cumulative time of the steps that matter).
"""

import cProfile
import os
import pstats
import time

import frappe

from benchmarks.common import count_queries, run_on_site

STEPS = {
	"Service Request validate": "service_request.py:(validate)",
	"Frappe workflow actions": "process_workflow_actions",
	"workflow validation": "validate_workflow",
	"ERPNext SLA (apply)": "service_level_agreement.py:(apply)",
	"requester and unit": "fill_requester",
	"track changes (Version)": "save_version",
	"notifications": "run_notifications",
	"link validation": "_validate_links",
}


def main() -> None:
	run_on_site(run, 300, os.environ.get("PS_TEST_SITE", "test.property.localhost"))


def run(n: int) -> None:
	from property_service.customer_service.sla import ensure_default_slas

	ensure_default_slas()
	ensure_issue_sla()
	unit = demo_unit()

	def issue(i):
		frappe.get_doc({"doctype": "Issue", "subject": f"bench {i}", "description": "漏水"}).insert()

	def request(i):
		frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": f"漏水 {i}"}).insert()

	for warm in range(20):
		issue(warm)
		request(warm)
	issue_ms, issue_q = measure(issue, n)
	request_ms, request_q = measure(request, n)
	print(f"inserts each: {n}")
	print(f"{'':24}{'ms/insert':>10}{'queries/insert':>16}")
	print(f"{'ERPNext Issue':24}{issue_ms:>10.2f}{issue_q:>16.1f}")
	print(f"{'Service Request':24}{request_ms:>10.2f}{request_q:>16.1f}")
	print(f"ratio Service Request / Issue: {request_ms / issue_ms:.2f} (target <= 1.00)")
	profile_steps(request, min(n, 100))


def measure(insert, n: int) -> tuple[float, float]:
	queries = count_queries()
	start = time.perf_counter()
	for i in range(n):
		insert(i)
	elapsed = time.perf_counter() - start
	return 1000 * elapsed / n, (count_queries() - queries) / n


def profile_steps(insert, n: int) -> None:
	profiler = cProfile.Profile()
	profiler.enable()
	start = time.perf_counter()
	for i in range(n):
		insert(10_000 + i)
	total = time.perf_counter() - start
	profiler.disable()
	stats = pstats.Stats(profiler).stats
	print(f"\nwhere a Service Request insert's time goes ({n} inserts, cumulative, overlapping):")
	for label, needle in STEPS.items():
		# file:(function), without the line number, which moves as the code changes
		cumulative = sum(value[3] for key, value in stats.items() if needle in f"{key[0]}:({key[2]})")
		print(f"  {label:28}{1000 * cumulative / n:8.2f} ms  {100 * cumulative / total:5.1f} %")


def ensure_issue_sla() -> None:
	if frappe.db.exists("Service Level Agreement", {"document_type": "Issue", "enabled": 1}):
		return
	template = frappe.get_doc(
		"Service Level Agreement", {"document_type": "Service Request", "default_service_level_agreement": 1}
	)
	issue_sla = frappe.copy_doc(template)
	issue_sla.update({"document_type": "Issue", "service_level": "Issue - Benchmark"})
	issue_sla.sla_fulfilled_on = []
	issue_sla.append("sla_fulfilled_on", {"status": "Resolved"})
	issue_sla.append("sla_fulfilled_on", {"status": "Closed"})
	issue_sla.insert()


def demo_unit() -> str:
	units = frappe.get_all("Property Unit", filters={"status": "Occupied"}, pluck="name", limit=1)
	if units:
		return units[0]
	from property_service.demo import make_demo_data

	make_demo_data(units=5, community="benchmark", quiet=True, commit=False)
	return frappe.get_all("Property Unit", filters={"community": "benchmark"}, pluck="name", limit=1)[0]


if __name__ == "__main__":
	main()
