//! The recipe's spec: its four lifecycle events and recipients, whatever the
//! module's code says. `rtgen add` derives specs instead (`derive`); this one
//! serves tests and examples that want the recipe's events.

use heck::{ToLowerCamelCase, ToUpperCamelCase};

use super::SCHEMA_FILE_NAME;

/// The default spec's text for `module`, with the schema line editors read.
pub fn default_spec_yaml(module: &str) -> String {
    let name = module.to_lower_camel_case();
    let title = module.to_upper_camel_case();
    format!(
        "# yaml-language-server: $schema=./{SCHEMA_FILE_NAME}
# Real-time events of the `{name}` module. Edit, then run `rtgen add {name}`.
module: {name}
events:
  - name: created
    recipients:
      roles: [admin, super_admin]
    toast: \"New {name} created\"
  - name: updated
    recipients:
      fields: [createdBy, assignedTo]
    toast: \"{title} updated\"
  - name: statusChanged
    recipients:
      fields: [createdBy, assignedTo]
      roles: [admin, super_admin]
    toast: \"{title} status changed to {{newStatus}}\"
  - name: deleted
    recipients:
      fields: [createdBy, assignedTo]
      roles: [admin, super_admin]
    toast: \"{title} deleted\"
"
    )
}
