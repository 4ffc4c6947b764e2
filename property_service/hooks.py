app_name = "property_service"
app_title = "Property Service"
app_publisher = "Property Service Developers"
app_description = "Customer service for residential property management, beside ERPNext"
app_email = "dev@property-service.invalid"
app_license = "mit"

required_apps = ["frappe/erpnext"]

export_python_type_annotations = True
require_type_annotated_api_methods = True

# Installation
# ------------

after_install = "property_service.setup.install.after_install"
after_migrate = "property_service.setup.install.after_migrate"
before_uninstall = "property_service.setup.install.before_uninstall"
