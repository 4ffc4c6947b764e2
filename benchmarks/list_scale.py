"""Benchmark: do the desk's list of Service Requests and the resident's home stay flat as the site
grows? Measured at a small number of generated requests and at the full number.

    scripts/benchmark list_scale [--rows 200000] [--site property.localhost]

Generates the requests with multi-row INSERTs (frappe.db.bulk_insert, CHUNK rows a statement;
about 5,000 rows a second on the 2-core development machine, so 200,000 take under a minute),
spread over the site's units (their community and building, one of their current residents),
channels, types and technicians, created over the last two years: an old request is closed,
completed or cancelled, a recent one may still be open, with the timestamps, assignee
(`technician`, `_assign`) and SLA fields its state implies. Then, at SMALL generated rows and
again at --rows, it measures REPEAT calls of each of:

- the desk's list as an agent (a demo user holding Customer Service Agent) gets it: Frappe's
  frappe.desk.reportview.get with the list view's fields (the standard ones, the in-list-view
  ones, the title field and those service_desk_list.js adds), the first page of 20, newest first
  (creation, the DocType's sort) and by modified; the same filtered by a status; and the count
  the list shows beside it (frappe.desk.reportview.get_count, limited to 1001 as the list
  view's is);
- the same list as a technician (Maintenance Technician alone) gets it: the app's permission
  query keeps them to the requests they are the technician of (the demo has one technician, so
  that is most of the generated requests: the worst case);
- the resident's home (portal/resident.py `home`), as the demo resident (Property Resident).

It prints the queries per call (a range when the calls differ), the median and the best time,
their ratios between the sizes, and "flat" when there are no more queries at the full size than
at the small one. The desk's list sends one query per user assigned on its page (Frappe's
reportview.compress reads their names for the avatars), so its count follows what is on the
page, never the table's size.
The slowest statement of each case at the full size is EXPLAINed: the index MariaDB chose.

Nothing is committed: the generated rows live in the run's transaction and go with its rollback
(at the end, on an error, or when the process dies: the server rolls back the open transaction
of a lost connection); the row count is printed before, at each size and after.
"""

import json
import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from benchmarks.common import count_queries, run_on_site

SMALL = 1_000
REPEAT = 20
CHUNK = 5_000  # rows per INSERT statement
DAYS = 730
STATUSES = ("Logged", "Closed")  # the desk's list filtered by each
DESCRIPTIONS = (
	"厨房水龙头漏水",
	"卫生间下水道堵塞",
	"客厅灯不亮",
	"门锁损坏，钥匙打不开",
	"楼道灯坏了",
	"空调外机噪音大",
	"阳台推拉门卡住",
	"热水器不出热水",
	"窗户玻璃破裂",
	"电梯按钮失灵",
)
# (age limit in days, {state: weight}): what a request of that age is in now
STATE_BY_AGE = (
	(2, {"Logged": 40, "Dispatched": 30, "In Progress": 20, "Completed": 10}),
	(14, {"Logged": 5, "Dispatched": 10, "In Progress": 15, "Completed": 40, "Closed": 25, "Cancelled": 5}),
	(DAYS, {"Completed": 8, "Closed": 87, "Cancelled": 5}),
)


def main() -> None:
	run_on_site(run, 200_000, "property.localhost", n_flag="--rows", watch=("Service Request",))


def run(rows: int) -> None:
	agent, technician = demo_user("Customer Service Agent"), demo_user("Maintenance Technician")
	resident = demo_resident()
	print(f"as {agent}, {technician} and {resident}; existing requests: {request_count()}")
	generator = Generator(random.Random(7))
	cases = desk_cases(agent, technician)
	cases["resident home (portal)"] = (resident, lambda: resident_home(resident))

	small = min(SMALL, rows)
	generator.generate(small)
	print(f"generated {small}: {request_count()} requests")
	at_small = {label: measure(user, call) for label, (user, call) in cases.items()}

	started = time.perf_counter()
	generator.generate(rows - small)
	seconds = time.perf_counter() - started
	rate = (rows - small) / seconds if seconds else 0
	print(
		f"generated {rows - small} more in {seconds:.1f} s ({rate:,.0f} rows/s): {request_count()} requests"
	)
	mix = ", ".join(f"{state} {count / rows:.1%}" for state, count in generator.states.most_common())
	print(f"states of the generated rows: {mix}")
	at_full = {label: measure(user, call, trace=True) for label, (user, call) in cases.items()}

	print_report(small, rows, at_small, at_full)
	frappe.set_user("Administrator")
	started = time.perf_counter()
	frappe.db.rollback()
	print(f"\nrolled back in {time.perf_counter() - started:.1f} s")


def request_count() -> int:
	return frappe.db.count("Service Request")


# --- who looks ----------------------------------------------------------------------------------


def demo_user(role: str) -> str:
	"""An enabled user holding `role`, the demo's own first (agent@demo.localhost)."""
	holders = frappe.get_all(
		"Has Role",
		filters={"role": role, "parenttype": "User", "parent": ["!=", "Administrator"]},
		pluck="parent",
	)
	users = frappe.get_all("User", filters={"name": ["in", holders or [""]], "enabled": 1}, pluck="name")
	if not users:
		frappe.throw(f"No user holds {role} on {frappe.local.site}: make the demo data first.")
	return sorted(users, key=lambda user: (not user.endswith("@demo.localhost"), user))[0]


def demo_resident() -> str:
	"""A resident with a portal login and a current unit (the demo makes resident@demo.localhost)."""
	from property_service.core.permissions import resident_units

	owners = frappe.get_all("Property Owner", filters={"user": ["is", "set"]}, pluck="user")
	for user in sorted(owners, key=lambda user: (user != "resident@demo.localhost", user)):
		if "Property Resident" in frappe.get_roles(user) and resident_units(user):
			return user
	frappe.throw(f"No resident with a unit on {frappe.local.site}: make the demo data first.")


# --- what they look at --------------------------------------------------------------------------


def list_fields() -> list[str]:
	"""The fields the desk's list view asks for (list_view.js set_fields)."""
	meta = frappe.get_meta("Service Request")
	standard = ["name", "owner", "creation", "modified", "modified_by", "_user_tags", "_comments"]
	standard += ["_assign", "_liked_by", "docstatus", "idx"]
	in_list = [df.fieldname for df in meta.fields if df.in_list_view]
	added = ["status", "technician", "escalation_level", "description", "contact_phone"]
	if meta.has_field("sla_resolution_by"):
		added.append("sla_resolution_by")
	fields = dict.fromkeys([*standard, *in_list, meta.title_field, *added, meta.sort_field])
	return [f"`tabService Request`.`{field}`" for field in fields if field]


def desk_cases(agent: str, technician: str) -> dict:
	"""label -> (user, call): the agent's list, its count, and the technician's list (their
	permission query keeps to the requests they are the technician of)."""
	from frappe.desk import reportview

	fields = json.dumps(list_fields())

	def call(method, **args):
		frappe.local.form_dict = frappe._dict(doctype="Service Request", **args)
		return method()

	def page(order_by, filters=()):
		return lambda: call(
			reportview.get,
			fields=fields,
			filters=json.dumps(list(filters)),
			order_by=f"`tabService Request`.`{order_by}` desc",
			start=0,
			page_length=20,
			view="List",
			with_comment_count=0,
		)

	cases = {
		"desk list, newest (creation desc)": page("creation"),
		"desk list, modified desc": page("modified"),
	}
	for status in STATUSES:
		cases[f"desk list, status {status}"] = page("creation", [["Service Request", "status", "=", status]])
	cases["desk list count (limit 1001)"] = lambda: call(
		reportview.get_count, filters="[]", fields="[]", distinct="false", limit=1001
	)
	cases = {label: (agent, case) for label, case in cases.items()}
	cases["desk list, technician (own jobs)"] = (technician, page("creation"))
	return cases


def resident_home(user: str) -> dict:
	from property_service.portal.resident import home

	return home(user)


# --- measuring ----------------------------------------------------------------------------------


def measure(user: str, call, trace: bool = False) -> dict:
	"""Queries per call (their smallest and largest number), the median and the best ms of REPEAT
	calls as `user`; with `trace`, the slowest statement of one more call, with its parameters."""
	frappe.set_user(user)
	try:
		as_request(call)  # warm the caches
		queries, times = [], []
		for _i in range(REPEAT):
			sent, began = count_queries(), time.perf_counter()
			as_request(call)
			times.append(1000 * (time.perf_counter() - began))
			queries.append(count_queries() - sent - 1)  # the counter's own statement
		result = {"queries": (min(queries), max(queries)), "ms": statistics.median(times), "best": min(times)}
		if trace:
			result["slowest"] = slowest_statement(call)
		return result
	finally:
		frappe.set_user("Administrator")


def as_request(call):
	"""Runs `call` as one request runs it: what Frappe keeps for a request only
	(frappe.request_cache: the resident's household, looked up once) starts empty."""
	frappe.local.request_cache = defaultdict(dict)
	return call()


def slowest_statement(call, rounds: int = 5) -> tuple[float, str, object]:
	"""(ms, query, values) of the slowest statement `call` sends, each statement's time the best
	of `rounds` calls (a call sends the same statements each time)."""
	send, calls = frappe.db.sql, []

	def timed(query, values=(), *args, **kwargs):
		began = time.perf_counter()
		result = send(query, values, *args, **kwargs)
		calls[-1].append((1000 * (time.perf_counter() - began), str(query), values))
		return result

	frappe.db.sql = timed  # an attribute of the connection, in front of its method
	try:
		for _i in range(rounds):
			calls.append([])
			as_request(call)
	finally:
		del frappe.db.sql
	best = [min(statement, key=lambda one: one[0]) for statement in zip(*calls, strict=False)]
	return max(best, key=lambda statement: statement[0])


def explain(query: str, values) -> list[dict]:
	return frappe.db.sql(f"explain {query}", values, as_dict=True)


# --- the report ---------------------------------------------------------------------------------


def print_report(small: int, rows: int, at_small: dict, at_full: dict) -> None:
	sizes = f"{small:>9,}{rows:>9,}"
	print(f"\n{'':34}{'queries':>18}{'median ms':>18}{'best ms':>18}")
	print(f"{'generated rows':34}{sizes}{sizes}{sizes}  time ratio (median, best), verdict")
	for label, low in at_small.items():
		high = at_full[label]
		ratios = (high["ms"] / low["ms"], high["best"] / low["best"])
		print(
			f"{label:34}{spread(low['queries']):>9}{spread(high['queries']):>9}"
			f"{low['ms']:>9.2f}{high['ms']:>9.2f}{low['best']:>9.2f}{high['best']:>9.2f}"
			f"  x{ratios[0]:.2f}, x{ratios[1]:.2f}, {verdict(low['queries'], high['queries'])}"
		)
	print(f"\nthe slowest statement of each at {rows:,} generated rows, EXPLAINed:")
	for label, result in at_full.items():
		ms, query, values = result["slowest"]
		print(f"- {label}: {ms:.2f} ms")
		print(f"    {shorten(query)}")
		if query.lstrip().lower().startswith("select"):
			for row in explain(query, values):
				print(f"    {explained(row)}")


def verdict(small: tuple[int, int], full: tuple[int, int]) -> str:
	"""Flat: no more queries at the full size than at the small one."""
	if max(full) > max(small):
		return "queries GROW"
	if max(full) < max(small):
		return "flat (fewer: the users on the page)"
	return "flat"


def spread(counts: tuple[int, int]) -> str:
	low, high = counts
	return str(low) if low == high else f"{low}-{high}"


def shorten(query: str) -> str:
	"""The statement on one line, a long select list cut."""
	query = " ".join(query.split())
	head, found, tail = query.partition(" from ")
	if found and len(head) > 60:
		query = f"{head[:40]} … from {tail}"
	return query[:400]


def explained(row: dict) -> str:
	if row["table"].startswith("<derived"):
		index = "the subquery's rows"
	elif row.get("key"):
		index = f"uses index {row['key']}"
	else:
		index = "NO index"
	extra = f", {row['Extra']}" if row.get("Extra") else ""
	return f"{row['table']}: {index} (access {row['type']}, rows estimated {row['rows']}{extra})"


# --- generating ---------------------------------------------------------------------------------


class Generator:
	"""Service Requests for the site's units, written straight to the table."""

	def __init__(self, rng: random.Random):
		from property_service.property.occupancy import current_links

		self.rng = rng
		self.now = now_datetime()
		self.columns = set(frappe.db.get_table_columns("Service Request"))
		self.units = frappe.get_all("Property Unit", fields=["name", "community", "building"])
		if not self.units:
			frappe.throw(f"No units on {frappe.local.site}: make the demo data first.")
		people = {
			row.name: row
			for row in frappe.get_all("Property Owner", fields=["name", "owner_name", "mobile_no", "user"])
		}
		self.residents = {}
		for link in current_links([unit.name for unit in self.units]):
			self.residents.setdefault(link.unit, []).append(people[link.property_owner])
		self.technicians = [
			user
			for user in frappe.get_all(
				"Has Role", filters={"role": "Maintenance Technician", "parenttype": "User"}, pluck="parent"
			)
			if user != "Administrator"
		] or ["Administrator"]
		self.agent = demo_user("Customer Service Agent")
		self.sla = frappe.db.get_value(
			"Service Level Agreement",
			{"document_type": "Service Request", "default_service_level_agreement": 1},
		)
		self.priorities = frappe.get_all("Issue Priority", pluck="name") or [None]
		meta = frappe.get_meta("Service Request")
		self.channels = meta.get_field("channel").options.split("\n")
		self.types = meta.get_field("request_type").options.split("\n")
		self.made = 0
		self.states = Counter()

	def generate(self, count: int) -> None:
		fields = None
		batch = []
		for _i in range(count):
			row = {field: value for field, value in self.request().items() if field in self.columns}
			fields = fields or list(row)
			batch.append(tuple(row[field] for field in fields))
			if len(batch) == CHUNK:
				frappe.db.bulk_insert("Service Request", fields, batch, chunk_size=CHUNK)
				batch = []
		if batch:
			frappe.db.bulk_insert("Service Request", fields, batch, chunk_size=CHUNK)

	def request(self) -> dict:
		rng = self.rng
		self.made += 1
		created = self.now - timedelta(seconds=rng.uniform(0, DAYS * 86400))
		age = (self.now - created).days
		weights = next(weights for limit, weights in STATE_BY_AGE if age < limit)
		status = rng.choices(list(weights), list(weights.values()))[0]
		self.states[status] += 1
		unit = rng.choice(self.units)
		person = rng.choice(self.residents.get(unit.name) or [frappe._dict()])
		channel = rng.choice(self.channels)
		times = self.timeline(created, status)
		technician = rng.choice(self.technicians) if times["dispatched_on"] else None
		if status in ("Completed", "Closed", "Cancelled"):
			agreement = "Fulfilled"
		else:
			agreement = "Resolution Due" if technician else "First Response Due"
		stamped = [at for at in times.values() if at]
		last_change = (
			max(stamped) if stamped else min(created + timedelta(minutes=rng.uniform(1, 90)), self.now)
		)
		return {
			"name": f"SR-{created.year}-{self.made:07d}",  # the series' own names have 5 digits
			"creation": created,
			"modified": last_change,
			"modified_by": self.agent,
			"owner": (person.user if channel == "Portal" and person.user else self.agent),
			"docstatus": 0,
			"idx": 0,
			"unit": unit.name,
			"community": unit.community,
			"building": unit.building,
			"property_owner": person.name,
			"owner_name": person.owner_name,
			"contact_phone": person.mobile_no,
			"channel": channel,
			"request_type": rng.choice(self.types),
			"status": status,
			"description": rng.choice(DESCRIPTIONS),
			"technician": technician,
			"_assign": json.dumps([technician]) if technician else None,
			**times,
			"resolution": "已上门处理" if times["completed_on"] else None,
			"escalation_level": 0,
			"service_level_agreement": self.sla,
			"priority": rng.choice(self.priorities),
			"response_by": created + timedelta(hours=2),
			"sla_resolution_by": created + timedelta(hours=24),
			"first_responded_on": times["dispatched_on"],
			"sla_resolution_date": times["completed_on"],
			"agreement_status": agreement,
		}

	def timeline(self, created, status: str) -> dict:
		"""The stamps of the states the request went through (None for the others), each after the
		one before, none later than now."""
		steps = {
			"Logged": (),
			"Dispatched": ("dispatched_on",),
			"In Progress": ("dispatched_on", "started_on"),
			"Completed": ("dispatched_on", "started_on", "completed_on"),
			"Closed": ("dispatched_on", "started_on", "completed_on", "closed_on"),
			"Cancelled": (),
		}[status]
		times, at = dict.fromkeys(("dispatched_on", "started_on", "completed_on", "closed_on")), created
		for field in steps:
			at = min(at + timedelta(minutes=self.rng.uniform(5, 24 * 60)), self.now)
			times[field] = at
		return times


if __name__ == "__main__":
	main()
