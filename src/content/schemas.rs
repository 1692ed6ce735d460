//! The JSON Schemas of the content types serde reads by hand (`safeguard schema`
//! derives the rest): what each accepts, said as a schema.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::frontmatter::{ActionRequired, OrderedMap};

pub(crate) use super::frontmatter::TextLike;

// TextLike reads any plain value as text.
impl JsonSchema for TextLike {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TextLike".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

// A map of area to text, in the order written (`implications`).
impl JsonSchema for OrderedMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OrderedMap".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let text = generator.subschema_for::<TextLike>();
        json_schema!({ "type": "object", "additionalProperties": text })
    }
}

/// `action_required`: one action, or a list of them.
pub(crate) fn one_or_many(generator: &mut SchemaGenerator) -> Schema {
    let one = generator.subschema_for::<ActionRequired>();
    json_schema!({
        "anyOf": [one, { "type": "array", "items": one, "minItems": 1 }]
    })
}

/// `covers`: a checklist item's id, ids separated by commas, or a list of them.
pub(crate) struct CoversSchema;

impl JsonSchema for CoversSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Covers".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string", "pattern": "^ *[a-z0-9-]+( *, *[a-z0-9-]+)* *$" },
                { "type": "array", "items": { "type": "string", "pattern": "^[a-z0-9-]+$" }, "minItems": 1 }
            ]
        })
    }
}
