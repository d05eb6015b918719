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
