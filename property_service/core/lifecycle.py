"""What the records share: state timestamps, locks after closing, technician edits."""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from property_service.core.permissions import is_technician_only
from property_service.core.registry import record


class ClosedRecordError(frappe.ValidationError):
	pass


class TechnicianEditError(frappe.ValidationError):
	pass


class TimeOrderError(frappe.ValidationError):
	pass


def entered(doc, state: str) -> bool:
	"""True when this save moves the document into `state`."""
	before = doc.get_doc_before_save()
	return doc.status == state and (before is None or before.status != state)


def stamp(doc) -> None:
	"""Sets the timestamp field of the state the document enters (its record's `timeline`)."""
	for state, fieldname in record(doc.doctype).timeline.items():
		if entered(doc, state):
			doc.set(fieldname, now_datetime())


def changed_fields(doc, fieldnames) -> list[str]:
	before = doc.get_doc_before_save()
	if not before:
		return []
	changed = []
	for fieldname in fieldnames:
		old, new = before.get(fieldname), doc.get(fieldname)
		if isinstance(new, list):
			old = [row.as_dict(no_default_fields=True) for row in old or []]
			new = [row.as_dict(no_default_fields=True) for row in new]
			for rows in (old, new):
				for row in rows:
					for key in [k for k in row if k == "name" or k.startswith("__")]:  # __unsaved, __islocal
						row.pop(key)
		if (old or None) != (new or None):
			changed.append(fieldname)
	return changed


def save_as_system(doc) -> None:
	"""Saves a change the app's own action made (a status, a stamp, a link): `validate` sees
	`flags.system_change` and keeps what it would otherwise reset; the flag ends with the save."""
	doc.flags.system_change = True
	try:
		doc.save()
	finally:
		doc.flags.system_change = False


def keep_system_fields(doc, fieldnames) -> None:
	"""Fields only the app's own code writes (with db_set): whatever a save sends, they keep
	their stored values (none on a new record). Frappe does not enforce read_only on REST."""
	before = doc.get_doc_before_save()
	for fieldname in fieldnames:
		doc.set(fieldname, before.get(fieldname) if before else None)


def lock_when(doc, states: tuple[str, ...], fieldnames) -> None:
	"""A document in one of `states` keeps its content; only a workflow action moves it on."""
	before = doc.get_doc_before_save()
	if not before or before.status not in states or doc.status != before.status:
		return
	if changed := changed_fields(doc, fieldnames):
		frappe.throw(
			_("{0} {1} is {2}: it cannot be changed ({3}). Reopen it first.").format(
				_(doc.doctype), doc.name, _(doc.status), ", ".join(_(doc.meta.get_label(f)) for f in changed)
			),
			ClosedRecordError,
			title=_("Closed"),
		)


def office_fields(doc, allowed) -> list[str]:
	"""The level-0 fields of `doc` other than `allowed`: the office's, which a technician reads."""
	return [
		df.fieldname
		for df in doc.meta.fields
		if df.fieldtype not in ("Section Break", "Column Break", "Tab Break", "HTML", "Button")
		and df.fieldname not in allowed
		and not df.read_only
		and not df.permlevel  # higher levels: Frappe resets what a technician sends
	]


def limit_technician_edits(doc, allowed) -> None:
	"""Technicians record their work; the rest of the document is the office's."""
	if doc.is_new() or not is_technician_only(frappe.session.user, doc.doctype):
		return
	if changed := changed_fields(doc, office_fields(doc, allowed)):
		frappe.throw(
			_("A technician can record only the work done; these fields are the office's: {0}").format(
				", ".join(_(doc.meta.get_label(f)) for f in changed)
			),
			TechnicianEditError,
		)


def show_technician_limits(doc, allowed) -> None:
	"""onload: the desk shows a technician the office's fields read-only (public/js/service_desk_form.js)."""
	if not doc.is_new() and is_technician_only(frappe.session.user, doc.doctype):
		doc.set_onload("office_fields", office_fields(doc, allowed))


def check_order(doc, earlier: str, later: str) -> None:
	if doc.get(earlier) and doc.get(later) and get_datetime(doc.get(later)) < get_datetime(doc.get(earlier)):
		frappe.throw(
			_("{0} cannot be before {1}.").format(
				_(doc.meta.get_label(later)), _(doc.meta.get_label(earlier))
			),
			TimeOrderError,
		)
