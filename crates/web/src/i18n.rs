//! The user's language and the interface's messages.
//!
//! Every user-facing string is in `messages/<lang>.ftl`, one `key = text` per line in the
//! subset of Project Fluent that needs no engine: plain text with `{ $name }` placeholders.
//! (Plurals and selectors would bring in `fluent-templates`; nothing needs them yet.) The
//! files are compiled in; a test checks that both languages have the same keys and that every
//! key the templates and code use exists.
//!
//! The language is chosen by the `yijian_lang` cookie (set by the switch on every page), then
//! by `Accept-Language`, and is zh-CN otherwise.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::HeaderMap;
use yijian_core::error::Arg;

/// The languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

/// The cookie that remembers the language switch.
pub const LANG_COOKIE: &str = "yijian_lang";

const ZH_CN: &str = include_str!("../messages/zh-CN.ftl");
const EN: &str = include_str!("../messages/en.ftl");

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh-hans" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }

    /// The cookie, then `Accept-Language` (first supported tag wins), then zh-CN.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        if let Some(code) = crate::auth::cookie(headers, LANG_COOKIE) {
            if let Some(lang) = Lang::parse(&code) {
                return lang;
            }
        }
        let accept = headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        for tag in accept.split(',') {
            let tag = tag.split(';').next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            if primary.eq_ignore_ascii_case("zh") {
                return Lang::ZhCn;
            }
            if primary.eq_ignore_ascii_case("en") {
                return Lang::En;
            }
        }
        Lang::ZhCn
    }

    /// The messages of this language.
    pub fn msgs(self) -> Msgs {
        Msgs(self)
    }
}

/// Lookup of messages in one language; what the templates call `m`.
#[derive(Debug, Clone, Copy)]
pub struct Msgs(pub Lang);

fn table(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    static ZH: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    static EN_TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    match lang {
        Lang::ZhCn => ZH.get_or_init(|| parse(ZH_CN)),
        Lang::En => EN_TABLE.get_or_init(|| parse(EN)),
    }
}

/// `key = value` lines; `#` comments and blank lines skipped.
fn parse(source: &'static str) -> HashMap<&'static str, &'static str> {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

impl Msgs {
    pub fn lang(self) -> Lang {
        self.0
    }

    /// The message for `key`; the key itself when missing (a test keeps that from happening).
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        table(self.0).get(key).copied().unwrap_or(key)
    }

    /// The message for a code of the vocabulary: `of("category", "non_party")` is the
    /// message `category-non-party`.
    pub fn of(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{}", code.replace('_', "-")))
            .to_string()
    }

    /// The message with its `{ $name }` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut text = self.t(key).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{ ${name} }}"), &value.to_string());
        }
        text
    }

    /// The message `key` with its arguments: values as they are, words of the interface and
    /// codes of a vocabulary by their own messages. One pass over the message, so a value
    /// that looks like a placeholder stays as it is.
    pub fn say(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut out = String::new();
        let mut rest = self.t(key);
        while let Some(start) = rest.find("{ $") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            let Some(end) = after.find(" }") else {
                out.push_str(&rest[start..]);
                return out;
            };
            let name = &after[..end];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, arg)) => out.push_str(&self.arg(arg)),
                None => out.push_str(&rest[start..start + 3 + end + 2]),
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// One argument of a message in this language.
    pub fn arg(&self, arg: &Arg) -> String {
        match arg {
            Arg::Value(v) => v.clone(),
            Arg::Key(k) => self.t(k).to_string(),
            Arg::Code { prefix, code } => self.of(prefix, code),
            Arg::Choices(c) => {
                let (open, close, sep) = match self.0 {
                    Lang::ZhCn => ("（", "）", "、"),
                    Lang::En => (" (", ")", ", "),
                };
                c.codes
                    .iter()
                    .map(|code| format!("{}{open}{code}{close}", self.of(c.prefix, code)))
                    .collect::<Vec<_>>()
                    .join(sep)
            }
        }
    }

    /// "paragraph N" in this language.
    pub fn para(&self, n: &u32) -> String {
        self.f("paragraph-n", &[("n", n)])
    }

    /// An instant as a date in this language (UTC).
    pub fn date(&self, at: yijian_core::time::Instant) -> String {
        let d = yijian_core::time::Date::of(at).to_string();
        match self.0 {
            Lang::En => d,
            Lang::ZhCn => {
                let mut parts = d.split('-');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(y), Some(m), Some(day)) => format!(
                        "{y}年{}月{}日",
                        m.trim_start_matches('0'),
                        day.trim_start_matches('0')
                    ),
                    _ => d,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::COOKIE;

    #[test]
    fn both_languages_have_the_same_keys() {
        let zh = table(Lang::ZhCn);
        let en = table(Lang::En);
        let mut missing: Vec<String> = zh
            .keys()
            .filter(|k| !en.contains_key(*k))
            .map(|k| format!("en lacks {k}"))
            .collect();
        missing.extend(
            en.keys()
                .filter(|k| !zh.contains_key(*k))
                .map(|k| format!("zh-CN lacks {k}")),
        );
        assert!(missing.is_empty(), "{missing:?}");
        assert!(zh.values().chain(en.values()).all(|v| !v.is_empty()));
    }

    /// Every `.t("key")` / `.f("key"` in the templates and the code names an existing message.
    #[test]
    fn every_used_key_exists() {
        let sources = [
            include_str!("../templates/base.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/home.html"),
            include_str!("../templates/dossier.html"),
            include_str!("../templates/version.html"),
            include_str!("../templates/paragraph.html"),
            include_str!("../templates/paragraph_items.html"),
            include_str!("../templates/consultation.html"),
            include_str!("../templates/error.html"),
            include_str!("../templates/workbench.html"),
            include_str!("../templates/revise.html"),
            include_str!("../templates/compare.html"),
            include_str!("../templates/audit.html"),
            include_str!("../templates/setup.html"),
            include_str!("../templates/hearings.html"),
            include_str!("../templates/review.html"),
            include_str!("../templates/admin.html"),
            include_str!("../templates/invite.html"),
            include_str!("../templates/reports.html"),
            include_str!("../templates/open.html"),
            include_str!("../templates/open_form.html"),
            include_str!("../templates/open_mine.html"),
            include_str!("pages/open.rs"),
            include_str!("pages/mod.rs"),
            include_str!("pages/login.rs"),
            include_str!("pages/record.rs"),
            include_str!("pages/consultee.rs"),
            include_str!("pages/workbench.rs"),
            include_str!("pages/revision.rs"),
            include_str!("pages/audit.rs"),
            include_str!("pages/setup.rs"),
            include_str!("pages/hearings.rs"),
            include_str!("pages/review.rs"),
            include_str!("pages/admin.rs"),
            include_str!("pages/reports.rs"),
            include_str!("progress.rs"),
            include_str!("api.rs"),
        ];
        let zh = table(Lang::ZhCn);
        let mut unknown = Vec::new();
        for source in sources {
            for opener in [".t(\"", ".f(\""] {
                for piece in source.split(opener).skip(1) {
                    let key = piece.split('"').next().unwrap_or("");
                    if !zh.contains_key(key) {
                        unknown.push(key.to_string());
                    }
                }
            }
        }
        assert!(unknown.is_empty(), "keys without a message: {unknown:?}");
    }

    /// The `{ $name }` placeholders of a message.
    fn placeholders(text: &str) -> Vec<&str> {
        text.split("{ $")
            .skip(1)
            .filter_map(|piece| piece.split_once(" }").map(|(name, _)| name))
            .collect()
    }

    /// Every error — each variant of `DomainError`, `Detail` and `WebError` — has its message
    /// in both languages; a message uses exactly the arguments its error gives; every word
    /// and code those arguments name (record kinds, fields, actions, who may, vocabularies)
    /// has a message too, and so does every value of those small enums.
    #[test]
    fn every_error_has_its_messages() {
        use crate::error::{Detail, WebError};
        use yijian_core::error::*;
        type Case = (String, &'static str, Vec<(&'static str, Arg)>);
        let mut cases: Vec<Case> = Vec::new();
        for d in Detail::examples() {
            cases.push((format!("{d:?}"), d.key(), d.args()));
        }
        for e in WebError::examples() {
            cases.push((format!("{e:?}"), e.title_key(), vec![]));
            cases.push((
                format!("{e:?}"),
                e.key(),
                e.detail().map(Detail::args).unwrap_or_default(),
            ));
        }
        let mut words: Vec<String> = Vec::new();
        words.extend(RecordKind::ALL.iter().map(|t| t.key().to_string()));
        words.extend(Field::ALL.iter().map(|t| t.key().to_string()));
        words.extend(Action::ALL.iter().map(|t| t.key().to_string()));
        words.extend(Needs::ALL.iter().map(|t| t.key().to_string()));
        words.extend(ReleaseNeeded::ALL.iter().map(|t| t.key().to_string()));
        words.extend(Limit::ALL.iter().map(|t| t.key().to_string()));
        for (_, choices) in yijian_core::model::VOCABULARIES {
            words.extend(choices.codes.iter().map(|c| code_key(choices.prefix, c)));
        }
        let mut wrong = Vec::new();
        for lang in [Lang::ZhCn, Lang::En] {
            let t = table(lang);
            for (what, key, args) in &cases {
                let Some(text) = t.get(key) else {
                    wrong.push(format!("{}: no message {key} for {what}", lang.code()));
                    continue;
                };
                let used = placeholders(text);
                for name in &used {
                    if !args.iter().any(|(n, _)| n == name) {
                        wrong.push(format!(
                            "{}: {key} uses {{ ${name} }} that {what} lacks",
                            lang.code()
                        ));
                    }
                }
                for (name, arg) in args {
                    if !used.contains(name) {
                        wrong.push(format!("{}: {key} does not say ${name}", lang.code()));
                    }
                    let named: Vec<String> = match arg {
                        Arg::Value(_) => vec![],
                        Arg::Key(k) => vec![k.to_string()],
                        Arg::Code { prefix, code } => vec![code_key(prefix, code)],
                        Arg::Choices(c) => c
                            .codes
                            .iter()
                            .map(|code| code_key(c.prefix, code))
                            .collect(),
                    };
                    for k in named {
                        if !t.contains_key(k.as_str()) {
                            wrong.push(format!("{}: no message {k} (in {key})", lang.code()));
                        }
                    }
                }
            }
            for k in &words {
                if !t.contains_key(k.as_str()) {
                    wrong.push(format!("{}: no message {k}", lang.code()));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// On a zh-CN page no English is left in an error's words: what remains of each message
    /// once the values someone gave are taken out has no ASCII word but format hints.
    #[test]
    fn chinese_errors_are_chinese() {
        use crate::error::Detail;
        use yijian_core::error::Arg;
        const HINTS: &[&str] = &[
            "YYYY", "MM", "DD", "DDTHH", "HH", "SS", "Z", "UTF", "docx", "txt", "md", "markdown",
            "none", "yijian", "audit", "verify",
        ];
        let m = Lang::ZhCn.msgs();
        for d in Detail::examples() {
            let args: Vec<(&str, Arg)> = d
                .args()
                .into_iter()
                .map(|(n, a)| match a {
                    Arg::Value(_) | Arg::Choices(_) => (n, Arg::Value(String::new())),
                    other => (n, other),
                })
                .collect();
            let text = m.say(d.key(), &args);
            let english: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty() && !HINTS.contains(w))
                .collect();
            assert!(english.is_empty(), "{text:?} ({d:?}): {english:?}");
        }
    }

    #[test]
    fn errors_are_said_with_their_arguments() {
        use crate::error::Detail;
        use yijian_core::error::{Action, Needs};
        use yijian_core::ids::PersonId;
        use yijian_core::model::{BodyKind, Code, Role};
        use yijian_core::DomainError;
        let forbidden = Detail::Domain(DomainError::Forbidden {
            name: "林{ $person }".into(),
            person: PersonId(3),
            action: Action::AssignItems,
            needs: Needs::Lead,
        });
        assert_eq!(
            forbidden.say(Lang::ZhCn.msgs()),
            "林{ $person }（人员 3）不能分配意见：仅限起草组组长或副组长",
            "a value that looks like a placeholder stays as it is"
        );
        assert_eq!(
            forbidden.say(Lang::En.msgs()),
            "林{ $person } (person 3) may not assign items: only the drafting-group leader or a deputy may"
        );
        let bad = Detail::Domain(Role::parse("boss").unwrap_err());
        assert!(bad
            .say(Lang::ZhCn.msgs())
            .starts_with("角色的值“boss”无效，可选的值：管理员（administrator）、组长（leader）"));
        assert!(bad
            .say(Lang::En.msgs())
            .contains("administrator (administrator), leader (leader)"));
        let kind = Detail::Domain(DomainError::CategoryNotAllowed(BodyKind::Review));
        assert_eq!(
            kind.say(Lang::ZhCn.msgs()),
            "只有征求意见对象单位才有类别，审议机构没有"
        );
    }

    #[test]
    fn negotiation_and_formatting() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::from_headers(&h), Lang::ZhCn);
        h.insert(ACCEPT_LANGUAGE, "en-GB,en;q=0.9".parse().unwrap());
        assert_eq!(Lang::from_headers(&h), Lang::En);
        h.insert(COOKIE, "a=b; yijian_lang=zh-CN".parse().unwrap());
        assert_eq!(Lang::from_headers(&h), Lang::ZhCn);
        let m = Lang::En.msgs();
        assert_eq!(m.t("no-such-key"), "no-such-key");
        let at = yijian_core::time::Date::parse("2026-09-06")
            .unwrap()
            .start();
        assert_eq!(Lang::ZhCn.msgs().date(at), "2026年9月6日");
        assert_eq!(m.date(at), "2026-09-06");
        assert_eq!(
            m.f("home-greeting", &[("name", &"Lin")]),
            "Logged in as Lin"
        );
    }
}
