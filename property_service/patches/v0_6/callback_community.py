"""Callbacks now carry their unit's community (the User Permission on Community limits them to
the community's staff): filled in for the ones made before, in one statement."""

import frappe


def execute():
	# an update joined with another table, which Frappe's query builder does not write
	frappe.db.sql(  # nosemgrep
		"""update `tabCallback Record` callback join `tabProperty Unit` unit on unit.name = callback.unit
		set callback.community = unit.community where callback.community is null"""
	)
