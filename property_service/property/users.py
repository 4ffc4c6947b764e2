"""Users the app makes — residents' portal logins and the demo's staff — are made here only."""

import frappe


def ensure_user(
	email: str,
	full_name: str,
	user_type: str = "System User",
	send_welcome_email: bool = False,
	language: str | None = None,
):
	"""The User of `email`, made when missing (an existing one is left as it is); returns it."""
	if frappe.db.exists("User", email):
		return frappe.get_doc("User", email)
	user = {
		"doctype": "User",
		"email": email,
		"first_name": full_name,
		"user_type": user_type,
		"send_welcome_email": int(send_welcome_email),
	}
	if language:
		user["language"] = language
	return frappe.get_doc(user).insert(ignore_permissions=True)
