//! Declarations: object types with their fields, functions with their overloads.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use crate::types::Type;

/// A declared object type: a name and typed fields (`AIModel` with `id: string`, ...).
///
/// ```
/// use switchyard_cel::env::ObjectType;
/// use switchyard_cel::types::Type;
/// let url = ObjectType::new("URL")
///     .field("path", Type::String)
///     .field("port", Type::Int)
///     .string_like();
/// assert_eq!(url.field_type("port"), Some(&Type::Int));
/// assert!(url.is_string_like());
/// ```
#[derive(Clone, Debug)]
pub struct ObjectType {
    name: Arc<str>,
    /// Sorted by name.
    fields: Vec<(Box<str>, Type)>,
    string_like: bool,
    denotes: Option<Type>,
}

impl ObjectType {
    /// An object type without fields, by its fully qualified name.
    pub fn new(name: &str) -> ObjectType {
        ObjectType { name: name.into(), fields: Vec::new(), string_like: false, denotes: None }
    }

    /// The type with one more field; a field declared twice keeps the later type.
    #[must_use]
    pub fn field(mut self, name: &str, ty: Type) -> ObjectType {
        match self.fields.binary_search_by(|(field, _)| (**field).cmp(name)) {
            Ok(index) => self.fields[index].1 = ty,
            Err(index) => self.fields.insert(index, (name.into(), ty)),
        }
        self
    }

    /// The type as a string that also has fields (spec/cel.md §2.1: `req.url` is a `string`,
    /// and `req.url.path` a field of it).
    ///
    /// A node of a string-like type has type `string` unless a field of it is selected
    /// (`req.url.path`, `has(req.url.port)`); the checker records where it took the string
    /// ([`crate::check::CheckedAst::is_implicit_string`]).
    #[must_use]
    pub fn string_like(mut self) -> ObjectType {
        self.string_like = true;
        self
    }

    /// Makes the type's name denote another type: constructing it (`Name{field: value}`) and
    /// naming it as a value give `ty`, while its fields still serve the construction. This is how
    /// protobuf's well-known types behave (`google.protobuf.Int64Value{value: 1}` is a
    /// `wrapper(int)`).
    #[must_use]
    pub fn denoting(mut self, ty: Type) -> ObjectType {
        self.denotes = Some(ty);
        self
    }

    /// The fully qualified name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The type of a field.
    pub fn field_type(&self, name: &str) -> Option<&Type> {
        let index = self.fields.binary_search_by(|(field, _)| (**field).cmp(name)).ok()?;
        Some(&self.fields[index].1)
    }

    /// The fields, sorted by name.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &Type)> {
        self.fields.iter().map(|(name, ty)| (&**name, ty))
    }

    /// Whether values of the type are strings with fields.
    pub fn is_string_like(&self) -> bool {
        self.string_like
    }

    /// The type that constructing or naming this type gives: [`Type::Object`] unless declared
    /// [`ObjectType::denoting`] another.
    pub fn instance_type(&self) -> Type {
        self.denotes.clone().unwrap_or_else(|| Type::Object(self.name.clone()))
    }
}

/// One signature of a function.
#[derive(Clone, Debug)]
pub struct Overload {
    id: Arc<str>,
    member: bool,
    /// The receiver first, for a member overload.
    params: Vec<Type>,
    result: Type,
    /// The distinct type parameters, in order of appearance.
    type_params: Vec<Type>,
}

impl Overload {
    /// A global overload `f(params) -> result`. `id` names it uniquely among all overloads
    /// (`size_string`); the checker reports the ids of the overloads a call may resolve to.
    pub fn global(id: &str, params: &[Type], result: Type) -> Overload {
        Overload::new(id, false, params, result)
    }

    /// A receiver-style overload `receiver.f(args) -> result`; `params` starts with the
    /// receiver's type.
    pub fn member(id: &str, params: &[Type], result: Type) -> Overload {
        Overload::new(id, true, params, result)
    }

    fn new(id: &str, member: bool, params: &[Type], result: Type) -> Overload {
        let mut type_params = Vec::new();
        for ty in params.iter().chain([&result]) {
            collect_params(ty, &mut type_params);
        }
        Overload { id: id.into(), member, params: params.to_vec(), result, type_params }
    }

    /// The overload's unique id.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn id_arc(&self) -> &Arc<str> {
        &self.id
    }

    /// Whether it is called as `receiver.f(args)`.
    pub fn is_member(&self) -> bool {
        self.member
    }

    /// The parameter types, the receiver's first for a member overload.
    pub fn params(&self) -> &[Type] {
        &self.params
    }

    /// The result type.
    pub fn result(&self) -> &Type {
        &self.result
    }

    pub(crate) fn is_generic(&self) -> bool {
        !self.type_params.is_empty()
    }

    pub(crate) fn type_params(&self) -> &[Type] {
        &self.type_params
    }

    /// The signature as a user reads it: `string.startsWith(string) -> bool`,
    /// `size(list(A)) -> int`, and operators in their own syntax (`int + int -> int`).
    pub fn signature(&self, function: &str) -> String {
        let mut out = String::new();
        let _ = write_signature(&mut out, function, self.member, &self.params);
        let _ = write!(out, " -> {}", self.result);
        out
    }
}

/// Adds the type parameters of `ty` that `params` does not have yet.
fn collect_params(ty: &Type, params: &mut Vec<Type>) {
    match ty {
        Type::Param(_) if !params.contains(ty) => params.push(ty.clone()),
        Type::List(elem) | Type::Wrapper(elem) => collect_params(elem, params),
        Type::Map(key, value) => {
            collect_params(key, params);
            collect_params(value, params);
        }
        Type::Type(Some(denoted)) => collect_params(denoted, params),
        Type::Opaque(opaque) => opaque.params.iter().for_each(|p| collect_params(p, params)),
        _ => {}
    }
}

/// `function` applied to `args` as written: `int + string`, `string.startsWith(int)`, `f(int)`.
fn write_signature(out: &mut String, function: &str, member: bool, args: &[Type]) -> fmt::Result {
    use crate::ast::operators as op;
    match (function, args) {
        (op::CONDITIONAL, [c, a, b]) => write!(out, "{c} ? {a} : {b}"),
        (op::INDEX, [a, i]) => write!(out, "{a}[{i}]"),
        (op::LOGICAL_NOT, [a]) => write!(out, "!{a}"),
        (op::NEGATE, [a]) => write!(out, "-{a}"),
        (op::IN, [a, b]) => write!(out, "{a} in {b}"),
        (_, [a, b]) if op::binary(function).is_some() => {
            let text = op::binary(function).map_or("", |(text, _)| text);
            write!(out, "{a} {text} {b}")
        }
        _ => {
            let args = if member && !args.is_empty() {
                write!(out, "{}.", args[0])?;
                &args[1..]
            } else {
                args
            };
            write!(out, "{function}(")?;
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write!(out, "{arg}")?;
            }
            out.push(')');
            Ok(())
        }
    }
}

/// A function: a name and its overloads.
#[derive(Clone, Debug)]
pub struct Function {
    name: Arc<str>,
    overloads: Vec<Overload>,
}

impl Function {
    pub(crate) fn new(name: &str) -> Function {
        Function { name: name.into(), overloads: Vec::new() }
    }

    /// The function's name (`size`, `_+_`, `secrets.get`).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn name_arc(&self) -> &Arc<str> {
        &self.name
    }

    /// The overloads, in declaration order.
    pub fn overloads(&self) -> &[Overload] {
        &self.overloads
    }

    /// Adds an overload, replacing one with the same id.
    pub(crate) fn add(&mut self, overload: Overload) {
        match self.overloads.iter_mut().find(|existing| existing.id == overload.id) {
            Some(existing) => *existing = overload,
            None => self.overloads.push(overload),
        }
    }
}
