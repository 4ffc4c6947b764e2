// A technician records the work; the rest of a request, complaint or booking is the office's.
// The server sends the office's fields in __onload (lifecycle.show_technician_limits) and refuses
// changes to them; here the form shows them read-only. Loaded for each of the three forms, so it
// registers its handlers once.
if (!window.property_service_technician_form) {
	window.property_service_technician_form = true;
	for (const doctype of ["Service Request", "Complaint", "Special Service"]) {
		frappe.ui.form.on(doctype, {
			refresh(frm) {
				for (const fieldname of frm.doc.__onload?.office_fields || []) {
					frm.set_df_property(fieldname, "read_only", 1);
				}
			},
		});
	}
}
