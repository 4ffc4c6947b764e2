"""The complaint chain to the seed's letter (customer_service/complaint_routing.py): the co-
responsible role is now assigned, so the "New Complaint - <role>" notifications that told it go;
the major-complaint notifications take their new conditions. Only where the office left them as
the app made them; an administrator's own stays."""

import frappe

from property_service.customer_service import notifications


def execute():
	for name, earlier in notifications.EARLIER_MAJOR_CONDITIONS.items():
		if frappe.db.get_value("Notification", name, "condition") == earlier:
			spec = next(spec for spec in notifications.specs() if spec["name"] == name)
			frappe.db.set_value("Notification", name, "condition", spec["condition"])
	for name in frappe.get_all("Notification", {"name": ["like", "New Complaint - %"]}, pluck="name"):
		condition = frappe.db.get_value("Notification", name, "condition") or ""
		if condition.startswith("doc.also_notify_role == "):
			frappe.delete_doc("Notification", name, ignore_permissions=True, force=True)
