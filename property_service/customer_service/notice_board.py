"""Notices (公告) to a community's residents, posted and withdrawn by the office's work (a survey's
results, a drill, an inspection round)."""

import frappe
from frappe.utils import today

from property_service.core.permissions import acts_as_resident, in_list, resident_unit_parents


def post_notice(community: str, title: str, body: str, until, notice: str | None = None) -> str:
	"""Posts a notice to a community's residents until a date, or brings `notice` up to date and
	published again; returns the notice's name."""
	values = {"title": title, "community": community, "published": 1, "publish_until": until, "body": body}
	if notice and frappe.db.exists("Notice", notice):
		doc = frappe.get_doc("Notice", notice)
		doc.update(values)
		return doc.save(ignore_permissions=True).name
	return (
		frappe.get_doc({"doctype": "Notice", "publish_from": today(), **values})
		.insert(ignore_permissions=True)
		.name
	)


def withdraw_notice(notice: str | None) -> None:
	"""Residents no longer see the notice (kept for the record)."""
	if notice and frappe.db.exists("Notice", notice):
		# through the document: its on_change takes it off the residents' kept homes
		frappe.get_doc("Notice", notice).db_set("published", 0)


# --- who reads a notice: a resident, the live notices of their communities and those for all ------


def notice_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not acts_as_resident("Notice", "read", user):
		return ""
	communities = in_list(resident_unit_parents(user, "community") or [""])
	day = frappe.db.escape(today())
	return (
		f"`tabNotice`.`published` = 1 and `tabNotice`.`publish_from` <= {day}"
		f" and (`tabNotice`.`publish_until` is null or `tabNotice`.`publish_until` >= {day})"
		f" and (ifnull(`tabNotice`.`community`, '') = '' or `tabNotice`.`community` in ({communities}))"
	)


def notice_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if not acts_as_resident("Notice", ptype, user):
		return True
	live = (
		doc.published
		and str(doc.publish_from) <= today()
		and (not doc.publish_until or str(doc.publish_until) >= today())
	)
	in_scope = not doc.community or doc.community in resident_unit_parents(user, "community")
	return bool(live and in_scope)
