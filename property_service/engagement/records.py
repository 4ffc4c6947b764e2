"""The engagement's records as the core sees them (core/registry.py): a resident reads only the
survey answers and activity sign-ups filed for them; visit notes are their visitor's (seed
12.1.2 (2) 6.3)."""

from property_service.core.registry import Record

RECORDS = (
	Record("Survey Response", own_field="property_owner"),
	Record("Activity Signup", own_field="property_owner"),
	Record("Owner Visit", private_to="visitor"),
	Record("Owner Visit Summary", private_to="author"),
)
