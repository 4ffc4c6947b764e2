"""Row-level access for residents and technicians (DESIGN.md, "Who sees what").

Frappe gives a user the union of their roles' DocPerm rows; the hooks here can only take access
away. So each check asks which of the user's roles grant the right asked for:

- a staff role (any role but Property Resident) grants it: the staff rule decides — everything,
  except that a technician whose only staff role granting it is Maintenance Technician is held
  to the requests, complaints and bookings assigned to them;
- otherwise, if the user is a resident: the resident rule decides;
- a user who holds both (staff who live on site) gets exactly the staff rights plus what the
  resident rule gives them. Nothing of the resident rule widens a staff role, and nothing of a
  staff role lifts the resident narrowing of a right only Property Resident gives.

The resident rule:
- a resident's units are those they are linked to and have not moved out of; they see their own
  Property Owner record, their units, and those units' buildings and communities;
- service records (requests, complaints, callbacks, bookings): the household's records of a unit
  from the resident's own move-in date on (not the former occupants'), and every record filed for
  them (`property_owner`), which they keep after moving out. Residents write none of them: they
  file (create) for their own units and rate through the portal's rating action;
- notices: the published notices of their communities and those for everyone.

Values in permission queries are escaped.
"""

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from frappe.utils import get_datetime
from frappe.utils.caching import request_cache

from property_service.core.registry import record
from property_service.property.occupancy import current_links
from property_service.vocabulary import CS_SUPERVISOR, PROPERTY_MANAGER, SYSTEM_MANAGER
from property_service.vocabulary import RESIDENT as RESIDENT_ROLE
from property_service.vocabulary import TECHNICIAN as TECHNICIAN_ROLE

NOTHING = "1=0"
READ_PTYPES = ("read", "select", "print", "email", "report", "export")


# --- who holds what -----------------------------------------------------------------------------


def granting_roles(doctype: str, ptype: str | None, user: str) -> set[str]:
	"""The user's roles whose level-0 DocPerm rows (or the site's Custom DocPerm) give `ptype`."""
	ptype = ptype or "read"
	roles = set(frappe.get_roles(user))
	granted = set()
	for perm in frappe.get_meta(doctype).permissions:
		if perm.role in roles and not perm.permlevel and not perm.if_owner:
			if perm.get(ptype) or (ptype in READ_PTYPES and perm.get("read")):
				granted.add(perm.role)
	return granted


def staff_roles_granting(doctype: str, ptype: str | None, user: str) -> set[str]:
	return granting_roles(doctype, ptype, user) - {RESIDENT_ROLE}


def acts_as_resident(doctype: str, ptype: str | None = "read", user: str | None = None) -> bool:
	"""True when the user holds Property Resident and no staff role gives them `ptype`: what they
	do on `doctype` they do as a resident, under the resident rule."""
	user = user or frappe.session.user
	if user == "Administrator" or RESIDENT_ROLE not in frappe.get_roles(user):
		return False
	return not staff_roles_granting(doctype, ptype, user)


def technician_narrowed(doctype: str, ptype: str | None, user: str) -> bool:
	"""A technician's staff right to a service record covers only their own jobs."""
	return record(doctype).technician_scoped and staff_roles_granting(doctype, ptype, user) == {
		TECHNICIAN_ROLE
	}


def is_technician_only(user: str, doctype: str) -> bool:
	"""True when the user's staff write on `doctype` comes from Maintenance Technician alone."""
	return user != "Administrator" and technician_narrowed(doctype, "write", user)


# --- a resident's household -------------------------------------------------------------------
# Looked up once per request (frappe.request_cache): every permission hook of a page asks again.
# A change to a household clears them (forget_households, on Property Owner and Property Unit).


def forget_households(doc=None, method=None) -> None:
	"""The request's cached households are stale once a link or a unit changes."""
	for function in (resident_owner, resident_links, resident_units, resident_unit_parents):
		getattr(frappe.local, "request_cache", {}).pop(function.__wrapped__, None)


@request_cache
def resident_owner(user: str) -> str | None:
	"""The Property Owner record whose portal login is `user`."""
	return frappe.db.get_value("Property Owner", {"user": user}, "name")


@request_cache
def resident_links(user: str, owner: str | None = None) -> dict[str, str]:
	"""unit -> the date the user moved in, for the units they currently live in or own (`owner`:
	the user's Property Owner record, when the caller has it already)."""
	owner = owner or resident_owner(user)
	if not owner:
		return {}
	since: dict[str, str] = {}
	for row in current_links(owner=owner):  # ordered by move-in: the first is the earliest
		since.setdefault(row.unit, str(row.move_in_date))
	return since


@request_cache
def resident_units(user: str) -> list[str]:
	"""Units the user is currently linked to (moved-out links do not count)."""
	return sorted(resident_links(user))


@request_cache
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


def in_list(values) -> str:
	return ", ".join(frappe.db.escape(v) for v in values)


# --- registry -----------------------------------------------------------------------------------


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions hook for the doctypes of RESIDENT_SCOPE."""
	user = user or frappe.session.user
	if not acts_as_resident(doctype, "read", user):
		return people_of_communities(user) if doctype == "Property Owner" else ""
	names = RESIDENT_SCOPE[doctype](user)
	if not names:
		return NOTHING
	return f"`tab{doctype}`.`name` in ({in_list(names)})"


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""has_permission hook for the doctypes of RESIDENT_SCOPE."""
	user = user or frappe.session.user
	if not acts_as_resident(doc.doctype, ptype, user):
		return doc.doctype != "Property Owner" or is_person_of_communities(doc, user)
	return doc.name in RESIDENT_SCOPE[doc.doctype](user)


# --- the community boundary for people ---------------------------------------------------------
# A person has no community of their own (their units have): staff whom a User Permission limits
# to communities see the people with a unit there, and those they registered themselves (not yet
# linked to a unit). Records with a community field are limited by Frappe's User Permissions.


def communities_of(user: str) -> set[str] | None:
	"""The communities a User Permission on Community limits `user` to; None: all of them."""
	allowed = get_user_permissions(user).get("Community")
	return {row.doc for row in allowed} if allowed else None


def works_in(user: str, community: str) -> bool:
	"""The user works in `community`: a User Permission on Community names it, or none limits them."""
	limited = communities_of(user)
	return limited is None or community in limited


def community_of(doctype: str | None, name: str | None) -> str | None:
	"""The community a record belongs to: its own `community`, else its unit's (a callback has only
	a unit); None for a record of neither."""
	if not (doctype and name):
		return None
	meta = frappe.get_meta(doctype)
	if meta.has_field("community"):
		return frappe.db.get_value(doctype, name, "community")
	if meta.has_field("unit"):
		unit = frappe.db.get_value(doctype, name, "unit")
		return frappe.db.get_value("Property Unit", unit, "community") if unit else None
	return None


def company_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""A record whose community is left empty is the company's (not any community's): for staff who
	work in every community (Frappe's User Permissions let a limited user read those too)."""
	if communities_of(user or frappe.session.user) is None:
		return ""
	return f"ifnull(`tab{doctype}`.`community`, '') != ''"


def company_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	return doc.is_new() or bool(doc.get("community")) or communities_of(user or frappe.session.user) is None


def person_in(communities: list[str]) -> str:
	return (
		"exists (select 1 from `tabProperty Owner Unit` link"
		" join `tabProperty Unit` unit on unit.name = link.unit"
		" where link.parent = `tabProperty Owner`.name and link.parenttype = 'Property Owner'"
		f" and unit.community in ({in_list(communities)}))"
	)


def people_of_communities(user: str) -> str:
	limited = communities_of(user)
	if limited is None:
		return ""
	if not limited:
		return NOTHING
	return f"({person_in(sorted(limited))} or `tabProperty Owner`.`owner` = {frappe.db.escape(user)})"


def is_person_of_communities(doc, user: str) -> bool:
	limited = communities_of(user)
	if limited is None or doc.is_new() or doc.owner == user:
		return True
	units = [row.unit for row in doc.get("units") or []]
	return bool(units) and bool(
		frappe.db.exists("Property Unit", {"name": ["in", units], "community": ["in", sorted(limited)]})
	)


# --- service records ----------------------------------------------------------------------------


def assignee(doctype: str) -> str | None:
	"""The field naming the one person a service record is with (core/registry.py)."""
	declared = record(doctype)
	return declared.assignee if declared else None


def household_condition(doctype: str, user: str) -> str:
	"""SQL: the records of the user's household since their move-in, and those filed for them."""
	table = f"`tab{doctype}`"
	owner = resident_owner(user)
	if not owner:
		return NOTHING
	parts = [
		f"({table}.`unit` = {frappe.db.escape(unit)} and {table}.`creation` >= {frappe.db.escape(since)})"
		for unit, since in resident_links(user, owner).items()
	]
	parts.append(f"{table}.`property_owner` = {frappe.db.escape(owner)}")
	return "({})".format(" or ".join(parts))


def in_household(doc, user: str) -> bool:
	owner = resident_owner(user)
	if not owner:
		return False
	if doc.get("property_owner") == owner:
		return True
	since = resident_links(user, owner).get(doc.get("unit"))
	return bool(since) and get_datetime(doc.creation) >= get_datetime(since)


def service_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for requests, complaints, callbacks and bookings."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	staff = staff_roles_granting(doctype, "read", user)
	resident = RESIDENT_ROLE in granting_roles(doctype, "read", user)
	if staff and not technician_narrowed(doctype, "read", user):
		return ""
	conditions = []
	if staff:
		conditions.append(f"`tab{doctype}`.`{assignee(doctype)}` = {frappe.db.escape(user)}")
	if resident:
		conditions.append(household_condition(doctype, user))
	return "({})".format(" or ".join(conditions)) if conditions else ""


def service_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""has_permission for requests, complaints, callbacks and bookings."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	granted = granting_roles(doc.doctype, ptype, user)
	staff = granted - {RESIDENT_ROLE}
	if staff and (
		not technician_narrowed(doc.doctype, ptype, user) or doc.get(assignee(doc.doctype)) == user
	):
		return True
	if RESIDENT_ROLE in granted:
		if doc.is_new():
			return doc.get("unit") in resident_units(user)
		return in_household(doc, user)
	return False


def website_permission(doc, ptype: str | None = None, user: str | None = None, verbose: bool = False) -> bool:
	"""has_website_permission (portal views such as /printview): the desk's rules, DocPerms and
	the hooks above included."""
	return bool(frappe.has_permission(doc.doctype, ptype or "read", doc=doc, user=user))


# --- what a resident answers or signs up for (survey answers) -----------------------------------


def own_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""A resident reads only the records filed for them, not the household's."""
	user = user or frappe.session.user
	if not acts_as_resident(doctype, "read", user):
		return ""
	owner = resident_owner(user)
	field = record(doctype).own_field
	return f"`tab{doctype}`.`{field}` = {frappe.db.escape(owner)}" if owner else NOTHING


def own_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if not acts_as_resident(doc.doctype, ptype, user):
		return True
	if doc.is_new():
		return doc.get("unit") in resident_units(user)
	owner = resident_owner(user)
	return bool(owner) and doc.get(record(doc.doctype).own_field) == owner


# --- owner visits and work diaries: private to their person, customer-service supervisors and the
# office manager --------------------------------------------------------------------------------

VISIT_READERS = (SYSTEM_MANAGER, PROPERTY_MANAGER, CS_SUPERVISOR)


def reads_all_visits(user: str) -> bool:
	return user == "Administrator" or bool(set(VISIT_READERS) & set(frappe.get_roles(user)))


def private_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Visit notes (seed 12.1.2 (2) 6.3): an agent reads only their own visits and summaries."""
	user = user or frappe.session.user
	if reads_all_visits(user):
		return ""
	return f"`tab{doctype}`.`{record(doctype).private_to}` = {frappe.db.escape(user)}"


def private_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool:
	"""Their person's, or a new record that names nobody yet (its controller names the user)."""
	user = user or frappe.session.user
	person = doc.get(record(doc.doctype).private_to)
	return reads_all_visits(user) or person == user or (not person and doc.is_new())


# --- who did it: the signed-in user -------------------------------------------------------------


def names_others(doc) -> bool:
	"""Whether this save may name someone other than the signed-in user as who did it: the app's
	own code (a job drafting a record for its person inserts with ignore_permissions) and a System
	Manager (paper records entered later, a correction). Nobody else: a request never names."""
	return bool(doc.flags.ignore_permissions) or SYSTEM_MANAGER in frappe.get_roles()


def signed_in_person(doc, fieldname: str) -> None:
	"""Who did it is who is signed in (QUALITY.md, security 8): a new record names the signed-in
	user whatever the request sent, and a saved one keeps the person it names."""
	if names_others(doc):
		if doc.is_new() and not doc.get(fieldname):
			doc.set(fieldname, frappe.session.user)
	elif doc.is_new():
		doc.set(fieldname, frappe.session.user)
	else:
		doc.set(fieldname, doc.get_doc_before_save().get(fieldname))
