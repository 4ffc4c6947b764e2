"""The API gate: who may knock on which of Frappe's doors (an auth hook: it runs on every request
once Frappe has signed the caller in, by cookie or by token).

- Residents are website users: they call the portal's methods (`property_service.api.portal`), a
  few of Frappe's own that the portal and the socket need (RESIDENT_METHODS), the doors open to
  guests, and Frappe's REST API on the app's resident DocTypes (those the Property Resident role
  has a permission rule on; the row rules of `permissions.py` then apply). Everything else is
  refused.
- Office staff with no role outside the app's (a technician, an agent) call none of ERPNext's
  methods: ERPNext's doors assume ERPNext's roles, and the office works in the app's DocTypes.
- No signed-in user filters, groups or counts by a field they may not read (permission levels):
  a filter on a hidden field answers yes or no to a guess, which is how a phone number is read.
"""

import json
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.model import get_permitted_fields

from property_service.core.permissions import RESIDENT_ROLE
from property_service.setup.roles import ROLES, get_app_modules

RESIDENT_METHODS = frozenset(
	{
		"frappe.auth.get_logged_user",
		"frappe.realtime.get_user_info",
		"frappe.realtime.can_subscribe_doc",
		"frappe.realtime.can_subscribe_doctype",
		"frappe.utils.print_format.download_pdf",  # their invoices' PDFs; Frappe checks print rights
		"frappe.www.list.get",  # "more" on the portal's lists (ERPNext's /invoices)
		"frappe.www.list.get_list_data",  # the same on Frappe 16 (open to guests on 15)
	}
)
RESIDENT_MODULES = ("property_service.api.portal.",)
# commands Frappe handles itself rather than through a function (frappe.handler.handle)
PUBLIC_COMMANDS = frozenset({"login"})
# roles every user has, or that the app gives: a user with none besides these is office staff only
BASE_ROLES = frozenset({"All", "Guest", "Desk User", *ROLES})
STAFF_REFUSED_PREFIXES = ("erpnext.", "payments.")  # ERPNext's and its gateways'
# what ERPNext's desk scripts ask for on every page and on the app's forms (read nothing private)
ERPNEXT_DESK_METHODS = frozenset(
	{
		"erpnext.accounts.utils.get_fiscal_year",
		"erpnext.support.doctype.service_level_agreement.service_level_agreement.get_service_level_agreement_filters",
	}
)

# Frappe's doors that read or change what is not the caller's without asking (reviewed in the
# census): for System Managers only
ADMIN_ONLY = frozenset(
	f"frappe.{door}"
	for door in (
		"automation.doctype.assignment_rule.assignment_rule.bulk_apply",
		"core.api.file.unzip_file",
		"core.doctype.access_log.access_log.make_access_log",
		"core.doctype.deleted_document.deleted_document.bulk_restore",
		"core.doctype.deleted_document.deleted_document.restore",
		"core.doctype.prepared_report.prepared_report.enqueue_json_to_csv_conversion",
		"core.doctype.sms_settings.sms_settings.get_contact_number",
		"core.doctype.sms_settings.sms_settings.send_sms",
		"core.doctype.submission_queue.submission_queue.get_latest_submissions",
		"core.doctype.user.user.get_email_awaiting",
		"core.doctype.user.user.get_module_profile",
		"core.doctype.user.user.get_perm_info",
		"core.doctype.user.user.get_role_profile",
		"core.report.permitted_documents_for_user.permitted_documents_for_user.query_doctypes",
		"desk.desktop.update_onboarding_step",
		"desk.doctype.dashboard_chart.dashboard_chart.create_dashboard_chart",
		"desk.doctype.desktop_icon.desktop_icon.add_user_icon",
		"desk.doctype.desktop_icon.desktop_icon.hide",
		"desk.doctype.desktop_icon.desktop_icon.set_order",
		"desk.doctype.desktop_icon.desktop_icon.update_icons",
		"desk.doctype.form_tour.form_tour.reset_tour",
		"desk.doctype.global_search_settings.global_search_settings.reset_global_search_settings_doctypes",
		"desk.doctype.number_card.number_card.create_number_card",
		"desk.doctype.tag.tag.get_documents_for_tag",
		"desk.doctype.tag.tag.get_tagged_docs",
		"desk.doctype.workspace.workspace.duplicate_page",
		"desk.page.setup_wizard.setup_wizard.load_messages",
		"email.doctype.email_account.email_account.set_email_password",
		"email.inbox.create_email_flag_queue",
		"email.inbox.mark_as_spam",
		"email.relink",
		"integrations.doctype.dropbox_settings.dropbox_settings.get_dropbox_authorize_url",
		"integrations.doctype.dropbox_settings.dropbox_settings.take_backup",
		"integrations.doctype.google_calendar.google_calendar.google_callback",
		"integrations.doctype.google_drive.google_drive.authorize_access",
		"integrations.doctype.google_drive.google_drive.take_backup",
		"integrations.doctype.ldap_settings.ldap_settings.reset_password",
		"integrations.doctype.s3_backup_settings.s3_backup_settings.take_backup",
		"integrations.doctype.s3_backup_settings.s3_backup_settings.take_backups_s3",
		"integrations.google_oauth.callback",
		"model.document.unlock_document",
		"templates.includes.comments.comments.add_comment",
		"templates.includes.likes.likes.like",
		"utils.file_manager.add_attachments",
		"utils.goal.get_monthly_goal_graph_data",
		"utils.nestedset.rebuild_tree",
		"utils.print_format.print_by_server",
		"website.doctype.discussion_topic.discussion_topic.submit_discussion",
		"website.doctype.website_settings.google_indexing.authorize_access",
	)
)
# doors that take a user: the caller's own only, unless a System Manager
OWN_USER_DOORS = {
	"frappe.core.doctype.user.user.get_roles": "uid",
	"frappe.core.doctype.user_permission.user_permission.get_user_permissions": "user",
	"frappe.desk.doctype.event.event.get_events": "user",
	"frappe.desk.doctype.event.event.update_attending_status": "attendee",  # Frappe 16
	"frappe.desk.doctype.notification_settings.notification_settings.set_seen_value": "user",
	"frappe.desk.query_report.run": "user",
}
# doors whose DocType and filters come inside a `doc` (number cards)
DOC_DOORS = frozenset(
	{
		"frappe.desk.doctype.number_card.number_card.get_result",
		"frappe.desk.doctype.number_card.number_card.get_percentage_difference",
	}
)

FILTER_PARAMS = ("filters", "or_filters", "current_filters")
FIELD_PARAMS = ("field", "group_by", "searchfield", "sort_field", "aggregate_function_based_on")
PSEUDO_FIELDS = frozenset({"assigned_to", "name"})


# what decorators call the function they wrap (door_name)
WRAPPED_NAMES = ("fn", "func", "function", "f", "method")


class DoorClosedError(frappe.PermissionError):
	pass


def guard() -> None:
	"""auth hook: refuses the door, or the filter, before Frappe runs anything."""
	request = getattr(frappe.local, "request", None)
	user = frappe.session.user
	if request is None or user in ("Administrator", "Guest"):
		return
	door = requested_door(request.path, frappe.form_dict.get("cmd"))
	if door is None:
		return
	kind, target = door
	name = door_id(target) if kind == "method" else ""
	if is_website_user(user):
		if not resident_may(kind, target):
			refuse()
	elif kind == "method" and is_office_only(user) and not staff_may(name):
		refuse()
	if kind == "method" and "System Manager" not in frappe.get_roles(user):
		check_admin_doors(name, frappe.form_dict, user)
	doctype = target if kind == "resource" else frappe.form_dict.get("doctype")
	if isinstance(doctype, str) and doctype:
		check_query_fields(doctype, frappe.form_dict, user)
	if name in DOC_DOORS:
		doc = parse(frappe.form_dict.get("doc"))
		if isinstance(doc, dict) and doc.get("document_type"):
			form = {"filters": frappe.form_dict.get("filters"), **doc}
			check_query_fields(doc["document_type"], form, user)


def check_admin_doors(name: str, form: dict, user: str) -> None:
	"""What only a System Manager may do through Frappe's doors."""
	if name in ADMIN_ONLY:
		refuse()
	param = OWN_USER_DOORS.get(name)
	if param and form.get(param) not in (None, "", user):
		refuse()
	if form.get("prepared_report_name") and not frappe.has_permission(
		"Prepared Report", "read", doc=form.get("prepared_report_name"), user=user
	):
		refuse()
	if form.get("ignore_user_permissions"):
		# link search would then skip row rules altogether (frappe.desk.search)
		form["ignore_user_permissions"] = 0


def refuse() -> None:
	frappe.throw(_("You are not permitted to use this."), DoorClosedError, title=_("Not permitted"))


def requested_door(path: str, cmd: str | None = None) -> tuple[str, str] | None:
	"""("method", dotted name), ("resource", DocType) or ("other", path) for an API request."""
	if cmd:
		return "method", cmd
	parts = [unquote(part) for part in path.strip("/").split("/")]
	if not parts or parts[0] != "api":
		return None
	rest = parts[1:]
	if rest and rest[0] in ("v1", "v2"):
		rest = rest[1:]
	if len(rest) >= 2 and rest[0] == "method":
		return "method", "/".join(rest[1:])
	if len(rest) >= 2 and rest[0] in ("resource", "document"):
		return "resource", rest[1]
	return "other", "/".join(rest)


def door_id(method: str) -> str:
	"""The function a method name calls, as the census names it; "" if none."""
	function = resolve(method)
	return door_name(function) if function else ""


def door_name(function) -> str:
	"""`module.qualname` of a whitelisted function. A decorator that does not say what it wraps
	(Frappe 16's `frappe.write_only`, under `make_access_log`) hands out a function named after
	itself (`frappe.write_only.<locals>...`): the door is then named after the function it wraps,
	found in the wrapper's closure under the name decorators give it."""
	for _depth in range(5):
		code = getattr(function, "__code__", None)
		if "<locals>" not in function.__qualname__ or code is None:
			break
		cells = dict(zip(code.co_freevars, function.__closure__ or (), strict=False))
		inner = next(
			(
				cells[name].cell_contents
				for name in WRAPPED_NAMES
				if name in cells and callable(cells[name].cell_contents)
			),
			None,
		)
		if inner is None:
			break
		function = inner
	return f"{function.__module__}.{function.__qualname__}"


def resolve(method: str):
	from frappe.handler import get_attr

	if not method or "/" in method:
		return None
	try:
		return get_attr(method)
	except Exception:
		return None


def resident_may(kind: str, target: str) -> bool:
	if kind == "resource":
		return target in resident_doctypes()
	if kind != "method":
		return False
	if target in PUBLIC_COMMANDS:
		return True
	function = resolve(target)
	if function is None:
		return False
	name = door_name(function)
	return name in RESIDENT_METHODS or name.startswith(RESIDENT_MODULES) or function in frappe.guest_methods


def staff_may(door: str) -> bool:
	"""What office-only staff may call (all but ERPNext's methods, bar what its desk scripts need)."""
	return not door.startswith(STAFF_REFUSED_PREFIXES) or door in ERPNEXT_DESK_METHODS


def resident_doctypes() -> frozenset[str]:
	"""The app's DocTypes (not child tables) the Property Resident role has a permission rule on."""

	def load():
		modules = get_app_modules()
		ours = set(frappe.get_all("DocType", {"module": ["in", modules], "istable": 0}, pluck="name"))
		ruled = set(frappe.get_all("DocPerm", {"role": RESIDENT_ROLE}, pluck="parent"))
		ruled |= set(frappe.get_all("Custom DocPerm", {"role": RESIDENT_ROLE}, pluck="parent"))
		return sorted(ours & ruled)

	return frozenset(frappe.cache.get_value("property_service:resident_doctypes", load))


def clear_cache() -> None:
	frappe.cache.delete_value("property_service:resident_doctypes")


def is_website_user(user: str) -> bool:
	return frappe.get_cached_value("User", user, "user_type") == "Website User"


def is_office_only(user: str) -> bool:
	return BASE_ROLES.issuperset(frappe.get_roles(user))


def check_query_fields(doctype: str, form: dict, user: str) -> None:
	"""Refuses a filter, group-by or search field the user may not read in `doctype`."""
	if not frappe.db.exists("DocType", doctype):
		return
	parent = form.get("parent") or form.get("parent_doctype")
	for table, field in referenced_fields(form):
		if field in PSEUDO_FIELDS:
			continue
		table = table or doctype
		if not frappe.db.exists("DocType", table):
			refuse_field(field)
		parenttype = parent if table == doctype else doctype
		if not frappe.get_meta(table).istable:
			parenttype = None
		if field not in get_permitted_fields(table, parenttype=parenttype, user=user):
			refuse_field(field)


def refuse_field(field: str) -> None:
	frappe.throw(
		_("You may not filter or group by the field {0}.").format(frappe.bold(field)),
		DoorClosedError,
		title=_("Not permitted"),
	)


def referenced_fields(form: dict) -> list[tuple[str | None, str]]:
	"""(DocType or None, fieldname) for every field a request filters, groups or searches by."""
	found = []
	for param in FILTER_PARAMS:
		found += filter_fields(parse(form.get(param)))
	for param in FIELD_PARAMS:
		value = form.get(param)
		if isinstance(value, str) and value.strip():
			found.append(split_field(value.split()[0]))
	stats = parse(form.get("stats"))
	if isinstance(stats, list):
		found += [split_field(s["name"] if isinstance(s, dict) else str(s)) for s in stats]
	return found


def parse(value):
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			return None  # a name (get_value's filters), not a filter
	return value


def filter_fields(filters) -> list[tuple[str | None, str]]:
	if isinstance(filters, dict):
		return [split_field(key) for key in filters]
	if not isinstance(filters, list | tuple):
		return []
	if filters and isinstance(filters[0], str) and len(filters) in (3, 4):
		filters = [filters]  # one condition, not a list of them
	found = []
	for condition in filters:
		if isinstance(condition, dict):
			found += filter_fields(condition)
		elif isinstance(condition, list | tuple) and len(condition) >= 4:
			found.append((str(condition[0]), split_field(str(condition[1]))[1]))
		elif isinstance(condition, list | tuple) and condition:
			found.append(split_field(str(condition[0])))
		else:
			found.append((None, str(condition)))  # a raw condition: never a field one may read
	return found


def split_field(field: str) -> tuple[str | None, str]:
	"""`tabX`.`f`, X.f or f -> (X or None, f)."""
	field = field.replace("`", "").strip()
	if "." not in field:
		return None, field
	table, name = field.rsplit(".", 1)
	return table.removeprefix("tab"), name
