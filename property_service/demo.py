"""Demo data: a community with buildings, units of every type and status, and their residents.

    bench --site SITE execute property_service.demo.make_demo_data --kwargs "{'units': 300}"

Deterministic from `seed`. Every person gets what saving a Property Owner gives them: an ERPNext
Customer (named as ERPNext names a repeated customer name) with its primary Contact carrying
the mobile number and email. Documents are built with Frappe's own document objects (defaults,
timestamps, child rows) and written in batches, because inserting one Customer at a time costs
about 60 ms and 20,000 units bring about 45,000 people.
"""

import random
import time
from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Table
from frappe.utils import add_days, getdate, today

from property_service.core.periods import previous_period
from property_service.property.customers import default_leaf
from property_service.property.users import ensure_user
from property_service.vocabulary import ESCALATED

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


# demo staff: (email, name, roles); they log in with DEMO_PASSWORD
DEMO_STAFF = (
	("agent@demo.localhost", "客服小王", ("Customer Service Agent",)),
	("supervisor@demo.localhost", "客服主管李娟", ("Customer Service Supervisor",)),
	("manager@demo.localhost", "管理处主任张强", ("Property Manager",)),
	("technician@demo.localhost", "维修师傅刘军", ("Maintenance Technician",)),
	("security@demo.localhost", "保安班长赵刚", ("Security Supervisor",)),
	("quality@demo.localhost", "品质主管陈静", ("Quality Supervisor",)),
	("representative@demo.localhost", "管理者代表周明", ("Management Representative",)),
	("accounts@demo.localhost", "会计孙丽", ("Accounts User", "Accounts Manager")),
)
DEMO_PASSWORD = "demo-2026"
DEMO_RESIDENT = "resident@demo.localhost"


def ensure_demo_data(units: int = 300) -> None:
	"""The set-up command's step: each part of the demo once; what a site has is left alone."""
	if frappe.db.exists("Community", DEMO_COMMUNITY):
		print(f"demo community {DEMO_COMMUNITY} already there")
	else:
		make_demo_data(units=units)
	make_demo_staff()
	# a command-line generator
	frappe.db.commit()  # nosemgrep
	if not frappe.db.exists("Service Request", {"community": DEMO_COMMUNITY}):
		made = make_service_records(DEMO_COMMUNITY, count=min(units // 5, 200))
		print(f"{made} service requests and complaints")
	if not frappe.db.exists("User", DEMO_RESIDENT):
		make_demo_resident(DEMO_COMMUNITY)
		frappe.db.commit()  # nosemgrep
	if not frappe.db.exists("Opinion Survey", {"community": DEMO_COMMUNITY}):
		print(make_engagement_demo(DEMO_COMMUNITY))
		frappe.db.commit()  # nosemgrep
	if not frappe.db.exists("Vacant Unit Inspection", {"community": DEMO_COMMUNITY}):
		from property_service.operations.inspections import make_inspections

		print(f"{make_inspections()} vacant-unit inspections this month")
		frappe.db.commit()  # nosemgrep
	if not frappe.db.exists("Emergency Drill", {"community": DEMO_COMMUNITY}):
		print(make_safety_demo(DEMO_COMMUNITY))
		frappe.db.commit()  # nosemgrep
	if not frappe.db.exists("Fee Plan", DEMO_COMMUNITY) and frappe.db.exists("Item", "物业管理费"):
		frappe.get_doc({"doctype": "Fee Plan", "community": DEMO_COMMUNITY}).insert(ignore_permissions=True)
		periods = [previous_period(add_days(today(), -31)), previous_period()]
		print(f"fee plan and {make_meter_readings(DEMO_COMMUNITY, periods)} meter readings")
		frappe.db.commit()  # nosemgrep


DEMO_OPINIONS = ("晚上路灯太暗", "电梯高峰期等候太久", "希望增加绿化", "垃圾清运及时", "保安态度很好", "")


def make_engagement_demo(community: str, seed: int = 7) -> dict:
	"""This month's visit plan with a few visits done, an open opinion survey with answers from
	about 40 % of the occupied units (not the demo resident's, who can answer it), a routine
	callback round and a community activity to sign up for."""
	from frappe.utils import now_datetime

	from property_service.engagement import routine_callbacks, visits
	from property_service.property.occupancy import occupied_units

	rng = random.Random(seed)
	visits.make_visit_plans()
	agent = "agent@demo.localhost" if frappe.db.exists("User", "agent@demo.localhost") else "Administrator"
	plan = frappe.get_doc("Owner Visit Plan", {"community": community, "period": visits.period_of()})
	for row, note in zip(
		plan.units[:3], ("业主希望小区增设快递柜", "业主反映楼道灯不亮", "业主对保洁很满意"), strict=False
	):
		frappe.get_doc(
			{
				"doctype": "Owner Visit",
				"unit": row.unit,
				"visitor": row.agent or agent,
				"visit_mode": "Phone",
				"topic_management": 1,
				"notes": note,
				"suggestions": note if "希望" in note else None,
				"feedback_needed": int("希望" in note),
			}
		).insert(ignore_permissions=True)
	survey = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": f"{getdate(today()).year}年业主意见调查",
			"community": community,
			"start_date": add_days(today(), -7),
			"end_date": add_days(today(), 21),
		}
	).insert(ignore_permissions=True)
	survey.open()
	resident = frappe.db.get_value("Property Owner", {"user": DEMO_RESIDENT}) or ""
	resident_units = set(frappe.get_all("Property Owner Unit", {"parent": resident}, pluck="unit"))
	answered = 0
	for unit in occupied_units(community):
		if unit in resident_units or rng.random() > 0.4:
			continue
		ratings = [
			{
				"area": item.area,
				"rating": rng.choices(("Satisfied", "Fairly Satisfied", "Dissatisfied"), (6, 3, 1))[0],
				"opinion": rng.choice(DEMO_OPINIONS) if rng.random() < 0.15 else None,
			}
			for item in survey.items
		]
		frappe.get_doc(
			{
				"doctype": "Survey Response",
				"opinion_survey": survey.name,
				"unit": unit,
				"channel": "Paper",
				"signed": 1,
				"ratings": ratings,
			}
		).insert(ignore_permissions=True)
		answered += 1
	campaign = frappe.get_doc(
		{
			"doctype": "Callback Campaign",
			"title": "本季度例行回访（第一轮）",
			"community": community,
			"quarter": routine_callbacks.quarter_of(today()),
			"due_date": add_days(today(), 20),
			"share": 10,
		}
	).insert(ignore_permissions=True)
	called = campaign.make_callbacks()
	plan_year = getdate(today()).year
	frappe.get_doc(
		{
			"doctype": "Community Activity Plan",
			"community": community,
			"year": plan_year,
			"items": [
				{"month": str(month), "theme": theme}
				for month, theme in (
					(2, "元宵灯谜会"),
					(6, "儿童节亲子游园"),
					(9, "中秋游园会"),
					(12, "迎新年联欢"),
				)
			],
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Community Activity",
			"title": "社区健康讲座",
			"community": community,
			"activity_type": "Seniors",
			"starts_on": add_days(now_datetime(), 10),
			"place": "会所多功能厅",
			"capacity": 80,
			"status": "Open",
			"description": "<p>社区医院医生讲解冬季常见病预防。</p>",
		}
	).insert(ignore_permissions=True)
	return {"visit plan": plan.name, "survey answers": answered, "routine callbacks": called}


def make_meter_readings(community: str, periods: list[str], seed: int = 7) -> int:
	"""Water and electricity readings of every unit for consecutive `periods`, written in bulk
	(the first period is each meter's starting reading); returns how many."""
	rng = random.Random(seed)
	rows = []
	stamp = (frappe.utils.now_datetime(), frappe.utils.now_datetime(), "Administrator", "Administrator")
	for unit in frappe.get_all("Property Unit", {"community": community}, pluck="name"):
		for meter, start, monthly in (("Water", 100, 12), ("Electricity", 2000, 180)):
			previous = None
			reading = start + rng.randint(0, 500)
			for period in periods:
				if previous is not None:
					reading = previous + rng.randint(monthly // 2, monthly * 2)
				consumption = reading - previous if previous is not None else 0
				name = f"MR-{period}-{meter}-{unit}"
				rows.append(
					(name, unit, community, meter, period, reading, previous or 0, consumption, *stamp)
				)
				previous = reading
	fields = [
		"name",
		"unit",
		"community",
		"meter_type",
		"period",
		"reading",
		"previous_reading",
		"consumption",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	frappe.db.bulk_insert("Meter Reading", fields, rows)
	return len(rows)


def make_safety_demo(community: str) -> dict:
	"""A fire drill done last week with its log and evaluation, one planned next week (announced
	to residents), an incident handled and one open, a publicity board, a training session with
	its written exam, and last month's staff evaluations as drafts."""
	from frappe.utils import add_to_date, now_datetime

	from property_service.safety import drills, evaluations, incidents

	staff = {email: roles for email, _name, roles in DEMO_STAFF}
	security = next((e for e, r in staff.items() if "Security Supervisor" in r), None)
	done = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": "档案室失火",
			"community": community,
			"drill_date": add_to_date(now_datetime(), days=-7),
			"location": "管理处档案室",
			"commander": "manager@demo.localhost",
			"participants": [
				{"participant_type": "Office Staff", "user": email}
				for email in staff
				if "accounts" not in email
			],
		}
	).insert(ignore_permissions=True)
	drills.start(done)
	for extra, row in zip((1, 0, 2, -1, 0), done.steps, strict=False):
		row.actual_minutes = max(1, row.planned_minutes + extra)
	done.save(ignore_permissions=True)
	drills.finish(done)
	done.db_set(  # the drill took place on its day
		{"started_on": done.drill_date, "ended_on": add_to_date(done.drill_date, minutes=done.actual_total)}
	)
	done.update(
		{
			"situation_report": "<p>全员在规定时间内到位，初期火灾在5分钟内扑灭。</p>",
			"process_analysis": "<p>报警环节用时超出计划，值班人员对报警流程不熟。</p>",
			"feasibility_analysis": "<p>预案分工明确，可行。</p>",
			"improvements": [
				{
					"improvement": "每周对值班人员进行报警流程培训",
					"responsible_department": "安管部",
					"responsible_user": security,
				},
			],
		}
	)
	done.save(ignore_permissions=True)
	drills.raise_improvements(done)
	planned = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": "居民紧急疏散",
			"community": community,
			"drill_date": add_to_date(now_datetime(), days=7),
			"location": "小区中心广场",
		}
	).insert(ignore_permissions=True)
	handled = frappe.get_doc(
		{
			"doctype": "Emergency Incident",
			"community": community,
			"emergency_plan": "主管爆裂",
			"description": "2栋地下室供水主管爆裂，积水约10厘米",
			"location": "2栋地下室",
			"occurred_on": add_to_date(now_datetime(), days=-3),
			"handling": "关闭总阀，抽水，抢修管道",
		}
	).insert(ignore_permissions=True)
	incidents.mark_handled(handled)
	handled.result = "当晚恢复供水，已通知受影响业主"
	handled.save(ignore_permissions=True)
	incidents.close(handled)
	frappe.get_doc(
		{
			"doctype": "Emergency Incident",
			"community": community,
			"description": "业主在3栋门口雨天滑倒，膝盖擦伤",
			"location": "3栋门口",
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Safety Publicity",
			"topic": "冬季防火安全知识",
			"activity_type": "Display Board",
			"community": community,
			"held_on": today(),
			"until": add_days(today(), 30),
			"content": "<p>不在楼道堆放杂物，不私拉电线，电动车不进楼入户。</p>",
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "灭火器与消防栓使用",
			"training_type": "Emergency Training",
			"emergency_plan": "档案室失火",
			"session_date": add_days(today(), -10),
			"trainer": "保安班长赵刚",
			"exam": "Written and Oral",
			"attendees": [
				{"user": email, "written_score": 70 + 4 * i, "oral_score": 55 + 5 * i}
				for i, email in enumerate(e for e in staff if "accounts" not in e)
			],
		}
	).insert(ignore_permissions=True)
	return {"drills": [done.name, planned.name], "evaluations": len(evaluations.make_evaluations())}


def make_demo_resident(community: str) -> str:
	"""A resident with a portal login (DEMO_RESIDENT / DEMO_PASSWORD) and something to see: a
	request to rate, one under way, a complaint, a booking and a notice."""
	from frappe.utils.password import update_password

	from property_service.core.workflows import transition
	from property_service.property.customers import invite_to_portal

	unit = frappe.get_all(
		"Property Unit",
		{"community": community, "status": "Occupied", "unit_type": "Residential"},
		["name", "payer"],
		limit=1,
	)[0]
	frappe.db.set_value("Property Owner", unit.payer, "email", DEMO_RESIDENT)
	user = invite_to_portal(unit.payer, send_welcome_email=False)
	update_password(user, DEMO_PASSWORD)
	technician = (
		"technician@demo.localhost" if frappe.db.exists("User", "technician@demo.localhost") else None
	)

	def record(doctype, actions=(), **fields):
		doc = frappe.get_doc({"doctype": doctype, "unit": unit.name, "channel": "Portal", **fields})
		doc.insert(ignore_permissions=True)
		for action in actions:
			transition(doc, action, _("demo data"))

	record(
		"Service Request",
		("Dispatch", "Start Work", "Complete") if technician else (),
		description="卫生间下水不畅，请师傅上门疏通",
		technician=technician,
		resolution="已疏通下水管道",
	)
	record(
		"Service Request",
		("Dispatch",) if technician else (),
		description="客厅空调不制冷",
		technician=technician,
	)
	record(
		"Complaint", ("Assign",), description="夜间广场舞噪音太大", complaint_category="Security and Parking"
	)
	record("Special Service", service_item="清洁抽油烟机", qty=1)
	frappe.get_doc(
		{
			"doctype": "Notice",
			"title": "停水通知",
			"community": community,
			"body": "<p>因二次供水设施清洗，本周六 9:00–15:00 全小区停水，请提前储水。</p>",
		}
	).insert(ignore_permissions=True)
	return user


def make_demo_staff() -> None:
	"""One user per desk role, so a newcomer can see the app as each role sees it."""
	from frappe.utils.password import update_password

	for email, full_name, roles in DEMO_STAFF:
		if frappe.db.exists("User", email):
			continue
		user = ensure_user(email, full_name, language="zh")
		user.add_roles(*roles)
		update_password(email, DEMO_PASSWORD)


def make_service_records(community: str, count: int, seed: int = 7, commit: bool = True) -> int:
	"""Requests and complaints in every state, made through the workflow as staff make them."""
	from property_service.core.workflows import transition

	rng = random.Random(seed)
	units = frappe.get_all(
		"Property Unit", filters={"community": community, "status": "Occupied"}, pluck="name"
	)
	technician = (
		"technician@demo.localhost" if frappe.db.exists("User", "technician@demo.localhost") else None
	)
	request_paths = (
		(),
		("Dispatch",),
		("Dispatch", "Start Work"),
		("Dispatch", "Start Work", "Complete"),
		("Dispatch", "Start Work", "Complete", "Close"),
	)
	complaint_paths = ((), ("Assign",), ("Assign", "Start Handling"), ("Assign", "Start Handling", "Resolve"))
	categories = (
		"Fees",
		"Building and Equipment",
		"Utilities",
		"Security and Parking",
		"Cleaning and Greening",
	)
	made = 0
	for index in range(count):
		unit = rng.choice(units)
		if index % 4 == 3:
			doc = frappe.get_doc(
				{
					"doctype": "Complaint",
					"unit": unit,
					"channel": rng.choice(("Phone", "Walk-in", "Suggestion Box")),
					"complaint_category": rng.choice(categories),
					"severity": "Major" if rng.random() < 0.1 else "General",
					"description": rng.choice(
						("楼道灯长期不亮", "车位被占用", "垃圾清运不及时", "物业费账单有疑问")
					),
					"resolution": "已处理并回复业主",
				}
			).insert(ignore_permissions=True)
			path = rng.choice(complaint_paths)
			if doc.status == ESCALATED:  # a major one went up when registered: handled from there
				path = tuple(action for action in path if action != "Assign")
		else:
			doc = frappe.get_doc(
				{
					"doctype": "Service Request",
					"unit": unit,
					"channel": rng.choice(("Phone", "Walk-in", "Portal")),
					"request_type": rng.choice(("Repair", "Repair", "Convenience", "Inquiry")),
					"description": rng.choice(
						("厨房水龙头漏水", "卫生间下水不畅", "门锁损坏", "空调不制冷", "代收快递")
					),
					"technician": technician,
					"resolution": "已上门处理",
				}
			).insert(ignore_permissions=True)
			path = rng.choice(request_paths) if technician else ()
		for action in path:
			transition(doc, action, _("demo data"))
		made += 1
	if commit:
		# a command-line generator
		frappe.db.commit()  # nosemgrep
	return made


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
		unit.status = "Renovating" if unit.renovating else ("Occupied" if lives_here else "Vacant")
		owners = [link for link in links if link["relation"] == "Owner"]
		if owners:
			unit.payer, unit.payer_name = owners[0]["person"], owners[0]["name"]
		if unit.status == "Vacant" and rng.random() < 0.5:
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
			row.name = row.name or frappe.generate_hash(length=10)
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
