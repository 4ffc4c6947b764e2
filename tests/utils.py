"""Helpers for tests: acting as a user, committed test users, a REST client."""

import contextlib
import os
import threading
import time
import uuid
from pathlib import Path

import frappe
import requests

TEST_PASSWORD = "Ps-Test-Pass-2026!"


def unique(prefix: str = "t") -> str:
	"""A name no other test run uses, for data that must be committed."""
	return f"{prefix}-{uuid.uuid4().hex[:10]}"


@contextlib.contextmanager
def as_user(user: str):
	"""Runs the block as `user` (frappe.set_user), then goes back to the previous user."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def make_user(
	email: str | None = None,
	roles: tuple[str, ...] = (),
	user_type: str = "System User",
	password: str = TEST_PASSWORD,
) -> str:
	"""Creates (or returns) an enabled user with the given roles. Safe to call twice."""
	email = email or f"{unique('user')}@example.com"
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"user_type": user_type,
				"send_welcome_email": 0,
				"new_password": password,
			}
		).insert(ignore_permissions=True)
	if roles:
		user.add_roles(*roles)
	return user.name


@contextlib.contextmanager
def committed_user(roles: tuple[str, ...] = (), user_type: str = "System User"):
	"""A user other processes (the web server) can see; deleted afterwards."""
	name = make_user(roles=roles, user_type=user_type)
	# the server is another process and must see this user
	frappe.db.commit()  # nosemgrep
	try:
		yield name
	finally:
		delete_user(name)
		# clean-up of committed test data
		frappe.db.commit()  # nosemgrep


def delete_user(user: str) -> None:
	"""Deletes a user and the Contact Frappe made for them (it keeps it, unlinked, otherwise).

	A Frappe 16 web server writes the user's last activity after it has answered them, so the
	user's row may be locked for a moment after a test's last request: deleting (which asks for
	the lock without waiting) is tried again until the server is done."""
	for attempt in range(40):
		frappe.db.savepoint("delete_user")
		try:
			frappe.delete_doc("User", user, ignore_permissions=True, force=True)
			break
		except frappe.QueryTimeoutError:
			frappe.db.rollback(save_point="delete_user")
			if attempt == 39:
				raise
			time.sleep(0.25)
	frappe.db.delete("Contact Email", {"email_id": user, "parenttype": "Contact"})
	frappe.db.delete("Contact", {"email_id": user})


def stored(doctype: str, name: str) -> dict:
	"""The record as stored now: a new snapshot (the web server committed in another process)."""
	frappe.db.rollback()
	return frappe.get_doc(doctype, name).as_dict()


def on_own_connection(user: str, work) -> None:
	"""Runs work() in a thread with its own site connection, as a second worker would."""
	frappe.init(site=os.environ["PS_TEST_SITE"], sites_path=str(Path(os.environ["PS_BENCH_DIR"]) / "sites"))
	frappe.connect()
	frappe.set_user(user)
	try:
		work()
	finally:
		frappe.db.rollback()
		frappe.destroy()


def racing_for_a_new_series(prefix: str, work, runs: int = 2, timeout: int = 120) -> None:
	"""Runs work() `runs` times at once, each on its own connection, while this connection holds the
	gap where naming series `prefix`'s row (not there yet) goes — for 3 s, so that every run gets
	as far as inserting that row before any of them does: the first names of a new month or year
	taken at once, every time rather than now and then. Commits what came before."""
	frappe.db.commit()  # nosemgrep: the runs are other connections
	frappe.db.sql("select current from `tabSeries` where name=%s for update", prefix)
	threads = [threading.Thread(target=on_own_connection, args=("Administrator", work)) for _n in range(runs)]
	for thread in threads:
		thread.start()
	time.sleep(3)
	frappe.db.rollback()
	for thread in threads:
		thread.join(timeout=timeout)


def at_once(users: list[str], work, timeout: int = 120) -> None:
	"""Runs work() as each of `users` at the same time, each on its own connection and thread."""
	threads = [threading.Thread(target=on_own_connection, args=(user, work)) for user in users]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=timeout)


def page_as(user: str, path: str, lang: str = "en") -> str:
	"""The portal page at `path` as `user` sees it in `lang`, rendered in this process."""
	from frappe.utils import set_request
	from frappe.website.serve import get_response_content

	language = frappe.local.lang
	try:
		with as_user(user):
			frappe.local.lang = lang
			set_request(method="GET", path=path)
			return get_response_content(path)
	finally:
		frappe.local.lang = language


def purge_invoices(filters: dict) -> None:
	"""Deletes committed test invoices matching `filters` with their ledger rows (no commit)."""
	invoices = frappe.get_all("Sales Invoice", filters, pluck="name")
	if not invoices:
		return
	for table in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(table, {"voucher_no": ["in", invoices]})
	frappe.db.delete("Sales Invoice Item", {"parent": ["in", invoices]})
	frappe.db.delete("Sales Invoice", {"name": ["in", invoices]})


def purge_payments(units: list[str]) -> None:
	"""Deletes committed test Payment Entries for `units` (drafts or submitted) with their ledger
	rows and ToDos (no commit)."""
	for name in frappe.get_all("Payment Entry", {"property_unit": ["in", units]}, pluck="name"):
		for table in ("GL Entry", "Payment Ledger Entry"):
			frappe.db.delete(table, {"voucher_no": name})
		frappe.db.delete("ToDo", {"reference_type": "Payment Entry", "reference_name": name})
		frappe.db.delete("Payment Entry Reference", {"parent": name})
		frappe.db.delete("Payment Entry", name)  # a submitted one: Frappe's delete would refuse


class RestClient:
	"""Calls the REST API of the test server as a logged-in user (session cookie)."""

	def __init__(self, base_url: str, site: str):
		self.base_url = base_url.rstrip("/")
		self.session = requests.Session()
		self.session.headers.update({"Host": site, "Accept": "application/json"})

	def login(self, user: str) -> None:
		"""Acts as `user` from now on, with token authentication (keys committed for the server).

		Token calls need no CSRF token, which cookie sessions would; CSRF stays on in the server.
		"""
		if user == "Guest":
			self.session.headers.pop("Authorization", None)
			return
		doc = frappe.get_doc("User", user)
		api_key = doc.api_key or frappe.generate_hash(length=15)
		api_secret = frappe.generate_hash(length=15)
		doc.db_set({"api_key": api_key}, update_modified=False)
		from frappe.utils.password import set_encrypted_password

		set_encrypted_password("User", user, api_secret, "api_secret")
		# the server is another process and must see the keys
		frappe.db.commit()  # nosemgrep
		self.session.headers["Authorization"] = f"token {api_key}:{api_secret}"

	def get(self, path: str, **kwargs) -> requests.Response:
		return self.session.get(self.base_url + path, timeout=60, **kwargs)

	def post(self, path: str, **kwargs) -> requests.Response:
		return self.session.post(self.base_url + path, timeout=60, **kwargs)

	def put(self, path: str, **kwargs) -> requests.Response:
		return self.session.put(self.base_url + path, timeout=60, **kwargs)

	def delete(self, path: str, **kwargs) -> requests.Response:
		return self.session.delete(self.base_url + path, timeout=60, **kwargs)

	def close(self) -> None:
		self.session.close()


def generated_annotations(tree) -> set[int]:
	"""The ids of the AST nodes in `if TYPE_CHECKING:` blocks: Frappe's generated type annotations,
	which list a DocType's Select options."""
	import ast

	return {
		id(node)
		for block in ast.walk(tree)
		if isinstance(block, ast.If) and getattr(block.test, "id", None) == "TYPE_CHECKING"
		for node in ast.walk(block)
	}


def refused_over_rest(rest, doctype: str, payload: dict, error: str | tuple[str, ...]) -> None:
	"""Posts `payload` as a new `doctype` over REST, as a client would: the server refuses it with
	`error` in its message, and the database holds no more of the DocType than before — read
	afresh after the request (the test's own snapshot would not see what the server committed),
	so a hook that wrote and committed before the refusal would fail it. The test must have
	nothing of its own uncommitted."""
	frappe.db.rollback()
	before = frappe.db.count(doctype)
	response = rest.post(f"/api/resource/{doctype}", json=payload)
	assert response.status_code == 417, response.text[:300]
	said = response.json().get("exception", "") + response.text
	assert any(name in said for name in ((error,) if isinstance(error, str) else error)), said[:300]
	frappe.db.rollback()
	assert frappe.db.count(doctype) == before


def run_daily_notification(name: str) -> None:
	"""What Frappe's daily job (trigger_daily_alerts) does for one Notification, without the commit
	it makes after each document (the test's writes are rolled back)."""
	from frappe.email.doctype.notification.notification import evaluate_alert

	notification = frappe.get_doc("Notification", name)
	for doc in notification.get_documents_for_today():
		evaluate_alert(doc, notification, notification.event)


# A link to a record that does not exist: Frappe 15 lets it through when the DocType fetches from
# the link and the app refuses it with its own error; Frappe 16 checks every link first.
UNKNOWN_LINK = "LinkValidationError"


def tiny_pdf(title: str = "drawing") -> str:
	"""A small valid PDF in plain ASCII (one blank page titled `title`), usable as bytes and as a
	JSON string: Frappe 16 reads an uploaded PDF for scripts, and refuses one it cannot parse."""
	objects = [
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 72 72]>>",
		f"<</Title ({title})>>",
	]
	pdf, offsets = "%PDF-1.4\n", []
	for number, body in enumerate(objects, 1):
		offsets.append(len(pdf))
		pdf += f"{number} 0 obj {body} endobj\n"
	xref = len(pdf)
	pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
	pdf += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
	return pdf + f"trailer <</Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R>>\nstartxref\n{xref}\n%%EOF\n"
