"""The collection rate (收缴率, office/collection.py) of a known set of invoices and payments, per
community and month, and its limit to the communities a user may see."""

import frappe
import pytest

from tests.factories import make_community
from tests.test_dunning import fee_invoice, pay, units_with_payers
from tests.utils import as_user, make_user


def test_the_collection_rate_of_a_known_set():
	"""August: 1000 paid on time, 500 of which 200 paid after the due date, 500 unpaid: billed
	2000, 1000 by the due date (50 %), 1200 to date. September: 800 of 1000 on time (80 %)."""
	from property_service.office.report.collection_rate.collection_rate import execute

	community = make_community()
	a, b, c = units_with_payers(3, community)
	other = units_with_payers(1)[0]  # another community's invoice is not counted
	aug = {
		unit: fee_invoice(unit, "2026-08", amount, posting_date="2026-09-01")
		for unit, amount in ((a, 1000), (b, 500), (c, 500), (other, 999))
	}
	pay(aug[a], 1000, "2026-09-10")
	pay(aug[b], 200, "2026-09-20")  # after the due date (09-16)
	sep = fee_invoice(a, "2026-09", 1000, posting_date="2026-10-01")
	pay(sep, 800, "2026-10-16")  # on the due date
	_columns, rows, _message, chart, summary = execute(
		{"community": community, "from_date": "2026-08-01", "to_date": "2026-09-30"}
	)
	figures = [(row.month, row.billed, row.on_time, row.rate, row.received) for row in rows]
	assert figures == [("2026-08", 2000, 1000, 50.0, 1200), ("2026-09", 1000, 800, 80.0, 800)]
	assert chart["data"]["labels"] == ["2026-08", "2026-09"]
	assert chart["data"]["datasets"][0]["values"] == [50.0, 80.0]
	assert [figure["value"] for figure in summary] == [60.0, 3000, 1800]  # the period's: 1800 of 3000

	# staff limited to the community see it without choosing, and not the other one
	staff = make_user(roles=("Property Manager",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": staff, "allow": "Community", "for_value": community}
	).insert(ignore_permissions=True)
	with as_user(staff):
		mine = execute({"from_date": "2026-08-01", "to_date": "2026-09-30"})[1]
		assert {row.community for row in mine} == {community}
		other_community = frappe.db.get_value("Property Unit", other, "community")
		with pytest.raises(frappe.PermissionError):
			execute({"community": other_community, "from_date": "2026-08-01", "to_date": "2026-09-30"})
