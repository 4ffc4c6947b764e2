"""What the core knows of the feature modules' DocTypes: each module declares its own records in
its `records.py` (listed in hooks.py as `property_service_records`), and the core's machinery —
states and their colours, workflows, timestamps, callbacks, who a record is with, who may read
it, private uploads, notifications — reads the declarations here. No core module names a
feature's DocType (tests/test_import_graph.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import frappe


@dataclass(frozen=True)
class Record:
	"""A DocType as the core's machinery sees it."""

	doctype: str
	# the states in the order of the work: the DocType's `status` options (their colours are the
	# DocType's Document States, which the desk's lists and forms show)
	states: tuple[str, ...] = ()
	# the states in which it still waits for the office (overdue lists, escalation, the desk)
	open: tuple[str, ...] = ()
	# the states in which its work is done (the office's figures, the desk)
	done: tuple[str, ...] = ()
	# state -> the field stamping when the record entered it (lifecycle.stamp)
	timeline: dict[str, str] = field(default_factory=dict)
	# the state after which a callback is due; whether the callback's rating closes or reopens it
	callback_after: str | None = None
	rating_moves: bool = False
	# the Frappe Workflow the install makes: {"states": [(state, roles)], "transitions": [...]}
	workflow: dict | None = None
	# service records: the field naming the one person the record is with; residents see their
	# household's; `technician_scoped`: a technician sees only those they are the assignee of
	assignee: str | None = None
	technician_scoped: bool = False
	# a resident reads only the records naming them in this field (survey answers, sign-ups)
	own_field: str | None = None
	# private to the person this field names (and the readers of permissions.PRIVATE_READERS)
	private_to: str | None = None
	# attachments are private photos or PDFs of bounded size (uploads.py)
	private_uploads: bool = False


@cache
def _declared() -> dict[str, Record]:
	records = {}
	for path in frappe.get_hooks("property_service_records"):
		for record in frappe.get_attr(path):
			records[record.doctype] = record
	return records


def records() -> dict[str, Record]:
	"""doctype -> Record, every feature module's declarations."""
	return _declared()


def record(doctype: str | None) -> Record | None:
	return _declared().get(doctype)


def states(doctype: str) -> tuple[str, ...]:
	return record(doctype).states


def open_states(doctype: str) -> tuple[str, ...]:
	return record(doctype).open


def with_callbacks() -> dict[str, str]:
	"""doctype -> the state after which a callback is due."""
	return {name: r.callback_after for name, r in _declared().items() if r.callback_after}


def service_doctypes() -> tuple[str, ...]:
	"""The service records: a household's, with one person each is with."""
	return tuple(name for name, r in _declared().items() if r.assignee)


def workflows() -> list[dict]:
	"""The workflow specs, each with its DocType's name."""
	return [{"name": name, **r.workflow} for name, r in _declared().items() if r.workflow]


def open_by_doctype() -> dict[str, list[str]]:
	return {r.doctype: list(r.open) for r in _declared().values() if r.open}


def workflow_spec(doctype: str) -> dict:
	"""The workflow spec of `doctype`, with its name (for upgrades: workflows.add_transitions)."""
	return {"name": doctype, **record(doctype).workflow}
