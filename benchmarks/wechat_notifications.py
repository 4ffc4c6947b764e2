"""Benchmark (issue 26): WeChat Pay notifications recorded as Payment Entries, through the
production web server, against ERPNext's own Payment Entry insert + submit, in one run.

    scripts/benchmark wechat_notifications --n 1000 --site bench.property.localhost

Needs a site of its own (it commits: the web server is another process) with units that have
payers (`scripts/benchmark month` makes the communities "月度基准-NNN"). Starts the loopback
WeChat Pay gateway of the tests (tests/wechat_pay_gateway.py) and gunicorn for the site (4
workers, as production runs it), makes the invoices, Payment Requests and WeChat Pay orders, and
then:
  (1) sends every order's notification twice, in shuffled order, 20 at a time, as WeChat Pay
      retries: Payment Entries a second, and the duplicates (target 0) and missing (target 0);
  (2) one at a time (200 each): a notification over HTTP, against ERPNext's own gateway path
      in this process (a Payment Request set as paid: it makes and submits the Payment Entry) and
      against a plain Payment Entry (get_payment_entry + insert + submit): ms per entry and ratios.
Everything it made is deleted at the end.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import requests

from property_service.billing.invoices import make_invoice
from property_service.fees import online_payments, wechat_pay
from tests.wechat_pay_gateway import LocalWeChatPay

PREFIX = "BENCH-PAY-"
PORT = 8091
CONCURRENCY = 20


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--n", type=int, default=1000)
	parser.add_argument("--site", default="bench.property.localhost")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	gateway, server = LocalWeChatPay(), None
	saved = frappe.get_single(wechat_pay.SETTINGS).as_dict()
	try:
		configure(gateway)
		server = start_gunicorn(args.site)
		run(args.n, gateway, args.site)
	finally:
		if server:
			server.terminate()
			server.wait(timeout=30)
		gateway.close()
		frappe.db.rollback()
		purge()
		restore(saved)
		frappe.destroy()


def configure(gateway: LocalWeChatPay) -> None:
	doc = frappe.get_single(wechat_pay.SETTINGS)
	doc.update(gateway.settings())
	doc.save()
	frappe.db.commit()  # nosemgrep  (the web server is another process)


def restore(saved: dict) -> None:
	doc = frappe.get_single(wechat_pay.SETTINGS)
	doc.enabled = saved.get("enabled") or 0
	doc.api_address = saved.get("api_address") or "https://api.mch.weixin.qq.com"
	doc.flags.ignore_mandatory = True
	doc.save()
	frappe.db.commit()  # nosemgrep  (the settings as they were)


def start_gunicorn(site: str):
	env = {**os.environ, "FRAPPE_SITE": site}
	server = subprocess.Popen(
		[sys.executable, "-m", "gunicorn", "-w", "4", "-t", "120", "-b", f"127.0.0.1:{PORT}",
		 "--preload", "frappe.app:application"],
		env=env, stdout=subprocess.DEVNULL, stderr=open("../logs/benchmark-web.log", "w"),
	)  # fmt: skip
	for _ in range(120):
		try:
			requests.get(f"http://127.0.0.1:{PORT}/api/method/ping", headers={"Host": site}, timeout=2)
			return server
		except requests.ConnectionError:
			time.sleep(0.5)
	raise RuntimeError("gunicorn did not start")


def invoices(n: int) -> list[str]:
	units = frappe.get_all(
		"Property Unit",
		{"community": ["like", "月度基准-%"], "payer": ["is", "set"]},
		["name", "payer", "community"],
		limit=n,
	)
	if len(units) < n:
		raise RuntimeError(f"{len(units)} units with a payer: make them with scripts/benchmark month")
	company = frappe.db.get_value("Community", units[0].community, "company")
	made = []
	for number, unit in enumerate(units):
		customer = frappe.db.get_value("Property Owner", unit.payer, "customer")
		made.append(
			make_invoice(
				f"{PREFIX}{number}-{time.time_ns()}",
				customer=customer,
				company=company,
				items=[{"item_code": "物业管理费", "qty": 1, "rate": 100 + number % 50}],
				property_unit=unit.name,
				ignore_permissions=True,
			).name
		)
		if number % 100 == 99:
			frappe.db.commit()  # nosemgrep  (the web server is another process)
	frappe.db.commit()  # nosemgrep  (the web server is another process)
	return made


def orders_for(invoices_: list[str], gateway: LocalWeChatPay) -> list[str]:
	orders = []
	for invoice in invoices_:
		request = online_payments.make_request(invoice, wechat_pay.GATEWAY)
		wechat_pay.place_order(wechat_pay.settings(), request)
		orders.append(request.name)
		gateway.pay(request.name)
	frappe.db.commit()  # nosemgrep  (the web server is another process)
	return orders


def run(n: int, gateway: LocalWeChatPay, site: str) -> None:
	started = time.perf_counter()
	each = min(200, n)  # per entry, one at a time
	mine, serial, requested, plain = invoices(n), invoices(each), invoices(each), invoices(each)
	orders, serial_orders = orders_for(mine, gateway), orders_for(serial, gateway)
	requests_ = [online_payments.make_request(invoice, wechat_pay.GATEWAY) for invoice in requested]
	frappe.db.commit()  # nosemgrep  (purged at the end)
	print(
		f"set-up: {n + 3 * each} invoices, {n + 2 * each} requests, {n + each} orders in "
		f"{time.perf_counter() - started:.1f} s"
	)
	url = f"http://127.0.0.1:{PORT}"

	# (1) every notification twice, shuffled, 20 at a time
	sends = [gateway.notification(order) for order in orders for _ in range(2)]
	random.Random(7).shuffle(sends)
	latencies = []

	def send(notification) -> int:
		begun = time.perf_counter()
		status = gateway.send(url, site, *notification).status_code
		latencies.append(time.perf_counter() - begun)
		return status

	begun = time.perf_counter()
	with ThreadPoolExecutor(CONCURRENCY) as pool:
		statuses = list(pool.map(send, sends))
	wall = time.perf_counter() - begun
	frappe.db.rollback()
	counts = entries_per_invoice(mine)
	duplicates = sum(count - 1 for count in counts.values() if count > 1)
	missing = sum(1 for invoice in mine if not counts.get(invoice))
	answers = {status: statuses.count(status) for status in sorted(set(statuses))}
	print(
		f"\n(1) {len(sends)} notifications ({n} orders, each twice, shuffled), {CONCURRENCY} at a time, "
		f"gunicorn 4 workers: {wall:.1f} s, {n / wall:.1f} Payment Entries/s; answers {answers}; "
		f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms; "
		f"duplicates {duplicates}, missing {missing}"
	)

	# (2) one at a time: a notification over HTTP; ERPNext's own gateway path (a Payment Request
	# set as paid, which makes and submits its Payment Entry) and a plain Payment Entry, in-process
	begun = time.perf_counter()
	for order in serial_orders:
		assert gateway.send(url, site, *gateway.notification(order)).status_code == 204
	notified = (time.perf_counter() - begun) / each
	begun = time.perf_counter()
	for request in requests_:
		request.set_as_paid()
		frappe.db.commit()  # nosemgrep  (as a request would: purged at the end)
	set_paid = (time.perf_counter() - begun) / each
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	account = frappe.db.get_value(
		"Payment Gateway Account", {"payment_gateway": wechat_pay.GATEWAY}, "payment_account"
	)
	begun = time.perf_counter()
	for invoice in plain:
		entry = get_payment_entry("Sales Invoice", invoice, bank_account=account)
		entry.reference_no, entry.reference_date = invoice, frappe.utils.today()
		entry.insert()
		entry.submit()
		frappe.db.commit()  # nosemgrep  (as a request would: purged at the end)
	direct = (time.perf_counter() - begun) / each
	print(
		f"(2) one at a time, {each} each, ms per Payment Entry: a notification over HTTP (signature, "
		f"decryption, checks, the entry) {notified * 1000:.1f}; ERPNext's Payment Request set as paid "
		f"in-process {set_paid * 1000:.1f} (ratio {notified / set_paid:.2f}); ERPNext's get_payment_entry "
		f"+ insert + submit in-process {direct * 1000:.1f} (ratio {notified / direct:.2f})"
	)


def entries_per_invoice(names: list[str]) -> dict[str, int]:
	rows = frappe.get_all(
		"Payment Entry Reference",
		{"reference_name": ["in", names], "docstatus": 1},
		["reference_name", "count(*) as entries"],
		group_by="reference_name",
	)
	return {row.reference_name: row.entries for row in rows}


def percentile(values: list[float], share: int) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, int(len(ordered) * share / 100))]


def purge() -> None:
	"""Deletes what the run made: its invoices, their requests and Payment Entries, their ledgers."""
	names = frappe.get_all("Sales Invoice", {"billing_key": ["like", f"{PREFIX}%"]}, pluck="name")
	for start in range(0, len(names), 500):
		chunk = names[start : start + 500]
		entries = frappe.get_all("Payment Entry Reference", {"reference_name": ["in", chunk]}, pluck="parent")
		vouchers = chunk + entries
		for table in ("GL Entry", "Payment Ledger Entry"):
			frappe.db.delete(table, {"voucher_no": ["in", vouchers]})
		frappe.db.delete("Payment Entry Reference", {"parent": ["in", entries or [""]]})
		frappe.db.delete("Payment Entry", {"name": ["in", entries or [""]]})
		frappe.db.delete("Payment Request", {"reference_name": ["in", chunk]})
		frappe.db.delete("Sales Invoice Item", {"parent": ["in", chunk]})
		frappe.db.delete("Sales Invoice", {"name": ["in", chunk]})
		frappe.db.commit()  # nosemgrep  (the clean-up of a committed benchmark)
	print(f"deleted {len(names)} invoices with their requests, entries and ledger rows")


if __name__ == "__main__":
	main()
