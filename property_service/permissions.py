"""Row-level access for residents and technicians (DESIGN.md, "Who sees what").

Property Resident has its own DocPerm rows; these hooks narrow them to the resident's units.
Hooks can only take access away, so a user who also holds a staff role is not narrowed here:
their staff role decides. Values in permission queries are escaped.

- A resident's units are the units they are linked to and have not moved out of.
- A resident sees only their own Property Owner record, their units, and those units'
  buildings and communities.
- Service records (requests, complaints, callbacks, bookings): a resident reads those of their
  current units, the household's included, and loses them on moving out; they change only their
  own (filed by them, or a callback about what they filed). A technician (with no broader staff
  role) sees what is assigned to them.
- Notices: a resident reads the published notices of their communities and those for everyone.
"""

import frappe
from frappe.utils import today

RESIDENT_ROLE = "Property Resident"
TECHNICIAN_ROLE = "Maintenance Technician"
NOTHING = "1=0"
# roles that see service records whatever they are assigned to
BROAD_ROLES = {
	"Property Manager",
	"Quality Supervisor",
	"Customer Service Supervisor",
	"Customer Service Agent",
	"Security Supervisor",
	"Archive Clerk",
	"Management Representative",
	"System Manager",
}
SERVICE_DOCTYPES = ("Service Request", "Complaint", "Callback Record", "Special Service")


def is_resident_only(user: str | None = None) -> bool:
	"""True for a user whose only way in is the Property Resident role."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	if RESIDENT_ROLE not in roles:
		return False
	from property_service.setup.roles import DESK_ROLES

	staff = {*DESK_ROLES, "System Manager", "Accounts User", "Accounts Manager"}
	return not roles & staff


def resident_owner(user: str) -> str | None:
	"""The Property Owner record whose portal login is `user`."""
	return frappe.db.get_value("Property Owner", {"user": user}, "name")


def resident_units(user: str) -> list[str]:
	"""Units the user is currently linked to (moved-out links do not count)."""
	owner = resident_owner(user)
	if not owner:
		return []
	link = frappe.qb.DocType("Property Owner Unit")
	return (
		frappe.qb.from_(link)
		.select(link.unit)
		.distinct()
		.where(
			(link.parenttype == "Property Owner")
			& (link.parent == owner)
			& (link.move_in_date <= today())
			& (link.move_out_date.isnull() | (link.move_out_date > today()))
		)
	).run(pluck=True)


def resident_unit_parents(user: str, field: str) -> list[str]:
	units = resident_units(user)
	if not units:
		return []
	return list(set(frappe.get_all("Property Unit", filters={"name": ["in", units]}, pluck=field)))


def own_owner_record(user: str) -> list[str]:
	owner = resident_owner(user)
	return [owner] if owner else []


# doctype -> the names of its records a resident may see
RESIDENT_SCOPE = {
	"Property Owner": own_owner_record,
	"Property Unit": resident_units,
	"Building": lambda user: resident_unit_parents(user, "building"),
	"Community": lambda user: resident_unit_parents(user, "community"),
}


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions hook for the doctypes of RESIDENT_SCOPE."""
	user = user or frappe.session.user
	if not is_resident_only(user):
		return ""
	names = RESIDENT_SCOPE[doctype](user)
	if not names:
		return NOTHING
	return "`tab{}`.`name` in ({})".format(doctype, ", ".join(frappe.db.escape(n) for n in names))


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""has_permission hook for the doctypes of RESIDENT_SCOPE."""
	user = user or frappe.session.user
	if not is_resident_only(user):
		return True
	return doc.name in RESIDENT_SCOPE[doc.doctype](user)


# --- service records ----------------------------------------------------------------------------


def is_technician_only(user: str) -> bool:
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return TECHNICIAN_ROLE in roles and not roles & BROAD_ROLES


def service_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for requests, complaints, callbacks and bookings."""
	user = user or frappe.session.user
	table = f"`tab{doctype}`"
	if is_resident_only(user):
		units = resident_units(user)
		if not units:
			return NOTHING
		return "{}.`unit` in ({})".format(table, ", ".join(frappe.db.escape(u) for u in units))
	if is_technician_only(user) and doctype != "Callback Record":
		return f"{table}.`assigned_to` = {frappe.db.escape(user)}"
	return ""


READ_PTYPES = (None, "read", "print", "email", "report", "export")


def service_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""has_permission for requests, complaints, callbacks and bookings."""
	user = user or frappe.session.user
	if is_resident_only(user):
		if doc.get("unit") not in resident_units(user):
			return False
		if ptype in READ_PTYPES or doc.is_new():
			return True
		return doc.get("owner") == user or (
			doc.doctype == "Callback Record" and doc.get("property_owner") == resident_owner(user)
		)
	if is_technician_only(user) and doc.doctype != "Callback Record":
		return doc.get("assigned_to") == user
	return True


def notice_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_resident_only(user):
		return ""
	communities = ", ".join(frappe.db.escape(c) for c in resident_unit_parents(user, "community") or [""])
	day = frappe.db.escape(today())
	return (
		f"`tabNotice`.`published` = 1 and `tabNotice`.`publish_from` <= {day}"
		f" and (`tabNotice`.`publish_until` is null or `tabNotice`.`publish_until` >= {day})"
		f" and (ifnull(`tabNotice`.`community`, '') = '' or `tabNotice`.`community` in ({communities}))"
	)


def notice_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if not is_resident_only(user):
		return True
	live = (
		doc.published
		and str(doc.publish_from) <= today()
		and (not doc.publish_until or str(doc.publish_until) >= today())
	)
	in_scope = not doc.community or doc.community in resident_unit_parents(user, "community")
	return bool(live and in_scope)


def website_permission(doc, ptype: str | None = None, user: str | None = None, verbose: bool = False) -> bool:
	"""has_website_permission (portal views such as /printview): the desk's rules, DocPerms and
	the hooks above included."""
	return bool(frappe.has_permission(doc.doctype, ptype or "read", doc=doc, user=user))
