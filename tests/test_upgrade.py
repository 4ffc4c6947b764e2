"""Upgrades of sites installed earlier: renamed workflow states and actions reach their records,
their workflows (keeping what an administrator changed) and their service level agreements."""

import frappe

from property_service.core.compat import forget_table_columns
from property_service.core.workflows import workflow_name
from property_service.patches.v0_3 import rename_states
from tests.factories import make_owner, make_unit


def test_the_upgrade_renames_states_and_keeps_the_administrators_workflow_edits():
	states, actions = rename_states.RENAMES["Complaint"]
	old_states = {new: old for old, new in states.items()}
	old_actions = {new: old for old, new in actions.items()}
	workflow = workflow_name("Complaint")
	unit = make_unit()
	make_owner(units=[unit])
	complaint = frappe.get_doc(
		{"doctype": "Complaint", "unit": unit, "complaint_category": "Other", "description": "x"}
	).insert()
	try:
		# the site as it was before: old names everywhere
		rename_states.rename("Complaint", ("status",), {"Logged": "Processing"})
		rename_states.rename("Workflow Document State", ("state",), old_states, parent=workflow)
		rename_states.rename("Workflow Transition", ("state", "next_state"), old_states, parent=workflow)
		rename_states.rename("Workflow Transition", ("action",), old_actions, parent=workflow)
		agreement = frappe.get_all("Service Level Agreement", {"document_type": "Complaint"}, pluck="name")
		for name in agreement:
			rename_states.rename("SLA Fulfilled On Status", ("status",), old_states, parent=name)
		# and an administrator's own change: the Quality Supervisor escalates from "Processing"
		escalate = frappe.db.get_value(
			"Workflow Transition", {"parent": workflow, "state": "Processing", "action": "Escalate"}
		)
		frappe.db.set_value("Workflow Transition", escalate, "allowed", "Quality Supervisor")

		rename_states.execute()

		assert frappe.db.get_value("Complaint", complaint.name, "status") == "Being Handled"
		rows = frappe.get_all("Workflow Transition", {"parent": workflow}, ["state", "action", "next_state"])
		used = {row.state for row in rows} | {row.next_state for row in rows}
		assert not used & set(states) and {"Logged", "Being Handled", "Handled", "Result Verified"} <= used
		assert "Verify Result" in {row.action for row in rows} and "Verify" not in {
			row.action for row in rows
		}
		assert frappe.db.get_value("Workflow Transition", escalate, ["state", "allowed"]) == (
			"Being Handled",
			"Quality Supervisor",
		)
		for name in agreement:
			fulfilled = set(frappe.get_all("SLA Fulfilled On Status", {"parent": name}, pluck="status"))
			assert fulfilled == {"Handled", "Result Verified", "Closed"}
	finally:
		frappe.db.rollback()
		frappe.clear_cache(doctype="Complaint")


def test_the_upgrade_moves_assignees_to_their_new_fields():
	from property_service.patches.v0_3 import assignee_fields
	from tests.utils import make_user

	# a site installed before the rename has the old column (a fresh one does not: add it first,
	# as DDL commits, before any test data exists)
	added = not frappe.db.has_column("Service Request", "assigned_to")
	if added:
		frappe.db.sql_ddl("alter table `tabService Request` add column `assigned_to` varchar(140)")
	try:
		unit = make_unit()
		make_owner(units=[unit])
		technician = make_user(roles=("Maintenance Technician",))
		request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "x"}).insert()
		frappe.db.sql(
			"update `tabService Request` set assigned_to = %s where name = %s", (technician, request.name)
		)
		frappe.get_doc(
			{
				"doctype": "Property Setter",
				"name": "Service Request-assigned_to-in_list_view",
				"doctype_or_field": "DocField",
				"doc_type": "Service Request",
				"field_name": "assigned_to",
				"property": "in_list_view",
				"property_type": "Check",
				"value": "1",
			}
		).db_insert()
		assignee_fields.execute()
		assert frappe.db.get_value("Service Request", request.name, "technician") == technician
		assert (
			frappe.db.get_value("Property Setter", "Service Request-assigned_to-in_list_view", "field_name")
			== "technician"
		)
	finally:
		frappe.db.rollback()
		if added:
			frappe.db.sql_ddl("alter table `tabService Request` drop column `assigned_to`")
		forget_table_columns("Service Request")
		frappe.clear_cache(doctype="Service Request")


def test_the_upgrade_gives_older_records_their_units_building():
	from property_service.patches.v0_3 import fill_building

	unit = make_unit()
	request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "x"}).insert()
	building = frappe.db.get_value("Property Unit", unit, "building")
	frappe.db.set_value("Service Request", request.name, "building", None)  # as made before
	fill_building.execute()
	assert frappe.db.get_value("Service Request", request.name, "building") == building
