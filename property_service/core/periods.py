"""Periods are months written YYYY-MM: billing, visit plans, inspections."""

import re

import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class InvalidPeriodError(frappe.ValidationError):
	pass


def validate_period(period: str | None) -> str:
	period = (period or "").strip()
	if not PERIOD.match(period):
		frappe.throw(
			_("{0} is not a month: write it as YYYY-MM, e.g. 2026-11.").format(period), InvalidPeriodError
		)
	return period


def period_of(date=None) -> str:
	"""The month of a date (today by default) as YYYY-MM."""
	return getdate(date or today()).strftime("%Y-%m")


def previous_period(date: str | None = None) -> str:
	return getdate(add_months(getdate(date or today()), -1)).strftime("%Y-%m")
