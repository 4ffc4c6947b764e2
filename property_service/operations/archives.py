"""Archives (档案管理, seed 12.1.1 各类表格归档, 12.1.4 档案管理 100 %): what makes a finished
record's file complete, the Archive Clerk's list of incomplete files and the completeness figure.

A file is complete when (per kind of record, finished within the period):
- Callback Record (done): made at the owner's home or in the office, signed by the owner or
  marked "refused to sign" (a phone or portal rating needs no signature);
- Complaint (result verified or closed): the result and who verified it;
- Service Request (closed): the resolution; a repair, its work order slip back signed;
- Owner Visit: made in person (home, office, outdoors), signed or marked "refused to sign";
- Survey Response on paper: signed or marked "refused to sign";
- Vacant Unit Inspection (done): every check recorded and signed off;
- Renovation Application (closed): its drawings and the completion inspection;
- Corrective Action (verified, or found ineffective): the action taken and the verification;
- Emergency Drill (done): the situation report, the analyses of the process and of the plan's
  feasibility, and the sign-in of who took part (seed 12.1.7: 演习记录, 签到表);
- Training Session (held): what was taught, who attended, and each attendee's result when it
  had an exam (seed 12.1.6: 培训记录, 考核).
Completeness = complete files ÷ finished records × 100 (target 100 %).
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, flt, get_datetime, getdate, strip_html, today

from property_service.core.assignments import assign
from property_service.core.notices import site_language
from property_service.core.periods import previous_period
from property_service.core.routing import communities, community_staff, everywhere, of_communities
from property_service.vocabulary import (
	ARCHIVE_CLERK,
	CLOSED,
	DONE,
	INEFFECTIVE,
	REPAIR,
	RESULT_VERIFIED,
	VERIFIED,
)

IN_PERSON_CALLBACK = ("Home Visit", "Office")
IN_PERSON_VISIT = ("Home Visit", "Office", "Outdoor")


def signature_missing(row) -> list[str]:
	return (
		[]
		if (row.owner_signature or row.refused_to_sign or row.get("signed"))
		else [_("Signature or Refused to Sign")]
	)


def rules() -> dict:
	"""doctype -> (finished records, the fields to read, what is missing from one)."""
	return {
		"Callback Record": (
			{"status": DONE},
			("owner_signature", "refused_to_sign", "callback_method"),
			lambda row: signature_missing(row) if row.callback_method in IN_PERSON_CALLBACK else [],
		),
		"Complaint": (
			{"status": ["in", (RESULT_VERIFIED, CLOSED)]},
			("resolution", "verified_by"),
			lambda row: [
				_(label)
				for value, label in ((row.resolution, "Result"), (row.verified_by, "Verified By"))
				if not value
			],
		),
		"Service Request": (
			{"status": CLOSED},
			("resolution", "request_type", "slip_returned_on"),
			request_missing,
		),
		"Owner Visit": (
			{"visit_mode": ["in", IN_PERSON_VISIT]},
			("owner_signature", "refused_to_sign", "signed"),
			signature_missing,
		),
		"Survey Response": (
			{"channel": "Paper"},
			("owner_signature", "refused_to_sign", "signed"),
			signature_missing,
		),
		"Vacant Unit Inspection": (
			{"status": DONE},
			("signed_off",),
			lambda row: [] if row.signed_off else [_("Signed Off by the Inspector")],
		),
		"Renovation Application": (
			{"status": CLOSED},
			("inspection_notes",),
			renovation_missing,
		),
		"Corrective Action": (
			{"status": ["in", (VERIFIED, INEFFECTIVE)]},
			("action", "verification"),
			lambda row: empty(
				row, {"action": "Corrective Action Taken", "verification": "Verification Result"}
			),
		),
		"Emergency Drill": (
			{"status": DONE},
			("situation_report", "process_analysis", "feasibility_analysis"),
			drill_missing,
		),
		"Training Session": (
			{"session_date": ["<=", today()]},
			("content", "materials", "exam"),
			training_missing,
		),
	}


def request_missing(row) -> list[str]:
	missing = [] if row.resolution else [_("Resolution", context="Service Request")]
	if row.request_type == REPAIR and not row.slip_returned_on:
		missing.append(_("Returned Work Order Slip"))
	return missing


def empty(row, labels: dict[str, str]) -> list[str]:
	"""The labels (translated) of the fields of `row` left empty (blank text or an empty editor)."""
	return [
		_(label) for fieldname, label in labels.items() if not strip_html(row.get(fieldname) or "").strip()
	]


def drill_missing(row) -> list[str]:
	missing = empty(
		row,
		{
			"situation_report": "Situation Report",
			"process_analysis": "Process Analysis",
			"feasibility_analysis": "Feasibility Analysis",
		},
	)
	if not frappe.db.exists("Emergency Drill Participant", {"parent": row.name, "attended": 1}):
		missing.append(_("Sign-in of Participants"))
	return missing


def training_missing(row) -> list[str]:
	"""A held training's file: its content (or materials), its attendance and, with an exam, a
	score for everyone who attended."""
	missing = [] if (row.materials or strip_html(row.content or "").strip()) else [_("Training Content")]
	attended = frappe.get_all(
		"Training Attendee",
		{"parent": row.name, "parenttype": "Training Session", "attended": 1},
		["written_score", "oral_score"],
	)
	if not attended:
		missing.append(_("Attendance"))
	elif row.exam and any(not (flt(a.written_score) or flt(a.oral_score)) for a in attended):
		missing.append(_("Exam Results"))
	return missing


def renovation_missing(row) -> list[str]:
	"""A closed renovation's file: its drawings and the completion inspection (a query each: a
	month closes few)."""
	missing = [] if (row.inspection_notes or "").strip() else [_("Completion Inspection")]
	if not frappe.db.exists(
		"Renovation Drawing", {"parent": row.name, "parenttype": "Renovation Application"}
	):
		missing.append(_("Drawings"))
	return missing


def made_between(from_date, to_date) -> list:
	"""Made from the first day's start to the last day's end (a count given two dates would stop
	at the last day's midnight)."""
	return ["between", [f"{getdate(from_date)} 00:00:00", f"{getdate(to_date)} 23:59:59.999999"]]


def files(from_date, to_date, skip: tuple[str, ...] = (), community: str | None = None) -> list[dict]:
	"""Every finished record made in the period (dates inclusive), of `community` when given, with
	what its file lacks (one query per kind; the kinds in `skip` left out)."""
	result = []
	for doctype, (finished, fields, missing) in rules().items():
		if doctype in skip:
			continue
		rows = frappe.get_all(
			doctype,
			{**finished, "creation": made_between(from_date, to_date)},
			["name", "creation", *fields, *place_fields(doctype)],
			order_by="creation",
		)
		for row in in_community(doctype, rows, community):
			result.append(
				{"doctype": doctype, "name": row.name, "creation": row.creation, "missing": missing(row)}
			)
	return result


# the kinds whose complete file is a plain condition on their own fields (any of the alternatives):
# the figure counts them in the database (their tables grow with the site); the others are few
# and read row by row
COMPLETE_WHEN = {
	"Service Request": (
		{"resolution": ["is", "set"], "request_type": ["!=", REPAIR]},
		{"resolution": ["is", "set"], "request_type": REPAIR, "slip_returned_on": ["is", "set"]},
	),
	"Complaint": ({"resolution": ["is", "set"], "verified_by": ["is", "set"]},),
}


def place_fields(doctype: str) -> tuple[str, ...]:
	"""What places a record in a community: its own field, or its unit's (a callback has no
	community of its own)."""
	return ("community",) if frappe.get_meta(doctype).has_field("community") else ("unit",)


def in_community(doctype: str, rows: list, community: str | None) -> list:
	if not community:
		return rows
	if "community" in place_fields(doctype):
		return [row for row in rows if row.community == community]
	units = {row.unit for row in rows if row.unit}
	theirs = set(
		frappe.get_all(
			"Property Unit", {"name": ["in", list(units) or [""]], "community": community}, pluck="name"
		)
	)
	return [row for row in rows if row.unit in theirs]


def completeness(from_date, to_date, community: str | None = None) -> dict:
	"""Finished records, complete files and the rate (%) for the period (100 with none), of
	`community` when given."""
	counted = {"finished": 0, "complete": 0}
	within = {"creation": made_between(from_date, to_date)}
	if community:
		within["community"] = community  # the kinds counted in the database have the field
	for doctype, (finished, _fields, _missing) in rules().items():
		if doctype in COMPLETE_WHEN:
			counted["finished"] += frappe.db.count(doctype, {**finished, **within})
			counted["complete"] += sum(
				frappe.db.count(doctype, {**finished, **within, **complete})
				for complete in COMPLETE_WHEN[doctype]
			)
	rows = files(from_date, to_date, skip=tuple(COMPLETE_WHEN), community=community)
	finished, complete = (
		counted["finished"] + len(rows),
		counted["complete"] + sum(1 for row in rows if not row["missing"]),
	)
	return {
		"finished": finished,
		"complete": complete,
		"rate": flt(complete * 100 / finished, 2) if finished else 100,
	}


def completeness_of(rows: list[dict]) -> dict:
	complete = sum(1 for row in rows if not row["missing"])
	return {
		"finished": len(rows),
		"complete": complete,
		"rate": flt(complete * 100 / len(rows), 2) if rows else 100,
	}


# --- the monthly filing (各类表格归档) --------------------------------------------------------------


def month_span(period: str):
	start = getdate(f"{period}-01")
	return start, frappe.utils.get_last_day(start)


def filing_rows(period: str, community: str) -> list[dict]:
	"""The month's finished records of `community` as rows of its filing, with what each lacks."""
	lang = site_language()
	return [
		{
			"kind": _(row["doctype"], lang=lang),
			"record_type": row["doctype"],
			"record": row["name"],
			"created_on": row["creation"],
			"missing": ", ".join(row["missing"]),
		}
		for row in files(*month_span(period), community=community)
	]


def set_figures(filing) -> None:
	figure = completeness_of([{"missing": row.missing} for row in filing.files])
	filing.update({key: figure[key] for key in ("finished", "complete", "rate")})


def make_filings(period: str | None = None, only: list[str] | None = None) -> list[str]:
	"""Last month's filing for every community that finished records in it (monthly and daily,
	made once: named by community and month), assigned to the community's Archive Clerks, who file
	each record's forms and tick it. Returns the filings made."""
	period = period or previous_period()
	made = []
	for community in communities(only):
		if frappe.db.exists("Archive Filing", {"community": community, "period": period}):
			continue
		rows = filing_rows(period, community)
		if not rows:
			continue
		doc = frappe.get_doc(
			{"doctype": "Archive Filing", "period": period, "community": community, "files": rows}
		)
		set_figures(doc)
		doc.insert(ignore_permissions=True)
		incomplete = doc.finished - doc.complete
		assign(
			doc,
			community_staff(ARCHIVE_CLERK, community),
			_(
				"File the forms of {0} finished in {1}: {2} records, {3} incomplete", lang=site_language()
			).format(community, period, doc.finished, incomplete),
		)
		made.append(doc.name)
	return made


def check_filing_again(filing) -> None:
	"""Reads the month's records anew: what each file lacks now, and records finished since the
	filing was made (a complaint verified on the 3rd of the next month) added to it."""
	current = {
		(row["record_type"], row["record"]): row for row in filing_rows(filing.period, filing.community)
	}
	for row in filing.files:
		now = current.pop((row.record_type, row.record), None)
		row.missing = now["missing"] if now else row.missing
	for row in current.values():
		filing.append("files", row)
	set_figures(filing)


# --- the monthly owner-data update (更新业主资料) -----------------------------------------------

REGISTRY = ("Property Owner", "Property Unit")


def registry_changes(period: str, only: list[str] | None = None) -> dict[str | None, list[dict]]:
	"""The month's added and changed person and unit records by community: a unit under its own
	(only the units of `only`'s communities when given), a person under each community they have a
	unit in, a person with no unit yet under None."""
	start, last = month_span(period)
	window = [start, add_days(last, 1)]
	rows = {
		"Property Owner": frappe.get_all(  # few a month: all of them, placed below
			"Property Owner",
			{"modified": ["between", window]},
			["name", "creation", "modified"],
			order_by="modified",
		),
		"Property Unit": frappe.get_all(
			"Property Unit",
			{"modified": ["between", window], **of_communities(only)},
			["name", "creation", "modified", "community"],
			order_by="modified",
		),
	}
	places = owner_communities([row.name for row in rows["Property Owner"]])
	began = get_datetime(start)
	changes = defaultdict(list)
	for doctype in REGISTRY:
		for row in rows[doctype]:
			where = {row.community} if doctype == "Property Unit" else places.get(row.name, {None})
			for community in sorted(where, key=str):
				changes[community].append(
					{
						"record_type": doctype,
						"record": row.name,
						"change": "Added" if row.creation >= began else "Changed",
						"changed_on": row.modified,
					}
				)
	return changes


def owner_communities(owners: list[str]) -> dict[str, set[str]]:
	"""The communities each of `owners` has a unit in (those with none are left out)."""
	if not owners:
		return {}
	link, unit = frappe.qb.DocType("Property Owner Unit"), frappe.qb.DocType("Property Unit")
	found = (
		frappe.qb.from_(link)
		.join(unit)
		.on(unit.name == link.unit)
		.select(link.parent, unit.community)
		.where((link.parenttype == "Property Owner") & link.parent.isin(owners))
		.run()
	)
	places = defaultdict(set)
	for owner, community in found:
		places[owner].add(community)
	return places


def make_owner_data_update(
	period: str | None = None, only: list[str] | None = None, unlinked: bool | None = None
) -> list[str]:
	"""Last month's updates (monthly and daily, made once): one per community (of `only`, or all),
	listing every person and unit record of it made or changed that month, for the community's
	Archive Clerks (assigned) to check and confirm; and, `unlinked` (by default when run for all),
	one for the people not yet linked to a unit, if any, for the clerks who work in every
	community. Returns the updates made."""
	period = period or previous_period()
	if legacy_update(period):
		return []
	with_unlinked = only is None if unlinked is None else unlinked
	changes = registry_changes(period, None if with_unlinked else only)
	targets = [*communities(only), *([None] if with_unlinked else [])]
	return [name for community in targets if (name := make_update(period, community, changes.get(community)))]


def make_update(period: str, community: str | None, changes: list[dict] | None) -> str | None:
	"""One community's update (None: the people with no unit, made only when there are some)."""
	if community is None and not changes:
		return None
	if frappe.db.exists("Owner Data Update", {"period": period, "community": community or ("is", "not set")}):
		return None
	doc = frappe.get_doc(
		{"doctype": "Owner Data Update", "period": period, "community": community, "changes": changes or []}
	).insert(ignore_permissions=True)
	clerks = community_staff(ARCHIVE_CLERK, community) if community else everywhere(ARCHIVE_CLERK)
	assign(doc, clerks, update_description(community, period, len(doc.changes)))
	return doc.name


def update_description(community: str | None, period: str, count: int) -> str:
	if community:
		return _(
			"Check and confirm the owner data of {0} changed in {1} ({2} records)", lang=site_language()
		).format(community, period, count)
	return _(
		"Check and confirm the people not yet linked to a unit, registered or changed in {0} ({1} records)",
		lang=site_language(),
	).format(period, count)


def legacy_update(period: str) -> bool:
	"""The period's update was made for the whole company, as before the updates per community."""
	return bool(
		frappe.db.exists(
			"Owner Data Change",
			{"parenttype": "Owner Data Update", "parent": f"ODU-{period}", "record_type": "Property Unit"},
		)
	)
