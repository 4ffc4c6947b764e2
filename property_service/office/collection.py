"""收缴率 (the collection rate): of the fees billed for a month, the share received by each
invoice's due date — the figure a Chinese property office is judged on — per community and
month (the invoice's fee period), from ERPNext's payment ledger: what an invoice booked to the
receivable is what was billed; payments and journal entries against it posted on or before its
due date are what was received in time (a credit note is no money received)."""

import frappe
from frappe.utils import flt

from property_service.office import statistics
from property_service.office.kpis import counting

RECEIPTS = ("Payment Entry", "Journal Entry")


def collection_rate(period) -> list[frappe._dict]:
	"""One row per community and month of the period: billed, received by the due date, the
	rate (%) and received to date; oldest month first."""
	query, ple, invoice, unit = statistics.units_ledger(period.community)
	months = period.months()
	own = ple.voucher_no == invoice.name
	receipt = ple.voucher_type.isin(RECEIPTS)
	query = (
		query.select(
			unit.community,
			invoice.fee_period.as_("month"),
			counting(own, ple.amount).as_("billed"),
			counting(receipt & (ple.posting_date <= invoice.due_date), -ple.amount).as_("on_time"),
			counting(receipt, -ple.amount).as_("received"),
		)
		.where(
			(invoice.docstatus == 1) & (invoice.is_return == 0) & invoice.fee_period[months[0] : months[-1]]
		)
		.groupby(unit.community, invoice.fee_period)
		.orderby(invoice.fee_period)
		.orderby(unit.community)
	)
	rows = []
	for row in query.run(as_dict=True):
		billed = flt(row.billed, 2)
		rows.append(
			frappe._dict(
				community=row.community,
				month=row.month,
				billed=billed,
				on_time=flt(row.on_time, 2),
				rate=flt(row.on_time * 100 / billed, 1) if billed else None,
				received=flt(row.received, 2),
			)
		)
	return rows


def monthly_trend(rows: list[dict]) -> list[frappe._dict]:
	"""The rows summed per month (all the communities shown): the trend's points."""
	months = {}
	for row in rows:
		total = months.setdefault(row["month"], frappe._dict(month=row["month"], billed=0.0, on_time=0.0))
		total.billed += row["billed"]
		total.on_time += row["on_time"]
	for total in months.values():
		total.rate = flt(total.on_time * 100 / total.billed, 1) if total.billed else None
	return list(months.values())
