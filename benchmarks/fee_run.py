"""Benchmark: a fee billing run for a community of N units (default 2,000) against ERPNext
inserting and submitting the same invoices directly, same site, same run.

    scripts/benchmark fee_run [--n 2000] [--site property.localhost]

Makes a community of N units with residents, a Fee Plan with the default rates and two months of
water and electricity readings, then times the run (one submitted Sales Invoice per billable
unit) and the same invoices made with plain `frappe.get_doc(...).insert().submit()`. Everything
is one transaction, rolled back at the end: the site keeps nothing. Prints time and database
queries per invoice of each, the ratio, the run's total time and the process's peak memory.
"""

import resource
import time

import frappe

from benchmarks.common import count_queries, run_on_site
from property_service.fees.fee_run import fee_lines, load, run_billing

COMMUNITY = "fee-run-benchmark"
PERIOD, LAST_PERIOD = "2026-11", "2026-10"


def main() -> None:
	run_on_site(run, 2000, "property.localhost")


def run(n: int) -> None:
	from property_service.demo import make_demo_data, make_meter_readings

	started = time.perf_counter()
	make_demo_data(units=n, community=COMMUNITY, quiet=True, commit=False)
	frappe.get_doc({"doctype": "Fee Plan", "community": COMMUNITY}).insert()
	make_meter_readings(COMMUNITY, [LAST_PERIOD, PERIOD])
	print(f"set-up: {n} units, plan and readings in {time.perf_counter() - started:.1f} s")

	fee_run = frappe.get_doc(
		{"doctype": "Fee Billing Run", "community": COMMUNITY, "period": PERIOD}
	).insert()
	data = load(fee_run)
	direct = [
		(unit, lines)
		for unit in data["units"]
		if unit.payer and (lines := fee_lines(data["plan"], unit, data["consumption"], PERIOD))
	]
	for unit, lines in direct[:20]:  # warm-up
		insert_directly(unit, lines, data)

	queries, start = count_queries(), time.perf_counter()
	run_billing(fee_run.name)
	run_seconds = time.perf_counter() - start
	run_queries = count_queries() - queries
	fee_run.reload()
	made = fee_run.invoices_created

	queries, start = count_queries(), time.perf_counter()
	phases = {"insert": 0.0, "submit": 0.0}
	for unit, lines in direct:
		insert_directly(unit, lines, data, phases)
	direct_seconds = time.perf_counter() - start
	direct_queries = count_queries() - queries

	print(f"units: {n}; invoices made by the run: {made}; by ERPNext directly: {len(direct)}")
	print(f"{'':28}{'ms/invoice':>11}{'queries/invoice':>17}")
	print(
		f"{'ERPNext insert + submit':28}{1000 * direct_seconds / len(direct):>11.2f}{direct_queries / len(direct):>17.1f}"
	)
	print(f"{'fee billing run':28}{1000 * run_seconds / made:>11.2f}{run_queries / made:>17.1f}")
	print(f"ratio run / ERPNext direct: {(run_seconds / made) / (direct_seconds / len(direct)):.2f}")
	insert_ms, submit_ms = (1000 * phases[phase] / len(direct) for phase in ("insert", "submit"))
	ours = 1000 * run_seconds / made - insert_ms - submit_ms
	print(
		f"where an invoice's time goes: ERPNext's insert {insert_ms:.1f} ms, its submit {submit_ms:.1f} ms, "
		f"the run's own work (reading, lines, customers, savepoints, progress) {ours:.1f} ms"
	)
	print(
		f"fee billing run total: {run_seconds:.1f} s for {n} units ({fee_run.not_billed} with nothing to bill, {fee_run.failed} failed)"
	)
	print(f"peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def insert_directly(unit, lines, data, phases=None):
	customer = data["customers"][unit.payer]
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": data["company"],
			"set_posting_time": 1,
			"posting_date": frappe.utils.today(),
			"due_date": frappe.utils.add_days(frappe.utils.today(), data["plan"].due_days),
			"items": lines,
		}
	)
	start = time.perf_counter()
	invoice.insert()
	inserted = time.perf_counter()
	invoice.submit()
	if phases is not None:
		phases["insert"] += inserted - start
		phases["submit"] += time.perf_counter() - inserted
	return invoice


if __name__ == "__main__":
	main()
