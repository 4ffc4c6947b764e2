"""The door census: every whitelisted function of every installed app, and what a resident and a
technician (an office user with one of the app's roles and no other) get from it.

`doors.csv` beside this file is the reviewed table; `tests/test_doors.py` fails when a door is
missing from it (a Frappe or ERPNext upgrade, a new method of ours) or when the server does not do
what it says. After reviewing a new door, add its row; `bench --site <site> execute
property_service.security.census.new_rows` prints rows for doors not yet in the table, with the
verdicts the gate gives today, to be checked before they are pasted in.

Frappe 15 and 16 have different doors: a row's `frappe` column names the major version it is for
(15 or 16), or is empty for both; a door whose verdict differs between the two has a row for each.

Verdicts: for residents `allowed` (named in gate.RESIDENT_METHODS or the portal's API), `guest`
(open to anyone; Frappe's guest rules apply), `document` (a controller's method: only on a record
of a resident DocType, through REST) or `refused`; for technicians `allowed` (the function
checks the user's rights itself, or reads nothing of the office), `overridden` (hooks.py
override_whitelisted_methods) or `refused` (ERPNext's methods, for office-only staff).
"""

import contextlib
import csv
import importlib
import io
import pkgutil
import sys
from pathlib import Path

import frappe

from property_service.security import gate

TABLE = Path(__file__).with_name("doors.csv")
COLUMNS = ("door", "resident", "technician", "note", "frappe")
SKIPPED_MODULE_PARTS = (".tests", ".test_", ".patches.", "conftest")


def collect_doors() -> dict[str, bool]:
	"""door (module.qualname) -> open to guests, for every whitelisted function of every
	installed app; imports each app's modules first (a whitelist is made at import)."""
	for app in frappe.get_installed_apps():
		package = importlib.import_module(app)
		for module in pkgutil.walk_packages(package.__path__, f"{app}."):
			if any(part in module.name for part in SKIPPED_MODULE_PARTS):
				continue
			with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
				importlib.import_module(module.name)
	apps = tuple(f"{app}." for app in frappe.get_installed_apps())
	doors = {}
	for function in frappe.whitelisted:
		name = gate.door_name(function)
		if name.startswith(apps):
			doors[name] = function in frappe.guest_methods
	return doors


def is_document_method(door: str) -> bool:
	"""A controller's method: called on one document (run_doc_method), after Frappe checks the user
	may read it; not an /api/method door."""
	return any(part[:1].isupper() for part in door.split(".")[1:])


def resident_verdict(door: str, guest: bool) -> str:
	if is_document_method(door):
		return "document"  # on a resident DocType's record only (gate), which Frappe checks they may read
	if door in gate.RESIDENT_METHODS or door.startswith(gate.RESIDENT_MODULES):
		return "allowed"
	return "guest" if guest else "refused"


def technician_verdict(door: str) -> str:
	overridden = frappe.get_hooks("override_whitelisted_methods", app_name="property_service") or {}
	if door in overridden:
		return "overridden"
	if not is_document_method(door) and (not gate.staff_may(door) or door in gate.ADMIN_ONLY):
		return "refused"
	return "allowed"


def frappe_major() -> str:
	return frappe.__version__.split(".")[0]


def read_table() -> dict[str, dict]:
	"""The rows for the running Frappe's major version, by door."""
	major = frappe_major()
	with TABLE.open(newline="", encoding="utf-8") as table:
		return {row["door"]: row for row in csv.DictReader(table) if row["frappe"] in ("", major)}


def new_rows() -> None:
	"""Prints the CSV rows of doors not in the table yet (for this Frappe's major version), for review."""
	table = read_table()
	out = csv.writer(sys.stdout)
	for door, guest in sorted(collect_doors().items()):
		if door not in table:
			out.writerow((door, resident_verdict(door, guest), technician_verdict(door), "", frappe_major()))
