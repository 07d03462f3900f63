//! Secret values: the [`SecretStore`] trait and the map-backed [`MapSecretStore`].
//!
//! A plan only holds references (`secrets.get('vault', 'name')`); values are looked up at request
//! time, when a template that reads them is evaluated. Values never reach a trace: traces name
//! a key by its plan label, errors by its hash (`crate::gateway::key_id`).

use std::collections::HashMap;
use std::fmt;

/// Where `secrets.get(vault, name)` reads values.
///
/// Implementations may re-read their source at any time (rotation is transparent to policies,
/// spec/templates.md §5); `get` must not block for long, since it runs on the request path.
pub trait SecretStore {
    /// The value of `name` in `vault`, or `None` when there is none.
    fn get(&self, vault: &str, name: &str) -> Option<String>;
}

/// Secrets held in a map: for tests, and for embedders that load their own.
#[derive(Clone, Default)]
pub struct MapSecretStore {
    values: HashMap<(String, String), String>,
}

impl fmt::Debug for MapSecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<String> =
            self.values.keys().map(|(vault, name)| format!("{vault}/{name}")).collect();
        names.sort();
        f.debug_struct("MapSecretStore").field("names", &names).finish_non_exhaustive()
    }
}

impl<V: Into<String>, N: Into<String>, S: Into<String>> FromIterator<(V, N, S)> for MapSecretStore {
    fn from_iter<I: IntoIterator<Item = (V, N, S)>>(entries: I) -> MapSecretStore {
        MapSecretStore {
            values: entries
                .into_iter()
                .map(|(vault, name, value)| ((vault.into(), name.into()), value.into()))
                .collect(),
        }
    }
}

impl SecretStore for MapSecretStore {
    fn get(&self, vault: &str, name: &str) -> Option<String> {
        self.values.get(&(vault.to_owned(), name.to_owned())).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_a_debug_without_values() {
        let store: MapSecretStore = [("openai", "primary", "sk-secret")].into_iter().collect();
        assert_eq!(store.get("openai", "primary").as_deref(), Some("sk-secret"));
        assert_eq!(store.get("openai", "other"), None);
        assert!(!format!("{store:?}").contains("sk-secret"));
    }
}
