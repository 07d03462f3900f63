//! CEL for traffic policies: lexer, parser, type system and checker.
