//! Adding an import line to a file being patched.

use oxc_ast::ast::*;

use super::{PatchError, SourceFile};
use crate::js::splice::Splice;

/// Where a new import goes: after the last import, or at the top of the file
/// (before the first statement) when there is none.
pub(crate) fn insert_import(
    host: &SourceFile<'_>,
    program: &Program<'_>,
    splice: &mut Splice,
    code: &str,
) -> Result<(), PatchError> {
    let last = program.body.iter().rposition(|s| matches!(s, Statement::ImportDeclaration(_)));
    match last {
        Some(i) => {
            let limit = program.body.get(i + 1).map(|s| oxc_span::GetSpan::span(s).start);
            host.insert_after(splice, oxc_span::GetSpan::span(&program.body[i]), limit, code, false)
        }
        None => {
            let first = program.body.first().map(oxc_span::GetSpan::span);
            match first {
                Some(span) => host.insert_before(splice, span.start, code),
                None => {
                    let text = host.adapt(code, "")?;
                    splice.insert(host.source.len() as u32, format!("{text}{}", host.eol()));
                    Ok(())
                }
            }
        }
    }
}
