"""Load on the production stack: residents on the portal and agents at the desk at the same time,
through nginx, with Frappe's own `/me` page measured in the same run.

    scripts/benchmark load prepare [--site SITE] [--residents 200] [--agents 20] [--to-rate 3]
    scripts/benchmark load mixed [--port PORT] [--site SITE] [--residents 200] [--agents 20] [--duration 180]
    scripts/benchmark load home [--port PORT] [--site SITE] [--users 20] [--duration 120] [--slot 10]

SITE and PORT default to the bench's demo site and production port (PS_SITE, PS_PRODUCTION_PORT:
80 on version-15, 8080 on version-16), so `scripts/benchmark --lines both load home` measures
each line through its own nginx.

`prepare` (connected to the site, commits) makes the benchmark's people once and reuses them:
RESIDENTS portal logins (load-resident-NNN@bench.localhost) on as many occupied flats of the
demo, each with TO_RATE completed requests whose callback waits for their rating, and AGENTS
desk users holding Customer Service Agent (load-agent-NN@bench.localhost); all with the demo's
password. Run again before each `mixed` run: it tops the callbacks to rate up again.

`mixed` logs everyone in, then for DURATION seconds each resident, with a pause of about THINK
seconds between steps, opens the home (`/resident`), opens `/me`, files a request
(`property_service.api.portal.file_request`), opens the home again (the new request must be
on it) and rates the next callback the home lists (`rate_callback`); each agent loads the desk
list of Service Requests (`frappe.desk.reportview.get`, 20 newest by modified, the list view's
fields) and opens two of them (`frappe.desk.form.load.getdoc`).

`home` hammers `/resident` and `/me` with the same USERS resident sessions and no pause, in
alternating slots of SLOT seconds (home, /me, home, ...), so both see the same machine.

Both print, per endpoint: requests, throughput (req/s), p50 and p95 latency, errors; and the
home's ratio to `/me`. The client is asyncio with aiohttp (`scripts/benchmark` installs it in the
bench's Python); it talks to 127.0.0.1 only, with the site's name as the Host.
"""

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict

RESIDENT_EMAIL = "load-resident-{:03}@bench.localhost"
AGENT_EMAIL = "load-agent-{:02}@bench.localhost"
PASSWORD = "demo-2026"  # the demo's (property_service.demo.people.DEMO_PASSWORD)
# the bench's demo site and production port, as `scripts/benchmark` passes them for each line
DEMO_SITE = os.environ.get("PS_SITE", "property.localhost")
PRODUCTION_PORT = int(os.environ.get("PS_PRODUCTION_PORT", "80"))
LIST_FIELDS = [
	"`tabService Request`.`name`",
	"`tabService Request`.`status`",
	"`tabService Request`.`unit`",
	"`tabService Request`.`request_type`",
	"`tabService Request`.`owner_name`",
	"`tabService Request`.`modified`",
	"`tabService Request`.`_assign`",
]


# --- prepare: the benchmark's people, once ------------------------------------------------------


def prepare(args) -> None:
	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.local.conf["throttle_user_limit"] = 10**6  # Frappe allows 60 new users a minute
	try:
		wait_for_workers()
		residents = ensure_residents(args.residents)
		agents = ensure_agents(args.agents)
		frappe.db.commit()  # nosemgrep: a command-line benchmark's own users
		made = ensure_callbacks(residents, args.to_rate)
		print(
			f"{len(residents)} residents, {len(agents)} agents on {args.site}; "
			f"{made} completed requests made to rate"
		)
	finally:
		frappe.destroy()


def wait_for_workers(most: int = 200, timeout: float = 900) -> None:
	"""New users queue two jobs each (their contact, their gravatar) and each request made to rate
	queues its assignments' notifications, faster than two workers take them: Frappe 16 refuses to
	queue a job past 500 (and 50 a site) waiting in a queue, so this waits for the production
	stack's workers whenever more than `most` jobs wait."""
	from frappe.utils.background_jobs import get_queues

	deadline = time.monotonic() + timeout
	while (waiting := max(queue.count for queue in get_queues())) > most:
		if time.monotonic() > deadline:
			sys.exit(f"{waiting} jobs still queued after {timeout:.0f} s: are the workers up?")
		time.sleep(2)


def ensure_residents(count: int) -> list[dict]:
	"""The first `count` load residents: the payer of an occupied flat each, with a portal login."""
	import frappe
	from frappe.utils.password import update_password

	from property_service.property.customers import invite_to_portal
	from property_service.vocabulary import OCCUPIED

	taken = {
		row.email: row
		for row in frappe.get_all(
			"Property Owner", {"email": ["like", "load-resident-%"]}, ["name", "email", "user"]
		)
	}
	candidates = frappe.get_all(
		"Property Unit",
		{"status": OCCUPIED, "unit_type": "Residential", "payer": ["is", "set"]},
		["name", "payer"],
		order_by="name",
	)
	used_payers = {row.name for row in taken.values()}
	with_login = set(frappe.get_all("Property Owner", {"user": ["is", "set"]}, pluck="name"))
	free = [u for u in candidates if u.payer not in used_payers and u.payer not in with_login]
	seen = set()
	free = [u for u in free if not (u.payer in seen or seen.add(u.payer))]
	residents = []
	for index in range(1, count + 1):
		email = RESIDENT_EMAIL.format(index)
		if email in taken and taken[email].user:
			owner = taken[email].name
		else:
			if not free:
				sys.exit(
					f"only {index - 1} occupied flats with a payer without a login: make more demo units"
				)
			owner = free.pop(0).payer
			frappe.db.set_value("Property Owner", owner, "email", email)
			invite_to_portal(owner, send_welcome_email=False)
			update_password(email, PASSWORD)
		residents.append({"email": email, "owner": owner})
	return residents


def ensure_agents(count: int) -> list[str]:
	import frappe
	from frappe.utils.password import update_password

	from property_service.property.users import ensure_user
	from property_service.vocabulary import AGENT

	agents = []
	for index in range(1, count + 1):
		email = AGENT_EMAIL.format(index)
		if not frappe.db.exists("User", email):
			user = ensure_user(email, f"Load Agent {index}", language="zh")
			user.add_roles(AGENT)
			update_password(email, PASSWORD)
		agents.append(email)
	return agents


def ensure_callbacks(residents: list[dict], to_rate: int) -> int:
	"""Each resident has `to_rate` completed requests whose callback waits for their rating."""
	import frappe
	from frappe import _

	from property_service.core.permissions import resident_units
	from property_service.core.workflows import transition
	from property_service.demo.people import demo_technician
	from property_service.vocabulary import TO_DO

	technician = demo_technician()
	made = 0
	for resident in residents:
		waiting = frappe.db.count("Callback Record", {"property_owner": resident["owner"], "status": TO_DO})
		unit = resident_units(resident["email"])[0]
		for _index in range(max(to_rate - waiting, 0)):
			doc = frappe.get_doc(
				{
					"doctype": "Service Request",
					"unit": unit,
					"channel": "Phone",
					"description": "load test: kitchen tap leaks",
					"technician": technician,
					"resolution": "tap replaced",
				}
			).insert(ignore_permissions=True)
			for action in ("Dispatch", "Start Work", "Complete"):
				transition(doc, action, _("load test"))
			made += 1
		frappe.db.commit()  # nosemgrep: a command-line benchmark's own data, a resident at a time
		wait_for_workers()
	return made


# --- the client ---------------------------------------------------------------------------------


class Stats:
	def __init__(self):
		self.times = defaultdict(list)
		self.errors = defaultdict(int)
		self.samples = defaultdict(list)
		self.span = defaultdict(float)  # seconds the endpoint was measured for (home mode)
		self.window = (0.0, float("inf"))  # requests started and finished in it are counted

	def add(self, label: str, started: float, ok: bool, sample: str = "") -> None:
		finished = time.monotonic()
		if not self.window[0] <= started or finished > self.window[1]:
			return
		seconds = finished - started
		self.times[label].append(seconds)
		if not ok:
			self.errors[label] += 1
			if len(self.samples[label]) < 3:
				self.samples[label].append(sample[:200])

	def table(self, duration: float) -> dict:
		rows = {}
		print(f"\n{'endpoint':<28}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
		for label, times in self.times.items():
			ordered = sorted(times)
			span = self.span.get(label) or duration
			row = {
				"requests": len(times),
				"rps": len(times) / span,
				"p50": statistics.median(ordered) * 1000,
				"p95": ordered[min(int(len(ordered) * 0.95), len(ordered) - 1)] * 1000,
				"errors": self.errors[label],
			}
			rows[label] = row
			print(
				f"{label:<28}{row['requests']:>9}{row['rps']:>9.1f}{row['p50']:>9.0f}{row['p95']:>9.0f}"
				f"{row['errors']:>8}"
			)
		for label, samples in self.samples.items():
			for sample in samples:
				print(f"  error {label}: {sample}")
		return rows


class Client:
	"""One signed-in browser: its own cookies, the CSRF token of its session."""

	def __init__(self, connector, base: str, host: str, stats: Stats):
		import aiohttp

		self.base, self.host, self.stats = base, host, stats
		self.session = aiohttp.ClientSession(
			connector=connector,
			connector_owner=False,
			cookie_jar=aiohttp.CookieJar(unsafe=True),
			timeout=aiohttp.ClientTimeout(total=150),
		)
		self.csrf = None

	async def call(self, label: str | None, method: str, path: str, **kwargs) -> tuple[int, str]:
		headers = {
			"Host": self.host,
			"Accept": "application/json" if path.startswith("/api") else "text/html",
		}
		if method == "POST" and self.csrf:
			headers["X-Frappe-CSRF-Token"] = self.csrf
		started = time.monotonic()
		try:
			async with self.session.request(method, self.base + path, headers=headers, **kwargs) as response:
				text = await response.text()
				status = response.status
		except asyncio.CancelledError:
			raise
		except Exception as error:  # a timeout or a reset counts as an error, and the run goes on
			status, text = 0, repr(error)
		if label:
			ok = status == 200 and not ('"exc_type"' in text[:2000] and path.startswith("/api"))
			self.stats.add(label, started, ok, f"{status} {text}")
		return status, text

	async def login(self, user: str) -> None:
		status, text = await self.call(None, "POST", "/api/method/login", data={"usr": user, "pwd": PASSWORD})
		if status != 200:
			raise SystemExit(f"login failed for {user}: {status} {text[:200]}")

	def read_csrf(self, html: str) -> None:
		found = re.search(r'frappe\.csrf_token = "([^"]+)"', html)
		if found:
			self.csrf = found.group(1)

	async def close(self) -> None:
		await self.session.close()


async def pause(think: float) -> None:
	if think:
		await asyncio.sleep(random.uniform(0.5, 1.5) * think)


async def resident_loop(client: Client, deadline: float, think: float, counters: dict) -> None:
	while time.monotonic() < deadline:
		status, html = await client.call("GET /resident", "GET", "/resident")
		client.read_csrf(html)
		await pause(think)
		await client.call("GET /me", "GET", "/me")
		await pause(think)
		units = re.findall(r'data-unit="([^"]+)"', html)
		if not units:
			counters["no unit on the home"] += 1
			continue
		text = f"load test {random.randrange(10**9)}"
		status, body = await client.call(
			"POST file_request",
			"POST",
			"/api/method/property_service.api.portal.file_request",
			data={"kind": "Service Request", "unit": units[0], "description": text},
		)
		filed = json.loads(body).get("message") if status == 200 else None
		await pause(think)
		status, html = await client.call("GET /resident", "GET", "/resident")
		if filed and f"/resident/requests/{filed}" not in html:
			counters["a filed request missing from the home"] += 1
		callbacks = re.findall(r'data-callback="([^"]+)"', html)
		if callbacks:
			await client.call(
				"POST rate_callback",
				"POST",
				"/api/method/property_service.api.portal.rate_callback",
				data={"callback": callbacks[0], "satisfaction": "A - Satisfied", "comment": "load test"},
			)
			counters["rated"] += 1
		else:
			counters["nothing left to rate"] += 1
		await pause(think)


async def agent_loop(client: Client, deadline: float, think: float) -> None:
	while time.monotonic() < deadline:
		status, body = await client.call(
			"POST reportview.get",
			"POST",
			"/api/method/frappe.desk.reportview.get",
			data={
				"doctype": "Service Request",
				"fields": json.dumps(LIST_FIELDS),
				"filters": "[]",
				"order_by": "`tabService Request`.`modified` desc",
				"start": 0,
				"page_length": 20,
				"view": "List",
				"with_comment_count": 1,
			},
		)
		names = []
		if status == 200:
			message = json.loads(body).get("message") or {}
			keys, values = message.get("keys") or [], message.get("values") or []
			if "name" in keys:
				names = [row[keys.index("name")] for row in values]
		await pause(think)
		for name in random.sample(names, min(2, len(names))):
			await client.call(
				"GET getdoc",
				"GET",
				"/api/method/frappe.desk.form.load.getdoc",
				params={"doctype": "Service Request", "name": name},
			)
			await pause(think)


async def sign_in(connector, args, stats: Stats, users: list[str], csrf_page: str) -> list[Client]:
	"""Clients signed in as `users`, a few at a time (password hashing is slow on purpose)."""
	gate = asyncio.Semaphore(8)
	base, host = f"http://127.0.0.1:{args.port}", args.site

	async def one(user: str) -> Client:
		async with gate:
			client = Client(connector, base, host, stats)
			await client.login(user)
			status, html = await client.call(None, "GET", csrf_page)
			client.read_csrf(html)
			if not client.csrf:
				raise SystemExit(f"no CSRF token on {csrf_page} for {user} ({status})")
			return client

	return list(await asyncio.gather(*(one(user) for user in users)))


async def run_until(deadline: float, loops: list) -> None:
	"""Runs the loops until the deadline, then stops them: a request still under way is not counted."""
	tasks = [asyncio.ensure_future(loop) for loop in loops]
	await asyncio.sleep(max(deadline - time.monotonic(), 0))
	for task in tasks:
		task.cancel()
	await asyncio.gather(*tasks, return_exceptions=True)


def print_ratio(rows: dict, throughput: bool = True) -> None:
	"""The home against /me; in the mixed run each resident opens the home twice for each /me, so
	only the latencies compare."""
	home, me = rows.get("GET /resident"), rows.get("GET /me")
	if home and me:
		ratio = f"throughput {home['rps'] / me['rps']:.2f}x, " if throughput else ""
		print(
			f"\nhome against /me: {ratio}"
			f"p50 {me['p50'] / home['p50']:.2f}x faster, p95 {me['p95'] / home['p95']:.2f}x faster"
		)


async def mixed(args) -> None:
	import aiohttp

	stats = Stats()
	connector = aiohttp.TCPConnector(limit=0)
	residents = [RESIDENT_EMAIL.format(i) for i in range(1, args.residents + 1)]
	agents = [AGENT_EMAIL.format(i) for i in range(1, args.agents + 1)]
	started = time.monotonic()
	resident_clients = await sign_in(connector, args, stats, residents, "/resident")
	agent_clients = await sign_in(connector, args, stats, agents, "/me")
	print(
		f"signed in {len(residents)} residents and {len(agents)} agents in {time.monotonic() - started:.0f} s"
	)
	counters = defaultdict(int)
	begin = time.monotonic()
	deadline = begin + args.duration
	stats.window = (begin, deadline)
	await run_until(
		deadline,
		[
			*(resident_loop(c, deadline, args.think, counters) for c in resident_clients),
			*(agent_loop(c, deadline, args.think) for c in agent_clients),
		],
	)
	elapsed = args.duration
	print(
		f"{len(residents)} residents and {len(agents)} agents for {elapsed:.0f} s "
		f"(pause about {args.think} s between steps), through 127.0.0.1:{args.port} as {args.site}"
	)
	rows = stats.table(elapsed)
	total = sum(row["requests"] for row in rows.values())
	errors = sum(row["errors"] for row in rows.values())
	print(f"all: {total} requests, {total / elapsed:.1f} req/s, {errors} errors")
	for name, count in sorted(counters.items()):
		print(f"  {name}: {count}")
	print_ratio(rows, throughput=False)
	for client in resident_clients + agent_clients:
		await client.close()
	await connector.close()


async def home(args) -> None:
	"""The home and /me, the same sessions, no pause, in alternating slots."""
	import aiohttp

	stats = Stats()
	connector = aiohttp.TCPConnector(limit=0)
	users = [RESIDENT_EMAIL.format(i) for i in range(1, args.users + 1)]
	clients = await sign_in(connector, args, stats, users, "/resident")
	for client in clients:  # warm each worker's imports and caches, not measured
		await client.call(None, "GET", "/me")
	slots = max(int(args.duration // args.slot), 2)
	slots += slots % 2
	for slot in range(slots):
		path = ("/resident", "/me")[slot % 2]
		deadline = time.monotonic() + args.slot

		async def loop(client: Client, path: str = path, deadline: float = deadline) -> None:
			while time.monotonic() < deadline:
				await client.call(f"GET {path}", "GET", path)

		stats.window = (time.monotonic(), deadline)
		await run_until(deadline, [loop(c) for c in clients])
		stats.span[f"GET {path}"] += args.slot
	print(
		f"{args.users} resident sessions, no pause, {slots} alternating slots of {args.slot} s "
		f"(home, /me, ...), through 127.0.0.1:{args.port} as {args.site}"
	)
	rows = stats.table(args.duration)
	print_ratio(rows)
	for client in clients:
		await client.close()
	await connector.close()


def main() -> None:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	sub = parser.add_subparsers(dest="mode", required=True)
	p = sub.add_parser("prepare")
	p.add_argument("--site", default=DEMO_SITE)
	p.add_argument("--residents", type=int, default=200)
	p.add_argument("--agents", type=int, default=20)
	p.add_argument("--to-rate", type=int, default=3)
	for name, duration in (("mixed", 180), ("home", 120)):
		m = sub.add_parser(name)
		m.add_argument("--site", default=DEMO_SITE, help="the Host header nginx routes on")
		m.add_argument("--port", type=int, default=PRODUCTION_PORT, help="nginx's port (PS_PRODUCTION_PORT)")
		m.add_argument("--duration", type=float, default=duration, help="seconds, at most 180")
		if name == "mixed":
			m.add_argument("--residents", type=int, default=200)
			m.add_argument("--agents", type=int, default=20)
			m.add_argument("--think", type=float, default=1.0, help="mean pause between steps, seconds")
		else:
			m.add_argument("--users", type=int, default=20)
			m.add_argument("--slot", type=float, default=10)
	args = parser.parse_args()
	if args.mode == "prepare":
		prepare(args)
		return
	args.duration = min(args.duration, 180)
	asyncio.run(mixed(args) if args.mode == "mixed" else home(args))


if __name__ == "__main__":
	main()
