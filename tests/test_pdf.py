"""PDFs work out of the box: a Service Request and a Sales Invoice download as PDF through the
test server, with their Chinese text (wkhtmltopdf, the CJK fonts and the /etc/hosts entry the
set-up adds)."""

import subprocess
import unicodedata

import frappe
import pytest

from property_service.billing.invoices import make_invoice
from tests.portal_world import make_world, purge_world
from tests.utils import unique


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.unit, "description": "厨房下水道堵塞"}
	).insert()
	customer = frappe.db.get_value("Property Owner", world.owners[0], "customer")
	company = frappe.db.get_value("Community", world.community, "company")
	invoice = make_invoice(
		unique("PDF"),
		customer=customer,
		company=company,
		items=[{"item_code": "清洁抽油烟机", "qty": 1, "rate": 120}],
		property_unit=world.unit,
	)
	world.request, world.invoice = request.name, invoice.name
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	purge_world(world)


def pdf_text(rest, server, doctype: str, name: str) -> str:
	rest.login("Administrator")
	# the port in Host: the page's assets are fetched from the site's URL as the browser names it
	port = server.rsplit(":", 1)[1]
	response = rest.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": doctype, "name": name},
		headers={"Host": f"{frappe.local.site}:{port}"},
	)
	assert response.status_code == 200, response.text[:500]
	assert response.content.startswith(b"%PDF")
	text = subprocess.run(
		["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
	).stdout.decode()
	return unicodedata.normalize("NFKC", text)  # pdftotext gives some characters as Kangxi radicals


def test_a_service_request_prints_as_a_pdf_in_chinese(world, rest, server):
	assert "厨房下水道堵塞" in pdf_text(rest, server, "Service Request", world.request)


def test_a_sales_invoice_prints_as_a_pdf_in_chinese(world, rest, server):
	assert "清洁抽油烟机" in pdf_text(rest, server, "Sales Invoice", world.invoice)
