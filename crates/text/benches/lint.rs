//! Benchmark of proofreading (`lint`) on 100,000 characters of draft text: the documents and
//! sentences of the lint quality set (clean text and injected mistakes of every kind),
//! interleaved and joined until the text holds 100,000 characters (newlines not counted). Target: under 50 ms on one
//! core, release build.
//!
//! Hand-written timing (median of repeated runs) rather than a bench framework, like
//! `benches/diff.rs`. `cargo bench -p yijian-text --bench lint` prints the timings.

mod common;
use common::{ms, timed};

use std::time::Instant;

use yijian_text::lint::{lint, lint_with, FindingKind, LintOptions};

const CASES: &str = include_str!("../tests/fixtures/lint/cases.jsonl");
const TARGET_CHARS: usize = 100_000;

fn text() -> String {
    let texts: Vec<String> = CASES
        .lines()
        .map(|row| {
            let v: serde_json::Value = serde_json::from_str(row).expect("cases.jsonl parses");
            v["text"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    // every kind of case, interleaved (the file lists them kind by kind)
    let n = texts.len();
    let order = (0..).map(|i: usize| texts[(i * 7919) % n].as_str());
    let mut out = String::new();
    let mut chars = 0;
    for t in order {
        if chars >= TARGET_CHARS {
            break;
        }
        for line in t.split('\n') {
            if chars >= TARGET_CHARS {
                break;
            }
            chars += line.chars().count();
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn main() {
    let text = text();
    let chars = text.chars().filter(|c| *c != '\n').count();
    let lines = text.lines().count();
    println!("text: {chars} characters in {lines} lines");

    // The first call pays the one-off load of jieba's dictionary; report it apart.
    let t = Instant::now();
    let first = lint(&text);
    println!(
        "first lint (includes jieba dictionary load): {:.1} ms",
        ms(t.elapsed())
    );

    let (t_lint, t_min, findings) = timed(31, || lint(&text));
    assert_eq!(findings, first);
    let mut per_kind: Vec<String> = Vec::new();
    for kind in FindingKind::ALL {
        let n = findings.iter().filter(|f| f.kind == kind).count();
        per_kind.push(format!("{kind} {n}"));
    }
    println!(
        "lint: median {:.2} ms (fastest {:.2} ms), {} findings ({})",
        ms(t_lint),
        ms(t_min),
        findings.len(),
        per_kind.join(", ")
    );
    let mut per_rule: Vec<String> = Vec::new();
    for kind in FindingKind::ALL {
        let options = LintOptions::only(&[kind]);
        let (t, _, _) = timed(11, || lint_with(&text, &options));
        per_rule.push(format!("{kind} {:.1}", ms(t)));
    }
    println!("per rule (ms): {}", per_rule.join(", "));
    if ms(t_lint) >= 50.0 {
        println!("TARGET MISSED: lint of 100,000 characters must take under 50 ms");
    }
}
