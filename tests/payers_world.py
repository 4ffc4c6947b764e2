"""Residents with invoices to pay online, committed for the test web server (the gateways' tests:
test_wechat_pay.py, test_alipay.py), and what the server recorded for them."""

import contextlib
import shutil
from pathlib import Path

import frappe

from property_service.billing.invoices import make_invoice
from property_service.core.limits import counter
from tests.portal_world import make_world, purge_world
from tests.utils import purge_invoices, unique

PAY = "/api/method/property_service.api.portal.pay_invoice"


@contextlib.contextmanager
def gateway_configured(doctype: str, gateway):
	"""The site's settings of a gateway point at the fake `gateway` (committed: the web server
	reads them); disabled afterwards."""
	doc = frappe.get_single(doctype)
	doc.update(gateway.settings())
	doc.save()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		yield gateway
	finally:
		frappe.db.rollback()
		doc = frappe.get_single(doctype)
		doc.enabled = 0
		doc.save()
		frappe.db.commit()  # nosemgrep: the settings as they were
		gateway.close()


@contextlib.contextmanager
def local_wechat_pay():
	"""The site's WeChat Pay on a gateway on loopback (tests/wechat_pay_gateway.py) for a module;
	the platform certificates the SDK kept removed afterwards."""
	from property_service.fees import wechat_pay
	from tests.wechat_pay_gateway import LocalWeChatPay

	with gateway_configured(wechat_pay.SETTINGS, LocalWeChatPay()) as local:
		yield local
	shutil.rmtree(Path(frappe.get_site_path("private", "wechatpay")), ignore_errors=True)


@contextlib.contextmanager
def local_alipay():
	"""The site's Alipay on a gateway on loopback (tests/alipay_gateway.py) for a module."""
	from property_service.fees import alipay
	from tests.alipay_gateway import LocalAlipay

	with gateway_configured(alipay.SETTINGS, LocalAlipay()) as local:
		yield local


def make_payers_world(prefix: str) -> frappe._dict:
	world = make_world()
	world.customer = frappe.db.get_value("Property Owner", world.owners[0], "customer")
	world.neighbour_customer = frappe.db.get_value("Property Owner", world.owners[1], "customer")
	world.company = frappe.db.get_value("Community", world.community, "company")
	world.prefix = unique(prefix)
	frappe.db.commit()  # nosemgrep: the web server is another process
	return world


def purge_payers_world(world) -> None:
	"""Deletes the world's invoices with their requests, Payment Entries and ledger rows."""
	frappe.db.rollback()
	invoices = frappe.get_all("Sales Invoice", {"billing_key": ["like", f"{world.prefix}%"]}, pluck="name")
	requests_ = frappe.get_all("Payment Request", {"reference_name": ["in", invoices or [""]]}, pluck="name")
	paid = frappe.get_all(
		"Payment Entry Reference", {"reference_name": ["in", invoices or [""]]}, pluck="parent"
	)
	for table in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(table, {"voucher_no": ["in", paid or [""]]})
	frappe.db.delete("Payment Entry Reference", {"parent": ["in", paid or [""]]})
	frappe.db.delete("Payment Entry", {"name": ["in", paid or [""]]})
	frappe.db.delete("Payment Request", {"name": ["in", requests_ or [""]]})
	purge_invoices({"name": ["in", invoices or [""]]})
	purge_world(world)
	frappe.db.commit()  # nosemgrep: the clean-up of committed test data


def invoice(
	world, customer: str | None = None, unit: str | None = None, rate: float = 120, qty: int = 1
) -> str:
	"""A committed fee invoice of the resident's unit (or `unit`): `qty` times `rate`."""
	doc = make_invoice(
		unique(world.prefix),
		customer=customer or world.customer,
		company=world.company,
		items=[{"item_code": "清洁抽油烟机", "qty": qty, "rate": rate}],
		property_unit=unit or world.unit,
	)
	frappe.db.commit()  # nosemgrep: the web server is another process
	return doc.name


def pay_over_rest(rest, world, name: str, method: str, **more) -> dict:
	# the tests start more orders than a resident may in an hour (the limit: test_wechat_pay.py)
	frappe.cache.delete(counter("property_service.api.portal.pay_invoice", world.resident))
	rest.login(world.resident)
	response = rest.post(PAY, json={"invoice": name, "method": method, **more})
	assert response.status_code == 200, response.text[:500]
	return response.json()["message"]


def entries(invoice_name: str) -> list[str]:
	"""The submitted Payment Entries of an invoice, as the server committed them."""
	frappe.db.rollback()
	return frappe.get_all(
		"Payment Entry Reference", {"reference_name": invoice_name, "docstatus": 1}, pluck="parent"
	)
