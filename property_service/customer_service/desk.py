"""What the desk's scripts (public/js) are told at login."""

import frappe

from property_service.customer_service.states import for_desk
from property_service.permissions import SERVICE_DOCTYPES, is_technician_only


def boot_session(bootinfo) -> None:
	"""What the desk's scripts need (public/js): the states' colours and which are open, and the
	service DocTypes on which the user's rights are a technician's only, so their lists and forms
	show the work first."""
	user = frappe.session.user
	bootinfo.property_service = {
		**for_desk(),
		"work_only": [
			doctype
			for doctype in SERVICE_DOCTYPES
			if doctype != "Callback Record" and is_technician_only(user, doctype)
		],
	}
