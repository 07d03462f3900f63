//! Renders a string value as a YAML scalar in a given style, with random but valid choices of
//! line folding and escapes; `None` when the style cannot represent the value.

use std::fmt::Write;

/// A tiny deterministic generator for rendering choices.
pub struct Choices(u64);

impl Choices {
    pub fn new(seed: u64) -> Choices {
        Choices(seed | 1)
    }

    /// True about once in `n` calls.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0.is_multiple_of(n)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

pub const STYLES: [Style; 5] =
    [Style::Plain, Style::Single, Style::Double, Style::Literal, Style::Folded];

/// The scalar as written after `key: `; continuation lines are indented by `indent` spaces.
pub fn render(value: &str, style: Style, indent: usize, choices: &mut Choices) -> Option<String> {
    let pad = " ".repeat(indent);
    match style {
        Style::Plain => plain(value, &pad, choices),
        Style::Single => single(value, &pad, choices),
        Style::Double => Some(double(value, &pad, choices)),
        Style::Literal => Some(block(value, &pad, true, choices)),
        Style::Folded => Some(block(value, &pad, false, choices)),
    }
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

/// Where a fold may replace a single space, or a run of line breaks, at `idx`: both neighbours
/// must be non-whitespace.
fn neighbours_solid(chars: &[char], start: usize, end: usize) -> bool {
    start > 0 && end < chars.len() && !is_ws(chars[start - 1]) && !is_ws(chars[end])
}

/// Writes `chars` folding spaces and line breaks; `literal` writes one other character.
fn folded_flow(
    chars: &[char],
    pad: &str,
    choices: &mut Choices,
    avoid_after_fold: &[char],
    mut literal: impl FnMut(char, &mut String, &mut Choices) -> Option<()>,
) -> Option<String> {
    let mut out = String::new();
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx];
        if ch == '\n' {
            let run = chars[idx..].iter().take_while(|&&c| c == '\n').count();
            let end = idx + run;
            if neighbours_solid(chars, idx, end) && !avoid_after_fold.contains(&chars[end]) {
                out.push_str(&"\n".repeat(run + 1));
                out.push_str(pad);
                idx = end;
                continue;
            }
        }
        if ch == ' '
            && neighbours_solid(chars, idx, idx + 1)
            && !avoid_after_fold.contains(&chars[idx + 1])
            && choices.one_in(3)
        {
            out.push('\n');
            out.push_str(pad);
            idx += 1;
            continue;
        }
        literal(ch, &mut out, choices)?;
        idx += 1;
    }
    Some(out)
}

fn plain(value: &str, pad: &str, choices: &mut Choices) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    let first = *chars.first()?;
    let last = *chars.last()?;
    let bad_start = "-?:,[]{}#&*!|>'\"%@` \t\n";
    if bad_start.contains(first) || is_ws(last) || last == ':' || value.contains('\t') {
        return None;
    }
    if value.contains(": ")
        || value.contains(":\n")
        || value.contains(" #")
        || value.contains("\n#")
    {
        return None;
    }
    folded_flow(&chars, pad, choices, &['#', '-', '?', ':'], |ch, out, _| {
        (ch != '\n').then(|| out.push(ch))
    })
}

fn single(value: &str, pad: &str, choices: &mut Choices) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    let body = folded_flow(&chars, pad, choices, &[], |ch, out, _| match ch {
        '\n' => None,
        '\'' => {
            out.push_str("''");
            Some(())
        }
        _ => {
            out.push(ch);
            Some(())
        }
    })?;
    Some(format!("'{body}'"))
}

fn double(value: &str, pad: &str, choices: &mut Choices) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut prev_escaped_break = false;
    let body = folded_flow(&chars, pad, choices, &[], |ch, out, choices| {
        // An escaped line break may come before anything but a literal blank.
        let escape = ch.is_ascii_control() || ch == ' ' && choices.one_in(4) || choices.one_in(5);
        if !prev_escaped_break && !out.is_empty() && (escape || ch != ' ') && choices.one_in(6) {
            out.push_str("\\\n");
            out.push_str(pad);
        }
        prev_escaped_break = false;
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' if choices.one_in(2) => out.push_str("\\t"),
            ' ' if escape => out.push_str("\\ "),
            _ if escape => {
                let code = ch as u32;
                if code < 0x80 && choices.one_in(2) {
                    write!(out, "\\x{code:02x}").unwrap();
                } else if code < 0x10000 && choices.one_in(2) {
                    write!(out, "\\u{code:04X}").unwrap();
                } else {
                    write!(out, "\\U{code:08x}").unwrap();
                }
            }
            _ => out.push(ch),
        }
        Some(())
    })
    .unwrap_or_default();
    format!("\"{body}\"")
}

fn block(value: &str, pad: &str, literal: bool, choices: &mut Choices) -> String {
    let indicator = if literal { '|' } else { '>' };
    let trailing = value.len() - value.trim_end_matches('\n').len();
    let content = &value[..value.len() - trailing];
    if content.is_empty() {
        let chomp = if trailing > 0 { "+" } else { "-" };
        return format!("{indicator}{chomp}\n{}", "\n".repeat(trailing));
    }
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let first_line = content.split('\n').find(|line| !line.is_empty()).unwrap_or("");
    let explicit = first_line.starts_with(' ') || choices.one_in(2);
    let indent_indicator = if explicit { "2" } else { "" };
    let mut out = format!("{indicator}{indent_indicator}{chomp}\n");
    let lines: Vec<&str> = content.split('\n').collect();
    let normal = |line: &str| !line.is_empty() && !line.starts_with([' ', '\t']);
    let mut idx = 0;
    let mut prev_content: Option<&str> = None;
    while idx < lines.len() {
        let line = lines[idx];
        if line.is_empty() {
            // Leading empty lines, before the first content line.
            out.push('\n');
            idx += 1;
            continue;
        }
        if let Some(prev) = prev_content {
            // `run` line breaks of the value separate `prev` and `line`.
            let run = lines[..idx].iter().rev().take_while(|l| l.is_empty()).count() + 1;
            let empty_lines = if !literal && normal(prev) && normal(line) { run } else { run - 1 };
            out.push_str(&"\n".repeat(empty_lines));
        }
        out.push_str(pad);
        if literal || !normal(line) {
            out.push_str(line);
        } else {
            let chars: Vec<char> = line.chars().collect();
            for (pos, &ch) in chars.iter().enumerate() {
                if ch == ' ' && neighbours_solid(&chars, pos, pos + 1) && choices.one_in(3) {
                    out.push('\n');
                    out.push_str(pad);
                } else {
                    out.push(ch);
                }
            }
        }
        out.push('\n');
        prev_content = Some(line);
        idx += 1;
        while idx < lines.len() && lines[idx].is_empty() {
            idx += 1;
        }
    }
    out.push_str(&"\n".repeat(trailing.saturating_sub(1)));
    out
}
