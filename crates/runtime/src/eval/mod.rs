//! The CEL evaluator: links `plan::Expr` trees into programs and runs them.
//!
//! [`Program::link`] resolves every name of a lowered expression against a [`Registry`] once:
//! overload ids to native functions, `(object type, field)` pairs to slots, global variables to
//! [`Activation`] slots, comprehension variables to frame positions. [`Program::eval`] then runs
//! with CEL's semantics (cel-spec `langdef.md`, "Evaluation") and no name lookup, except for keys
//! of maps (`m.metadata.tier`).
//!
//! ```
//! use switchyard_plan::expr::{Const, Expr};
//! use switchyard_runtime::eval::{Activation, Program, Registry};
//! use switchyard_runtime::value::Value;
//!
//! // `x + 1`, as the compiler lowers it.
//! let expr = Expr::Call {
//!     function: "_+_".into(),
//!     overloads: vec!["add_int64".into()],
//!     args: vec![Expr::Var("x".into()), Expr::Const(Const::Int(1))],
//! };
//! let mut registry = Registry::standard();
//! let x = registry.add_variable("x");
//! let program = Program::link(&expr, &registry).unwrap();
//! let mut activation = Activation::new();
//! activation.set(x, Value::Int(41));
//! assert_eq!(program.eval(&activation).unwrap(), Value::Int(42));
//! activation.set(x, Value::Int(i64::MAX));
//! assert_eq!(program.eval(&activation).unwrap_err().kind(), switchyard_runtime::eval::ErrorKind::Overflow);
//! ```

mod access;
mod call;
mod error;
mod fold;
mod frame;
pub(crate) mod functions;
mod fused;
mod link;
mod operand;
mod predicate;
mod registry;
mod scan;

use std::borrow::Cow;
use std::fmt;

pub use error::{Error, ErrorKind, LinkError};
pub use frame::Activation;
pub use registry::{Builtin, Function, Registry, VarSlot};

use crate::value::Value;
use frame::{Frame, Node};

/// A linked expression, ready to evaluate any number of times, from any thread.
pub struct Program {
    root: Node,
    constants: Box<[Value]>,
    variables: Vec<VarSlot>,
}

impl Program {
    /// Links a lowered expression against `registry`. Fails, without panicking, on whatever
    /// the registry does not know or the plan got wrong.
    pub fn link(
        expr: &switchyard_plan::expr::Expr,
        registry: &Registry,
    ) -> Result<Program, LinkError> {
        let mut linker = link::Linker::new(registry);
        let root = linker.link(expr)?;
        Ok(Program {
            root,
            constants: linker.constants.into_boxed_slice(),
            variables: linker.variables,
        })
    }

    /// Evaluates the program: its value, or the evaluation error.
    pub fn eval(&self, activation: &Activation<'_>) -> Result<Value, Error> {
        let frame = Frame::root(activation, &self.constants);
        (self.root)(&frame).map(Cow::into_owned)
    }

    /// Evaluates the program and passes the value, possibly borrowed from the activation, to
    /// `inspect`: no clone of a variable's value when the expression is one.
    pub fn eval_with<R>(
        &self,
        activation: &Activation<'_>,
        inspect: impl FnOnce(Result<&Value, Error>) -> R,
    ) -> R {
        let frame = Frame::root(activation, &self.constants);
        match (self.root)(&frame) {
            Ok(value) => inspect(Ok(&value)),
            Err(error) => inspect(Err(error)),
        }
    }

    /// The global variables the expression reads: the caller need bind only these.
    pub fn variables(&self) -> &[VarSlot] {
        &self.variables
    }
}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Program")
            .field("constants", &self.constants.len())
            .field("variables", &self.variables)
            .finish_non_exhaustive()
    }
}

/// The activation slots of the policy variables in [`Registry::policy`].
pub mod vars {
    use super::VarSlot;

    /// `req`: a [`Request`](crate::objects::Request).
    pub const REQ: VarSlot = VarSlot::new(0);
    /// `res`: a [`Response`](crate::objects::Response).
    pub const RES: VarSlot = VarSlot::new(1);
    /// `conn`: a [`Connection`](crate::objects::Connection).
    pub const CONN: VarSlot = VarSlot::new(2);
    /// `endpoint`: an [`Endpoint`](crate::objects::Endpoint).
    pub const ENDPOINT: VarSlot = VarSlot::new(3);
    /// `time`: a [`Time`](crate::objects::Time).
    pub const TIME: VarSlot = VarSlot::new(4);
    /// `vars`: a map from names to values (`set-vars`).
    pub const VARS: VarSlot = VarSlot::new(5);
    /// `actions`: an [`Actions`](crate::objects::Actions).
    pub const ACTIONS: VarSlot = VarSlot::new(6);
    /// `ai.models`: a list of [`AiModel`](crate::objects::AiModel).
    pub const AI_MODELS: VarSlot = VarSlot::new(7);
    /// `ai.providers`: a list of [`AiProvider`](crate::objects::AiProvider).
    pub const AI_PROVIDERS: VarSlot = VarSlot::new(8);
    /// `ai.authors`: a list of [`AiAuthor`](crate::objects::AiAuthor).
    pub const AI_AUTHORS: VarSlot = VarSlot::new(9);
    /// `ai.keys`: a list of [`AiKey`](crate::objects::AiKey).
    pub const AI_KEYS: VarSlot = VarSlot::new(10);
    /// `ai.model`: the [`AiModel`](crate::objects::AiModel) being attempted (key selection).
    pub const AI_MODEL: VarSlot = VarSlot::new(11);

    /// Every policy variable with its slot.
    pub const ALL: &[(&str, VarSlot)] = &[
        ("req", REQ),
        ("res", RES),
        ("conn", CONN),
        ("endpoint", ENDPOINT),
        ("time", TIME),
        ("vars", VARS),
        ("actions", ACTIONS),
        ("ai.models", AI_MODELS),
        ("ai.providers", AI_PROVIDERS),
        ("ai.authors", AI_AUTHORS),
        ("ai.keys", AI_KEYS),
        ("ai.model", AI_MODEL),
    ];
}
