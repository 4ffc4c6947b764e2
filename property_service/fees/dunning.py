"""Arrears collection (催缴) with ERPNext's Dunning.

A daily job looks at the fee invoices (a fee period, submitted, money still owed) and makes, for
each one overdue by a level's days (Property Service Settings: first notice, reminder, final
notice), a draft Dunning of that level's Dunning Type with its Chinese letter text. An
accountant submits it (money moves only when an accountant submits: a Dunning may carry a late
fee); submitting it tells the unit's residents (Notification Log, email where set up, SMS
where a gateway is). One Dunning per level and invoice, guaranteed by the database: the
Dunning's `dunning_key` ("<invoice>|<level>") has a unique index, so the job run twice, or
twice at once, makes each once; a cancelled Dunning keeps its key (the office decided not to
send it, and the job does not send it again). An invoice found already past several levels gets
only the highest one; a level below one already made is never made afterwards.

A late fee only when the office turns it on (Settings → Charge a Late Fee, off by default:
whether a property fee may carry 滞纳金, and how much, differs by city): then each notice
carries its Dunning Type's fee and interest rate, ERPNext's fields; off, both are 0.
"""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import add_days, cint, getdate, today

from property_service.core.notices import notify, site_language
from property_service.property.occupancy import current_links

DUNNING = "Dunning"
SETTINGS = "Property Service Settings"

# the Dunning Types of the three levels (named "<type> - <company abbr>" by ERPNext)
# translate
DUNNING_TYPES = ("First Dunning Notice", "Dunning Reminder", "Final Dunning Notice")
# level, its Dunning Type, the setting of its days overdue
LEVELS = tuple(
	zip((1, 2, 3), DUNNING_TYPES, ("first_notice_days", "reminder_days", "final_notice_days"), strict=True)
)
DEFAULT_DAYS = {"first_notice_days": 30, "reminder_days": 60, "final_notice_days": 90}

# Jinja over the Dunning (ERPNext renders it when the Dunning is made): body and closing text
BODY = {
	"First Dunning Notice": (
		"<p>尊敬的{{ customer_name }}：</p><p>您的物业费账单 {{ overdue_payments[0].sales_invoice }}"
		"（应缴日期 {{ overdue_payments[0].due_date }}）尚有 {{ '%.2f' | format(total_outstanding) }} 元未缴，"
		"已逾期 {{ overdue_payments[0].overdue_days }} 天。请于收到本通知后尽快到管理处或通过线上缴纳。"
		"如已缴纳，请忽略本通知。</p>"
	),
	"Dunning Reminder": (
		"<p>尊敬的{{ customer_name }}：</p><p>我处已于此前发出催缴通知，您的物业费账单 "
		"{{ overdue_payments[0].sales_invoice }} 仍有 {{ '%.2f' | format(total_outstanding) }} 元未缴，已逾期 "
		"{{ overdue_payments[0].overdue_days }} 天。请于七日内缴清。</p>"
	),
	"Final Dunning Notice": (
		"<p>尊敬的{{ customer_name }}：</p><p>经多次催缴，您的物业费账单 {{ overdue_payments[0].sales_invoice }}"
		" 仍有 {{ '%.2f' | format(total_outstanding) }} 元未缴，已逾期 {{ overdue_payments[0].overdue_days }} 天。"
		"请于十五日内缴清，逾期我处将依照物业服务合同及有关规定追缴。</p>"
	),
}
CLOSING = "<p>特此通知。</p><p>{{ company }} 管理处</p>"
ENGLISH_BODY = (
	"<p>Dear {{ customer_name }},</p><p>Invoice {{ overdue_payments[0].sales_invoice }} "
	"(due {{ overdue_payments[0].due_date }}) still has {{ '%.2f' | format(total_outstanding) }} outstanding, "
	"{{ overdue_payments[0].overdue_days }} days overdue. Please pay it at the office or online.</p>"
)

CUSTOM_FIELDS = {
	DUNNING: [
		{
			"fieldname": "property_unit",
			"label": "Property Unit",
			"fieldtype": "Link",
			"options": "Property Unit",
			"insert_after": "customer_name",
			"read_only": 1,
			"in_standard_filter": 1,
			"search_index": 1,
		},
		{
			"fieldname": "community",
			"label": "Community",
			"fieldtype": "Link",
			"options": "Community",
			"insert_after": "property_unit",
			"read_only": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "dunning_level",
			"label": "Dunning Level",
			"fieldtype": "Int",
			"insert_after": "dunning_type",
			"read_only": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "dunning_key",
			"label": "Dunning Key",
			"fieldtype": "Data",
			"insert_after": "dunning_level",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
			"unique": 1,
		},
	]
}


def ensure_dunning_fields() -> None:
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def thresholds() -> list[tuple[int, str, int]]:
	"""(level, Dunning Type, days overdue) from the settings, in order."""
	settings = frappe.get_single(SETTINGS)
	return [(level, kind, cint(settings.get(field) or DEFAULT_DAYS[field])) for level, kind, field in LEVELS]


class CollectionDaysError(frappe.ValidationError):
	pass


def check_thresholds(settings, method=None) -> None:
	"""Property Service Settings validate: the levels' days overdue rise."""
	days = [cint(settings.get(field)) for _level, _kind, field in LEVELS]
	if not 0 < days[0] < days[1] < days[2]:
		frappe.throw(
			_(
				"The days overdue of the first notice, the reminder and the final notice must rise: {0}."
			).format(" < ".join(str(day) for day in days)),
			CollectionDaysError,
		)


def late_fee_enabled() -> bool:
	return bool(cint(frappe.db.get_single_value(SETTINGS, "late_fee_enabled")))


def ensure_dunning_type(company: str, kind: str) -> str:
	"""The company's Dunning Type of a level, made with its letter texts (zh, the default, and
	en) when missing; an administrator's edits are kept."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{kind} - {abbr}"
	if frappe.db.exists("Dunning Type", name):
		return name
	kind_doc = frappe.get_doc(
		{
			"doctype": "Dunning Type",
			"dunning_type": kind,
			"company": company,
			"dunning_letter_text": [
				{
					"language": "zh",
					"is_default_language": 1,
					"body_text": BODY[kind],
					"closing_text": CLOSING,
				},
				{"language": "en", "body_text": ENGLISH_BODY, "closing_text": "<p>{{ company }}</p>"},
			],
		}
	)
	frappe.db.savepoint("dunning_type")
	try:
		kind_doc.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:  # another run made it at the same moment
		frappe.db.rollback(save_point="dunning_type")
	return name


def overdue_fee_invoices(day, days: int) -> list[frappe._dict]:
	"""Submitted fee invoices with money owed, due `days` or more before `day`."""
	return frappe.get_all(
		"Sales Invoice",
		{
			"docstatus": 1,
			"fee_period": ["is", "set"],
			"is_return": 0,
			"outstanding_amount": [">", 0],
			"due_date": ["<=", add_days(day, -days)],
		},
		["name", "due_date", "company", "property_unit"],
		order_by="due_date, name",
	)


def made_levels(invoices: list[str]) -> dict[str, int]:
	"""The highest level made so far (drafts, submitted and cancelled alike) per invoice."""
	keys = [f"{invoice}|{level}" for invoice in invoices for level, _kind, _field in LEVELS]
	highest = {}
	for key in frappe.get_all(DUNNING, {"dunning_key": ["in", keys or [""]]}, pluck="dunning_key"):
		invoice, level = key.rsplit("|", 1)
		highest[invoice] = max(highest.get(invoice, 0), cint(level))
	return highest


def daily_dunnings() -> None:
	"""The scheduled job (queue long): committing every 50 Dunnings, so that a run stopped half
	way keeps what it made (the next run makes the rest)."""
	make_dunnings(commit_every=50)


def make_dunnings(day=None, commit_every: int = 0) -> list[str]:
	"""A draft Dunning for each fee invoice at the highest level its days overdue have reached,
	when no Dunning of that level or a higher one exists. Safe to run twice, or twice at once (the
	unique key). An invoice whose Dunning fails is logged (Error Log) and the others made.
	Returns the Dunnings made."""
	day = getdate(day or today())
	due = {}
	for level, kind, days in thresholds():
		for invoice in overdue_fee_invoices(day, days):
			due[invoice.name] = (level, kind, invoice)
	made = made_levels(list(due))
	names = []
	for invoice_name, (level, kind, invoice) in due.items():
		if made.get(invoice_name, 0) >= level:
			continue
		frappe.db.savepoint("dunning_invoice")
		try:
			name = make_dunning(invoice, level, kind, day)
		except frappe.ValidationError:
			frappe.db.rollback(save_point="dunning_invoice")
			frappe.clear_last_message()
			frappe.log_error(
				_("No dunning notice made for {0}").format(invoice_name),
				reference_doctype="Sales Invoice",
				reference_name=invoice_name,
			)
			continue
		if name:
			names.append(name)
			if commit_every and len(names) % commit_every == 0:
				frappe.db.commit()  # nosemgrep  (a long job keeps what it made)
	return names


def make_dunning(invoice, level: int, kind: str, day) -> str | None:
	"""The Dunning of `level` for `invoice`, drafted as ERPNext's "Create Dunning" of the
	invoice drafts it; None when another transaction made it first."""
	from erpnext.accounts.doctype.dunning.dunning import get_dunning_letter_text
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning

	# Two runs at once wait here for each other: the second then finds the first's Dunning (a
	# locking read sees what was committed) instead of racing it for a new month's naming series,
	# where both would insert the same `tabSeries` row and one would die of a deadlock.
	frappe.db.get_value("Sales Invoice", invoice.name, "name", for_update=True)
	key = f"{invoice.name}|{level}"
	if frappe.db.get_value("Dunning", {"dunning_key": key}, "name", for_update=True):
		return None
	dunning = create_dunning(invoice.name, ignore_permissions=True)
	if not dunning.overdue_payments:  # its payment terms fall due later than the invoice
		return None
	dunning_type = frappe.get_doc("Dunning Type", ensure_dunning_type(invoice.company, kind))
	dunning.update(
		{
			"posting_date": day,
			"dunning_type": dunning_type.name,
			"dunning_level": level,
			"dunning_key": key,
			"rate_of_interest": dunning_type.rate_of_interest,
			"dunning_fee": dunning_type.dunning_fee,
			"income_account": dunning_type.income_account,
			"cost_center": dunning_type.cost_center,
		}
	)
	dunning.validate()  # the overdue days, at the Dunning's date, for the letter
	no_late_fee_unless_enabled(dunning)
	letter = get_dunning_letter_text(dunning_type.name, dunning.as_dict(), language=site_language())
	dunning.update({key: letter.get(key) for key in ("body_text", "closing_text", "language")})
	dunning.flags.ignore_permissions = True
	dunning.flags.made_by_job = True
	frappe.db.savepoint("make_dunning")
	try:
		dunning.insert()
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point="make_dunning")
		frappe.clear_last_message()
		return None
	return dunning.name


def validate(dunning, method=None) -> None:
	"""Dunning validate (after ERPNext's): the office's rules on every Dunning, the job's or an
	accountant's."""
	set_unit(dunning)
	keep_job_fields(dunning)
	no_late_fee_unless_enabled(dunning)


def set_unit(dunning) -> None:
	"""The unit and community come from the invoice (so Frappe's User Permissions on Community
	limit who reads the Dunning)."""
	invoices = [row.sales_invoice for row in dunning.overdue_payments]
	unit = frappe.db.get_value("Sales Invoice", invoices[0], "property_unit") if invoices else None
	dunning.property_unit = unit
	dunning.community = frappe.db.get_value("Property Unit", unit, "community") if unit else None


def keep_job_fields(dunning) -> None:
	"""The level and key are set by the job only."""
	if dunning.flags.made_by_job:
		return
	stored = dunning.get_doc_before_save()
	for field in ("dunning_level", "dunning_key"):
		dunning.set(field, stored.get(field) if stored else None)


def no_late_fee_unless_enabled(dunning) -> None:
	"""With the late fee off, no fee and no interest (Frappe fetches the Dunning Type's into an
	empty fee, 0 included, so this comes after ERPNext's validate and sums up again)."""
	if late_fee_enabled() or not (dunning.dunning_fee or dunning.rate_of_interest):
		return
	dunning.dunning_fee = dunning.rate_of_interest = 0
	dunning.validate_overdue_payments()
	dunning.validate_totals()


def tell_residents(dunning, method=None) -> None:
	"""Dunning on_submit: the unit's current residents are told, with the invoice (which they
	read on the portal) as the notice's record."""
	if not dunning.property_unit:
		return
	owners = [link.property_owner for link in current_links([dunning.property_unit])]
	users = frappe.get_all("Property Owner", {"name": ["in", owners or [""]]}, pluck="user")
	invoice = frappe.get_doc("Sales Invoice", dunning.overdue_payments[0].sales_invoice)
	kind = frappe.db.get_value("Dunning Type", dunning.dunning_type, "dunning_type") or ""
	lang = site_language()
	message = _("{0}: {1} of your fees for {2} is overdue since {3}. Please pay it.", lang=lang).format(
		_(kind, lang=lang),
		frappe.format_value(dunning.total_outstanding, {"fieldtype": "Currency"}),
		invoice.fee_period,
		frappe.format_value(invoice.due_date, {"fieldtype": "Date"}),
	)
	notify(users, invoice, message)


def notices_of(invoices: list[str]) -> dict[str, str]:
	"""Per invoice, the Dunning Type (its level's name, to translate) of the highest notice sent
	(a submitted Dunning): what the resident's home shows beside the invoice."""
	if not invoices:
		return {}
	notice, row, kind = (
		frappe.qb.DocType(DUNNING),
		frappe.qb.DocType("Overdue Payment"),
		frappe.qb.DocType("Dunning Type"),
	)
	sent = (
		frappe.qb.from_(row)
		.join(notice)
		.on((notice.name == row.parent) & (row.parenttype == DUNNING))
		.join(kind)
		.on(kind.name == notice.dunning_type)
		.select(row.sales_invoice, kind.dunning_type)
		.where(row.sales_invoice.isin(invoices) & (notice.docstatus == 1))
		.orderby(notice.dunning_level)
	).run()
	return dict(sent)  # the highest level last


def collection_history(units: list[str]) -> dict[str, frappe._dict]:
	"""Per unit: the notices sent (submitted Dunnings), the last one's level and date."""
	if not units:
		return {}
	rows = frappe.get_all(
		DUNNING,
		{"property_unit": ["in", units], "docstatus": 1},
		["property_unit", "dunning_level", "posting_date"],
		order_by="posting_date, dunning_level",
	)
	history = {}
	for row in rows:
		entry = history.setdefault(row.property_unit, frappe._dict(notices=0))
		entry.notices += 1
		entry.last_level, entry.last_notice = row.dunning_level, row.posting_date
	return history
