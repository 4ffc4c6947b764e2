"""The demo community: buildings, units of every type and status, and their residents.

Deterministic from `seed`. Every person gets what saving a Property Owner gives them: an ERPNext
Customer (named as ERPNext names a repeated customer name) with its primary Contact carrying
the mobile number and email. Documents are built with Frappe's own document objects (defaults,
timestamps, child rows) and written in batches (bulk.py), because inserting one Customer at a
time costs about 60 ms and 20,000 units bring about 45,000 people.
"""

import random
import time
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from property_service.demo.bulk import BulkWriter, NameBook, SeriesBlock
from property_service.property.customers import default_leaf
from property_service.vocabulary import OCCUPIED, RENOVATING, VACANT

DEMO_COMMUNITY = "阳光花园"
FLOORS = 18
UNITS_PER_FLOOR = 4
BATCH = 500

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂英华玉兰萍红鹏飞辉建国建华志强海燕晓东丹宇浩然子涵欣怡梓轩雨桐一诺思远佳怡俊杰文博婷婷"
COMPANY_WORDS = ("商贸", "餐饮", "科技", "文化", "药房", "便利店", "洗衣", "教育")


class DemoDataExistsError(frappe.ValidationError):
	pass


def make_demo_data(
	units: int = 300, seed: int = 7, community: str = DEMO_COMMUNITY, quiet: bool = False, commit: bool = True
) -> dict:
	"""Makes `community` with `units` units and their residents; returns the counts made.

	With `commit` (the command line), each batch is committed as it is written."""
	if frappe.db.exists("Community", community):
		frappe.throw(_("Community {0} already exists.").format(community), DemoDataExistsError)
	started = time.monotonic()
	generator = DemoGenerator(community, units, random.Random(seed), quiet, commit)
	counts = generator.run()
	counts["seconds"] = round(time.monotonic() - started, 1)
	generator.progress(f"done: {counts}")
	return counts


class DemoGenerator:
	def __init__(self, community: str, units: int, rng: random.Random, quiet: bool, commit: bool):
		self.community, self.total_units, self.rng, self.quiet = community, units, rng, quiet
		self.commit = commit
		self.writer = BulkWriter()
		self.customer_names = NameBook(frappe.get_all("Customer", pluck="name"))
		self.customer_defaults = {
			"customer_group": default_leaf("Customer Group", "customer_group"),
			"territory": default_leaf("Territory", "territory"),
		}
		self.counts = defaultdict(int)
		self.person_serial = 0
		self.owner_names = SeriesBlock("OWN-")

	def progress(self, message: str) -> None:
		if not self.quiet:
			print(message, flush=True)

	def run(self) -> dict:
		company = frappe.get_all("Company", pluck="name", limit=1)
		frappe.get_doc(
			{
				"doctype": "Community",
				"community_name": self.community,
				"company": company[0] if company else None,
			}
		).insert(ignore_permissions=True)
		per_building = FLOORS * UNITS_PER_FLOOR
		buildings = max(1, -(-self.total_units // per_building))
		made = 0
		for number in range(1, buildings + 1):
			building = frappe.get_doc(
				{
					"doctype": "Building",
					"community": self.community,
					"building_name": f"{number}栋",
					"floors": FLOORS,
				}
			).insert(ignore_permissions=True)
			self.counts["buildings"] += 1
			for index in range(min(per_building, self.total_units - made)):
				floor, door = divmod(index, UNITS_PER_FLOOR)
				self.make_unit(building.name, floor + 1, door + 1)
				made += 1
				if made % BATCH == 0:
					self.flush(made)
		self.flush(made)
		return dict(self.counts)

	def flush(self, made: int) -> None:
		self.writer.flush()
		if self.commit:
			# a command-line generator writing in batches
			frappe.db.commit()  # nosemgrep
		percent = 100 * made // self.total_units
		self.progress(f"[{'#' * (percent // 5):<20}] {percent:3d}% {made}/{self.total_units} units")

	def make_unit(self, building: str, floor: int, door: int) -> None:
		rng = self.rng
		unit_type = pick_unit_type(rng, floor, door)
		number = f"{floor}{door:02d}" if unit_type == "Residential" else f"{unit_type[0]}{floor}{door:02d}"
		unit = frappe.new_doc("Property Unit")
		unit.update(
			{
				"name": f"{building}-{number}",
				"unit_number": number,
				"building": building,
				"community": self.community,
				"floor": floor,
				"unit_type": unit_type,
				"area": round(rng.uniform(60, 160) if unit_type == "Residential" else rng.uniform(10, 80), 2),
			}
		)
		links = self.make_residents(unit, unit_type)
		lives_here = any(link["lives_here"] for link in links)
		unit.renovating = int(lives_here is False and bool(links) and rng.random() < 0.15)
		unit.status = RENOVATING if unit.renovating else (OCCUPIED if lives_here else VACANT)
		owners = [link for link in links if link["relation"] == "Owner"]
		if owners:
			unit.payer, unit.payer_name = owners[0]["person"], owners[0]["name"]
		if unit.status == VACANT and rng.random() < 0.5:
			unit.key_holder, unit.key_held_since = "管理处", add_days(today(), -rng.randint(1, 365))
		self.writer.add(unit)
		self.counts["units"] += 1
		self.counts[f"units_{unit.status.lower()}"] += 1

	def make_residents(self, unit, unit_type: str) -> list[dict]:
		"""The unit's people: owners (sometimes two, sometimes a company), family, tenants, movers."""
		rng = self.rng
		if rng.random() < 0.06:
			return []  # unsold
		since = add_days(today(), -rng.randint(30, 3650))
		company_owned = unit_type in ("Shop", "Office") and rng.random() < 0.6
		owner_lives_here = rng.random() < 0.8
		links = [self.person(unit, "Owner", since, owner_lives_here, company=company_owned)]
		if not company_owned and rng.random() < 0.12:
			links.append(self.person(unit, "Owner", since, owner_lives_here))
		if owner_lives_here and unit_type == "Residential":
			for _family in range(rng.choice((0, 1, 1, 2, 2, 3))):
				links.append(self.person(unit, "Family", since, True))
		elif rng.random() < 0.6:
			links.append(self.person(unit, "Tenant", add_days(since, rng.randint(1, 30)), True))
		if rng.random() < 0.1:
			self.person(unit, "Tenant", add_days(since, -400), True, moved_out=add_days(since, -1))
		return links

	def person(
		self, unit, relation: str, since, lives_here: bool, company: bool = False, moved_out=None
	) -> dict:
		self.person_serial += 1
		name = company_name(self.rng) if company else person_name(self.rng)
		mobile = f"1{self.rng.choice('3589')}{self.person_serial:09d}"
		email = f"demo{self.person_serial}@example.com" if self.rng.random() < 0.3 else None
		owner = frappe.new_doc("Property Owner")
		owner.update(
			{
				"name": self.owner_names.take(),
				"owner_name": name,
				"owner_type": "Company" if company else "Individual",
				"mobile_no": mobile,
				"email": email,
			}
		)
		owner.append(
			"units",
			{
				"unit": unit.name,
				"relation": relation,
				"move_in_date": getdate(since),
				"move_out_date": getdate(moved_out) if moved_out else None,
				"lives_here": int(lives_here),
			},
		)
		owner.customer = self.make_customer(owner)
		self.writer.add(owner)
		self.counts["people"] += 1
		self.counts[f"people_{relation.lower()}"] += 1
		return {
			"person": owner.name,
			"name": name,
			"relation": relation,
			"lives_here": lives_here and not moved_out,
		}

	def make_customer(self, owner) -> str:
		"""The Customer and primary Contact ERPNext makes when a Property Owner is saved."""
		customer = frappe.new_doc("Customer")
		customer.update(
			{
				"name": self.customer_names.take(owner.owner_name),
				"customer_name": owner.owner_name,
				"customer_type": owner.owner_type,
				"mobile_no": owner.mobile_no,
				"email_id": owner.email,
				**self.customer_defaults,
			}
		)
		contact = frappe.new_doc("Contact")
		if owner.owner_type == "Individual":
			contact.first_name = owner.owner_name
		else:
			contact.company_name = owner.owner_name
		contact.update({"name": f"{owner.owner_name}-{customer.name}", "is_primary_contact": 1})
		contact.full_name = owner.owner_name
		contact.append(
			"links", {"link_doctype": "Customer", "link_name": customer.name, "link_title": owner.owner_name}
		)
		if owner.email:
			contact.add_email(owner.email, is_primary=True)
			contact.email_id = owner.email
		contact.add_phone(owner.mobile_no, is_primary_mobile_no=True)
		contact.mobile_no = owner.mobile_no
		customer.customer_primary_contact = contact.name
		self.writer.add(customer)
		self.writer.add(contact)
		self.counts["customers"] += 1
		return customer.name


# (floor, door) -> unit type: shops and an office at street level, a storeroom and a parking
# space of the building's own; the rest are homes, with a few more storerooms and spaces.
GROUND_FLOOR = {(1, 1): "Shop", (1, 2): "Shop", (1, 3): "Storage", (1, 4): "Parking", (2, 1): "Office"}


def pick_unit_type(rng: random.Random, floor: int, door: int) -> str:
	if (floor, door) in GROUND_FLOOR:
		return GROUND_FLOOR[(floor, door)]
	roll = rng.random()
	if roll < 0.03:
		return "Parking"
	if roll < 0.05:
		return "Storage"
	return "Residential"


def person_name(rng: random.Random) -> str:
	given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
	return rng.choice(SURNAMES) + given


def company_name(rng: random.Random) -> str:
	return f"{rng.choice(SURNAMES)}记{rng.choice(COMPANY_WORDS)}有限公司"
