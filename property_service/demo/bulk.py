"""Writing many documents fast: free names as ERPNext numbers them, documents collected and written
one statement per DocType, naming-series numbers reserved a block at a time."""

from collections import defaultdict

import frappe
from frappe.query_builder import Table


class NameBook:
	"""Free document names, repeated names numbered as ERPNext numbers customers (name - 1)."""

	def __init__(self, taken):
		self.taken = set(taken)
		self.next_suffix: dict[str, int] = {}

	def take(self, base: str) -> str:
		name = base
		while name in self.taken:
			self.next_suffix[base] = self.next_suffix.get(base, 0) + 1
			name = f"{base} - {self.next_suffix[base]}"
		self.taken.add(name)
		return name


class BulkWriter:
	"""Collects documents (with their child rows) and writes each doctype in one statement."""

	def __init__(self):
		self.columns: dict[str, list[str]] = {}
		self.rows: dict[str, list[list]] = defaultdict(list)

	def add(self, doc) -> None:
		doc.set_user_and_timestamp()
		doc.set_parent_in_children()
		for row in [doc, *doc.get_all_children()]:
			row.name = row.name or frappe.generate_hash(length=20)  # 10 collide at millions of rows
			values = row.get_valid_dict(convert_dates_to_str=True, ignore_nulls=False)
			columns = self.columns.setdefault(row.doctype, list(values))
			self.rows[row.doctype].append([values.get(column) for column in columns])

	def flush(self) -> None:
		for doctype, rows in self.rows.items():
			frappe.db.bulk_insert(doctype, self.columns[doctype], rows)
		self.rows.clear()


class SeriesBlock:
	"""Numbers of a naming series (as the autoname `OWN-.#####` uses), reserved a block at a time."""

	def __init__(self, prefix: str, digits: int = 5, block: int = 1000):
		self.prefix, self.digits, self.block = prefix, digits, block
		self.next = self.end = 0

	def take(self) -> str:
		if self.next >= self.end:
			self.next = reserve_series(self.prefix, self.block)
			self.end = self.next + self.block
		number, self.next = self.next, self.next + 1
		return f"{self.prefix}{number:0{self.digits}d}"


def reserve_series(prefix: str, count: int) -> int:
	"""Moves the series past `count` numbers and returns the first of them."""
	series = Table("tabSeries")
	current = frappe.qb.from_(series).select(series.current).where(series.name == prefix).for_update().run()
	if not current:
		frappe.qb.into(series).insert(prefix, 0).run()
		current = [[0]]
	start = int(current[0][0]) + 1
	frappe.qb.update(series).set(series.current, start + count - 1).where(series.name == prefix).run()
	return start
