"""The resident home (/resident), kept rendered per resident in Redis and served from there until
something it shows changes.

Frappe caches rendered pages for guests only; a signed-in page is built on every request (its
context, then web.html with the navbar and footer), which costs more than the home's own
queries. Here the page's HTML (before Frappe puts the session's CSRF token in) is kept under a
key made of the resident, their language, the day, the assets' build and a *stamp* of everything
the page shows:

- `unit:<unit>` for each of the resident's units: their requests, complaints, bookings,
  callbacks, invoices, survey answers and activity sign-ups, and the unit itself;
- `community:<community>` for each of their communities: notices, activities and surveys;
- `households`: who lives where (Property Owner, Property Unit), which also decides the units;
- `user:<user>`: the resident's own User (name, roles, language);
- `site`: Frappe's caches cleared (migrate, website settings, permissions), and notices for all.

A document of these kinds that changes sets its stamps to new random values (doc events in
hooks.py, `forget`): at once, for the rest of its own request, and again when its transaction
ends, so a page built by another request between the two from what was committed before (or
by its own request from what it then rolled back) is never found again. A page is never looked up under another resident's key, and the stamps only decide when
a resident's own page is built again. The resident's units and communities are kept too, under
the `households` and `user:` stamps and the day (moving in and out is dated). A page lives
PAGE_TTL seconds at most (ERPNext marks invoices overdue in a daily job without document
events), and no longer than the next start or sign-up deadline of an activity it shows.
"""

import hashlib
import secrets

import frappe
from frappe.utils import get_datetime, get_url, now_datetime, today
from frappe.website.page_renderers.template_page import TemplatePage

HOME_ROUTE = "resident"
PAGE_TTL = 300  # seconds
WHO_TTL = 3600
PREFIX = "ps_home"
NOT_SET = "-"

# doctype -> the field naming the unit it is about
UNIT_FIELD = {
	"Service Request": "unit",
	"Complaint": "unit",
	"Special Service": "unit",
	"Callback Record": "unit",
	"Survey Response": "unit",
	"Activity Signup": "unit",
	"Sales Invoice": "property_unit",
	"Dunning": "property_unit",  # a notice sent shows beside the invoice
	"Payment Entry": "property_unit",  # the unit's prepaid balance
	"Property Unit": "name",
	"Renovation Application": "unit",  # the unit's status (Renovating) follows it
}
COMMUNITY_DOCTYPES = ("Notice", "Community Activity", "Opinion Survey", "Activity Signup")
HOUSEHOLD_DOCTYPES = ("Property Owner", "Property Unit")


def key(*parts: str) -> str:
	"""A key of this site (frappe.cache's get_value and set_value add the site)."""
	return ":".join((PREFIX, *parts))


def stamp_keys(stamps) -> list[str]:
	return [frappe.cache.make_key(key("stamp", stamp)) for stamp in stamps]


# --- invalidation -------------------------------------------------------------------------------


def bump(stamps: set[str]) -> None:
	"""New values for the stamps, now and again when the transaction ends (committed or rolled
	back: a page built inside it from what it wrote is not found afterwards either)."""
	if not stamps:
		return
	renew(stamps)
	pending = getattr(frappe.local, "home_stamps", None)
	if pending is None:
		pending = frappe.local.home_stamps = set()
		frappe.db.after_commit.add(renew_pending)
		frappe.db.after_rollback.add(renew_pending)
	pending |= stamps


def renew(stamps: set[str]) -> None:
	if stamps:
		frappe.cache.mset({name: secrets.token_hex(8) for name in stamp_keys(stamps)})


def renew_pending() -> None:
	stamps, frappe.local.home_stamps = getattr(frappe.local, "home_stamps", None), None
	renew(stamps or set())


def stamps_of(doc) -> set[str]:
	"""The stamps a change of `doc` renews (its values now and before the save)."""
	stamps = set()
	before = doc.get_doc_before_save() if hasattr(doc, "get_doc_before_save") else None
	versions = [doc, before] if before else [doc]
	field = UNIT_FIELD.get(doc.doctype)
	if field:
		stamps |= {f"unit:{version.get(field)}" for version in versions if version.get(field)}
	if doc.doctype in COMMUNITY_DOCTYPES:
		for version in versions:
			community = version.get("community")
			# a notice for every community shows on every home
			stamps.add(f"community:{community}" if community else "site")
	if doc.doctype in HOUSEHOLD_DOCTYPES:
		stamps.add("households")
	if doc.doctype == "User":
		stamps.add(f"user:{doc.name}")
	return stamps


def forget(doc, method=None) -> None:
	"""Doc event (on_change, on_trash): the homes showing `doc` are built again."""
	bump(stamps_of(doc))


def forget_all(*args, **kwargs) -> None:
	"""Frappe's caches cleared (clear_cache, website_clear_cache hooks; permissions changed)."""
	bump({"site"})


# --- reading ------------------------------------------------------------------------------------


def read_stamps(stamps: list[str]) -> list[str]:
	values = frappe.cache.mget(stamp_keys(stamps))
	return [value.decode() if value else NOT_SET for value in values]


def digest(parts: list[str]) -> str:
	return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def whereabouts(user: str, stamps: list[str]) -> dict:
	"""The resident's units and communities, kept under the household and user stamps and the day."""
	from property_service.core.permissions import resident_unit_parents, resident_units

	who_key = key("who", digest([user, today(), *stamps]))
	found = frappe.cache.get_value(who_key, expires=True)
	if found:
		return found
	# looked up once per request: the page's notices ask the same
	who = {"units": resident_units(user), "communities": sorted(resident_unit_parents(user, "community"))}
	frappe.cache.set_value(who_key, who, expires_in_sec=WHO_TTL)
	return who


def page_key(user: str) -> str:
	"""Where the user's home is kept: everything it depends on is in the key."""
	head = ["site", "households", f"user:{user}"]
	head_values = read_stamps(head)
	who = whereabouts(user, head_values)
	rest = [f"unit:{unit}" for unit in who["units"]] + [f"community:{c}" for c in who["communities"]]
	parts = [
		user,
		frappe.local.lang or "",
		today(),
		str(frappe.utils.get_build_version()),
		get_url(),
		*head_values,
		*rest,
		*read_stamps(rest),
	]
	return key("page", digest(parts))


def lifetime(context) -> int:
	"""Seconds the page may be served: PAGE_TTL, or less when an activity it shows starts or
	closes its sign-up sooner (the page shows only activities to come, open for sign-up)."""
	now = now_datetime()
	seconds = PAGE_TTL
	for activity in context.get("activities") or []:
		for moment in (activity.get("starts_on"), activity.get("sign_up_by")):
			if moment and get_datetime(moment) > now:
				seconds = min(seconds, int((get_datetime(moment) - now).total_seconds()) + 1)
	return max(seconds, 1)


class ResidentHomePage(TemplatePage):
	"""/resident, from the signed-in user's kept copy when there is one (hooks.page_renderer)."""

	def can_render(self):
		return self.path == HOME_ROUTE and super().can_render()

	def get_html(self):
		user = frappe.session.user
		if user == "Guest":  # sent to log in (www/resident/index.py)
			return super().get_html()
		page = page_key(user)
		html = frappe.cache.get_value(page, expires=True)
		if html:
			frappe.local.response.from_cache = True
			return html
		html = super().get_html()
		if not self.http_status_code or self.http_status_code == 200:
			frappe.cache.set_value(page, html, expires_in_sec=lifetime(self.context))
		return html
