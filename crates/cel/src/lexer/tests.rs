use std::borrow::Cow;

use super::{Lexer, TokenKind};

/// The tokens of `text`, one per line: `start..end kind`, then the errors.
fn lex(text: &str) -> String {
    let mut lexer = Lexer::new(text);
    let mut errors = Vec::new();
    let mut out = Vec::new();
    loop {
        let token = lexer.next_token(&mut errors);
        match token.kind {
            TokenKind::Eof => break,
            TokenKind::Error => continue,
            _ => {}
        }
        let kind = match &token.kind {
            TokenKind::String(Cow::Borrowed(s)) => format!("String(borrowed {s:?})"),
            TokenKind::String(Cow::Owned(s)) => format!("String(owned {s:?})"),
            TokenKind::Bytes(Cow::Borrowed(b)) => {
                format!("Bytes(borrowed b\"{}\")", b.escape_ascii())
            }
            TokenKind::Bytes(Cow::Owned(b)) => format!("Bytes(owned b\"{}\")", b.escape_ascii()),
            kind => format!("{kind:?}"),
        };
        out.push(format!("{:?} {kind}", token.span));
    }
    for error in errors {
        out.push(format!("error {:?} {}", error.span, error.message));
    }
    out.join("\n")
}

#[track_caller]
fn check(text: &str, expected: &str) {
    let actual = lex(text);
    let expected = expected.trim().lines().map(str::trim).collect::<Vec<_>>().join("\n");
    assert_eq!(actual, expected, "lexing {text:?}");
}

#[test]
fn punctuation_and_keywords() {
    check(
        "+ - * / % ! ? : , . ( ) [ ] { } == != < <= > >= && || in true false null",
        "0..1 Plus\n2..3 Minus\n4..5 Star\n6..7 Slash\n8..9 Percent\n10..11 Bang\n12..13 Question\n\
         14..15 Colon\n16..17 Comma\n18..19 Dot\n20..21 LParen\n22..23 RParen\n24..25 LBracket\n\
         26..27 RBracket\n28..29 LBrace\n30..31 RBrace\n32..34 EqEq\n35..37 NotEq\n38..39 Lt\n40..42 Le\n\
         43..44 Gt\n45..47 Ge\n48..50 AndAnd\n51..53 OrOr\n54..56 In\n57..61 True\n62..67 False\n68..72 Null",
    );
}

#[test]
fn identifiers_whitespace_and_comments() {
    check(
        "_a1 if\t\x0C\r\n// comment ( \n inner // trailing",
        "0..3 Ident(\"_a1\")\n4..6 Ident(\"if\")\n25..30 Ident(\"inner\")",
    );
    check("a.`b-c/d e.f`", "0..1 Ident(\"a\")\n1..2 Dot\n2..13 QuotedIdent(\"b-c/d e.f\")");
    check("`a", "error 0..2 unterminated quoted identifier");
    check(
        "`a+b`",
        "3..4 Ident(\"b\")\nerror 2..3 unexpected character '+' in quoted identifier\nerror 4..5 unterminated quoted identifier",
    );
    check("``", "error 0..2 empty quoted identifier");
}

#[test]
fn numbers() {
    check(
        "0 42 0x1F 0XaBu 7u 7U",
        "0..1 Int(Some(0))\n2..4 Int(Some(42))\n5..9 Int(Some(31))\n10..15 Uint(Some(171))\n16..18 Uint(Some(7))\n19..21 Uint(Some(7))",
    );
    check(
        "1.5 .5 1e3 1E+3 2.5e-2",
        "0..3 Double(Some(1.5))\n4..6 Double(Some(0.5))\n7..10 Double(Some(1000.0))\n11..15 Double(Some(1000.0))\n16..22 Double(Some(0.025))",
    );
    // `1.` is no double: an int and a dot.
    check("1.e3", "0..1 Int(Some(1))\n1..2 Dot\n2..4 Ident(\"e3\")");
    check(
        "18446744073709551615 18446744073709551616",
        "0..20 Int(Some(18446744073709551615))\n21..41 Int(None)",
    );
    check("0xFFFFFFFFFFFFFFFFF 1e400", "0..19 Int(None)\n20..25 Double(None)");
    check("0x", "error 0..2 expected hexadecimal digits after '0x'");
    check("1abc 2", "5..6 Int(Some(2))\nerror 1..4 invalid suffix 'abc' on number literal");
    check("1e", "error 1..2 invalid suffix 'e' on number literal");
    check("1.5u", "error 3..4 invalid suffix 'u' on number literal");
}

#[test]
fn strings_borrow_unless_decoded() {
    check(
        "'a' \"b\" '''c'd''' \"\"\"e\"f\"\"\"",
        "0..3 String(borrowed \"a\")\n4..7 String(borrowed \"b\")\n8..17 String(borrowed \"c'd\")\n18..27 String(borrowed \"e\\\"f\")",
    );
    check(
        "'' '''''' r'\\n' R\"\\\\\"",
        "0..2 String(borrowed \"\")\n3..9 String(borrowed \"\")\n10..15 String(borrowed \"\\\\n\")\n16..21 String(borrowed \"\\\\\\\\\")",
    );
    check("'\\n'", "0..4 String(owned \"\\n\")");
    check("'''a\r\nb\rc'''", "0..12 String(owned \"a\\nb\\nc\")");
    check("r'''a\\'''", "0..9 String(borrowed \"a\\\\\")");
    check(
        "rb'x' b'x'",
        "0..2 Ident(\"rb\")\n2..5 String(borrowed \"x\")\n6..10 Bytes(borrowed b\"x\")",
    );
}

#[test]
fn every_escape() {
    check(
        r#"'\a\b\f\n\r\t\v\\\'\"\`\?'"#,
        r#"0..26 String(owned "\u{7}\u{8}\u{c}\n\r\t\u{b}\\'\"`?")"#,
    );
    check(r"'\x41\X42\101\u00e9\U0001F600\377'", "0..34 String(owned \"ABAé😀ÿ\")");
    check(r"b'\x41\xff\377ÿ'", "0..17 Bytes(owned b\"A\\xff\\xff\\xc3\\xbf\")");
    check(
        r"br'\x41' BR'\n' Br'a'",
        "0..8 Bytes(borrowed b\"\\\\x41\")\n9..15 Bytes(borrowed b\"\\\\n\")\n16..21 Bytes(borrowed b\"a\")",
    );
}

#[test]
fn invalid_escapes() {
    check(r"'\q'", "0..4 String(owned \"\")\nerror 1..3 invalid escape sequence \\q");
    check(r"'\é'", "0..5 String(owned \"\")\nerror 1..4 invalid escape sequence \\é");
    check(
        r"'\x4'",
        "0..5 String(owned \"\")\nerror 1..4 invalid escape sequence \\x4: expected 2 hexadecimal digits",
    );
    check(
        r"'\u12g4'",
        "0..8 String(owned \"g4\")\nerror 1..5 invalid escape sequence \\u12: expected 4 hexadecimal digits",
    );
    check(
        r"'\08'",
        "0..5 String(owned \"8\")\nerror 1..3 invalid escape sequence \\0: expected 3 octal digits",
    );
    check(r"'\400'", "0..6 String(owned \"00\")\nerror 1..3 invalid escape sequence \\4");
    check(r"'\uD83D'", "0..8 String(owned \"\")\nerror 1..7 invalid unicode code point \\uD83D");
    check(
        r"'\U00110000'",
        "0..12 String(owned \"\")\nerror 1..11 invalid unicode code point \\U00110000",
    );
    check(
        r"b'\u0041'",
        "0..9 Bytes(owned b\"\")\nerror 2..8 invalid escape sequence \\u0041 in a bytes literal",
    );
    check(
        r"b'\U00000041'",
        "0..13 Bytes(owned b\"\")\nerror 2..12 invalid escape sequence \\U00000041 in a bytes literal",
    );
    // Several errors in one literal are all reported.
    check(
        r"'\q\w'",
        "0..6 String(owned \"\")\nerror 1..3 invalid escape sequence \\q\nerror 3..5 invalid escape sequence \\w",
    );
}

#[test]
fn unterminated_literals() {
    check("'abc", "error 0..4 unterminated string literal");
    check(
        "'abc\n'",
        "error 0..4 unterminated string literal\nerror 5..6 unterminated string literal",
    );
    check("b\"abc", "error 0..5 unterminated bytes literal");
    check("'''abc''", "error 0..8 unterminated string literal");
    check(r"'abc\", "error 0..5 unterminated string literal");
    // A raw literal ends at the first quote, backslash or not.
    check(r"r'\'", "0..4 String(borrowed \"\\\\\")");
}

#[test]
fn unexpected_characters() {
    check("a # b", "0..1 Ident(\"a\")\n4..5 Ident(\"b\")\nerror 2..3 unexpected character '#'");
    check(
        "= & | é",
        "error 0..1 unexpected character '='\nerror 2..3 unexpected character '&'\nerror 4..5 unexpected character '|'\nerror 6..8 unexpected character 'é'",
    );
}
