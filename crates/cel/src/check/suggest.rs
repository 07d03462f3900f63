//! "Did you mean ...?" for misspelled names.
//
// The same rule as `switchyard-syntax`'s suggestions for YAML keys; both could move to
// `switchyard-diagnostics`.

/// The candidate closest to `word`, if it is close enough to be a plausible typo: at most a
/// third of the longer word's length in optimal-string-alignment distance (at least 1),
/// ignoring case; ties go to the earliest candidate in sorted order.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let other: Vec<char> = candidate.chars().map(|c| c.to_ascii_lowercase()).collect();
        let distance = edit_distance(&word, &other);
        let limit = (word.len().max(other.len()) / 3).max(1);
        let better = best.is_none_or(|(best_distance, best_candidate)| {
            distance < best_distance || (distance == best_distance && candidate < best_candidate)
        });
        if distance <= limit && better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `did you mean `x`?`, when there is a plausible `x`.
pub(crate) fn help<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(word, candidates).map(|name| format!("did you mean `{name}`?"))
}

/// Insertions, deletions, substitutions and transpositions of adjacent characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let names = ["provider_id", "id", "display_name", "metrics", "ai.models"];
        for (word, expected) in [
            ("provider", Some("provider_id")),
            ("providerid", Some("provider_id")),
            ("metircs", Some("metrics")),
            ("Metrics", Some("metrics")),
            ("ai.model", Some("ai.models")),
            ("idd", Some("id")),
            ("pricing", None),
            ("x", None),
        ] {
            assert_eq!(did_you_mean(word, names), expected, "{word}");
        }
    }
}
