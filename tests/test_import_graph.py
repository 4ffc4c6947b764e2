"""The app's layers (README, "Layout"): a package imports only packages of lower layers, lazy
imports included, and names no DocType of a higher layer.

From the bottom: the vocabulary (roles, states, ratings); the registry of owners and units
(property); the core machinery (core: lifecycle, workflows, notices, routing, assignments,
permissions, the periods calendar, and the registry through which feature modules declare
their records); ERPNext billing; the feature modules; the office's figures over them all; set-up,
security, the API, the portal and the demo on top.
"""

import ast
import json
from collections import defaultdict
from pathlib import Path

import property_service
from tests.utils import generated_annotations

APP = Path(property_service.__file__).resolve().parent

LAYERS = (
	{"vocabulary"},
	{"property"},
	{"core"},
	{"billing"},
	{"customer_service", "fees"},
	{"special_services", "engagement", "operations", "safety"},
	{"office"},
	{"setup", "i18n", "printing"},
	{"security", "api", "portal"},
	{"www", "templates", "demo", "hooks"},
)
LAYER_OF = {package: n for n, packages in enumerate(LAYERS) for package in packages}


def package_of(module: str) -> str:
	"""property_service.fees.fee_run -> fees; property_service.vocabulary -> vocabulary."""
	return module.split(".")[1]


def app_sources():
	"""(package, path) of every module of the app but the patches (they run once, in order, and
	may read any layer)."""
	for path in APP.rglob("*.py"):
		relative = path.relative_to(APP.parent).with_suffix("")
		if "patches" in relative.parts or len(relative.parts) < 2 or relative.parts[1] == "__init__":
			continue
		yield relative.parts[1], path


def imported_packages(tree: ast.AST) -> set[str]:
	"""The app's packages a module imports, wherever the import statement is."""
	found = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.ImportFrom) and node.module == "property_service":
			found |= {alias.name for alias in node.names}
		elif isinstance(node, ast.ImportFrom):
			modules = [node.module or ""]
		elif isinstance(node, ast.Import):
			modules = [alias.name for alias in node.names]
		else:
			continue
		if not (isinstance(node, ast.ImportFrom) and node.module == "property_service"):
			found |= {package_of(m) for m in modules if m.startswith("property_service.")}
	return found


def package_graph() -> dict[str, set[str]]:
	graph = defaultdict(set)
	for package, path in app_sources():
		graph[package] |= imported_packages(ast.parse(path.read_text())) - {package}
	return graph


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
	"""Every import of a package that is not of a lower layer (an unknown package is one too)."""
	return sorted(
		f"{here} -> {there}"
		for here, theirs in graph.items()
		for there in theirs
		if LAYER_OF.get(there, len(LAYERS)) >= LAYER_OF.get(here, -1)
	)


def test_upward_imports_are_found():
	assert upward_imports({"core": {"customer_service"}}) == ["core -> customer_service"]
	assert upward_imports({"engagement": {"safety"}}) == ["engagement -> safety"]  # same layer
	assert upward_imports({"core": {"newthing"}}) == ["core -> newthing"]
	assert upward_imports({"office": {"core", "vocabulary"}}) == []


def test_every_package_imports_only_lower_layers():
	graph = package_graph()
	assert set(graph) <= set(LAYER_OF), "a package the layers do not place"
	assert upward_imports(graph) == []


def test_a_lazy_import_counts():
	tree = ast.parse("def f():\n    from property_service.office.kpis import Period\n")
	assert imported_packages(tree) == {"office"}
	assert imported_packages(ast.parse("from property_service import vocabulary")) == {"vocabulary"}


def doctype_packages() -> dict[str, str]:
	"""DocType name -> the package it belongs to."""
	return {
		json.loads(path.read_text())["name"]: path.relative_to(APP).parts[0]
		for path in APP.glob("*/doctype/*/*.json")
		if path.parent.name == path.stem
	}


def string_constants(tree: ast.AST) -> set[str]:
	"""The strings a module writes (Frappe's generated type annotations aside)."""
	generated = generated_annotations(tree)
	return {
		node.value
		for node in ast.walk(tree)
		if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in generated
	}


def test_no_module_names_a_doctype_of_a_higher_layer():
	"""A lower layer learns of a higher one's records only through the registry (core/registry.py)."""
	owner = doctype_packages()
	offenders = sorted(
		f"{path.relative_to(APP)} names {name} ({owner[name]})"
		for package, path in app_sources()
		for name in string_constants(ast.parse(path.read_text())) & set(owner)
		if LAYER_OF[owner[name]] > LAYER_OF.get(package, len(LAYERS))
	)
	assert offenders == []


def test_a_higher_doctype_named_low_is_found():
	tree = ast.parse('DOCTYPES = ("Service Request",)')
	owner = doctype_packages()
	named = string_constants(tree) & set(owner)
	assert named == {"Service Request"} and LAYER_OF[owner["Service Request"]] > LAYER_OF["core"]
