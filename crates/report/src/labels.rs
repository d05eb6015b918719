//! Names of the record's vocabulary in the two languages of the product.

use yijian_core::model::{Category, ConsultationKind, DispositionKind, ItemSource};

/// The language of a report: Chinese first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh-CN` / `zh` / `en`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Pick the text of this language.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

pub fn disposition(kind: Option<DispositionKind>, lang: Lang) -> &'static str {
    use DispositionKind::*;
    match kind {
        Some(Adopted) => lang.pick("采纳", "adopted"),
        Some(PartlyAdopted) => lang.pick("部分采纳", "partly adopted"),
        Some(NotAdopted) => lang.pick("未采纳", "not adopted"),
        Some(AlreadyReflected) => lang.pick("已体现", "already reflected"),
        Some(OutOfScope) => lang.pick("不属于文件范围", "out of scope"),
        None => lang.pick("未处理", "not yet disposed"),
    }
}

pub fn category(category: Option<Category>, lang: Lang) -> &'static str {
    use Category::*;
    match category {
        Some(Region) => lang.pick("地区", "regions"),
        Some(Department) => lang.pick("部门", "departments"),
        Some(Party) => lang.pick("党派", "parties"),
        Some(Federation) => lang.pick("工商联", "federation"),
        Some(NonParty) => lang.pick("无党派人士", "non-party representatives"),
        Some(SeniorMembers) => lang.pick("老同志", "senior members"),
        Some(Other) => lang.pick("其他", "other"),
        None => lang.pick("个人", "individuals"),
    }
}

pub fn consultation_kind(kind: ConsultationKind, lang: Lang) -> &'static str {
    match kind {
        ConsultationKind::Topic => lang.pick("议题征求意见", "topic consultation"),
        ConsultationKind::Draft => lang.pick("征求意见稿征求意见", "draft consultation"),
        ConsultationKind::Public => lang.pick("向社会公开征求意见", "public consultation"),
    }
}

pub fn source(source: ItemSource, lang: Lang) -> &'static str {
    match source {
        ItemSource::Response => lang.pick("书面意见", "written response"),
        ItemSource::Hearing => lang.pick("座谈会", "hearing"),
        ItemSource::GroupDiscussion => lang.pick("分组讨论", "group discussion"),
    }
}

/// The kind of a stored modification (`modified`, `inserted`, …) as the comparison table names it.
pub fn modification_kind(kind: &str, lang: Lang) -> String {
    let label = match kind {
        "modified" => lang.pick("修改", "modified"),
        "inserted" => lang.pick("新增", "inserted"),
        "deleted" => lang.pick("删除", "deleted"),
        "moved" => lang.pick("移动", "moved"),
        "split" => lang.pick("拆分", "split"),
        "merged" => lang.pick("合并", "merged"),
        other => return other.to_string(),
    };
    label.to_string()
}

/// `第 3 段` / `¶3`: a paragraph number in the version the consultee read.
pub fn paragraph(number: Option<u32>, lang: Lang) -> String {
    match (number, lang) {
        (Some(n), Lang::Zh) => format!("第{n}段"),
        (Some(n), Lang::En) => format!("¶{n}"),
        (None, Lang::Zh) => "总体意见".into(),
        (None, Lang::En) => "general".into(),
    }
}

/// A stored date (`2026-04-01`) as the language writes it: 2026年4月1日 / 2026-04-01.
pub fn date(text: &str, lang: Lang) -> String {
    let parts: Vec<&str> = text.split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::Zh, [y, m, d]) => match (m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) => format!("{y}年{m}月{d}日"),
            _ => text.to_string(),
        },
        _ => text.to_string(),
    }
}
