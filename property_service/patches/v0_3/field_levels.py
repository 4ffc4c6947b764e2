"""Field-level rights on sites whose permissions an administrator customised.

A DocType with Custom DocPerm rows ignores the DocPerm rows it ships, so the new permission-level
rows (office fields at level 1, the work at level 2) would never reach such a site: they are added
to its Custom DocPerm where missing, and residents lose write on callbacks (they rate through the
portal's rating action). Rows the administrator made are left as they are."""

import frappe

from property_service.core.permissions import RESIDENT_ROLE

DOCTYPES = ("Service Request", "Complaint", "Special Service", "Property Owner", "Property Unit")
PTYPES = ("read", "write")


def execute():
	customised = set(frappe.get_all("Custom DocPerm", pluck="parent", distinct=True))
	for doctype in customised.intersection(DOCTYPES):
		for row in frappe.get_all(
			"DocPerm", {"parent": doctype, "permlevel": [">", 0]}, ["role", "permlevel", *PTYPES]
		):
			if frappe.db.exists(
				"Custom DocPerm", {"parent": doctype, "role": row.role, "permlevel": row.permlevel}
			):
				continue
			frappe.get_doc(
				{
					"doctype": "Custom DocPerm",
					"parent": doctype,
					"parenttype": "DocType",
					"parentfield": "permissions",
					"role": row.role,
					"permlevel": row.permlevel,
					**{ptype: row.get(ptype) for ptype in PTYPES},
				}
			).insert(ignore_permissions=True)
		frappe.clear_cache(doctype=doctype)
	if "Callback Record" in customised:
		frappe.db.set_value(
			"Custom DocPerm", {"parent": "Callback Record", "role": RESIDENT_ROLE}, "write", 0
		)
		frappe.clear_cache(doctype="Callback Record")
