"""The composite indexes of the KPI report (office/indexes.py) on sites made before it."""

from property_service.office.indexes import ensure_indexes


def execute():
	ensure_indexes()
