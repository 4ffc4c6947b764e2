"""Backup and restore keep every record (QUALITY.md, reliability 6): the test site, with a
committed household, a request with a private photo, a billed booking, a fee plan, a meter
reading and a notice, is backed up with its files by `bench backup` and restored into a new
site by `bench restore`; both sites then hold the same records and the photo's bytes."""

import os
from pathlib import Path

import frappe
import pytest

from property_service.core.workflows import transition
from property_service.special_services.billing import bill
from tests.portal_world import make_world, purge_world
from tests.sites import BENCH, bench, site_eval
from tests.utils import unique

pytestmark = pytest.mark.slow

DOCTYPES = (
	"Community",
	"Building",
	"Property Unit",
	"Property Owner",
	"Service Request",
	"Complaint",
	"Callback Record",
	"Special Service",
	"Notice",
	"Fee Plan",
	"Meter Reading",
	"Sales Invoice",
	"Customer",
	"File",
	"Workflow",
)
PHOTO = b"\x89PNG\r\n\x1a\n backup-restore photo"


def counts(site: str) -> dict:
	return site_eval(site, f"result = {{d: frappe.db.count(d) for d in {list(DOCTYPES)!r}}}")


@pytest.fixture
def world_with_records(site):
	world = make_world()
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.unit, "description": "备份测试"}
	).insert()
	photo = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{unique('photo')}.png",
			"attached_to_doctype": "Service Request",
			"attached_to_name": request.name,
			"is_private": 1,
			"content": PHOTO,
		}
	).insert(ignore_permissions=True)
	booking = frappe.get_doc(
		{"doctype": "Special Service", "unit": world.unit, "service_item": "清洁排风扇"}
	).insert()
	for action in ("Accept", "Dispatch", "Complete"):
		transition(booking, action, "test")
	bill(booking.name)
	frappe.get_doc({"doctype": "Fee Plan", "community": world.community}).insert()
	frappe.get_doc(
		{
			"doctype": "Meter Reading",
			"unit": world.unit,
			"meter_type": "Water",
			"period": "2026-10",
			"reading": 12,
		}
	).insert()
	notice = frappe.get_doc(
		{"doctype": "Notice", "title": "备份", "body": "x", "community": world.community}
	).insert()
	# the backup is taken by another process
	frappe.db.commit()  # nosemgrep
	yield frappe._dict(world=world, photo=photo)
	frappe.db.rollback()
	frappe.delete_doc("Notice", notice.name, force=True, ignore_permissions=True)
	frappe.db.delete("Meter Reading", {"unit": world.unit})
	frappe.delete_doc("Fee Plan", world.community, force=True, ignore_permissions=True)
	# clean-up of committed test data (purge_world starts with a rollback)
	frappe.db.commit()  # nosemgrep
	purge_world(world)


def test_a_restored_backup_keeps_every_record_and_file(site, world_with_records):
	backup_dir = Path(BENCH) / "sites" / site / "private" / "backups"
	before = set(backup_dir.glob("*")) if backup_dir.exists() else set()
	bench("--site", site, "backup", "--with-files")
	made = {path.name: path for path in set(backup_dir.glob("*")) - before}
	database = next(path for name, path in made.items() if name.endswith("-database.sql.gz"))
	private = next(path for name, path in made.items() if name.endswith("-private-files.tar"))
	public = next(
		path for name, path in made.items() if name.endswith("-files.tar") and "private" not in name
	)
	restored = f"{unique('restore')}.localhost"
	password = os.environ["PS_DB_ROOT_PASSWORD"]
	try:
		# an administrator restores into a new (empty) site
		bench("new-site", restored, "--db-root-username", "root", "--db-root-password", password,
			"--admin-password", "admin")  # fmt: skip
		bench("--site", restored, "--force", "restore", str(database), "--with-private-files", str(private),
			"--with-public-files", str(public), "--db-root-username", "root",
			"--db-root-password", password, "--admin-password", "admin")  # fmt: skip
		assert counts(restored) == counts(site)
		photo_url = world_with_records.photo.file_url
		assert (
			site_eval(
				restored,
				# the bytes on disk (Frappe 16's get_content decodes whatever some text encoding accepts)
				f"result = open(frappe.get_doc('File', {{'file_url': {photo_url!r}}}).get_full_path(), 'rb')"
				".read().hex()",
			)
			== PHOTO.hex()
		)
	finally:
		for path in made.values():
			path.unlink(missing_ok=True)
		if (Path(BENCH) / "sites" / restored).exists():
			bench("drop-site", restored, "--force", "--no-backup", "--db-root-username", "root",
				"--db-root-password", password)  # fmt: skip
