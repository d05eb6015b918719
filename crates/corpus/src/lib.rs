//! A deterministic generator of realistic Chinese public comments on a draft, with the ground
//! truth of which comments belong to one campaign — the test bed of campaign detection
//! (`yijian_text::campaign`). Pure: no IO, no clock; the same parameters give the same corpus on
//! every build (hand-written SplitMix64, see [`rng`]).
//!
//! - **Unique comments** are composed sentence by sentence from phrase pools per topic (the parts
//!   of the demo draft, [`vocab`]): problems, measures, identities, references to a paragraph
//!   (第十二条, 第三条第二款) and quotations of the draft's own sentences. Comments on one topic
//!   share words and quotations, so telling them apart from a campaign is not trivial.
//! - **Campaigns**: a template (made the same way, often around a slogan) sent many times.
//!   Some copies are exact or differ only in width, punctuation and white space; the others carry
//!   small edits — words inserted or deleted, characters changed, synonyms, punctuation changed,
//!   sentences reordered, greetings, sign-offs or a personal sentence added. Sizes are heavy-tailed
//!   (Zipf, exponent 1.5: a few huge campaigns, many small ones); each campaign comes in a burst.
//! - Every comment has 50–400 characters, an author, a region, an optional paragraph number and a
//!   submission time inside a 30-day window starting 2026-04-01T00:00:00Z; comments come in order
//!   of submission, with ids `pc0000001`, … in that order.
//!
//! [`Corpus::get`] makes one comment from its own random stream, so comments can be made in any
//! order, in parallel, or streamed without keeping the corpus in memory.

pub mod metrics;
pub mod rng;
pub mod vocab;

use rng::Rng;
use serde::Serialize;
use vocab::*;

pub use metrics::{
    pairwise_precision_recall, recall_by_campaign_size, PairScores, SizeClassRecall,
};

/// Shortest and longest comment, in characters.
pub const MIN_CHARS: usize = 50;
pub const MAX_CHARS: usize = 400;
/// The consultation window: 2026-04-01T00:00:00Z, 30 days.
pub const WINDOW_START: i64 = 1_775_001_600;
pub const WINDOW_DAYS: i64 = 30;
/// Exponent of the campaign sizes (size of the i-th campaign ∝ i^−ZIPF).
const ZIPF: f64 = 1.5;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Number of comments.
    pub count: usize,
    pub seed: u64,
    /// Share of the comments that belong to a campaign (0–1).
    pub campaign_share: f64,
    /// Number of campaigns; `None`: one per 500 comments (at least one when there are campaign comments).
    pub campaigns: Option<usize>,
    /// Multiplies the mean number of edits of an edited copy (1: small edits, as in the issue;
    /// 2 or 3: a harder corpus, for stress tests).
    pub edit_scale: f64,
}

impl Params {
    pub fn new(count: usize) -> Params {
        Params {
            count,
            seed: 2026,
            campaign_share: 0.5,
            campaigns: None,
            edit_scale: 1.0,
        }
    }
}

/// One generated comment, with the fields of the import (JSONL) format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub id: String,
    pub text: String,
    pub author: String,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// RFC 3339, UTC: `YYYY-MM-DDTHH:MM:SSZ`.
    pub submitted_at: String,
    /// Seconds since the Unix epoch (the same instant as `submitted_at`).
    #[serde(skip)]
    pub submitted_secs: i64,
    /// The ground truth: the campaign this comment belongs to (`None`: a unique comment).
    #[serde(skip)]
    pub campaign: Option<u32>,
}

/// One line of the ground truth file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruthRow {
    pub id: String,
    /// `"c17"` for campaign 17, `null` for a unique comment.
    pub campaign: Option<String>,
}

impl Comment {
    pub fn truth(&self) -> TruthRow {
        TruthRow {
            id: self.id.clone(),
            campaign: self.campaign.map(|c| format!("c{c}")),
        }
    }
}

/// A paragraph of the demo draft: its number, topic and the sentences comments may quote.
struct Paragraph {
    number: u32,
    topic: usize,
    sentences: Vec<&'static str>,
}

/// A campaign's template and how its copies vary.
struct Template {
    sentences: Vec<String>,
    paragraph: Option<u32>,
    /// Share of copies sent unedited (possibly with width, punctuation or space variants).
    exact_rate: f64,
    /// Mean number of edits of an edited copy (at least one).
    edit_mean: f64,
}

/// Where comment `i` (in submission order) comes from.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Seconds after [`WINDOW_START`].
    at: u32,
    /// Campaign number, or `u32::MAX` for a unique comment.
    campaign: u32,
    /// Ordinal inside its campaign, or of the unique comment.
    n: u32,
}

const UNIQUE: u32 = u32::MAX;

/// A corpus: the plan of who sends what when, the campaign templates; comments are made on demand.
pub struct Corpus {
    seed: u64,
    plan: Vec<Slot>,
    templates: Vec<Template>,
    sizes: Vec<usize>,
    paragraphs: Vec<Paragraph>,
}

/// The draft the comments are about (the demo dossier's first version, Markdown).
pub const DRAFT: &str = include_str!("../../app/demo/draft_v1.md");

fn draft_paragraphs() -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut part = 0usize;
    let mut topic = 0usize;
    for line in DRAFT.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(h) = line.strip_prefix("## ") {
            part += 1;
            // 序言, 第一部分 (总体要求) and 结束语 are general; 第二…第七部分 are topics 1–6.
            topic = if h.contains("部分") && part >= 3 {
                (part - 2).min(6)
            } else {
                0
            };
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            if h.contains("文化") {
                topic = 7;
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let sentences = line
            .split(['。', '；'])
            .map(str::trim)
            .filter(|s| (10..=60).contains(&s.chars().count()))
            .collect();
        out.push(Paragraph {
            number: out.len() as u32 + 1,
            topic,
            sentences,
        });
    }
    out
}

impl Corpus {
    pub fn new(params: &Params) -> Corpus {
        let count = params.count;
        let share = params.campaign_share.clamp(0.0, 1.0);
        let in_campaigns = ((count as f64) * share).round() as usize;
        let wanted = params.campaigns.unwrap_or((count / 500).max(1));
        let m = wanted.min(in_campaigns / 2);
        let sizes = campaign_sizes(in_campaigns, m);
        let uniques = count - sizes.iter().sum::<usize>();
        let paragraphs = draft_paragraphs();
        let seed = params.seed;

        let templates = (0..m)
            .map(|c| {
                let mut rng = Rng::stream(seed, 1, c as u64);
                let topic = rng.below(TOPICS.len());
                let para = paragraph_of(&mut rng, &paragraphs, topic);
                let target = rng.range(70, 300);
                let mut sentences = compose(&mut rng, &paragraphs, topic, para, target, 320);
                if rng.chance(0.5) {
                    let slogan = format!("{}！", rng.pick(SLOGANS));
                    let at = rng.below(sentences.len() + 1).min(sentences.len());
                    sentences.insert(at, slogan);
                }
                Template {
                    sentences,
                    paragraph: para.map(|p| paragraphs[p].number),
                    exact_rate: 0.05 + 0.55 * rng.unit(),
                    edit_mean: (1.0 + 2.5 * rng.unit()) * params.edit_scale.max(0.0),
                }
            })
            .collect();

        let window = (WINDOW_DAYS * 86_400) as f64;
        let mut plan = Vec::with_capacity(count);
        for (c, &size) in sizes.iter().enumerate() {
            let mut rng = Rng::stream(seed, 2, c as u64);
            let start = rng.unit() * window * 0.85;
            let spread = 43_200.0 + rng.unit() * 4.0 * 86_400.0;
            for n in 0..size {
                let mut at = start + rng.exponential(spread);
                if at >= window {
                    at = start + rng.unit() * (window - start);
                }
                plan.push(Slot {
                    at: at as u32,
                    campaign: c as u32,
                    n: n as u32,
                });
            }
        }
        let mut rng = Rng::stream(seed, 3, 0);
        for n in 0..uniques {
            // A fifth of the unique comments come in the last three days, before the deadline.
            let at = if rng.chance(0.2) {
                window - rng.unit() * 3.0 * 86_400.0
            } else {
                rng.unit() * window
            };
            plan.push(Slot {
                at: (at as u32).min(window as u32 - 1),
                campaign: UNIQUE,
                n: n as u32,
            });
        }
        plan.sort_by_key(|s| (s.at, s.campaign, s.n));
        Corpus {
            seed,
            plan,
            templates,
            sizes,
            paragraphs,
        }
    }

    pub fn len(&self) -> usize {
        self.plan.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }

    /// The size of each campaign, by campaign number (largest first).
    pub fn campaign_sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// Comment `i` in submission order (`i < len()`).
    pub fn get(&self, i: usize) -> Comment {
        let slot = self.plan[i];
        let (text, paragraph, mut rng) = if slot.campaign == UNIQUE {
            let mut rng = Rng::stream(self.seed, 4, slot.n as u64);
            let topic = rng.below(TOPICS.len());
            let para = if rng.chance(0.6) {
                paragraph_of(&mut rng, &self.paragraphs, topic)
            } else {
                None
            };
            let target = length_target(&mut rng);
            let sentences = compose(&mut rng, &self.paragraphs, topic, para, target, MAX_CHARS);
            (
                sentences.concat(),
                para.map(|p| self.paragraphs[p].number),
                rng,
            )
        } else {
            let mut rng = Rng::stream(self.seed, 5, ((slot.campaign as u64) << 32) | slot.n as u64);
            let t = &self.templates[slot.campaign as usize];
            (copy_of(&mut rng, t), t.paragraph, rng)
        };
        let author = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let region = rng.pick(REGIONS).to_string();
        let secs = WINDOW_START + slot.at as i64;
        Comment {
            id: format!("pc{:07}", i + 1),
            text,
            author,
            region,
            paragraph,
            submitted_at: rfc3339(secs),
            submitted_secs: secs,
            campaign: (slot.campaign != UNIQUE).then_some(slot.campaign),
        }
    }

    /// Every comment, in submission order.
    pub fn iter(&self) -> impl Iterator<Item = Comment> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Campaign sizes: Zipf-distributed, each at least 2, summing to `total` (when `m ≥ 1`).
fn campaign_sizes(total: usize, m: usize) -> Vec<usize> {
    if m == 0 {
        return Vec::new();
    }
    let weights: Vec<f64> = (1..=m).map(|i| (i as f64).powf(-ZIPF)).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((total as f64) * w / sum).round().max(2.0) as usize)
        .collect();
    // Settle the rounding on the largest campaigns (which stay the largest).
    let mut have: usize = sizes.iter().sum();
    let mut i = 0;
    while have != total {
        if have < total {
            sizes[i % m] += 1;
            have += 1;
        } else if sizes[i % m] > 2 {
            sizes[i % m] -= 1;
            have -= 1;
        }
        i += 1;
    }
    sizes
}

/// Target length of a unique comment: skewed towards short comments, 50–400 (mean ≈ 160).
fn length_target(rng: &mut Rng) -> usize {
    let u = rng.unit();
    MIN_CHARS + ((MAX_CHARS - MIN_CHARS) as f64 * u.powf(2.2)) as usize
}

fn paragraph_of(rng: &mut Rng, paragraphs: &[Paragraph], topic: usize) -> Option<usize> {
    let of_topic: Vec<usize> = (0..paragraphs.len())
        .filter(|&p| paragraphs[p].topic == topic)
        .collect();
    if of_topic.is_empty() {
        None
    } else {
        Some(of_topic[rng.below(of_topic.len())])
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Chinese numerals for 1–999 (十二, 一百零五).
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push_str(D[h as usize]);
        s.push('百');
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if !(t == 1 && h == 0) {
            s.push_str(D[t as usize]);
        }
        s.push('十');
    }
    if u > 0 || n == 0 {
        s.push_str(D[u as usize]);
    }
    s
}

fn reference(rng: &mut Rng, number: u32) -> String {
    match rng.below(4) {
        0 => format!(
            "第{}条第{}款",
            chinese_number(number),
            chinese_number(rng.range(1, 4) as u32)
        ),
        1 => format!("第{}段", number),
        _ => format!("第{}条", chinese_number(number)),
    }
}

/// A made-up place: 柳河镇, 石桥村, 东湖街道.
fn place(rng: &mut Rng) -> String {
    format!(
        "{}{}{}",
        rng.pick(PLACE_SYLLABLES),
        rng.pick(PLACE_SYLLABLES),
        rng.pick(PLACE_KINDS)
    )
}

/// One sentence of a comment on `topic` (ends with its punctuation).
fn sentence(rng: &mut Rng, topic: usize) -> String {
    // One sentence in six borrows from another topic, as real comments wander.
    let t = if rng.chance(1.0 / 6.0) {
        &TOPICS[rng.below(TOPICS.len())]
    } else {
        &TOPICS[topic]
    };
    match rng.below(12) {
        9 => format!(
            "我们{}共有{}名{}，{}。",
            place(rng),
            rng.range(2, 60),
            rng.pick(WORKERS),
            rng.pick(CONSEQUENCES)
        ),
        10 => format!(
            "{}去年光是{}就有{}次，{}。",
            place(rng),
            rng.pick(EVENTS),
            rng.range(3, 120),
            rng.pick(CONSEQUENCES)
        ),
        11 => format!(
            "在{}，{}{}已经{}年了。",
            place(rng),
            rng.pick(t.subjects),
            rng.pick(t.problems),
            rng.range(2, 15)
        ),
        0 => format!(
            "目前{}{}，{}。",
            rng.pick(t.subjects),
            rng.pick(t.problems),
            rng.pick(CONSEQUENCES)
        ),
        1 => format!(
            "{}存在{}的问题，{}。",
            rng.pick(t.subjects),
            rng.pick(t.problems),
            rng.pick(CONSEQUENCES)
        ),
        2 => format!(
            "在实际工作中，{}{}的情况比较普遍。",
            rng.pick(t.subjects),
            rng.pick(t.problems)
        ),
        3 => format!("{}{}。", rng.pick(SUGGEST), rng.pick(t.measures)),
        4 => format!(
            "{}{}，同时{}。",
            rng.pick(SUGGEST),
            rng.pick(t.measures),
            rng.pick(t.measures)
        ),
        5 => format!(
            "{}是{}，{}。",
            rng.pick(t.measures),
            rng.pick(EVALUATIONS),
            rng.pick(HOPES)
        ),
        6 => format!(
            "对于{}，{}{}。",
            rng.pick(t.subjects),
            rng.pick(SUGGEST),
            rng.pick(t.measures)
        ),
        7 => format!("{}，{}。", rng.pick(IDENTITIES), rng.pick(EXPERIENCES)),
        _ => format!(
            "关于{}{}的问题，{}。",
            rng.pick(t.subjects),
            rng.pick(t.problems),
            rng.pick(HOPES)
        ),
    }
}

/// A comment as sentences: optional greeting, a reference to (and often a quotation of) the
/// paragraph, sentences until `target` characters, optional sign-off; at most `max` characters.
fn compose(
    rng: &mut Rng,
    paragraphs: &[Paragraph],
    topic: usize,
    para: Option<usize>,
    target: usize,
    max: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if rng.chance(0.12) {
        out.push(rng.pick(GREETINGS).to_string());
    }
    if let Some(p) = para {
        let p = &paragraphs[p];
        let r = reference(rng, p.number);
        let t = &TOPICS[topic];
        if !p.sentences.is_empty() && rng.chance(0.6) {
            // People quote a clause or a few of a sentence, seldom all of it.
            let clauses: Vec<&str> = p.sentences[rng.below(p.sentences.len())]
                .split('，')
                .collect();
            let from = rng.below(clauses.len());
            let to = rng.range(from + 1, clauses.len().min(from + 2));
            let quote = clauses[from..to].join("，");
            let verdict = match rng.below(3) {
                0 => rng.pick(QUOTE_VERDICTS).to_string(),
                1 => format!("{}，{}", rng.pick(QUOTE_VERDICTS), rng.pick(HOPES)),
                _ => format!(
                    "{}，理由是{}{}",
                    rng.pick(QUOTE_VERDICTS),
                    rng.pick(t.subjects),
                    rng.pick(t.problems)
                ),
            };
            out.push(format!("{r}提出“{quote}”，{verdict}。"));
        } else {
            out.push(format!(
                "{}{r}{}{}“{}”的内容。",
                rng.pick(SUGGEST),
                rng.pick(REF_TAILS),
                rng.pick(ADD_VERBS),
                rng.pick(t.measures)
            ));
        }
    }
    let sign_off = rng.chance(0.2).then(|| rng.pick(SIGN_OFFS).to_string());
    let reserve = sign_off.as_deref().map_or(0, chars);
    let mut len: usize = out.iter().map(|s| chars(s)).sum();
    // A reference or quotation is followed by at least one sentence of one's own.
    let mut owed = usize::from(para.is_some());
    while len + reserve < target.max(MIN_CHARS) || owed > 0 {
        owed = 0;
        let s = sentence(rng, topic);
        let n = chars(&s);
        if len + n + reserve > max {
            if len + reserve >= MIN_CHARS {
                break;
            }
            continue;
        }
        len += n;
        out.push(s);
    }
    out.extend(sign_off);
    out
}

fn total(sentences: &[String]) -> usize {
    sentences.iter().map(|s| chars(s)).sum()
}

/// A copy of a campaign template: exact, cosmetically varied, or edited.
fn copy_of(rng: &mut Rng, t: &Template) -> String {
    if rng.chance(t.exact_rate) {
        let text = t.sentences.concat();
        return if rng.chance(0.5) {
            cosmetic(rng, &text)
        } else {
            text
        };
    }
    for _ in 0..8 {
        let mut s = t.sentences.clone();
        let edits = 1 + geometric(rng, t.edit_mean - 1.0);
        for _ in 0..edits {
            edit(rng, &mut s);
        }
        let n = total(&s);
        if (MIN_CHARS..=MAX_CHARS).contains(&n) {
            return s.concat();
        }
    }
    t.sentences.concat()
}

/// Number of failures before a success, with the given mean, at most 8.
fn geometric(rng: &mut Rng, mean: f64) -> usize {
    let p = 1.0 / (1.0 + mean.max(0.0));
    let mut k = 0;
    while k < 8 && !rng.chance(p) {
        k += 1;
    }
    k
}

/// Width, punctuation and white-space variants only: equal after normalisation.
fn cosmetic(rng: &mut Rng, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let half = rng.chance(0.6);
    let spaces = rng.chance(0.5);
    for c in text.chars() {
        let c = match (half, c) {
            (true, '，') => ',',
            (true, '：') => ':',
            (true, '！') => '!',
            (true, '（') => '(',
            (true, '）') => ')',
            (true, '；') => ';',
            (_, '。') if rng.chance(0.1) => '.',
            _ => c,
        };
        out.push(c);
        if spaces && rng.chance(0.03) {
            out.push(if rng.chance(0.8) { ' ' } else { '\u{3000}' });
        }
    }
    if rng.chance(0.3) {
        out.push('\n');
    }
    out
}

fn is_punct(c: char) -> bool {
    "，。、；：！？“”（）——…,.;:!?()".contains(c)
}

/// One small edit of a copy.
fn edit(rng: &mut Rng, s: &mut Vec<String>) {
    let i = rng.below(s.len());
    let mut cs: Vec<char> = s[i].chars().collect();
    match rng.below(10) {
        // A word inserted.
        0 | 1 => {
            let at = rng.below(cs.len());
            let w: Vec<char> = rng.pick(FILLERS).chars().collect();
            cs.splice(at..at, w);
        }
        // A few characters deleted (not the closing punctuation).
        2 | 3 if cs.len() > 8 => {
            let n = rng.range(1, 3);
            let at = rng.below(cs.len() - n - 1);
            cs.drain(at..at + n);
        }
        // A character changed.
        4 => {
            let at = rng.below(cs.len());
            if !is_punct(cs[at]) {
                cs[at] = COMMON_CHARS[rng.below(COMMON_CHARS.len())];
            }
        }
        // A word replaced by a near-synonym.
        5 => {
            let text: String = cs.iter().collect();
            let (a, b) = SYNONYMS[rng.below(SYNONYMS.len())];
            cs = text.replacen(a, b, 1).chars().collect();
        }
        // Two sentences swapped.
        6 if s.len() >= 2 => {
            let j = (i + 1 + rng.below(s.len() - 1)) % s.len();
            s.swap(i, j);
            return;
        }
        // Punctuation changed.
        7 => {
            for c in cs.iter_mut() {
                if *c == '，' && rng.chance(0.5) {
                    *c = if rng.chance(0.5) { '、' } else { '；' };
                }
            }
            if let Some(last) = cs.last_mut() {
                if *last == '。' {
                    *last = '！';
                }
            }
        }
        // A greeting, a sign-off or a sentence of one's own added.
        8 => {
            if rng.chance(0.5) {
                s.insert(0, rng.pick(GREETINGS).to_string());
            } else {
                s.push(rng.pick(SIGN_OFFS).to_string());
            }
            return;
        }
        _ => {
            let own = format!("{}，{}。", rng.pick(IDENTITIES), rng.pick(EXPERIENCES));
            s.insert(0, own);
            return;
        }
    }
    s[i] = cs.into_iter().collect();
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch (civil-from-days, H. Hinnant).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn deterministic_from_the_seed() {
        let p = Params::new(500);
        let a: Vec<Comment> = Corpus::new(&p).iter().collect();
        let b: Vec<Comment> = Corpus::new(&p).iter().collect();
        assert_eq!(a, b);
        let other: Vec<Comment> = Corpus::new(&Params { seed: 7, ..p }).iter().collect();
        assert_ne!(a, other);
    }

    #[test]
    fn lengths_ids_and_times() {
        let corpus = Corpus::new(&Params::new(3000));
        let comments: Vec<Comment> = corpus.iter().collect();
        assert_eq!(comments.len(), 3000);
        let ids: HashSet<&str> = comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 3000);
        for c in &comments {
            let n = c.text.chars().count();
            assert!(
                (MIN_CHARS..=MAX_CHARS).contains(&n),
                "{n} characters: {}",
                c.text
            );
            assert!(
                c.submitted_at.starts_with("2026-04-") || c.submitted_at.starts_with("2026-05-0"),
                "{}",
                c.submitted_at
            );
        }
        assert!(comments
            .windows(2)
            .all(|w| w[0].submitted_secs <= w[1].submitted_secs));
    }

    #[test]
    fn campaign_share_and_heavy_tail() {
        let corpus = Corpus::new(&Params::new(20_000));
        let sizes = corpus.campaign_sizes();
        assert_eq!(sizes.len(), 40);
        assert_eq!(sizes.iter().sum::<usize>(), 10_000);
        assert!(sizes[0] > 2500, "the largest campaign is huge: {sizes:?}");
        assert!(
            sizes.iter().filter(|&&s| s < 50).count() >= 10,
            "many small campaigns: {sizes:?}"
        );
        let mut counted: HashMap<u32, usize> = HashMap::new();
        for c in corpus.iter() {
            if let Some(k) = c.campaign {
                *counted.entry(k).or_default() += 1;
            }
        }
        for (k, n) in counted {
            assert_eq!(sizes[k as usize], n);
        }
    }

    #[test]
    fn campaign_copies_vary_but_some_repeat() {
        let corpus = Corpus::new(&Params::new(5000));
        let members: Vec<String> = corpus
            .iter()
            .filter(|c| c.campaign == Some(0))
            .map(|c| c.text)
            .collect();
        let distinct: HashSet<&String> = members.iter().collect();
        assert!(distinct.len() > members.len() / 4, "copies are edited");
        assert!(distinct.len() < members.len(), "and some are sent verbatim");
    }

    #[test]
    fn no_campaigns() {
        let corpus = Corpus::new(&Params {
            campaign_share: 0.0,
            ..Params::new(100)
        });
        assert!(corpus.iter().all(|c| c.campaign.is_none()));
        let tiny = Corpus::new(&Params::new(0));
        assert!(tiny.is_empty());
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(40), "四十");
        assert_eq!(chinese_number(105), "一百零五");
        assert_eq!(chinese_number(115), "一百一十五");
        assert_eq!(rfc3339(WINDOW_START), "2026-04-01T00:00:00Z");
        assert_eq!(
            rfc3339(WINDOW_START + 30 * 86_400 - 1),
            "2026-04-30T23:59:59Z"
        );
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn the_draft_is_read() {
        let p = draft_paragraphs();
        assert!(p.len() > 100);
        assert!(
            (0..8).all(|t| p.iter().any(|x| x.topic == t)),
            "every topic has paragraphs"
        );
    }
}
