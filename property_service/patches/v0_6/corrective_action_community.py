"""Corrective actions now carry their source's community (archives and the community boundary read
it): filled in for the ones made before."""

import frappe

from property_service.core.permissions import community_of


def execute():
	for action in frappe.get_all(
		"Corrective Action", {"community": ["is", "not set"]}, ["name", "reference_doctype", "reference_name"]
	):
		community = community_of(action.reference_doctype, action.reference_name)
		if community:
			frappe.db.set_value(
				"Corrective Action", action.name, "community", community, update_modified=False
			)
