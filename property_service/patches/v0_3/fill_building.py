"""Requests and complaints made before they had a building take their unit's (the field is
filled from the unit when a record is saved; older records were never saved since). One update
per building."""

import frappe


def execute():
	units_of: dict[str, list[str]] = {}
	for unit, building in frappe.get_all("Property Unit", fields=["name", "building"], as_list=True):
		units_of.setdefault(building, []).append(unit)
	for doctype in ("Service Request", "Complaint"):
		record = frappe.qb.DocType(doctype)
		for building, units in units_of.items():
			(
				frappe.qb.update(record)
				.set(record.building, building)
				.where(record.unit.isin(units) & record.building.isnull())
			).run()
