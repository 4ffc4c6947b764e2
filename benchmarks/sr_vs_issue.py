"""Benchmark: inserting a Service Request against inserting an ERPNext Issue, same site, same
run, the Issue given the Frappe machinery the request has. Target: ≤ 1.2× in time and queries.

    scripts/benchmark sr_vs_issue [--n 300] [--site property.localhost]

The peer. A Service Request is saved under an active Service Level Agreement (ERPNext's) and a
Frappe Workflow on its `status` (customer_service/workflows.py: optional states, one row per
role, override_status, no email). For the run, inside its transaction, the Issue gets the same:
an agreement copied from the request's default one, and the request's workflow with its states
renamed to the Issue's statuses (Logged → Open, Dispatched → Replied, In Progress → On Hold,
Completed → Resolved, Closed and Cancelled → Closed), built with the app's own helpers, so the
rows Frappe reads on an insert (transitions from and into the first state) are the request's.

Assignment Rules. The app has them on Complaint and Callback Record, not on Service Request: a
request is assigned by the app's own code when it is dispatched, never on insert. An active rule
on Issue would make every Issue insert read the Issue's ToDos twice (Frappe's assignment_rule.apply,
even when its condition does not match), work a request insert does not do. So the compared
Issue has no rule. The run then adds one (assigning the technicians when an Issue is replied to,
as a request's technician is assigned at dispatch, so it does not fire on insert), times the
Issue with it against the request again, and prints that apart from the target's ratios.

Every insert is timed in blocks that alternate between the two DocTypes, so both see the same
transaction size and machine load. Everything is one transaction, rolled back at the end; the
caches that held the run's workflow, rule and agreement are cleared, and the rows of the DocTypes
touched are counted before and after. (While it runs, the site's other processes share those
caches: an Issue saved elsewhere meanwhile would look for the run's workflow.) Prints time and
queries per insert, both ratios, and where each insert's time and queries go, side by side
(cProfile; each query counted for every step on the stack when it is sent).
"""

import cProfile
import pstats
import sys
import time
from collections import Counter

import frappe

from benchmarks.common import count_queries, run_on_site

TARGET = 1.2
BLOCK = 10  # inserts of one DocType before switching to the other
BENCH = "Issue - Benchmark"  # the Issue's agreement (service level), workflow and rule
WATCH = (
	"Service Request",
	"Issue",
	"Workflow",
	"Workflow State",
	"Workflow Action Master",
	"Assignment Rule",
	"Service Level Agreement",
	"ToDo",
	"Version",
)

# (label, "file.py:(function)" of the step's functions, matched as substrings of the stack's and
# cProfile's "path/file.py:(function)", without line numbers, which move as the code changes)
STEPS = (
	("document insert, all of it", ("document.py:(insert)",)),
	("naming (series)", ("document.py:(set_new_name)",)),
	("before_insert: resident input (app)", ("requesters.py:(check_resident_input)",)),
	("controller validate", ("service_request.py:(validate)", "issue.py:(validate)")),
	("  requester and unit (app)", ("requesters.py:(fill_requester)",)),
	("  lead and contact (ERPNext)", ("issue.py:(set_lead_contact)",)),
	("ERPNext SLA apply (validate)", ("service_level_agreement.py:(apply)",)),
	("  finding the agreement", (":(get_active_service_level_agreement_for)",)),
	("  status change (previous status)", ("service_level_agreement.py:(handle_status_change)",)),
	("  due times (loads the agreement)", (":(update_response_and_resolution_metrics)",)),
	("Frappe validate_workflow", ("workflow.py:(validate_workflow)",)),
	("link validation (and fetch)", ("document.py:(_validate_links)",)),
	("row insert (db_insert)", ("base_document.py:(db_insert)",)),
	("controller on_update", ("service_request.py:(on_update)", "issue.py:(on_update)")),
	("app on_update hook (unshare)", ("assignments.py:(unshare_previous_assignee)",)),
	("Frappe workflow actions", ("workflow_action.py:(process_workflow_actions)",)),
	("  completing earlier actions", ("workflow_action.py:(update_completed_workflow_actions)",)),
	("  next transitions", ("workflow_action.py:(get_next_possible_transitions)",)),
	("    is the next state optional", ("workflow_action.py:(get_state_optional_field_value)",)),
	("Frappe assignment rules", ("assignment_rule.py:(apply)", "assignment_rule.py:(update_due_date)")),
	("notifications (Notification)", ("document.py:(run_notifications)",)),
	("track changes (Version)", ("document.py:(save_version)",)),
	("clear notification counts", ("notifications.py:(clear_doctype_notifications)",)),
)


def main() -> None:
	run_on_site(run, 300, "property.localhost", watch=WATCH, after_rollback=forget_issue_machinery)


def run(n: int) -> None:
	from property_service.customer_service.sla import ensure_default_slas

	ensure_default_slas()
	ensure_issue_sla()
	ensure_issue_workflow()
	unit = demo_unit()
	serial = iter(range(10**9))

	def issue():
		frappe.get_doc(
			{"doctype": "Issue", "subject": f"bench {next(serial)}", "description": "漏水"}
		).insert()

	def request():
		frappe.get_doc(
			{"doctype": "Service Request", "unit": unit, "description": f"漏水 {next(serial)}"}
		).insert()

	inserts = {"ERPNext Issue": issue, "Service Request": request}
	for insert in inserts.values():
		repeat(insert, 20)  # warm the caches
	measured = measure_alternating(inserts, n)
	profiles = profile_alternating(inserts, min(n, 100))
	queries = {label: queries_by_step(insert, min(n, 100)) for label, insert in inserts.items()}

	add_issue_assignment_rule()
	repeat(issue, 20)
	with_rule = measure_alternating({"Issue + Assignment Rule": issue, "Service Request, again": request}, n)
	rule_queries = queries_by_step(issue, min(n, 100))

	print_report(n, measured, with_rule, profiles, queries, rule_queries)


# --- measuring ----------------------------------------------------------------------------------


def repeat(insert, n: int) -> None:
	for _i in range(n):
		insert()


def measure_alternating(inserts: dict, n: int) -> dict[str, tuple[float, float]]:
	"""label -> (ms, queries) per insert, the DocTypes taking turns in blocks of BLOCK inserts."""
	seconds, queries = Counter(), Counter()
	for start in range(0, n, BLOCK):
		for label, insert in inserts.items():
			sent, began = count_queries(), time.perf_counter()
			repeat(insert, min(BLOCK, n - start))
			seconds[label] += time.perf_counter() - began
			queries[label] += count_queries() - sent - 1  # the counter's own statement
	return {label: (1000 * seconds[label] / n, queries[label] / n) for label in inserts}


def profile_alternating(inserts: dict, n: int) -> dict[str, dict[str, float]]:
	"""label -> {label of STEPS -> cumulative ms per insert under cProfile (which slows everything
	down), "total" -> the profiled ms per insert}, the DocTypes taking turns as in the timing."""
	profilers = {label: cProfile.Profile() for label in inserts}
	seconds = Counter()
	for start in range(0, n, BLOCK):
		for label, insert in inserts.items():
			began = time.perf_counter()
			profilers[label].enable()
			repeat(insert, min(BLOCK, n - start))
			profilers[label].disable()
			seconds[label] += time.perf_counter() - began
	return {label: by_step(profilers[label], seconds[label], n) for label in inserts}


def by_step(profiler: cProfile.Profile, seconds: float, n: int) -> dict[str, float]:
	stats = pstats.Stats(profiler).stats
	steps = {"total": 1000 * seconds / n}
	for label, needles in STEPS:
		cumulative = sum(
			value[3]
			for key, value in stats.items()
			if any(needle in f"{key[0]}:({key[2]})" for needle in needles)
		)
		steps[label] = 1000 * cumulative / n
	return steps


def queries_by_step(insert, n: int) -> dict[str, float]:
	"""label of STEPS -> queries per insert sent while that step was on the stack, and "total"."""
	counts = Counter()
	send = frappe.db.sql

	def counted(*args, **kwargs):
		frame, on_stack = sys._getframe(1), []
		while frame:
			on_stack.append(f"{frame.f_code.co_filename}:({frame.f_code.co_name})")
			frame = frame.f_back
		counts["total"] += 1
		for label, needles in STEPS:
			if any(needle in name for name in on_stack for needle in needles):
				counts[label] += 1
		return send(*args, **kwargs)

	frappe.db.sql = counted  # an attribute of the connection, in front of its method
	try:
		repeat(insert, n)
	finally:
		del frappe.db.sql
	return {label: counts[label] / n for label in ("total", *(label for label, _needles in STEPS))}


# --- the report ---------------------------------------------------------------------------------


def print_report(n, measured, with_rule, profiles, queries, rule_queries) -> None:
	print(f"inserts each: {n} (blocks of {BLOCK}, alternating), as Administrator, one transaction")
	print(f"{'':34}{'ms/insert':>10}{'queries/insert':>16}")
	for label, (ms, count) in measured.items():
		print(f"{label:34}{ms:>10.2f}{count:>16.1f}")
	print_ratios(measured["Service Request"], measured["ERPNext Issue"])

	profiled = min(n, 100)
	issue_p, request_p = profiles["ERPNext Issue"], profiles["Service Request"]
	issue_q, request_q = queries["ERPNext Issue"], queries["Service Request"]
	print(f"\nwhere an insert goes ({profiled} of each; steps nest and overlap). ms: cumulative under")
	print("cProfile, which slows everything down: compare the columns, not with the timings above.")
	print(f"{'':40}{'Issue ms':>9}{'%':>4}{'q':>6}{'Request ms':>12}{'%':>4}{'q':>6}{'diff ms':>9}{'q':>6}")
	for label in ("total", *(label for label, _needles in STEPS)):
		print(
			f"  {label:38}{issue_p[label]:>9.2f}{share(issue_p, label):>4}{issue_q[label]:>6.1f}"
			f"{request_p[label]:>12.2f}{share(request_p, label):>4}{request_q[label]:>6.1f}"
			f"{request_p[label] - issue_p[label]:>+9.2f}{request_q[label] - issue_q[label]:>+6.1f}"
		)

	print("\nnot compared (see the docstring): the Issue with an Assignment Rule, against the request again")
	for label, (ms, count) in with_rule.items():
		print(f"{label:34}{ms:>10.2f}{count:>16.1f}")
	print_ratios(with_rule["Service Request, again"], with_rule["Issue + Assignment Rule"])
	print(
		f"the rule's share: {rule_queries['Frappe assignment rules']:.1f} of the Issue's"
		f" {rule_queries['total']:.1f} queries (Frappe's assignment_rule.apply reads the Issue's ToDos"
		" twice; the condition does not match on insert)"
	)


def share(profiled: dict[str, float], label: str) -> str:
	return f"{100 * profiled[label] / profiled['total']:.0f}"


def print_ratios(request: tuple[float, float], issue: tuple[float, float]) -> None:
	for index, name in enumerate(("time", "queries")):
		ratio = request[index] / issue[index]
		verdict = "met" if ratio <= TARGET else "NOT met"
		print(f"ratio Service Request / Issue, {name}: {ratio:.2f} (target <= {TARGET:.1f}: {verdict})")


# --- the Issue's machinery, inside the run's transaction ---------------------------------------

# the Service Request's states as the Issue's statuses
ISSUE_STATUS = {
	"Logged": "Open",
	"Dispatched": "Replied",
	"In Progress": "On Hold",
	"Completed": "Resolved",
	"Closed": "Closed",
	"Cancelled": "Closed",
}


def issue_workflow_spec() -> dict:
	"""The Service Request's workflow spec with its states renamed to the Issue's statuses."""
	from property_service.core.registry import workflow_spec

	service_request = workflow_spec("Service Request")
	roles_of: dict[str, dict] = {}
	for state, roles in service_request["states"]:
		roles_of.setdefault(ISSUE_STATUS[state], {}).update(dict.fromkeys(roles))
	return {
		"name": "Issue",
		"states": [(state, tuple(roles)) for state, roles in roles_of.items()],
		"transitions": [
			(ISSUE_STATUS[state], action, ISSUE_STATUS[next_state], roles, *condition)
			for state, action, next_state, roles, *condition in service_request["transitions"]
		],
	}


def ensure_issue_workflow() -> None:
	"""A workflow on the Issue's status made as workflows.ensure_workflows makes the request's."""
	from property_service.core.workflows import make_workflow

	make_workflow(issue_workflow_spec(), BENCH)


def add_issue_assignment_rule() -> None:
	"""The technicians take turns on an Issue once it is replied to (a request's technician is
	assigned when it is dispatched): the rule is read on every insert but does not fire."""
	from property_service.customer_service.assignment_rules import WEEK

	technicians = frappe.get_all(
		"Has Role",
		filters={"role": "Maintenance Technician", "parenttype": "User", "parent": ["!=", "Administrator"]},
		pluck="parent",
	)
	frappe.get_doc(
		{
			"doctype": "Assignment Rule",
			"name": BENCH,
			"document_type": "Issue",
			"rule": "Load Balancing",
			"priority": 0,
			"assign_condition": 'status == "Replied"',
			"close_condition": 'status in ("Resolved", "Closed")',
			"description": "Issue {{ name }}",
			"assignment_days": [{"day": day} for day in WEEK],
			"users": [{"user": user} for user in technicians or ["Administrator"]],
		}
	).insert(ignore_permissions=True)


def ensure_issue_sla() -> None:
	if frappe.db.exists("Service Level Agreement", {"document_type": "Issue", "enabled": 1}):
		return
	template = frappe.get_doc(
		"Service Level Agreement", {"document_type": "Service Request", "default_service_level_agreement": 1}
	)
	issue_sla = frappe.copy_doc(template)
	issue_sla.update({"document_type": "Issue", "service_level": BENCH})
	issue_sla.sla_fulfilled_on = []
	issue_sla.append("sla_fulfilled_on", {"status": "Resolved"})
	issue_sla.append("sla_fulfilled_on", {"status": "Closed"})
	issue_sla.insert()


def forget_issue_machinery() -> None:
	"""After the rollback: the caches that still name the run's workflow, rule and agreement are
	cleared, and whatever of them Frappe committed on its own (nothing, so far) is deleted."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import get_sla_doctypes
	from frappe.cache_manager import clear_doctype_map

	frappe.cache.hdel("workflow", "Issue")
	frappe.clear_document_cache("Workflow", BENCH)
	# Frappe caches each state row it reads (is_optional_state) under the row's name
	frappe.clear_document_cache("Workflow Document State")
	frappe.clear_document_cache("Assignment Rule", BENCH)
	clear_doctype_map("Assignment Rule", "Issue")
	clear_doctype_map("Assignment Rule", "due_date_rules_for_Issue")
	frappe.cache.delete_value("doctypes_with_active_sla")
	get_sla_doctypes.clear_cache()
	frappe.clear_cache(doctype="Issue")
	committed = [
		(doctype, name)
		for doctype, name in (("Workflow", BENCH), ("Assignment Rule", BENCH))
		if frappe.db.exists(doctype, name)
	]
	committed += [
		("Service Level Agreement", name)
		for name in frappe.get_all("Service Level Agreement", {"service_level": BENCH}, pluck="name")
	]
	for doctype, name in committed:
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	if committed:
		frappe.db.commit()
		print(f"Frappe had committed, deleted: {committed}")


def demo_unit() -> str:
	units = frappe.get_all("Property Unit", filters={"status": "Occupied"}, pluck="name", limit=1)
	if units:
		return units[0]
	from property_service.demo import make_demo_data

	make_demo_data(units=5, community="benchmark", quiet=True, commit=False)
	return frappe.get_all("Property Unit", filters={"community": "benchmark"}, pluck="name", limit=1)[0]


if __name__ == "__main__":
	main()
