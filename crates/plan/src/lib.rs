//! The routing plan: what a checked traffic policy compiles to, and what the runtime executes.
//!
//! A [`Plan`] is plain data, serializable with serde (JSON is the interchange format) and
//! described by a JSON Schema (`policy schema plan`). It mirrors the policy one to one: phases,
//! rules, actions and their configuration, with every CEL expression lowered to an [`expr::Expr`]
//! tree whose names, fields and overloads are already resolved, and an [`Origin`] that points back
//! at the source. It never holds a secret value: API keys are templates whose `secrets.get` calls
//! the runtime resolves per request.
//!
//! This crate depends on no front-end crate: an embedder that receives a plan (a file, or bytes
//! over the wire) loads it with [`Plan::from_json`], which also runs [`verify`].
//!
//! **API Boundary:** the serialized form. A change that an older runtime cannot read raises
//! [`FORMAT_VERSION`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod expr;
mod gateway;
mod origin;
mod policy;
mod verify;

pub use gateway::{
    ApiKey, AuthStyle, Gateway, Model, OnError, Pricing, Provider, Surface, SurfaceFormat,
    SurfaceKind,
};
pub use origin::Origin;
pub use policy::{
    Action, ActionKind, BodyReplacement, CustomResponse, ExprId, Phase, PhaseKind, Plan, RateLimit,
    RestrictIps, Rule, SseReplacement, Template, TemplatePart, Value,
};
pub use verify::{VerifyError, verify};

/// The version of the serialized plan format this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON Schema (draft 2020-12) of a plan, pretty-printed.
pub fn schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<Plan>();
    schema.insert("$id".to_owned(), "https://switchyard.dev/schemas/plan.schema.json".into());
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}
