//! What every comment reader must keep, whatever the input: rows come in line order, and a
//! row that is accepted satisfies the checks (trimmed, non-empty, within the limits, no NUL).

use yijian_text::comments::{Row, RowResult, MAX_SHORT_CHARS, MAX_TEXT_CHARS};
use yijian_text::TextError;

pub fn drain(rows: impl Iterator<Item = Result<RowResult, TextError>>) {
    let mut last = 0u64;
    for next in rows.take(100_000) {
        let Ok(row) = next else { break };
        let line = match &row {
            Ok(r) => {
                check(r);
                r.line
            }
            Err(e) => {
                let _ = e.to_string();
                let _ = e.problem.code();
                e.line
            }
        };
        assert!(line > last, "line {line} after {last}");
        last = line;
    }
}

fn check(r: &Row) {
    let short = |s: &str| {
        assert!(!s.is_empty() && s.trim() == s && !s.contains('\0'));
        assert!(s.chars().count() <= MAX_SHORT_CHARS);
    };
    short(&r.id);
    assert!(!r.text.is_empty() && r.text.trim() == r.text && !r.text.contains('\0'));
    assert!(!r.text.contains('\r'));
    assert!(r.text.chars().count() <= MAX_TEXT_CHARS);
    r.author.as_deref().map(short);
    r.region.as_deref().map(short);
}
