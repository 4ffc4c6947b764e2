"""What the benchmarks share: a site connection whose writes are rolled back, and a query count."""

import argparse

import frappe


def run_on_site(run, default_n: int, default_site: str) -> None:
	"""Parses --n and --site, connects as Administrator, calls run(n), rolls everything back."""
	parser = argparse.ArgumentParser()
	parser.add_argument("--n", type=int, default=default_n)
	parser.add_argument("--site", default=default_site)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		run(args.n)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def count_queries() -> int:
	"""Statements this connection has sent so far (MariaDB's session counter)."""
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])
