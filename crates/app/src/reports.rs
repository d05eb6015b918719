//! Report data gathered from the record (read-only snapshots): the handling table, the
//! comparison table, the explanation and the draft as a document. `yijian-report` lays them
//! out; every figure it prints is counted here by queries, never typed in.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::{Date, Instant};
use yijian_core::DomainError;
use yijian_report::*;
use yijian_store::{CurrentDisposition, RunKind, Tx};

use crate::import::to_document;
use crate::{App, Result};

/// Which items the handling table shows (all when every field is `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HandlingFilter {
    pub consultation: Option<ConsultationId>,
    pub disposition: Option<DispositionKind>,
    /// The category of the body an item speaks for.
    pub category: Option<Category>,
}

/// At most this many adopted suggestions outside groups are quoted in the explanation, one
/// per consultee so that many voices are heard, so it stays a summary; the handling table
/// lists them all.
pub const MAIN_SUGGESTIONS: usize = 12;

/// Names of who said what, looked up once per record.
struct Names {
    bodies: HashMap<BodyId, Body>,
    people: HashMap<PersonId, Person>,
    responses: HashMap<ResponseId, Response>,
    hearings: HashMap<HearingId, Hearing>,
    submissions: HashMap<SubmissionId, Submission>,
    consultations: HashMap<ConsultationId, Consultation>,
}

impl Names {
    async fn load(tx: &mut Tx, dossier: DossierId) -> Result<Names> {
        Ok(Names {
            bodies: tx.bodies().await?.into_iter().map(|b| (b.id, b)).collect(),
            people: tx.people().await?.into_iter().map(|p| (p.id, p)).collect(),
            responses: HashMap::new(),
            hearings: HashMap::new(),
            submissions: HashMap::new(),
            consultations: tx
                .consultations(dossier)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect(),
        })
    }

    fn body_name(&self, id: BodyId) -> String {
        self.bodies
            .get(&id)
            .map_or_else(|| format!("body {id}"), |b| b.name.clone())
    }

    fn person_name(&self, id: PersonId) -> String {
        self.people
            .get(&id)
            .map_or_else(|| format!("person {id}"), |p| p.name.clone())
    }

    async fn response(&mut self, tx: &mut Tx, id: ResponseId) -> Result<Response> {
        if let Entry::Vacant(slot) = self.responses.entry(id) {
            slot.insert(tx.response(id).await?);
        }
        Ok(self.responses[&id].clone())
    }

    async fn hearing(&mut self, tx: &mut Tx, id: HearingId) -> Result<Hearing> {
        if let Entry::Vacant(slot) = self.hearings.entry(id) {
            slot.insert(tx.hearing(id).await?);
        }
        Ok(self.hearings[&id].clone())
    }

    async fn submission(&mut self, tx: &mut Tx, id: SubmissionId) -> Result<Submission> {
        if let Entry::Vacant(slot) = self.submissions.entry(id) {
            slot.insert(tx.submission(id).await?);
        }
        Ok(self.submissions[&id].clone())
    }

    /// Who said an item: the responding body or person, else the speaker (with the body
    /// they spoke for).
    async fn consultee(&mut self, tx: &mut Tx, item: &Item) -> Result<String> {
        if let Some(r) = item.response {
            return Ok(match self.response(tx, r).await?.respondent {
                Respondent::Body(b) => self.body_name(b),
                Respondent::Person(p) => self.person_name(p),
            });
        }
        let speaker = item
            .speaker
            .clone()
            .or_else(|| item.author.map(|p| self.person_name(p)))
            .unwrap_or_default();
        Ok(match item.body {
            Some(b) if !speaker.is_empty() => format!("{speaker}（{}）", self.body_name(b)),
            Some(b) => self.body_name(b),
            None => speaker,
        })
    }

    /// The consultation an item came in (none for plenary group discussion).
    async fn consultation_of(
        &mut self,
        tx: &mut Tx,
        item: &Item,
    ) -> Result<Option<ConsultationId>> {
        if let Some(r) = item.response {
            return Ok(Some(self.response(tx, r).await?.consultation));
        }
        if let Some(h) = item.hearing {
            return Ok(Some(self.hearing(tx, h).await?.consultation));
        }
        Ok(None)
    }

    /// The title of where an item came in: its consultation, else the plenary.
    async fn venue(&mut self, tx: &mut Tx, item: &Item) -> Result<String> {
        if let Some(c) = self.consultation_of(tx, item).await? {
            return Ok(self
                .consultations
                .get(&c)
                .map_or_else(|| format!("consultation {c}"), |c| c.title.clone()));
        }
        if let Some(s) = item.submission {
            let plenary = self.submission(tx, s).await?.plenary;
            return Ok(self.body_name(plenary));
        }
        Ok(String::new())
    }

    fn category(&self, item: &Item) -> Option<Category> {
        item.body
            .and_then(|b| self.bodies.get(&b))
            .and_then(|b| b.category)
    }
}

/// The 1-based number of a paragraph among the body paragraphs of a version (the numbering
/// consultees use when they comment), cached per version.
struct ParagraphNumbers(HashMap<VersionId, HashMap<ParagraphId, u32>>);

impl ParagraphNumbers {
    async fn of(&mut self, tx: &mut Tx, anchor: &Anchor) -> Result<Option<u32>> {
        if let Entry::Vacant(slot) = self.0.entry(anchor.version) {
            let numbers = tx
                .blocks(anchor.version)
                .await?
                .iter()
                .filter(|b| b.kind.is_numbered())
                .enumerate()
                .map(|(n, b)| (b.paragraph, n as u32 + 1))
                .collect();
            slot.insert(numbers);
        }
        Ok(self.0[&anchor.version].get(&anchor.paragraph).copied())
    }
}

/// The day a consultation window ends: its half-open end minus a millisecond.
fn last_day(closes_at: Instant) -> Date {
    Date::of(Instant(closes_at.0 - 1))
}

/// The first sentence of a paragraph (up to and including 。！？ or a full stop and space).
fn first_sentence(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if matches!(c, '。' | '！' | '？') || (c == '.' && chars.peek() == Some(&' ')) {
            break;
        }
    }
    out
}

/// Cut a text into plain and changed stretches at char ranges.
fn marked(text: &str, ranges: &[(usize, usize)]) -> MarkedText {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        if start < at || start >= end {
            continue;
        }
        if start > at {
            pieces.push(Piece {
                text: chars[at..start].iter().collect(),
                changed: false,
            });
        }
        pieces.push(Piece {
            text: chars[start..end].iter().collect(),
            changed: true,
        });
        at = end;
    }
    if at < chars.len() {
        pieces.push(Piece {
            text: chars[at..].iter().collect(),
            changed: false,
        });
    }
    MarkedText { pieces }
}

impl App {
    /// The handling table of a dossier: every live item, filtered.
    pub async fn handling_report(
        &self,
        dossier: DossierId,
        filter: HandlingFilter,
    ) -> Result<HandlingTable> {
        let mut tx = self.read().await?;
        let d = tx.dossier(dossier).await?;
        let mut names = Names::load(&mut tx, dossier).await?;
        if let Some(c) = filter.consultation {
            if !names.consultations.contains_key(&c) {
                return Err(DomainError::not_found(
                    yijian_core::error::RecordKind::Consultation,
                    c,
                )
                .into());
            }
        }
        let current = tx.current_disposition_records(dossier).await?;
        let seqs = modification_seqs(&mut tx, dossier).await?;
        let mut numbers = ParagraphNumbers(HashMap::new());
        let mut rows = Vec::new();
        for item in tx.items(dossier).await? {
            let disposition = current.get(&item.id);
            if filter.disposition.is_some() && disposition.map(|d| d.kind) != filter.disposition {
                continue;
            }
            let category = names.category(&item);
            if filter.category.is_some() && category != filter.category {
                continue;
            }
            if filter.consultation.is_some()
                && names.consultation_of(&mut tx, &item).await? != filter.consultation
            {
                continue;
            }
            let paragraph = match &item.anchor {
                Some(a) => numbers.of(&mut tx, a).await?,
                None => None,
            };
            rows.push(HandlingRow {
                item: item.id.0,
                consultation: names.venue(&mut tx, &item).await?,
                source: item.source,
                consultee: names.consultee(&mut tx, &item).await?,
                category,
                paragraph,
                text: item.text.clone(),
                disposition: disposition.map(|d| d.kind),
                reason: disposition.map(|d| d.reason.clone()).unwrap_or_default(),
                modifications: seqs.get(&item.id).cloned().unwrap_or_default(),
            });
        }
        // The groups of public comments (themes made into groups), filtered like the items:
        // they have no category, so a category filter leaves them out.
        let group_dispositions = tx.group_dispositions(dossier).await?;
        let common_views: HashMap<GroupId, String> = tx
            .groups(dossier)
            .await?
            .into_iter()
            .map(|(g, _)| (g.id, g.common_view))
            .collect();
        let mut comment_groups = Vec::new();
        for (group, consultation, comments) in tx.group_comment_counts(dossier).await? {
            let disposition = group_dispositions.get(&group);
            if filter.category.is_some()
                || (filter.disposition.is_some()
                    && disposition.map(|d| d.kind) != filter.disposition)
                || filter.consultation.is_some_and(|c| c != consultation)
            {
                continue;
            }
            comment_groups.push(CommentGroupRow {
                group: group.0,
                consultation: names
                    .consultations
                    .get(&consultation)
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                common_view: common_views.get(&group).cloned().unwrap_or_default(),
                comments,
                disposition: disposition.map(|d| d.kind),
                reason: disposition.map(|d| d.reason.clone()).unwrap_or_default(),
            });
        }
        tx.rollback().await?;
        Ok(HandlingTable {
            dossier_title: d.title,
            rows,
            comment_groups,
        })
    }

    /// The comparison table between two versions of a dossier: one row per recorded
    /// modification, its paragraph before and after with the change marked, and the items
    /// linked to it. Versions whose modifications were not recorded are compared afresh
    /// (rows without items).
    pub async fn comparison_report(
        &self,
        from: VersionId,
        to: VersionId,
    ) -> Result<ComparisonTable> {
        if from == to {
            return Err(DomainError::SameVersion.into());
        }
        let mut tx = self.read().await?;
        let (old, new) = (tx.version(from).await?, tx.version(to).await?);
        if old.dossier != new.dossier {
            return Err(DomainError::VersionsOfDifferentDossiers { from, to }.into());
        }
        let d = tx.dossier(old.dossier).await?;
        let (old_blocks, new_blocks) = (tx.blocks(from).await?, tx.blocks(to).await?);
        let comparison =
            yijian_text::diff::compare(&to_document(&old_blocks), &to_document(&new_blocks));
        let stored = tx.modifications(from, to).await?;
        if !stored.is_empty() && stored.len() != comparison.modifications.len() {
            return Err(DomainError::ModificationCountChanged {
                from,
                to,
                recorded: stored.len(),
                counted: comparison.modifications.len(),
            }
            .into());
        }
        let mut linked: HashMap<ModificationId, Vec<ItemId>> = HashMap::new();
        for (m, item) in tx.modification_links(from, to).await? {
            linked.entry(m).or_default().push(item);
        }
        let mut names = Names::load(&mut tx, old.dossier).await?;
        let mut rows = Vec::with_capacity(comparison.modifications.len());
        for (k, m) in comparison.modifications.iter().enumerate() {
            let row = &comparison.rows[m.row];
            let whole = |text: &str| vec![(0, text.chars().count())];
            let range = |r: Option<yijian_text::diff::CharRange>| {
                r.map(|r| vec![(r.start, r.end)]).unwrap_or_default()
            };
            let (old_marks, new_marks) = match m.kind {
                yijian_text::align::MatchKind::Inserted => (vec![], whole(&row.new_text)),
                yijian_text::align::MatchKind::Deleted => (whole(&row.old_text), vec![]),
                _ => (range(m.old_range), range(m.new_range)),
            };
            let record = stored.get(k);
            let mut items = Vec::new();
            for id in record.and_then(|r| linked.get(&r.id)).into_iter().flatten() {
                let item = tx.item(*id).await?;
                items.push(LinkedItem {
                    item: id.0,
                    consultee: names.consultee(&mut tx, &item).await?,
                });
            }
            rows.push(ComparisonRow {
                seq: record.map_or(k as u32 + 1, |r| r.seq),
                kind: record.map_or_else(
                    || {
                        serde_json::to_value(m.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default()
                    },
                    |r| r.kind.clone(),
                ),
                part: m.part.clone(),
                old: marked(&row.old_text, &old_marks),
                new: marked(&row.new_text, &new_marks),
                items,
            });
        }
        tx.rollback().await?;
        Ok(ComparisonTable {
            dossier_title: d.title,
            from_label: old.label,
            to_label: new.label,
            rows,
        })
    }

    /// The facts of the explanation of a dossier.
    pub async fn explanation_report(&self, dossier: DossierId) -> Result<ExplanationData> {
        let mut tx = self.read().await?;
        let d = tx.dossier(dossier).await?;
        let summary = tx.summary(dossier).await?;
        let mut names = Names::load(&mut tx, dossier).await?;
        let items = tx.items(dossier).await?;
        let current = tx.current_disposition_records(dossier).await?;

        let drafting_group = drafting_group(&mut tx, &names, &d).await?;
        let mut consultations = Vec::new();
        let mut sorted: Vec<Consultation> = names.consultations.values().cloned().collect();
        sorted.sort_by_key(|c| (c.opens_at, c.id));
        for c in &sorted {
            consultations.push(consultation_facts(&mut tx, &names, &items, c).await?);
        }

        // What the public consultations drew, and how much of it went through groups.
        let mut public = Vec::new();
        for c in sorted.iter().filter(|c| c.kind == ConsultationKind::Public) {
            let (campaigns, in_campaigns) = match tx.current_run(c.id, RunKind::Campaigns).await? {
                Some(r) => tx.campaign_totals(r.id).await?,
                None => (0, 0),
            };
            public.push(PublicFacts {
                title: c.title.clone(),
                comments: tx.public_comment_count(c.id).await? as i64,
                in_campaigns,
                campaigns,
                grouped: tx.grouped_comment_count(c.id).await?,
            });
        }
        let mut group_comments: HashMap<GroupId, i64> = HashMap::new();
        for (g, _, n) in tx.group_comment_counts(dossier).await? {
            *group_comments.entry(g).or_default() += n;
        }
        let group_dispositions = tx.group_dispositions(dossier).await?;

        let mut groups = Vec::new();
        let mut grouped = BTreeSet::new();
        let live: BTreeSet<ItemId> = items.iter().map(|i| i.id).collect();
        for (g, members) in tx.groups(dossier).await? {
            let members: Vec<ItemId> = members.into_iter().filter(|i| live.contains(i)).collect();
            grouped.extend(members.iter().copied());
            // A group's disposition as its items carry it; a group of public comments only
            // has its own.
            let disposition = members
                .iter()
                .filter_map(|i| current.get(i))
                .find(|c: &&CurrentDisposition| c.group == Some(g.id))
                .or_else(|| group_dispositions.get(&g.id))
                .map(|c| c.kind);
            groups.push(GroupFacts {
                common_view: g.common_view,
                items: members.len() as i64,
                comments: group_comments.get(&g.id).copied().unwrap_or(0),
                disposition,
            });
        }
        let mut main_suggestions = Vec::new();
        let mut heard = BTreeSet::new();
        for item in items.iter().filter(|i| !grouped.contains(&i.id)) {
            let kind = current.get(&item.id).map(|c| c.kind);
            if !matches!(
                kind,
                Some(DispositionKind::Adopted | DispositionKind::PartlyAdopted)
            ) {
                continue;
            }
            if main_suggestions.len() == MAIN_SUGGESTIONS {
                break;
            }
            let consultee = names.consultee(&mut tx, item).await?;
            if !heard.insert(consultee.clone()) {
                continue;
            }
            main_suggestions.push(SuggestionFacts {
                consultee,
                text: item.text.clone(),
                disposition: kind,
            });
        }

        let dispositions = DispositionKind::ALL
            .iter()
            .map(|k| (*k, summary.dispositions.get(k.code()).copied().unwrap_or(0)))
            .collect();
        let revision = revision_facts(&mut tx, dossier, &sorted, &live).await?;
        let mut meetings: Vec<BodyMeetings> = Vec::new();
        for m in tx.meetings(dossier).await? {
            let body = names.body_name(m.body);
            match meetings.iter_mut().find(|b| b.body == body) {
                Some(b) => b.dates.push(m.held_on.to_string()),
                None => meetings.push(BodyMeetings {
                    body,
                    dates: vec![m.held_on.to_string()],
                }),
            }
        }
        let framework = framework(&mut tx, dossier).await?;
        tx.rollback().await?;
        Ok(ExplanationData {
            title: d.title,
            purpose: d.purpose,
            requirements: d.requirements,
            topic_decided_on: d.topic_decided_on.map(|x| x.to_string()),
            leading_body: d.leading_body.map(|b| names.body_name(b)),
            drafting_group,
            consultations,
            public,
            items: summary.items,
            groups,
            main_suggestions,
            dispositions,
            undisposed: summary.undisposed,
            revision,
            meetings,
            framework,
        })
    }

    /// A version laid out as a document; with `copy_for` (a body's id or exact name), the
    /// copy sent to that body in the consultation on this version, numbered as in its scope.
    pub async fn draft_report(
        &self,
        version: VersionId,
        copy_for: Option<&str>,
    ) -> Result<DraftDocument> {
        let mut tx = self.read().await?;
        let v = tx.version(version).await?;
        let d = tx.dossier(v.dossier).await?;
        let blocks = tx
            .blocks(version)
            .await?
            .into_iter()
            .map(|b| DraftBlock {
                role: match b.kind {
                    BlockKind::Title => BlockRole::Title,
                    BlockKind::Paragraph | BlockKind::Item => BlockRole::Paragraph,
                    _ => BlockRole::Heading(b.level.max(1)),
                },
                text: b.text,
            })
            .collect();
        let copy = match copy_for {
            Some(who) => Some(copy_mark(&mut tx, &v, who).await?),
            None => None,
        };
        tx.rollback().await?;
        Ok(DraftDocument {
            dossier_title: d.title,
            version_label: v.label,
            blocks,
            copy,
        })
    }
}

/// Item → sequence numbers of the modifications linked to it (every recorded pair).
async fn modification_seqs(tx: &mut Tx, dossier: DossierId) -> Result<HashMap<ItemId, Vec<u32>>> {
    let mut out: HashMap<ItemId, Vec<u32>> = HashMap::new();
    for (from, to, _) in tx.modification_pairs(dossier).await? {
        let seq: HashMap<ModificationId, u32> = tx
            .modifications(from, to)
            .await?
            .into_iter()
            .map(|m| (m.id, m.seq))
            .collect();
        for (m, item) in tx.modification_links(from, to).await? {
            if let Some(s) = seq.get(&m) {
                out.entry(item).or_default().push(*s);
            }
        }
    }
    Ok(out)
}

async fn drafting_group(tx: &mut Tx, names: &Names, d: &Dossier) -> Result<DraftingGroup> {
    let mut group = DraftingGroup {
        name: d.drafting_group.map(|b| names.body_name(b)),
        ..DraftingGroup::default()
    };
    for (person, role) in tx.role_assignments(d.id).await? {
        let p = names.people.get(&person);
        let body = p.and_then(|p| p.body);
        let member = Member {
            name: names.person_name(person),
            body: body.map(|b| names.body_name(b)),
        };
        match role {
            Role::Leader => group.leaders.push(member),
            Role::Deputy => group.deputies.push(member),
            Role::Member => group.members.push(member),
            _ => continue,
        }
        // The group's own body is not an institution its people come from.
        if let Some(b) = body.filter(|b| Some(*b) != d.drafting_group) {
            let name = names.body_name(b);
            if !group.institutions.contains(&name) {
                group.institutions.push(name);
            }
        }
    }
    Ok(group)
}

async fn consultation_facts(
    tx: &mut Tx,
    names: &Names,
    items: &[Item],
    c: &Consultation,
) -> Result<ConsultationFacts> {
    let scope = tx.scope(c.id).await?;
    let mut by_category: Vec<(Option<Category>, i64)> = Vec::new();
    let order = |cat: Option<Category>| {
        cat.and_then(|c| Category::ALL.iter().position(|x| *x == c))
            .unwrap_or(Category::ALL.len())
    };
    for member in &scope {
        let cat = match member.respondent {
            Respondent::Body(b) => names.bodies.get(&b).and_then(|b| b.category),
            Respondent::Person(_) => None,
        };
        match by_category.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, n)) => *n += 1,
            None => by_category.push((cat, 1)),
        }
    }
    by_category.sort_by_key(|(cat, _)| order(*cat));
    let responses = tx
        .responses(c.id)
        .await?
        .iter()
        .filter(|r| r.status == ResponseStatus::Submitted)
        .count() as i64;
    let mut hearings = Vec::new();
    for h in tx.hearings(c.id).await? {
        hearings.push(HearingFacts {
            title: h.title,
            held_on: h.held_on.to_string(),
            items: items.iter().filter(|i| i.hearing == Some(h.id)).count() as i64,
        });
    }
    let version = match c.version {
        Some(v) => Some(tx.version(v).await?.label),
        None => None,
    };
    Ok(ConsultationFacts {
        kind: c.kind,
        title: c.title.clone(),
        question: c.question.clone(),
        version,
        opened_on: Date::of(c.opens_at).to_string(),
        closes_on: last_day(c.closes_at).to_string(),
        scope: scope.len() as i64,
        scope_by_category: by_category,
        responses,
        hearings,
    })
}

/// The modifications from the draft for comments (the version of the latest draft
/// consultation) to the latest version recorded against it; else the first recorded pair.
async fn revision_facts(
    tx: &mut Tx,
    dossier: DossierId,
    consultations: &[Consultation],
    live: &BTreeSet<ItemId>,
) -> Result<Option<RevisionFacts>> {
    let pairs = tx.modification_pairs(dossier).await?;
    let for_comments = consultations
        .iter()
        .rev()
        .find(|c| c.kind == ConsultationKind::Draft)
        .and_then(|c| c.version);
    let pair = match for_comments {
        Some(v) => pairs.iter().rev().find(|(from, _, _)| *from == v),
        None => None,
    }
    .or(pairs.first());
    let Some(&(from, to, count)) = pair else {
        return Ok(None);
    };
    let covered: BTreeSet<ItemId> = tx
        .modification_links(from, to)
        .await?
        .into_iter()
        .map(|(_, item)| item)
        .filter(|i| live.contains(i))
        .collect();
    Ok(Some(RevisionFacts {
        from_label: tx.version(from).await?.label,
        to_label: tx.version(to).await?.label,
        modifications: count,
        items_covered: covered.len() as i64,
    }))
}

/// The parts of the dossier's latest version: each part heading with the drafters' summary,
/// or the first sentence of its first paragraph when they wrote none.
async fn framework(tx: &mut Tx, dossier: DossierId) -> Result<Framework> {
    let Some(latest) = tx.versions(dossier).await?.into_iter().last() else {
        return Ok(Framework {
            version: String::new(),
            parts: Vec::new(),
        });
    };
    let written = tx.part_summaries(latest.id).await?;
    let mut parts: Vec<PartSummary> = Vec::new();
    for b in tx.blocks(latest.id).await? {
        if b.kind.opens_part() {
            parts.push(PartSummary {
                title: b.text,
                summary: written.get(&b.paragraph).cloned().unwrap_or_default(),
            });
        } else if b.kind.is_numbered() {
            if let Some(p) = parts.last_mut().filter(|p| p.summary.is_empty()) {
                p.summary = first_sentence(&b.text);
            }
        }
    }
    Ok(Framework {
        version: latest.label,
        parts,
    })
}

/// The copy number of a body in the consultation on a version: its place in the scope.
async fn copy_mark(tx: &mut Tx, v: &Version, who: &str) -> Result<CopyMark> {
    let bodies = tx.bodies().await?;
    let body = match who.trim().parse::<i64>() {
        Ok(id) => bodies.into_iter().find(|b| b.id.0 == id),
        Err(_) => bodies.into_iter().find(|b| b.name == who.trim()),
    }
    .ok_or_else(|| DomainError::NoSuchBody(who.to_string()))?;
    let consultation = tx
        .consultations(v.dossier)
        .await?
        .into_iter()
        .rev()
        // Numbered copies go to a closed scope: a public consultation on the same version
        // has none.
        .find(|c| c.version == Some(v.id) && c.kind == ConsultationKind::Draft)
        .ok_or(DomainError::VersionNotConsulted(v.id))?;
    let member = tx
        .scope(consultation.id)
        .await?
        .into_iter()
        .find(|m| m.respondent == Respondent::Body(body.id))
        .ok_or_else(|| DomainError::CopyOutOfScope {
            name: body.name.clone(),
            consultation: consultation.id,
        })?;
    Ok(CopyMark {
        number: member.copy_no,
        recipient: body.name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences_and_marks() {
        assert_eq!(first_sentence("坚持人民至上。推进改革。"), "坚持人民至上。");
        assert_eq!(first_sentence("No stop"), "No stop");
        let m = marked("推动发展更多更公平", &[(4, 7)]);
        assert_eq!(m.marked("【", "】"), "推动发展【更多更】公平");
        assert_eq!(marked("abc", &[(5, 9)]).plain(), "abc");
    }
}
