"""The doors Frappe opens beside the app's own, shut on the server (issue 22; README, "Security").

- `gate`: every API request, after Frappe has signed the caller in (an auth hook, so token and
  cookie sessions alike): residents (website users) reach a named list of methods and the app's
  resident DocTypes only; office staff without an ERPNext role reach none of ERPNext's methods;
  no one filters, groups or counts by a field they may not read.
- `queries`: counts and group-by counts that apply the user's rights (Frappe's
  `frappe.client.get_count` is `frappe.db.count`), and child rows only of parents the user may
  read (a `*` permission query condition).
- `files`: a File may name an existing private file only when the user may read a record it is
  attached to; the kinds of file the office accepts.
- `doors.csv`: the reviewed census of every whitelisted method of every installed app, checked
  by `tests/test_doors.py`: a new door fails the test until it is reviewed.
"""


def clear_caches(doc=None, method=None) -> None:
	"""Permission rules or tables changed: the resident DocTypes and child tables' parents anew."""
	from property_service.security import gate, queries

	gate.clear_cache()
	queries.clear_cache()


def after_migrate() -> None:
	"""Install and migrate (hooks): the site's allowed file kinds, and the caches anew."""
	from property_service.security.files import set_allowed_extensions

	set_allowed_extensions()
	clear_caches()
