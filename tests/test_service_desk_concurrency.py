"""Two agents on two connections, and SMS through Frappe's SMS Settings on escalation."""

import threading

import frappe
from frappe.utils import add_to_date, get_datetime

from property_service.customer_service.escalation import escalate_overdue
from tests.factories import make_owner, make_unit
from tests.utils import committed_user, make_user, on_own_connection


def test_concurrent_save_by_two_agents_fails_cleanly_for_the_second():
	unit = make_unit()
	request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "原始描述"}).insert()
	# the two agents work on their own connections
	frappe.db.commit()  # nosemgrep
	both_loaded, first_saved = threading.Barrier(2), threading.Event()
	outcome = {}

	def first_agent():
		doc = frappe.get_doc("Service Request", request.name)
		both_loaded.wait(timeout=30)
		doc.description = "第一位客服：下午上门"
		doc.save()
		# a request's own commit
		frappe.db.commit()  # nosemgrep
		first_saved.set()

	def second_agent():
		doc = frappe.get_doc("Service Request", request.name)
		both_loaded.wait(timeout=30)
		first_saved.wait(timeout=30)
		doc.description = "第二位客服：明天上午"
		try:
			doc.save()
			outcome["second"] = "saved"
		except frappe.TimestampMismatchError:
			outcome["second"] = "TimestampMismatchError"

	with (
		committed_user(roles=("Customer Service Agent",)) as agent_a,
		committed_user(roles=("Customer Service Agent",)) as agent_b,
	):
		threads = [
			threading.Thread(target=on_own_connection, args=(agent_a, first_agent)),
			threading.Thread(target=on_own_connection, args=(agent_b, second_agent)),
		]
		try:
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(timeout=60)
			frappe.db.rollback()
			assert outcome == {"second": "TimestampMismatchError"}
			assert (
				frappe.db.get_value("Service Request", request.name, "description") == "第一位客服：下午上门"
			)
		finally:
			for version in frappe.get_all("Version", {"docname": request.name}, pluck="name"):
				frappe.delete_doc("Version", version, force=True, ignore_permissions=True)
			frappe.delete_doc("Service Request", request.name, force=True, ignore_permissions=True)
			building, community = frappe.db.get_value("Property Unit", unit, ["building", "community"])
			for doctype, name in (("Property Unit", unit), ("Building", building), ("Community", community)):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
			# clean-up of committed test data
			frappe.db.commit()  # nosemgrep


def test_escalation_texts_the_next_level_where_sms_is_configured(sms_gateway):
	supervisor = make_user(roles=("Customer Service Supervisor",))
	frappe.db.set_value("User", supervisor, "mobile_no", "13912340000")
	unit = make_unit()
	make_owner(units=[unit])
	request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "停电"}).insert()
	escalate_overdue(add_to_date(get_datetime(request.response_by), hours=1))
	texts = [m for m in sms_gateway if m.get("to") == "13912340000"]
	assert len(texts) == 1 and request.name in texts[0]["text"]
