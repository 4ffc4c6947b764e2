"""Sales Invoices the app makes: one per billed thing, guaranteed by the database.

Everything the office bills — a special-service booking, a unit's fees for a period — is an
ERPNext Sales Invoice carrying the unit it is for and a `billing_key` naming what it bills
("SS-00012", "FEE|<unit>|2026-11"). The key has a unique index: when two people or two workers
bill the same thing at once, the second insert waits for the first transaction and then fails,
so there is never a second invoice. Cancelling the invoice releases its key (NULL, which a unique
index does not count), so the thing can be billed again; the invoice keeps `special_service`
or `fee_period`, so history is kept.
"""

from functools import partial

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import add_days, cint, getdate, today

from property_service.core.permissions import resident_links


class AlreadyBilledError(frappe.ValidationError):
	pass


CUSTOM_FIELDS = {
	"Sales Invoice": [
		{
			"fieldname": "property_unit",
			"label": "Property Unit",
			"fieldtype": "Link",
			"options": "Property Unit",
			"insert_after": "customer_name",
			"in_standard_filter": 1,
			"search_index": 1,
		},
		{
			"fieldname": "fee_period",
			"label": "Fee Period",
			"fieldtype": "Data",
			"insert_after": "property_unit",
			"read_only": 1,
			"no_copy": 1,
			"description": "The month (YYYY-MM) whose fees this invoice bills",
		},
		{
			"fieldname": "billing_key",
			"label": "Billing Key",
			"fieldtype": "Data",
			"insert_after": "fee_period",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
			"unique": 1,
		},
	]
}


def ensure_invoice_fields() -> None:
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def billed_keys(keys: list[str]) -> set[str]:
	"""Which of `keys` an invoice that is not cancelled already bills."""
	if not keys:
		return set()
	return set(frappe.get_all("Sales Invoice", {"billing_key": ["in", keys]}, pluck="billing_key"))


def reserve_invoice_names(count: int) -> list[str | None]:
	"""`count` names of the Sales Invoice naming series, taken in one short transaction of their
	own — it commits what came before and itself. Workers billing at once then do not queue on the
	series' counter row (Frappe's naming holds it until the invoice's transaction ends). A name
	reserved for an invoice that then fails is a gap in the numbering. With a series that reads
	the invoice's own fields, nothing is reserved (None: named on insert)."""
	from frappe.model.naming import parse_naming_series

	series = invoice_series() + ".#####"  # as Frappe names by a naming series
	meta = frappe.get_meta("Sales Invoice")
	if not count or any(part.startswith("{") or meta.has_field(part) for part in series.split(".")):
		return [None] * count
	frappe.db.commit()  # nosemgrep  (the reservation is a transaction of its own)
	reserved = {}
	names = [parse_naming_series(series, number_generator=partial(take_numbers, reserved, count))]
	frappe.db.commit()  # nosemgrep  (frees the series' row at once)
	for number in range(reserved["first"] + 1, reserved["first"] + count):
		seen = {}
		name = parse_naming_series(series, number_generator=partial(numbered, seen, number))
		# the date in the series moved on since the reservation: that one is named on insert
		names.append(name if seen.get("prefix") == reserved["prefix"] else None)
	return names


def invoice_series() -> str:
	"""The naming series a new Sales Invoice takes: its field's default, else Frappe's (the first
	option)."""
	from frappe.model.naming import get_default_naming_series

	field = frappe.get_meta("Sales Invoice").get_field("naming_series")
	return field.default or get_default_naming_series("Sales Invoice")


def take_numbers(reserved: dict, count: int, prefix: str, digits: int) -> str:
	"""Moves the series' counter on by `count`; the first number. One statement makes the row or
	moves it on, locking it at once: workers starting a new year's series together then wait for
	each other on the row. Locking a row not yet there and then inserting it, as Frappe's naming
	does, made all but one of them die of a deadlock (or of a duplicate key, in read committed);
	so did an insert that ignores a row made meanwhile, with three at once (each waits to read
	the row, then to lock it, behind the others)."""
	table = frappe.qb.DocType("Series")
	(
		frappe.qb.into(table)
		.columns("name", "current")
		.insert(prefix, count)
		.on_duplicate_key_update(table.current, table.current + count)
	).run()
	current = frappe.qb.from_(table).where(table.name == prefix).for_update().select("current").run()
	first = cint(current[0][0]) - count + 1
	reserved.update(prefix=prefix, first=first)
	return f"{first:0{digits}d}"


def numbered(seen: dict, number: int, prefix: str, digits: int) -> str:
	seen["prefix"] = prefix
	return f"{number:0{digits}d}"


def make_invoice(
	key: str,
	customer: str,
	company: str,
	items: list[dict],
	posting_date: str | None = None,
	due_days: int = 0,
	ignore_permissions: bool = False,
	submit: bool = True,
	name: str | None = None,
	**fields,
):
	"""Inserts and submits the Sales Invoice billing `key`, with the current user's permissions
	(or none checked: `ignore_permissions`, for an invoice the app makes on the office's decision).
	`submit=False` leaves it a draft for an accountant to submit; a draft holds the key as well.
	`name`: one of reserve_invoice_names(), else the naming series names it.

	Raises AlreadyBilledError, changing nothing, when an invoice for `key` exists or is being
	made by another transaction."""
	posting_date = getdate(posting_date or today())
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": company,
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": add_days(posting_date, due_days or 0),
			"billing_key": key,
			"items": items,
			**fields,
		}
	)
	invoice.flags.ignore_permissions = ignore_permissions
	frappe.db.savepoint("make_invoice")
	try:
		invoice.insert(set_name=name)
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point="make_invoice")
		frappe.clear_last_message()  # Frappe's "Billing Key must be unique"
		frappe.throw(_("{0} has already been billed.").format(key), AlreadyBilledError)
	if submit:
		invoice.submit()
	return invoice


def release_key(invoice, method=None) -> None:
	"""Sales Invoice on_cancel: the key is free again and what was billed can be billed again.
	Each source of invoices reacts to the cancellation in its own hook (hooks.py): this module
	knows no source."""
	if invoice.get("billing_key"):
		invoice.db_set("billing_key", None, update_modified=False)


def household_invoices(user: str | None = None, limit: int | None = None) -> list[dict]:
	"""The submitted invoices of the resident's units from their own move-in on, whoever of the
	household is billed (ERPNext's own /invoices pages show only those billed to the user's own
	Customer); a former occupant's invoices are not the new household's."""
	links = resident_links(user or frappe.session.user)
	if not links:
		return []
	invoice = frappe.qb.DocType("Sales Invoice")
	since = [(invoice.property_unit == unit) & (invoice.posting_date >= day) for unit, day in links.items()]
	household = since[0]
	for condition in since[1:]:
		household |= condition
	fields = (
		"name",
		"property_unit",
		"posting_date",
		"due_date",
		"grand_total",
		"outstanding_amount",
		"currency",
		"status",
		"special_service",
		"fee_period",
		"customer",
		"customer_name",
	)
	query = (
		frappe.qb.from_(invoice)
		.select(*fields)
		.where((invoice.docstatus == 1) & household)
		.orderby(invoice.posting_date, order=frappe.qb.desc)
		.orderby(invoice.name, order=frappe.qb.desc)
	)
	return (query.limit(limit) if limit else query).run(as_dict=True)
