//! Rendering of diagnostics through miette, for terminals and snapshots.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use crate::{Diagnostic, Severity, SourceDb, SourceFile};

/// How to draw a diagnostic.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// ANSI colors.
    pub color: bool,
    /// Terminal width in columns.
    pub width: usize,
    /// Show the documentation link of the code.
    pub links: bool,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions { color: false, width: 100, links: false }
    }
}

/// Renders one diagnostic with its source snippet, labels and help, as `policy check` prints it.
pub fn render(diagnostic: &Diagnostic, db: &SourceDb, options: RenderOptions) -> String {
    let file = diagnostic.primary_span().map(|span| db.get(span.file));
    let mut theme =
        if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // The header reads `error[SY0005]: message`, so the severity symbols are not needed.
    theme.characters.error = String::new();
    theme.characters.warning = String::new();
    theme.characters.advice = String::new();
    let mut handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .without_syntax_highlighting()
        .with_context_lines(1);
    if !options.links {
        handler = handler.with_links(false).with_urls(false);
    }
    let mut out = String::new();
    let report = Report { diagnostic, file };
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}[{}]: {}\n", diagnostic.severity, diagnostic.code, diagnostic.message);
    }
    out
}

struct Report<'a> {
    diagnostic: &'a Diagnostic,
    file: Option<&'a SourceFile>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report").field("code", &self.diagnostic.code).finish()
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let diagnostic = self.diagnostic;
        write!(f, "{}[{}]: {}", diagnostic.severity, diagnostic.code, diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let diagnostic = self.diagnostic;
        if diagnostic.help.is_none() && diagnostic.notes.is_empty() {
            return None;
        }
        let mut text = diagnostic.help.clone().unwrap_or_default();
        for note in &diagnostic.notes {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str("note: ");
            text.push_str(note);
        }
        Some(Box::new(text))
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code.url()))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.file.map(|file| file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = self.file?;
        let primary_file = self.diagnostic.primary_span()?.file;
        let labels =
            self.diagnostic.labels.iter().filter(move |label| label.span.file == primary_file);
        Some(Box::new(labels.map(move |label| {
            let range = label.span.range;
            let end = (range.end as usize).min(file.text().len());
            let start = (range.start as usize).min(end);
            let span = SourceSpan::from(start..end);
            let text = (!label.message.is_empty()).then(|| label.message.clone());
            if label.primary {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })))
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text().read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name().to_owned(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}
