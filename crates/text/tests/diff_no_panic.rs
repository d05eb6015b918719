//! Alignment and comparison never panic, and every paragraph is accounted for exactly once,
//! whatever the input.

use proptest::prelude::*;
use yijian_text::align::align;
use yijian_text::diff::{compare, mark};
use yijian_text::structure::parse_plain;

fn para() -> impl Strategy<Value = String> {
    prop_oneof![
        "[甲乙丙丁，。]{0,12}",
        ".{0,20}",
        Just(String::new()),
        Just("重复段落".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn align_covers_every_paragraph_once(old in prop::collection::vec(para(), 0..30), new in prop::collection::vec(para(), 0..30)) {
        let o: Vec<&str> = old.iter().map(String::as_str).collect();
        let n: Vec<&str> = new.iter().map(String::as_str).collect();
        let a = align(&o, &n);
        let mut seen_old = vec![0; o.len()];
        let mut seen_new = vec![0; n.len()];
        for l in &a.links {
            for &i in &l.old { seen_old[i] += 1; }
            for &j in &l.new { seen_new[j] += 1; }
        }
        prop_assert!(seen_old.iter().all(|&c| c == 1), "{:?}", a);
        prop_assert!(seen_new.iter().all(|&c| c == 1), "{:?}", a);
        prop_assert_eq!(a.inherited_ids(n.len()).len(), n.len());
    }

    #[test]
    fn compare_never_panics(old in prop::collection::vec(para(), 1..30), new in prop::collection::vec(para(), 1..30)) {
        if let (Ok(a), Ok(b)) = (parse_plain(&old.join("\n")), parse_plain(&new.join("\n"))) {
            let c = compare(&a, &b);
            prop_assert_eq!(c.rows.iter().map(|r| r.modifications).sum::<usize>(), c.count());
            for r in &c.rows {
                let _ = mark(&r.old_text, &r.old_marks, "【", "】");
                let _ = mark(&r.new_text, &r.new_marks, "【", "】");
            }
        }
    }
}
