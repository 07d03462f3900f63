//! The JSON Schema of the policy file, generated from the AST types.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{Action, ActionConfig, Policy, Rule};
use crate::action_kinds::ACTION_KINDS;

/// The JSON Schema (draft 2020-12) of a policy file, pretty-printed.
pub fn policy_schema() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<Policy>();
    schema.insert("$id".to_owned(), "https://switchyard.dev/schemas/policy.schema.json".into());
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}

/// The schema of a phase: a list whose items are rules or bare actions.
pub(super) fn phase(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "array",
        "description": "Rules run in order; an item with `type` is a bare action (a rule with no expressions).",
        "items": {
            "anyOf": [generator.subschema_for::<Rule>(), generator.subschema_for::<Action>()]
        }
    })
}

impl JsonSchema for Action {
    fn schema_name() -> Cow<'static, str> {
        "Action".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut checked = ActionConfig::json_schema(generator);
        // `config` may be omitted: it defaults to `{}`.
        if let Some(variants) = checked.get_mut("oneOf").and_then(|v| v.as_array_mut()) {
            for variant in variants {
                if let Some(required) = variant.get_mut("required").and_then(|v| v.as_array_mut()) {
                    required.retain(|key| key != "config");
                }
            }
        }
        let unchecked: Vec<&str> =
            ACTION_KINDS.iter().filter(|kind| !kind.checked).map(|kind| kind.name).collect();
        json_schema!({
            "description": "An action: its `type` and its `config`.",
            "anyOf": [
                checked,
                {
                    "description": "An action Switchyard recognises without checking its configuration.",
                    "type": "object",
                    "properties": {
                        "type": {"enum": unchecked},
                        "config": {"type": ["object", "null"]}
                    },
                    "required": ["type"],
                    "additionalProperties": false
                }
            ]
        })
    }
}
