//! Where a plan item came from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The source of a rule, an action or an expression, for traces and runtime errors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    /// The policy file's name as it was given to the compiler.
    pub file: String,
    /// The byte range in the file.
    pub start: u32,
    /// End of the byte range (exclusive).
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in Unicode scalar values.
    pub column: u32,
    /// A YAML path such as `on_http_request[0].actions[1].config.model_selection.strategy[0]`.
    pub path: String,
}
