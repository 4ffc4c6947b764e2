"""The office's records as the core sees them (core/registry.py): a work diary is its writer's."""

from property_service.core.registry import Record

RECORDS = (Record("Work Diary", private_to="writer"),)
