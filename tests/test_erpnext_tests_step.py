"""The test command's last step runs ERPNext's own tests of Customer and Payment Request
(scripts/devbench.py, `erpnext_tests`) and fails the run when one fails. `bench run-tests` exits 0
on failures, so the step reads unittest's output: here it is given the output of real unittest
runs, without the minutes a site of ERPNext's tests takes (the step itself runs in every CI run)."""

import importlib.util
import io
import types
import unittest
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "devbench.py"


@pytest.fixture
def devbench(monkeypatch):
	spec = importlib.util.spec_from_file_location("devbench", SCRIPT)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	monkeypatch.setattr(module, "ensure_erpnext_test_site", lambda *args, **kwargs: None)
	return module


def unittest_output(**tests) -> str:
	"""What Frappe's runner prints for a TestCase with these test methods."""
	case = type("TestCustomer", (unittest.TestCase,), tests)
	stream = io.StringIO()
	unittest.TextTestRunner(stream=stream).run(unittest.defaultTestLoader.loadTestsFromTestCase(case))
	return stream.getvalue()


def passes(self):
	pass


def fails(self):
	self.assertEqual(None, "comment")


def errs(self):
	raise KeyError("_Test Customer")


class FakeBench:
	"""`bench run-tests --doctype X` prints outputs[X]; the upstream cause's probe finds it or not."""

	def __init__(self, outputs: dict[str, str], cause_present: bool = True):
		self.settings = {"PS_TEST_SITE": "test.localhost"}
		self.line = "version-15"
		self.outputs, self.cause_present = outputs, cause_present

	def bench(self, *args, **kwargs):
		return types.SimpleNamespace(stdout=self.outputs[args[args.index("--doctype") + 1]])

	def python(self, code: str, site: str) -> str:
		return "present\n" if self.cause_present else ""


def test_a_failing_or_erring_erpnext_test_fails_the_run_and_is_named(devbench, capsys):
	bench = FakeBench(
		{
			"Customer": unittest_output(test_party_details=errs, test_parse_full_name=passes),
			"Payment Request": unittest_output(test_status=fails, test_payment_entry=passes),
		}
	)
	assert devbench.erpnext_tests(bench, "") == 1
	out = capsys.readouterr().out
	assert "Customer: 2 run, 1 passed" in out and "FAILED: test_party_details" in out
	assert "Payment Request: 2 run, 1 passed" in out and "FAILED: test_status" in out
	assert "ERPNext's own tests FAILED" in out


def test_the_listed_upstream_failure_passes_only_while_its_cause_is_there(devbench, capsys):
	outputs = {
		"Customer": unittest_output(test_rename=fails, test_parse_full_name=passes),
		"Payment Request": unittest_output(test_status=passes),
	}
	assert devbench.erpnext_tests(FakeBench(outputs), "") == 0
	out = capsys.readouterr().out
	assert "failing upstream, not the app's: test_rename: the frappe snapshot's" in out
	# a bench whose frappe is fixed: the same failure is the app's
	assert devbench.erpnext_tests(FakeBench(outputs, cause_present=False), "") == 1
	assert "FAILED: test_rename" in capsys.readouterr().out


def test_a_run_where_no_test_ran_fails(devbench, capsys):
	"""Frappe prints "Testing is disabled for the site!" and exits 0 without allow_tests."""
	bench = FakeBench({"Customer": "Testing is disabled for the site!\n", "Payment Request": ""})
	assert devbench.erpnext_tests(bench, "") == 1
	assert "FAILED: no test ran" in capsys.readouterr().out
