"""The app's words, defined once: its roles, the states its records go through, and the callback
ratings. Every module, the desk's scripts (through the boot info, core/desk.py) and the portal's
templates use these names; tests/test_states.py finds any module that spells one itself.

This module imports nothing of the app: it is the bottom of the layers (README, "Layout").
"""

# --- roles (DESIGN.md, "Roles") -------------------------------------------------------------------

PROPERTY_MANAGER = "Property Manager"  # 管理处经理
QUALITY_SUPERVISOR = "Quality Supervisor"
CS_SUPERVISOR = "Customer Service Supervisor"  # 业主服务主管
AGENT = "Customer Service Agent"
TECHNICIAN = "Maintenance Technician"
SECURITY_SUPERVISOR = "Security Supervisor"
ARCHIVE_CLERK = "Archive Clerk"
MANAGEMENT_REPRESENTATIVE = "Management Representative"  # 管理者代表
RESIDENT = "Property Resident"
# ERPNext's and Frappe's roles the app names
CUSTOMER = "Customer"  # ERPNext's portal role: a resident's invoices
ACCOUNTS_USER = "Accounts User"
ACCOUNTS_MANAGER = "Accounts Manager"
SYSTEM_MANAGER = "System Manager"

DESK_ROLES = (
	PROPERTY_MANAGER,
	QUALITY_SUPERVISOR,
	CS_SUPERVISOR,
	AGENT,
	TECHNICIAN,
	SECURITY_SUPERVISOR,
	ARCHIVE_CLERK,
	MANAGEMENT_REPRESENTATIVE,
)
ROLES = (*DESK_ROLES, RESIDENT)  # the roles the app creates
PORTAL_ROLES = (RESIDENT, CUSTOMER)  # what a resident's portal login is given

# who acts together in the workflows
AGENTS = (AGENT, CS_SUPERVISOR, PROPERTY_MANAGER)
SUPERVISORS = (CS_SUPERVISOR, PROPERTY_MANAGER)
ACCOUNTS = (ACCOUNTS_USER, ACCOUNTS_MANAGER)

# --- states ---------------------------------------------------------------------------------------

LOGGED = "Logged"
ASSIGNED = "Assigned"
DISPATCHED = "Dispatched"
IN_PROGRESS = "In Progress"
BEING_HANDLED = "Being Handled"
ESCALATED = "Escalated"
COMPLETED = "Completed"
HANDLED = "Handled"
RESULT_VERIFIED = "Result Verified"
VERIFIED = "Verified"
CLOSED = "Closed"
CANCELLED = "Cancelled"
BOOKED = "Booked"
ACCEPTED = "Accepted"
BILLED = "Billed"
SUBMITTED = "Submitted"
APPROVED = "Approved"
COMPLETION_INSPECTION = "Completion Inspection"
REJECTED = "Rejected"
DRAFT = "Draft"
PLANNED = "Planned"
OPEN = "Open"
PENDING = "Pending"  # a finding waiting for its handling (待处理)
HELD = "Held"
TO_DO = "To Do"
DONE = "Done"
UNREACHABLE = "Unreachable"  # a callback that did not reach the resident
SIGNED_UP = "Signed Up"
CONFIRMED = "Confirmed"
ARCHIVED = "Archived"  # a month's archive filing, put away (operations/archives.py)
INEFFECTIVE = "Ineffective"  # a corrective action whose result did not hold
QUEUED = "Queued"
RUNNING = "Running"
FAILED = "Failed"
# a unit's occupancy (property/occupancy.py)
VACANT = "Vacant"
OCCUPIED = "Occupied"
RENOVATING = "Renovating"

# --- callback ratings (seed 12.1.2 (4): A 满意, B 较满意, C 不满意) ---------------------------------

SATISFIED = "A - Satisfied"
FAIRLY_SATISFIED = "B - Fairly Satisfied"
DISSATISFIED = "C - Dissatisfied"
RATINGS = (SATISFIED, FAIRLY_SATISFIED, DISSATISFIED)
CONTENT = (SATISFIED, FAIRLY_SATISFIED)  # a rating that closes what it is about
# an opinion survey's answer to each item (满意, 较满意, 不满意)
SURVEY_RATINGS = ("Satisfied", "Fairly Satisfied", "Dissatisfied")

# the service request type a work order slip (派工单/回单) goes out for
REPAIR = "Repair"
