//! Invariants of the demo dossier content under `crates/app/demo/`.
//!
//! Paragraph rule used everywhere (and by `paragraph` in opinions.json): a body
//! paragraph is a non-empty line that does not start with `#`; paragraphs are
//! numbered from 1 in the order they appear in `draft_v1.md`.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

const V1: &str = include_str!("../demo/draft_v1.md");
const V2: &str = include_str!("../demo/draft_v2.md");
const CAST: &str = include_str!("../demo/cast.json");
const OPINIONS: &str = include_str!("../demo/opinions.json");

const DISPOSITIONS: [&str; 5] = [
    "adopted",
    "partly_adopted",
    "not_adopted",
    "already_reflected",
    "out_of_scope",
];
const KINDS: [&str; 4] = ["opinion", "suggestion", "correction", "endorsement"];
const CATEGORIES: [&str; 6] = [
    "region",
    "department",
    "party",
    "federation",
    "non_party",
    "senior_members",
];

fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect()
}

fn parts(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("## 第")).collect()
}

fn cast() -> Value {
    serde_json::from_str(CAST).expect("cast.json parses")
}

fn opinions() -> Value {
    serde_json::from_str(OPINIONS).expect("opinions.json parses")
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is an array"))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

fn written_items(op: &Value) -> Vec<(&str, &Value)> {
    arr(&op["draft_consultation"], "responses")
        .iter()
        .flat_map(|r| {
            let body = s(r, "body");
            arr(r, "items").iter().map(move |it| (body, it))
        })
        .collect()
}

/// Checks a paragraph reference and its optional quote against v1.
fn check_anchor(it: &Value, v1: &[&str], what: &str) {
    match &it["paragraph"] {
        Value::Null => assert!(it.get("quote").is_none(), "{what}: quote without paragraph"),
        Value::Number(n) => {
            let p = n.as_u64().expect("paragraph is a positive integer") as usize;
            assert!(
                (1..=v1.len()).contains(&p),
                "{what}: paragraph {p} out of range 1..={}",
                v1.len()
            );
            if let Some(q) = it.get("quote") {
                let q = q.as_str().expect("quote is a string");
                let n = q.chars().count();
                assert!((4..=20).contains(&n), "{what}: quote length {n}");
                assert!(
                    v1[p - 1].contains(q),
                    "{what}: quote «{q}» not in paragraph {p}"
                );
            }
        }
        other => panic!("{what}: bad paragraph {other}"),
    }
}

#[test]
fn drafts_have_seven_parts_and_enough_paragraphs() {
    for (name, text, suffix) in [("v1", V1, "（征求意见稿）"), ("v2", V2, "（送审稿）")]
    {
        let first = text.lines().next().unwrap();
        assert!(
            first.starts_with("# ") && first.ends_with(suffix),
            "{name} title: {first}"
        );
        let ps = parts(text);
        assert_eq!(ps.len(), 7, "{name} has 7 parts");
        for (i, p) in ps.iter().enumerate() {
            let numeral = ["一", "二", "三", "四", "五", "六", "七"][i];
            assert!(
                p.starts_with(&format!("## 第{numeral}部分　")),
                "{name}: {p}"
            );
        }
        assert!(
            text.contains("\n## 序言\n") && text.contains("\n## 结束语\n"),
            "{name}: preface and conclusion"
        );
        for p in paragraphs(text) {
            let n = p.chars().count();
            assert!(
                (60..=250).contains(&n),
                "{name}: paragraph of {n} chars: {p}"
            );
            assert!(
                p.ends_with('。'),
                "{name}: paragraph does not end with 。: {p}"
            );
            assert!(
                !p.contains([',', ';', ':', '(', ')', '"']),
                "{name}: half-width punctuation: {p}"
            );
        }
    }
    assert!(
        paragraphs(V1).len() >= 110,
        "v1 has {} paragraphs",
        paragraphs(V1).len()
    );
    assert!(
        paragraphs(V2).len() >= 110,
        "v2 has {} paragraphs",
        paragraphs(V2).len()
    );
    assert_ne!(paragraphs(V1), paragraphs(V2), "v2 differs from v1");
}

#[test]
fn cast_has_bodies_and_people() {
    let c = cast();
    let bodies = arr(&c, "bodies");
    let mut keys = HashSet::new();
    for b in bodies {
        assert!(
            keys.insert(s(b, "key")),
            "duplicate body key {}",
            s(b, "key")
        );
    }
    for key in ["standing", "politburo", "plenary", "drafting"] {
        assert!(keys.contains(key), "body {key}");
    }
    let consultees: Vec<&Value> = bodies
        .iter()
        .filter(|b| s(b, "kind") == "consultee")
        .collect();
    assert!(
        consultees.len() >= 36,
        "{} consultee bodies",
        consultees.len()
    );
    let in_scope = consultees
        .iter()
        .filter(|b| b.get("out_of_scope").and_then(Value::as_bool) != Some(true))
        .count();
    assert!(in_scope >= 36, "{in_scope} in-scope consultee bodies");
    assert_eq!(consultees.len() - in_scope, 3, "three out-of-scope bodies");
    for cat in CATEGORIES {
        assert!(
            consultees.iter().any(|b| b["category"] == cat),
            "category {cat}"
        );
    }
    for b in &consultees {
        assert!(
            CATEGORIES.contains(&s(b, "category")),
            "category of {}",
            s(b, "key")
        );
    }
    let people = arr(&c, "people");
    let mut pkeys = HashSet::new();
    let mut contacts = HashSet::new();
    for p in people {
        assert!(
            pkeys.insert(s(p, "key")),
            "duplicate person {}",
            s(p, "key")
        );
        if let Some(body) = p["body"].as_str() {
            assert!(
                keys.contains(body),
                "person {} in unknown body {body}",
                s(p, "key")
            );
            if p["roles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "contact")
            {
                contacts.insert(body);
            }
        }
    }
    for b in &consultees {
        assert!(
            contacts.contains(s(b, "key")),
            "contact for {}",
            s(b, "key")
        );
    }
    let role_count = |r: &str| {
        people
            .iter()
            .filter(|p| p["roles"].as_array().unwrap().iter().any(|x| x == r))
            .count()
    };
    assert_eq!(role_count("leader"), 1);
    assert_eq!(role_count("deputy"), 2);
    assert!(role_count("member") >= 5);
    assert!(role_count("reviewer") >= 3);
    assert!(role_count("administrator") >= 1 && role_count("auditor") >= 1);
    assert!(role_count("consultee") >= 4);
}

#[test]
fn opinions_refer_to_existing_things() {
    let c = cast();
    let op = opinions();
    let v1 = paragraphs(V1);
    let bodies: HashMap<&str, &Value> =
        arr(&c, "bodies").iter().map(|b| (s(b, "key"), b)).collect();

    let items = written_items(&op);
    assert!(items.len() >= 320, "{} written items", items.len());
    let mut ids = HashSet::new();
    let mut by_id = HashMap::new();
    for (body, it) in &items {
        let b = bodies
            .get(body)
            .unwrap_or_else(|| panic!("unknown body {body}"));
        assert_eq!(s(b, "kind"), "consultee");
        assert_ne!(
            b.get("out_of_scope").and_then(Value::as_bool),
            Some(true),
            "{body} is out of scope"
        );
        let id = s(it, "id");
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        by_id.insert(id.to_string(), (*body, *it));
        assert!(KINDS.contains(&s(it, "kind")), "{id} kind");
        assert!(
            DISPOSITIONS.contains(&s(it, "disposition")),
            "{id} disposition"
        );
        assert!(!s(it, "reason").is_empty(), "{id} reason");
        let n = s(it, "text").chars().count();
        assert!((20..=120).contains(&n), "{id} text length {n}");
        check_anchor(it, &v1, id);
    }
    for d in DISPOSITIONS {
        assert!(
            items.iter().any(|(_, it)| it["disposition"] == d),
            "disposition {d} present"
        );
    }
    let responding: HashSet<&str> = items.iter().map(|(b, _)| *b).collect();
    assert!(
        responding.len() >= 34,
        "{} bodies respond in writing",
        responding.len()
    );
    for r in arr(&op["draft_consultation"], "responses") {
        let n = arr(r, "items").len();
        assert!((2..=20).contains(&n), "{} has {n} items", s(r, "body"));
    }

    let hearing = arr(&op["hearing"], "items");
    assert!(hearing.len() >= 12, "{} hearing items", hearing.len());
    for it in hearing {
        let id = s(it, "id");
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        assert!(
            bodies.contains_key(s(it, "body")),
            "hearing body {}",
            s(it, "body")
        );
        assert!(!s(it, "speaker").is_empty());
        assert!(DISPOSITIONS.contains(&s(it, "disposition")));
        check_anchor(it, &v1, id);
    }

    for r in arr(&op["topic_consultation"], "responses") {
        assert!(
            bodies.contains_key(s(r, "body")),
            "topic body {}",
            s(r, "body")
        );
        assert!(!arr(r, "items").is_empty());
    }

    let groups = arr(&op, "groups");
    assert!((8..=15).contains(&groups.len()), "{} groups", groups.len());
    for g in groups {
        let members = arr(g, "items");
        assert!(
            (3..=12).contains(&members.len()),
            "group of {}",
            members.len()
        );
        let mut from = HashSet::new();
        for m in members {
            let m = m.as_str().unwrap();
            let (body, it) = by_id
                .get(m)
                .unwrap_or_else(|| panic!("group member {m} does not exist"));
            assert!(from.insert(*body), "group has two items from {body}");
            assert_eq!(
                it["disposition"], g["disposition"],
                "{m} carries the group's disposition"
            );
        }
        assert!(!s(g, "common_view").is_empty() && !s(g, "reason").is_empty());
    }

    let plenary = arr(&op, "plenary_group_opinions");
    assert!((6..=10).contains(&plenary.len()));
    for (i, it) in plenary.iter().enumerate() {
        check_anchor(it, &v1, &format!("plenary {i}"));
        assert!(DISPOSITIONS.contains(&s(it, "disposition")));
    }
}
