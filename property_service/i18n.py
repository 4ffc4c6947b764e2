"""Every string the app ships to users, read from its files, and the ones zh.po lacks.

Frappe's POT extractor misses workflow states and actions, web forms, print formats,
notifications and roles made by install code, so the coverage test reads the app's files here.
A string counts as translated when zh.po translates it or when Frappe or ERPNext already do
(generic words such as "Status" or "Company" keep the translation users see everywhere else).

    bench --site SITE execute property_service.i18n.report            # what lacks a zh translation
    bench --site SITE execute property_service.i18n.report --kwargs "{'append': True}"
                                                                      # add those to zh.po to fill in
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

APP_PATH = Path(__file__).resolve().parent
ZH_PO = APP_PATH / "locale" / "zh.po"

JS_CALL = re.compile(r"""__\(\s*(["'`])((?:\\.|(?!\1).)+)\1""", re.S)
JINJA_CALL = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)+)\1""", re.S)

# DocType-like JSON: which keys hold user-facing text, per document type.
TEXT_KEYS = {
	"DocType": ("name",),
	"Report": ("name", "report_name"),
	"Workspace": ("label", "title"),
	"Web Form": ("title", "introduction_text", "success_title", "success_message", "button_label"),
	"Print Format": ("name",),
	"Notification": ("subject",),
	"Number Card": ("label",),
	"Dashboard Chart": ("chart_name",),
	"Workflow": ("workflow_name",),
	"Web Page": ("title",),
}
# child rows: key -> fields holding text
CHILD_TEXT_KEYS = {
	"fields": ("label", "description"),
	"web_form_fields": ("label", "description"),
	"links": ("label", "group"),
	"shortcuts": ("label",),
	"number_cards": ("label",),
	"charts": ("label",),
	"actions": ("label", "group"),
	"states": ("state",),
	"transitions": ("action",),
	"filters": ("label",),
	"columns": ("label",),
}
SELECT_TYPES = {"Select"}


def app_strings(app_path: Path = APP_PATH) -> dict[str, set[str]]:
	"""Every user-facing string of the app -> the files it comes from."""
	found: dict[str, set[str]] = {}
	for source, text in iter_strings(app_path):
		text = text.strip()
		if text and not text.isdigit():
			found.setdefault(text, set()).add(source)
	return found


def iter_strings(app_path: Path) -> Iterator[tuple[str, str]]:
	for path in sorted(app_path.rglob("*")):
		if not path.is_file() or "node_modules" in path.parts or "locale" in path.parts:
			continue
		rel = str(path.relative_to(app_path.parent))
		if path.suffix == ".py":
			yield from ((rel, s) for s in python_strings(path))
		elif path.suffix == ".js":
			yield from ((rel, m.group(2)) for m in JS_CALL.finditer(path.read_text()))
		elif path.suffix == ".html":
			yield from ((rel, m.group(2)) for m in JINJA_CALL.finditer(path.read_text()))
			yield from ((rel, m.group(2)) for m in JS_CALL.finditer(path.read_text()))
		elif path.suffix == ".json":
			yield from ((rel, s) for s in json_strings(path))
	from property_service.vocabulary import RATINGS, ROLES

	yield from (("property_service/vocabulary.py", word) for word in (*ROLES, *RATINGS))
	from property_service.billing import invoices
	from property_service.core import notifications
	from property_service.customer_service import assignment_rules
	from property_service.fees import dunning, refunds
	from property_service.special_services import catalog

	yield from (("property_service/special_services/catalog.py", g) for g in catalog.GROUPS.values())
	yield from (("property_service/fees/refunds.py", status) for status in refunds.STATUSES)
	for module in (catalog, invoices, assignment_rules, dunning, refunds):
		source = f"property_service/{module.__name__.split('.', 1)[1].replace('.', '/')}.py"
		for fields in module.CUSTOM_FIELDS.values():
			for field in fields:
				yield from ((source, field[key]) for key in ("label", "description") if field.get(key))
	# the Jinja templates of the records the app installs (subjects, descriptions)
	source = "property_service/core/notifications.py"
	templates = [spec["subject"] for spec in notifications.specs()]
	templates += [spec["description"] for spec in assignment_rules.rule_specs()]
	for template in templates:
		yield from ((source, m.group(2)) for m in JINJA_CALL.finditer(template))
	from property_service.core.registry import workflows

	for spec in workflows():
		source = "property_service/core/workflows.py"
		yield from ((source, state) for state, _roles in spec["states"])
		yield from ((source, transition[1]) for transition in spec["transitions"])
	yield from (
		("property_service/modules.txt", m) for m in (app_path / "modules.txt").read_text().splitlines()
	)
	yield ("property_service/hooks.py", "Property Service")


def python_strings(path: Path) -> Iterator[str]:
	"""Literal first arguments of _() calls, and strings under a `# translate` marked constant."""
	source = path.read_text()
	tree = ast.parse(source, filename=str(path))
	lines = source.splitlines()
	for node in tree.body:  # a module constant whose comment line above says "# translate"
		if isinstance(node, ast.Assign) and node.lineno > 1 and "# translate" in lines[node.lineno - 2]:
			yield from (
				n.value
				for n in ast.walk(node.value)
				if isinstance(n, ast.Constant) and isinstance(n.value, str)
			)
	for node in ast.walk(tree):
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Name)
			and node.func.id in ("_", "_lt")
			and node.args
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			yield node.args[0].value


def json_strings(path: Path) -> Iterator[str]:
	try:
		data = json.loads(path.read_text())
	except ValueError:
		return
	if not isinstance(data, dict) or data.get("doctype") not in TEXT_KEYS:
		return
	yield from (data[key] for key in TEXT_KEYS[data["doctype"]] if isinstance(data.get(key), str))
	for child_key, keys in CHILD_TEXT_KEYS.items():
		for row in data.get(child_key) or []:
			if not isinstance(row, dict):
				continue
			yield from (row[key] for key in keys if isinstance(row.get(key), str))
			if row.get("fieldtype") in SELECT_TYPES and isinstance(row.get("options"), str):
				yield from row["options"].split("\n")


def po_translations(po_path: Path = ZH_PO) -> dict[str, str]:
	"""msgid -> msgstr of a .po file (no plural forms); an entry with a msgctxt is keyed
	"msgid:context", as Frappe keys it."""
	entries: dict[str, str] = {}
	msgid = msgstr = context = None
	target = None

	def keep():
		if msgid is not None:
			entries[f"{msgid}:{context}" if context else msgid] = msgstr or ""

	for line in [*po_path.read_text().splitlines(), ""]:
		line = line.strip()
		if line.startswith("msgctxt "):
			keep()
			msgid, context, target = None, unquote(line[8:]), "ctxt"
		elif line.startswith("msgid "):
			if target != "ctxt":
				keep()
				context = None
			msgid, msgstr, target = unquote(line[6:]), None, "id"
		elif line.startswith("msgstr "):
			msgstr, target = unquote(line[7:]), "str"
		elif line.startswith('"') and target == "id":
			msgid += unquote(line)
		elif line.startswith('"') and target == "str":
			msgstr += unquote(line)
	keep()
	entries.pop("", None)
	return entries


def unquote(text: str) -> str:
	return ast.literal_eval(text)


def quote(text: str) -> str:
	return json.dumps(text, ensure_ascii=False)


def upstream_translations(lang: str = "zh") -> dict[str, str]:
	"""What the other installed apps (Frappe, ERPNext) translate; needs a connected site."""
	import frappe
	from frappe.translate import get_translations_from_apps

	apps = [app for app in frappe.get_installed_apps() if app != "property_service"]
	return get_translations_from_apps(lang, apps)


def retranslated(upstream: dict[str, str], po_path: Path = ZH_PO) -> set[str]:
	"""The app's msgids that Frappe or ERPNext translate too, and the app otherwise. An app's
	catalogue wins for the whole desk: each is a choice for every screen that shows the word."""
	return {
		key
		for key, text in po_translations(po_path).items()
		if text and upstream.get(key) and upstream[key] != key and upstream[key] != text
	}


def missing_translations(
	upstream: dict[str, str] | None = None, app_path: Path = APP_PATH, po_path: Path = ZH_PO
) -> dict[str, set[str]]:
	translated = {k for k, v in po_translations(po_path).items() if v.strip()}
	translated |= {k for k, v in (upstream or {}).items() if v and v != k}
	return {text: sources for text, sources in app_strings(app_path).items() if text not in translated}


def report(append: bool = False) -> None:
	"""Prints the app's strings that no zh catalogue translates; with append, adds them to zh.po."""
	missing = missing_translations(upstream_translations())
	for text, sources in sorted(missing.items()):
		print(f"{text!r}  ({', '.join(sorted(sources))})")
	if append and missing:
		known = po_translations()
		with ZH_PO.open("a") as po:
			for text, sources in sorted(missing.items()):
				if text not in known:
					po.write(f'\n#: {" ".join(sorted(sources))}\nmsgid {quote(text)}\nmsgstr ""\n')
