//! Objects: values of declared types whose fields are read by slot.
//!
//! An [`ObjectType`] lists a type's fields in slot order. Linking resolves `(type, field name)`
//! to a slot once; evaluation then calls [`Object::field`] with the slot, with no name lookup.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use super::Value;

/// A value of a declared object type.
///
/// Contract: [`Object::field`] answers for every slot below `object_type().fields().len()`
/// (with the field's default when unset) and `None` beyond; it never panics. Implement
/// [`Object::field_ref`] (stored fields) or [`Object::field`] (computed fields), or both.
pub trait Object: std::any::Any + Send + Sync + fmt::Debug {
    /// The object's type.
    fn object_type(&self) -> &ObjectType;

    /// The value of the field at `slot` (the field's position in its type's table). By default
    /// the stored value of [`Object::field_ref`]; objects that compute fields implement this.
    fn field(&self, slot: usize) -> Option<Cow<'_, Value>> {
        self.field_ref(slot).map(Cow::Borrowed)
    }

    /// The field at `slot` by reference, when the object stores it as a [`Value`]: the fast
    /// path of field access (paths of such fields are read without copying anything).
    fn field_ref(&self, slot: usize) -> Option<&Value> {
        let _ = slot;
        None
    }

    /// The stored field at `slot` when this object is of type `ty` (the same `ObjectType`, by
    /// address): the fast path of linked field access, one call per step.
    fn field_of(&self, ty: &ObjectType, slot: usize) -> Option<&Value> {
        if std::ptr::eq(self.object_type(), ty) { self.field_ref(slot) } else { None }
    }

    /// Whether the field at `slot` is set, for `has(x.field)`. Native objects set every field.
    fn has(&self, slot: usize) -> bool {
        slot < self.object_type().fields().len()
    }

    /// The string a string-like object stands for (`req.url` used as a string).
    fn text(&self) -> Option<Cow<'_, Value>> {
        None
    }

    /// Whether two objects are equal: by default, of the same type with equal fields.
    fn equals(&self, other: &dyn Object) -> bool {
        let ty = self.object_type();
        if ty.name() != other.object_type().name() {
            return false;
        }
        (0..ty.fields().len()).all(|slot| match (self.field(slot), other.field(slot)) {
            (Some(left), Some(right)) => *left == *right,
            (None, None) => true,
            _ => false,
        })
    }
}

/// Makes an object (or any value) from field values given by slot: `Name{field: value}`.
pub type Constructor =
    dyn Fn(&ObjectType, Vec<(usize, Value)>) -> Result<Value, String> + Send + Sync;

/// An object type: its name and its fields in slot order.
pub struct ObjectType {
    name: Box<str>,
    fields: Vec<FieldDecl>,
    constructor: Option<Arc<Constructor>>,
    lenient: bool,
    native: Option<std::any::TypeId>,
}

/// A field of an object type.
#[derive(Clone, Debug)]
pub struct FieldDecl {
    name: Box<str>,
}

impl FieldDecl {
    /// The field's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl ObjectType {
    /// A type named `name` with fields in slot order.
    pub fn new<'a>(name: &str, fields: impl IntoIterator<Item = &'a str>) -> ObjectType {
        ObjectType {
            name: name.into(),
            fields: fields.into_iter().map(|name| FieldDecl { name: name.into() }).collect(),
            constructor: None,
            lenient: false,
            native: None,
        }
    }

    /// Marks the type as the type of the Rust struct `T`, so that `T`'s
    /// [`Object::field_of`] recognizes it with one comparison.
    #[must_use]
    pub fn native<T: 'static>(mut self) -> ObjectType {
        self.native = Some(std::any::TypeId::of::<T>());
        self
    }

    /// Whether this is the type of the Rust struct `T` (see [`ObjectType::native`]).
    #[inline]
    pub fn is_native<T: 'static>(&self) -> bool {
        self.native == Some(std::any::TypeId::of::<T>())
    }

    /// The type with a constructor, for `Name{field: value}` expressions.
    #[must_use]
    pub fn with_constructor(mut self, constructor: Arc<Constructor>) -> ObjectType {
        self.constructor = Some(constructor);
        self
    }

    /// Marks the type as a selection item (`AIModel`, `AIKey`): in `filter`, `all`, `exists`
    /// and `exists_one` over such items, an element whose predicate fails to evaluate counts
    /// as not matching (spec/cel.md §6), and the error is recorded in the activation.
    #[must_use]
    pub fn lenient_predicates(mut self) -> ObjectType {
        self.lenient = true;
        self
    }

    /// The type's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The fields, in slot order.
    pub fn fields(&self) -> &[FieldDecl] {
        &self.fields
    }

    /// The slot of the field named `name`.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|field| &*field.name == name)
    }

    /// Whether predicate errors on items of this type count as not matching.
    pub fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// Makes a value of this type from field values by slot.
    pub(crate) fn construct(&self, fields: Vec<(usize, Value)>) -> Result<Value, String> {
        match &self.constructor {
            Some(constructor) => constructor(self, fields),
            None => Err(format!("objects of type {} cannot be constructed", self.name)),
        }
    }
}

impl fmt::Debug for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectType")
            .field("name", &self.name)
            .field("fields", &self.fields)
            .field("constructor", &self.constructor.is_some())
            .field("lenient", &self.lenient)
            .field("native", &self.native.is_some())
            .finish()
    }
}
