"""What the desk's scripts (public/js) are told at login: the app's vocabulary (vocabulary.py and
the records' declarations), so no script spells a state or a rating itself."""

import frappe

from property_service import vocabulary
from property_service.core.permissions import is_technician_only
from property_service.core.registry import open_by_doctype, records


def boot_session(bootinfo) -> None:
	"""The vocabulary's words by name (`words.OPEN`), each DocType's states, open and done states,
	the callback ratings, and the service DocTypes on
	which the user's rights are a technician's only, so their lists and forms show the work first.
	The states' colours are the DocTypes' Document States."""
	user = frappe.session.user
	declared = records().values()
	bootinfo.property_service = {
		"states": {r.doctype: list(r.states) for r in declared if r.states},
		"open": open_by_doctype(),
		"done": {r.doctype: list(r.done) for r in declared if r.done},
		"ratings": list(vocabulary.RATINGS),
		"words": {
			name: word for name, word in vars(vocabulary).items() if name.isupper() and isinstance(word, str)
		},
		"work_only": [
			r.doctype for r in declared if r.technician_scoped and is_technician_only(user, r.doctype)
		],
	}
