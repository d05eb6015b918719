//! `confusable`: look-alike (形近) and sound-alike (音近) wrong characters and wrong idioms (成语)
//! from a curated confusion list, `data/lint/confusions.tsv`, embedded at build time. Each entry
//! is `wrong → right`; an entry may list longer correct strings that contain the wrong form
//! (既使用 contains 既使), where it is not flagged. Pairs whose right form depends on meaning
//! (的/地/得, 做/作) are deliberately absent: the list only holds forms that are never correct.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use super::scan::{Doc, Line};
use super::{Finding, FindingKind, Severity};

const DATA: &str = include_str!("../../data/lint/confusions.tsv");

/// Why the wrong form is confused with the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfusionType {
    /// 形近: characters that look alike (己/已, 竞/竟).
    Shape,
    /// 音近: characters that sound alike (即/既, 部/布).
    Sound,
    /// 成语: a wrongly written idiom (再接再励).
    Idiom,
}

impl ConfusionType {
    pub fn label(self) -> &'static str {
        match self {
            ConfusionType::Shape => "形近",
            ConfusionType::Sound => "音近",
            ConfusionType::Idiom => "成语",
        }
    }
}

/// One entry of the confusion list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    pub wrong: &'static str,
    pub right: &'static str,
    pub kind: ConfusionType,
    /// Correct strings containing `wrong` where it must not be flagged.
    pub exceptions: Vec<&'static str>,
}

/// Parse the confusion list format: `wrong<TAB>right<TAB>type[<TAB>exc1|exc2]`, `#` comments.
pub fn parse(data: &'static str) -> Result<Vec<Confusion>, String> {
    let mut out = Vec::new();
    for (no, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (wrong, right, kind) = match cols.as_slice() {
            [w, r, k] | [w, r, k, _] => (*w, *r, *k),
            _ => {
                return Err(format!(
                    "line {}: expected 3 or 4 tab-separated columns",
                    no + 1
                ))
            }
        };
        let kind = match kind {
            "形近" => ConfusionType::Shape,
            "音近" => ConfusionType::Sound,
            "成语" => ConfusionType::Idiom,
            other => return Err(format!("line {}: unknown type {other:?}", no + 1)),
        };
        if wrong.is_empty() || right.is_empty() || wrong == right {
            return Err(format!("line {}: empty or identical forms", no + 1));
        }
        let exceptions: Vec<&str> = cols
            .get(3)
            .map(|e| e.split('|').filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        if let Some(bad) = exceptions.iter().find(|e| !e.contains(wrong)) {
            return Err(format!(
                "line {}: exception {bad:?} does not contain {wrong:?}",
                no + 1
            ));
        }
        out.push(Confusion {
            wrong,
            right,
            kind,
            exceptions,
        });
    }
    Ok(out)
}

struct Table {
    entries: Vec<Confusion>,
    wrong: Vec<Vec<char>>,
    /// For each entry, each exception as chars with the offset of `wrong` inside it.
    exceptions: Vec<Vec<(Vec<char>, usize)>>,
    by_first: HashMap<char, Vec<usize>>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    // The list is embedded at build time and its unit test proves it parses.
    let entries = parse(DATA).unwrap_or_default();
    let wrong: Vec<Vec<char>> = entries.iter().map(|e| e.wrong.chars().collect()).collect();
    let exceptions = entries
        .iter()
        .map(|e| {
            e.exceptions
                .iter()
                .map(|x| {
                    let offset = x.find(e.wrong).map_or(0, |b| x[..b].chars().count());
                    (x.chars().collect(), offset)
                })
                .collect()
        })
        .collect();
    let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, w) in wrong.iter().enumerate() {
        if let Some(&c) = w.first() {
            by_first.entry(c).or_default().push(i);
        }
    }
    // longest first, so 举世嘱目 wins over 嘱目
    for list in by_first.values_mut() {
        list.sort_by_key(|&i| std::cmp::Reverse(wrong[i].len()));
    }
    Table {
        entries,
        wrong,
        exceptions,
        by_first,
    }
});

/// The confusion list.
pub fn confusions() -> &'static [Confusion] {
    &TABLE.entries
}

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    let t = &*TABLE;
    for line in &doc.lines {
        check_line(t, line, out);
    }
}

fn check_line(t: &Table, line: &Line, out: &mut Vec<Finding>) {
    let c = &line.chars;
    let mut i = 0;
    while i < c.len() {
        let hit = t.by_first.get(&c[i]).and_then(|cands| {
            cands
                .iter()
                .copied()
                .find(|&e| super::scan::matches_at(c, i, &t.wrong[e]) && !excepted(t, e, c, i))
        });
        match hit {
            Some(e) => {
                let entry = &t.entries[e];
                out.push(Finding {
                    kind: FindingKind::Confusable,
                    line: line.no,
                    column: i + 1,
                    excerpt: entry.wrong.to_string(),
                    suggestion: format!("{}（{}）", entry.right, entry.kind.label()),
                    severity: Severity::Error,
                });
                i += t.wrong[e].len();
            }
            None => i += 1,
        }
    }
}

fn excepted(t: &Table, e: usize, c: &[char], i: usize) -> bool {
    t.exceptions[e]
        .iter()
        .any(|(x, off)| i >= *off && super::scan::matches_at(c, i - off, x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn found(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter().map(|f| (f.column, f.excerpt)).collect()
    }

    #[test]
    fn list_parses_and_is_large_enough() {
        let list = parse(DATA).expect("the confusion list parses");
        assert!(list.len() >= 300, "{} pairs", list.len());
        assert_eq!(confusions().len(), list.len());
        for kind in [
            ConfusionType::Shape,
            ConfusionType::Sound,
            ConfusionType::Idiom,
        ] {
            assert!(
                list.iter().filter(|c| c.kind == kind).count() >= 30,
                "{kind:?}"
            );
        }
        let wrongs: HashSet<&str> = list.iter().map(|c| c.wrong).collect();
        assert_eq!(wrongs.len(), list.len(), "duplicate wrong forms");
        for c in &list {
            assert!(c.wrong.chars().count() >= 2, "{}", c.wrong);
            assert!(
                !wrongs.contains(c.right),
                "{} is both right and wrong",
                c.right
            );
        }
    }

    /// jieba's dictionary was built from web text and so holds many misspellings, but with
    /// small frequencies; a wrong form must not be a frequent dictionary word (which would mean
    /// it is a real word, or a variant spelling in common use), and no right form may be
    /// flagged by another entry.
    #[test]
    fn no_wrong_form_is_a_correct_word() {
        let jieba = super::super::scan::jieba();
        let mut bad = Vec::new();
        for c in confusions() {
            let (fw, fr) = (jieba.suggest_freq(c.wrong), jieba.suggest_freq(c.right));
            if fw > 30.max(fr / 5) {
                bad.push(format!("{}({fw}) vs {}({fr})", c.wrong, c.right));
            }
            if !found(c.right).is_empty() {
                bad.push(format!("right form {} is flagged", c.right));
            }
            for x in &c.exceptions {
                if !found(x).is_empty() {
                    bad.push(format!("exception {x} is flagged"));
                }
            }
        }
        assert!(bad.is_empty(), "{bad:?}");
    }

    #[test]
    fn parse_rejects_bad_lines() {
        assert!(parse("甲\t乙").is_err());
        assert!(parse("甲乙\t丙丁\t其他").is_err());
        assert!(parse("甲乙\t甲乙\t形近").is_err());
        assert!(parse("甲乙\t丙丁\t形近\t戊己").is_err());
        assert_eq!(
            parse("# c\n\n甲乙\t丙丁\t形近\t甲乙丙").map(|v| v.len()),
            Ok(1)
        );
    }

    #[test]
    fn flags_wrong_forms() {
        assert_eq!(
            found("他挑畔对方，我们要再接再励。"),
            vec![(2, "挑畔".into()), (10, "再接再励".into())]
        );
        assert_eq!(found("既使困难再多"), vec![(1, "既使".into())]);
        assert_eq!(found("工作布署已经完成"), vec![(3, "布署".into())]);
    }

    #[test]
    fn leaves_correct_text() {
        for ok in [
            "既使用传统能源，又发展新能源；既便于管理，又便民利民。",
            "我们要常常反思，自己经常深入基层，确立既定目标，按排名先后。",
            "相关健康标准，时刻服务群众，按装配式建筑标准。",
            "即使困难再多，也要再接再厉，做好部署，贯彻落实。",
        ] {
            assert_eq!(found(ok), vec![], "{ok}");
        }
    }
}
