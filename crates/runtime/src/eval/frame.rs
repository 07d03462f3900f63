//! What evaluation reads: the caller's [`Activation`], and the frames of enclosing
//! comprehensions, which bind their variables by reference (no element is cloned to be bound).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use super::error::{Error, ErrorKind};
use super::registry::VarSlot;
use crate::secrets::SecretStore;
use crate::value::Value;

/// The result of evaluating a node: a value borrowed from the activation, a constant, an
/// object or a comprehension's element, or a new value.
pub(crate) type Eval<'a> = Result<Cow<'a, Value>, Error>;

/// A linked expression node.
pub(crate) type Node = Box<dyn for<'a> Fn(&Frame<'a>) -> Eval<'a> + Send + Sync>;

/// How many variable slots an [`Activation`] holds in place.
const INLINE_SLOTS: usize = 12;

/// The variables an evaluation reads, and the capabilities its functions use: a random
/// source for `rand.*` and `randomize()`, and a [`SecretStore`] for `secrets.get`.
///
/// Build one per request with [`Activation::new`] and [`Activation::set`]; slots come from the
/// [`Registry`](super::Registry) (`Registry::variable`, or the constants of
/// [`vars`](super::vars) for the policy registry).
#[derive(Default)]
pub struct Activation<'a> {
    /// The first slots in place (the policy registry's variables: no allocation per request),
    /// the others in `more`.
    values: [Option<Value>; INLINE_SLOTS],
    more: Vec<Option<Value>>,
    random: Option<&'a RefCell<dyn rand::Rng>>,
    secrets: Option<&'a dyn SecretStore>,
    absorbed: RefCell<Vec<Error>>,
}

impl<'a> Activation<'a> {
    /// An activation with no variable bound.
    pub fn new() -> Activation<'a> {
        Activation::default()
    }

    /// Binds the variable at `slot`.
    pub fn set(&mut self, slot: VarSlot, value: Value) {
        let index = slot.index();
        if let Some(place) = self.values.get_mut(index) {
            *place = Some(value);
            return;
        }
        let index = index - INLINE_SLOTS;
        if self.more.len() <= index {
            self.more.resize(index + 1, None);
        }
        self.more[index] = Some(value);
    }

    /// The value bound at `slot`.
    #[inline]
    pub fn get(&self, slot: VarSlot) -> Option<&Value> {
        let index = slot.index();
        match self.values.get(index) {
            Some(value) => value.as_ref(),
            None => self.more.get(index - INLINE_SLOTS)?.as_ref(),
        }
    }

    /// Runs `use_random` with the random source, borrowed once (shuffles draw many numbers).
    pub(crate) fn using_random<T>(
        &self,
        use_random: impl FnOnce(&mut dyn rand::Rng) -> T,
    ) -> Result<T, Error> {
        let random = self.random.ok_or_else(|| {
            Error::new(ErrorKind::Unavailable, "no random source in the activation")
        })?;
        let mut random = random
            .try_borrow_mut()
            .map_err(|_| Error::new(ErrorKind::Unavailable, "the random source is in use"))?;
        Ok(use_random(&mut *random))
    }

    /// Uses `random` for `rand.double()`, `rand.int()`, `random()` and `randomize()`: seed it
    /// for deterministic results.
    #[must_use]
    pub fn with_random(mut self, random: &'a RefCell<dyn rand::Rng>) -> Activation<'a> {
        self.random = Some(random);
        self
    }

    /// Uses `secrets` for `secrets.get`.
    #[must_use]
    pub fn with_secrets(mut self, secrets: &'a dyn SecretStore) -> Activation<'a> {
        self.secrets = Some(secrets);
        self
    }

    /// The errors that predicates over selection items (models, keys) raised and that counted
    /// as "not matching" (spec/cel.md §6), since the activation was made or last drained.
    pub fn take_absorbed_errors(&self) -> Vec<Error> {
        std::mem::take(&mut self.absorbed.borrow_mut())
    }

    pub(crate) fn absorb(&self, error: Error) {
        self.absorbed.borrow_mut().push(error);
    }

    /// A uniformly random `u64`, or an error when no random source was given.
    pub fn random_u64(&self) -> Result<u64, Error> {
        self.using_random(|random| random.next_u64())
    }

    /// The value of a secret (`vault` `default` when `None`), or an error that names it (never
    /// its value).
    pub fn secret(&self, vault: Option<&str>, name: &str) -> Result<String, Error> {
        let secrets = self.secrets.ok_or_else(|| {
            Error::new(ErrorKind::Unavailable, "no secret store in the activation")
        })?;
        let vault = vault.unwrap_or("default");
        secrets.get(vault, name).ok_or_else(|| {
            Error::new(ErrorKind::NotFound, format!("secret `{name}` not found in vault `{vault}`"))
        })
    }
}

impl fmt::Debug for Activation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Activation")
            .field("values", &self.values)
            .field("more", &self.more)
            .field("random", &self.random.is_some())
            .field("secrets", &self.secrets.is_some())
            .finish_non_exhaustive()
    }
}

/// An evaluation frame: the activation and constants at the root, a comprehension's variables
/// below.
pub(crate) struct Frame<'a> {
    pub(crate) activation: &'a Activation<'a>,
    pub(crate) constants: &'a [Value],
    parent: Option<&'a Frame<'a>>,
    vars: [Option<&'a Value>; 2],
    accu: Option<&'a Result<Value, Error>>,
}

/// Which variable of a comprehension frame a local names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Binding {
    Iter,
    Iter2,
    Accu,
}

impl<'a> Frame<'a> {
    pub(crate) fn root(activation: &'a Activation<'a>, constants: &'a [Value]) -> Frame<'a> {
        Frame { activation, constants, parent: None, vars: [None, None], accu: None }
    }

    pub(crate) fn child(
        parent: &'a Frame<'a>,
        vars: [Option<&'a Value>; 2],
        accu: Option<&'a Result<Value, Error>>,
    ) -> Frame<'a> {
        Frame {
            activation: parent.activation,
            constants: parent.constants,
            parent: Some(parent),
            vars,
            accu,
        }
    }

    /// The local `depth` frames up.
    #[inline]
    pub(crate) fn local(&self, depth: usize, binding: Binding) -> Eval<'a> {
        let mut frame = self;
        for _ in 0..depth {
            match frame.parent {
                Some(parent) => frame = parent,
                None => return Err(unbound()),
            }
        }
        match binding {
            Binding::Iter => frame.vars[0].map(Cow::Borrowed).ok_or_else(unbound),
            Binding::Iter2 => frame.vars[1].map(Cow::Borrowed).ok_or_else(unbound),
            Binding::Accu => match frame.accu {
                Some(Ok(value)) => Ok(Cow::Borrowed(value)),
                Some(Err(error)) => Err(error.clone()),
                None => Err(unbound()),
            },
        }
    }

    /// The local `depth` frames up, by reference; `None` when unbound or an error.
    #[inline]
    pub(crate) fn local_ref(&self, depth: usize, binding: Binding) -> Option<&'a Value> {
        let mut frame = self;
        for _ in 0..depth {
            frame = frame.parent?;
        }
        match binding {
            Binding::Iter => frame.vars[0],
            Binding::Iter2 => frame.vars[1],
            Binding::Accu => frame.accu?.as_ref().ok(),
        }
    }

    #[inline]
    pub(crate) fn var(&self, slot: VarSlot) -> Option<&'a Value> {
        self.activation.get(slot)
    }
}

#[cold]
fn unbound() -> Error {
    Error::new(ErrorKind::NoSuchAttribute, "comprehension variable read outside its comprehension")
}
