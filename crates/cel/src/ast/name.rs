//! [`Name`]: identifiers, field and function names without a heap allocation for short ones.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// Names up to this many bytes are stored inline.
const INLINE: usize = 22;

/// A variable, field, function or type name. Behaves as a `&str` (it derefs to one and compares
/// with `==` against `str`, `&str` and `String`); names of up to 22 bytes and the names the
/// parser makes up (operators, `@result`) take no heap allocation.
#[derive(Clone)]
pub struct Name(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Name {
    /// A name for a string that lives forever, such as an operator's function name.
    pub const fn new_static(text: &'static str) -> Name {
        Name(Repr::Static(text))
    }

    /// A name holding a copy of `text`.
    pub fn new(text: &str) -> Name {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            return Name(Repr::Inline { len: text.len() as u8, bytes });
        }
        Name(Repr::Heap(text.into()))
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(text) => text,
            // Only whole UTF-8 strings are copied in, so this never falls back.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }
}

impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        if text.len() <= INLINE {
            Name::new(&text)
        } else {
            Name(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn names_compare_by_text_whatever_their_storage() {
        let long = "a_name_longer_than_twenty_two_bytes";
        for text in ["", "a", "é_ü", "exactly_22_bytes_long_", long] {
            let names = [Name::new(text), Name::from(text.to_owned())];
            for name in &names {
                assert_eq!(name.as_str(), text);
                assert_eq!(*name, text);
                assert_eq!(name, &names[0]);
            }
        }
        assert_eq!(Name::new_static("_+_"), Name::new("_+_"));
        assert_eq!(format!("{:?} {}", Name::new("x"), Name::new(long)), format!("\"x\" {long}"));
        assert_eq!(std::mem::size_of::<Name>(), 24);
    }
}
