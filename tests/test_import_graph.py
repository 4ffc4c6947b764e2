"""The app's packages import each other in one direction only: no cycle, lazy imports included.

property (the registry) is at the bottom, permissions and billing above it; features (customer_service, fees, special_services)
import them and never each other's upper layers; setup, api, portal, www and demo are on top.
"""

import ast
from collections import defaultdict
from pathlib import Path

import property_service

APP = Path(property_service.__file__).resolve().parent


def package_of(module: str) -> str:
	"""property_service.fees.fee_run -> fees; property_service.permissions -> permissions."""
	return module.split(".")[1]


def package_graph() -> dict[str, set[str]]:
	graph = defaultdict(set)
	for path in APP.rglob("*.py"):
		relative = path.relative_to(APP.parent).with_suffix("")
		if "patches" in relative.parts or len(relative.parts) < 2:
			continue  # patches run once, in order, and may read any layer
		here = package_of(".".join(relative.parts))
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.ImportFrom):
				modules = [node.module or ""]
			elif isinstance(node, ast.Import):
				modules = [alias.name for alias in node.names]
			else:
				continue
			for module in modules:
				if module.startswith("property_service.") and package_of(module) != here:
					graph[here].add(package_of(module))
	return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
	"""A cycle of the graph as a path, or None."""
	visiting, done = [], set()

	def visit(node):
		if node in visiting:
			return [*visiting[visiting.index(node) :], node]
		if node in done:
			return None
		visiting.append(node)
		for nxt in sorted(graph.get(node, ())):
			if cycle := visit(nxt):
				return cycle
		visiting.pop()
		done.add(node)
		return None

	for node in sorted(graph):
		if cycle := visit(node):
			return cycle
	return None


def test_find_cycle_sees_a_cycle():
	assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
	assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_no_package_imports_back():
	assert find_cycle(package_graph()) is None


def test_bottom_layers_import_no_feature():
	graph = package_graph()
	assert graph["billing"] <= {"permissions"}
	assert graph["permissions"] <= {"property"}
	assert "special_services" not in graph["fees"] and "fees" not in graph["special_services"]
