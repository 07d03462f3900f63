//! "Did you mean ...?" suggestions by edit distance, for YAML keys, enum values, CEL names and
//! fields alike.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
///
/// Closeness is the optimal-string-alignment distance (insertions, deletions, substitutions and
/// adjacent transpositions), compared case-insensitively with `-` and `_` treated alike; the
/// distance must be at most a third of the longer word's length (and at least 1 is allowed).
/// A candidate that starts or ends with the whole word (`model_selections` → `model_selection`)
/// is also accepted. Ties go to the earlier candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let normalized = normalize(word);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let other = normalize(candidate);
        if other == normalized {
            return Some(candidate);
        }
        let affix = normalized.len() >= 3
            && (other.starts_with(&normalized) || other.ends_with(&normalized));
        let distance =
            if affix { other.len() - normalized.len() } else { edit_distance(&normalized, &other) };
        let limit = if affix { usize::MAX } else { (normalized.len().max(other.len()) / 3).max(1) };
        if distance <= limit && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

fn normalize(word: &str) -> Vec<char> {
    word.chars().map(|c| if c == '-' { '_' } else { c.to_ascii_lowercase() }).collect()
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous2: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(previous2[j - 2] + 1);
            }
            current[j] = value;
        }
        std::mem::swap(&mut previous2, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// `did you mean `x`?`, when there is a plausible `x`.
pub fn help<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|name| format!("did you mean `{name}`?"))
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["model_selection", "api_key_selection", "providers", "on_error"];
        assert_eq!(did_you_mean("model_selections", keys), Some("model_selection"));
        assert_eq!(did_you_mean("provider", keys), Some("providers"));
        assert_eq!(did_you_mean("on-error", keys), Some("on_error"));
        assert_eq!(did_you_mean("onerorr", keys), Some("on_error"));
        assert_eq!(did_you_mean("timeout", keys), None);
        assert_eq!(did_you_mean("ai-gateways", ["ai-gateway", "deny"]), Some("ai-gateway"));
        assert_eq!(did_you_mean("Stop", ["halt", "continue"]), None);
        assert_eq!(did_you_mean("input", ["text.output", "text.input"]), Some("text.input"));
        assert_eq!(did_you_mean("id", ["provider_id", "width"]), None);
    }
}
