//! The comparison of two versions (alignment, diff, modification count, comparison table):
//! the input is split at its first NUL byte into the old and the new text. Besides not
//! panicking, the invariants of the count are checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yijian_text::diff::{compare, mark};
use yijian_text::structure::parse_plain;

fuzz_target!(|data: &[u8]| {
    let at = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let old = String::from_utf8_lossy(&data[..at]);
    let new = String::from_utf8_lossy(data.get(at + 1..).unwrap_or_default());
    let (Ok(old), Ok(new)) = (parse_plain(&old), parse_plain(&new)) else {
        return;
    };
    let c = compare(&old, &new);
    // Every paragraph of both versions is in exactly one alignment link.
    let mut seen_old = vec![0u8; old.blocks.len()];
    let mut seen_new = vec![0u8; new.blocks.len()];
    for link in &c.alignment.links {
        for &i in &link.old {
            seen_old[i] += 1;
        }
        for &j in &link.new {
            seen_new[j] += 1;
        }
    }
    assert!(seen_old.iter().chain(&seen_new).all(|&n| n == 1));
    // The count is the sum over the comparison-table rows, and per part.
    assert_eq!(
        c.rows.iter().map(|r| r.modifications).sum::<usize>(),
        c.count()
    );
    assert_eq!(
        c.by_part().iter().map(|p| p.modifications).sum::<usize>(),
        c.count()
    );
    for row in &c.rows {
        assert!(row.modifications > 0);
        let _ = mark(&row.old_text, &row.old_marks, "【", "】");
        let _ = mark(&row.new_text, &row.new_marks, "【", "】");
        let (old_len, new_len) = (row.old_text.chars().count(), row.new_text.chars().count());
        assert!(row
            .old_marks
            .iter()
            .all(|r| r.start < r.end && r.end <= old_len));
        assert!(row
            .new_marks
            .iter()
            .all(|r| r.start < r.end && r.end <= new_len));
    }
    assert_eq!(
        c.alignment.inherited_ids(new.blocks.len()).len(),
        new.blocks.len()
    );
    // Identical versions have no modification.
    assert_eq!(compare(&new, &new).count(), 0);
});
