//! The demo dossier: re-enacts the nine steps of the process (see `shared/PRODUCT.md`)
//! through the same use cases the CLI calls, on a simulated clock, from the invented content
//! in `crates/app/demo/` (a draft and its revision, the cast of bodies and people, and the
//! opinions with their dispositions).

use std::collections::HashMap;

use serde::Deserialize;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::{Date, Instant};
use yijian_core::DomainError;

use crate::responses::ParagraphRef;
use crate::{App, Ctx, NewDossier, NewItem, NewMeeting, OpenConsultation, Result};

const CAST: &str = include_str!("../demo/cast.json");
const OPINIONS: &str = include_str!("../demo/opinions.json");
const DRAFT_V1: &str = include_str!("../demo/draft_v1.md");
const DRAFT_V2: &str = include_str!("../demo/draft_v2.md");
const PUBLIC_COMMENTS: &str = include_str!("../demo/public_comments.jsonl");
/// How long the public consultation stays open after the draft consultation closes: past
/// the adoption, so that it is open at the demo's now.
const PUBLIC_DAYS: i64 = 90;

#[derive(Deserialize)]
struct Cast {
    dossier: CastDossier,
    bodies: Vec<CastBody>,
    people: Vec<CastPerson>,
}

#[derive(Deserialize)]
struct CastDossier {
    title: String,
    purpose: String,
    requirements: String,
    topic_decided_on: Date,
}

#[derive(Deserialize)]
struct CastBody {
    key: String,
    name: String,
    kind: BodyKind,
    category: Option<Category>,
    #[serde(default)]
    out_of_scope: bool,
}

#[derive(Deserialize)]
struct CastPerson {
    key: String,
    name: String,
    body: Option<String>,
    roles: Vec<Role>,
}

#[derive(Deserialize)]
struct Opinions {
    topic_consultation: TopicRound,
    draft_consultation: DraftRound,
    hearing: HearingData,
    groups: Vec<GroupData>,
    plenary_group_opinions: Vec<Opinion>,
}

#[derive(Deserialize)]
struct TopicRound {
    question: String,
    opened_on: Date,
    closes_on: Date,
    responses: Vec<BodyOpinions>,
}

#[derive(Deserialize)]
struct DraftRound {
    opened_on: Date,
    closes_on: Date,
    responses: Vec<BodyOpinions>,
}

#[derive(Deserialize)]
struct BodyOpinions {
    body: String,
    items: Vec<Opinion>,
}

#[derive(Deserialize)]
struct Opinion {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    paragraph: Option<u32>,
    #[serde(default)]
    quote: Option<String>,
    kind: ItemKind,
    text: String,
    #[serde(default)]
    disposition: Option<DispositionKind>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

#[derive(Deserialize)]
struct HearingData {
    title: String,
    held_on: Date,
    items: Vec<Opinion>,
}

#[derive(Deserialize)]
struct GroupData {
    common_view: String,
    items: Vec<String>,
    disposition: DispositionKind,
    reason: String,
}

/// What the demo built, for callers that want to go on from it (the web demo, tests).
#[derive(Debug, Clone)]
pub struct DemoDossier {
    pub dossier: DossierId,
    pub topic_consultation: ConsultationId,
    pub draft_consultation: ConsultationId,
    /// The public consultation on the draft for comments, open at [`DemoDossier::now`],
    /// with the sample comments of `demo/public_comments.jsonl` imported.
    pub public_consultation: ConsultationId,
    pub draft_for_comments: VersionId,
    pub revised: VersionId,
    /// Person ids by the cast's keys (`leader`, `deputy1`, `admin`, `r01-contact`, …).
    pub people: HashMap<String, PersonId>,
    /// Body ids by the cast's keys.
    pub bodies: HashMap<String, BodyId>,
    /// The demo's now: the day after the adoption, its last step.
    pub now: Instant,
}

fn at(date: Date, hour: i64) -> Instant {
    Instant(date.start().0 + hour * 3_600_000)
}

fn bad(msg: String) -> crate::AppError {
    crate::AppError::Demo(msg)
}

/// The demo state while it is being built.
struct Builder<'a> {
    app: &'a App,
    cast: Cast,
    people: HashMap<String, PersonId>,
    bodies: HashMap<String, BodyId>,
    roles: HashMap<String, Vec<Role>>,
    items: HashMap<String, ItemId>,
    dispositions: Vec<(ItemId, DispositionKind, String)>,
}

/// Build the demo dossier in an empty database.
pub async fn build(app: &App) -> Result<DemoDossier> {
    build_open_until(app, None).await
}

/// [`build`], with the public consultation open at least until `public_until` (the web demo
/// passes a date after the real now, so that the public can comment under the real clock;
/// the demo's own now stays inside the window either way).
pub async fn build_open_until(app: &App, public_until: Option<Instant>) -> Result<DemoDossier> {
    let cast: Cast = serde_json::from_str(CAST).map_err(|e| bad(format!("cast.json: {e}")))?;
    let opinions: Opinions =
        serde_json::from_str(OPINIONS).map_err(|e| bad(format!("opinions.json: {e}")))?;
    if !app.people().await?.is_empty() {
        return Err(DomainError::DemoNeedsEmptyDatabase.into());
    }
    let mut b = Builder {
        app,
        cast,
        people: HashMap::new(),
        bodies: HashMap::new(),
        roles: HashMap::new(),
        items: HashMap::new(),
        dispositions: Vec::new(),
    };
    let decided = b.cast.dossier.topic_decided_on;
    // Step 1: the topic is decided; the drafting group is set up under the leading body.
    let dossier = b.set_up(at(decided, 9)).await?;
    // Step 2: the topic consultation.
    let topic = b
        .topic_consultation(dossier, &opinions.topic_consultation)
        .await?;
    // Step 3: drafting; the draft for comments is released the day before the consultation.
    let round = &opinions.draft_consultation;
    let v1 = b
        .draft(
            dossier,
            "征求意见稿",
            "draft_v1.md",
            DRAFT_V1,
            None,
            round.opened_on.start().plus_days(-1),
        )
        .await?;
    // Step 4: the draft consultation, written responses and a hearing; the same draft is
    // published for everyone's comments.
    let draft = b.draft_consultation(dossier, v1, round).await?;
    b.hearing(draft, &opinions.hearing).await?;
    let public = b
        .public_consultation(dossier, v1, round, public_until)
        .await?;
    // Step 5: analysis — groups under common views, a disposition for every item.
    let analysed = round.closes_on.start().plus_days(7);
    b.analyse(dossier, &opinions.groups, analysed).await?;
    // Step 6: revision: the revised draft, its modifications, linked to the adopted opinions.
    let v2 = b
        .draft(
            dossier,
            "送审稿",
            "draft_v2.md",
            DRAFT_V2,
            Some(v1),
            analysed.plus_days(10),
        )
        .await?;
    b.link_modifications(dossier, v1, v2, analysed.plus_days(11))
        .await?;
    // Step 7: review meetings; step 8: plenary, group discussion, adoption.
    let plenary_on = b.review(dossier, v2, analysed.plus_days(12)).await?;
    b.plenary(dossier, v2, plenary_on, &opinions.plenary_group_opinions)
        .await?;
    let now = at(plenary_on, 24 * 4 + 9);
    if now >= at(round.closes_on, 24).plus_days(PUBLIC_DAYS) {
        return Err(bad(
            "the public consultation closes before the demo's now".into()
        ));
    }
    Ok(DemoDossier {
        dossier,
        topic_consultation: topic,
        draft_consultation: draft,
        public_consultation: public,
        draft_for_comments: v1,
        revised: v2,
        people: b.people,
        bodies: b.bodies,
        now,
    })
}

impl Builder<'_> {
    fn person(&self, key: &str) -> Result<PersonId> {
        self.people
            .get(key)
            .copied()
            .ok_or_else(|| bad(format!("no person {key:?}")))
    }

    fn body(&self, key: &str) -> Result<BodyId> {
        self.bodies
            .get(key)
            .copied()
            .ok_or_else(|| bad(format!("no body {key:?}")))
    }

    fn ctx(&self, key: &str, now: Instant) -> Result<Ctx> {
        Ok(Ctx::new(self.person(key)?, now))
    }

    /// The people of a body holding a role.
    fn members_with(&self, body: &str, role: Role) -> Vec<String> {
        self.cast
            .people
            .iter()
            .filter(|p| p.body.as_deref() == Some(body) && p.roles.contains(&role))
            .map(|p| p.key.clone())
            .collect()
    }

    /// Who submits for a body: its head, else its contact.
    fn submitter(&self, body: &str) -> Result<String> {
        let mut keys = self.members_with(body, Role::Head);
        keys.extend(self.members_with(body, Role::Contact));
        keys.into_iter()
            .next()
            .ok_or_else(|| bad(format!("body {body} has neither head nor contact")))
    }

    async fn set_up(&mut self, now: Instant) -> Result<DossierId> {
        let admin = self
            .cast
            .people
            .iter()
            .find(|p| p.roles.contains(&Role::Administrator))
            .ok_or_else(|| bad("no administrator".into()))?;
        let (admin_key, admin_name) = (admin.key.clone(), admin.name.clone());
        let admin_id = self.app.init(&admin_name, now).await?;
        self.people.insert(admin_key.clone(), admin_id);
        let ctx = Ctx::new(admin_id, now);
        for body in &self.cast.bodies {
            let id = self
                .app
                .add_body(&ctx, &body.name, body.kind, body.category)
                .await?;
            self.bodies.insert(body.key.clone(), id);
        }
        for p in self.cast.people.iter().filter(|p| p.key != admin_key) {
            let body = p
                .body
                .as_deref()
                .map(|k| {
                    self.bodies
                        .get(k)
                        .copied()
                        .ok_or_else(|| bad(format!("no body {k:?}")))
                })
                .transpose()?;
            let id = self.app.add_person(&ctx, &p.name, body).await?;
            self.people.insert(p.key.clone(), id);
            self.roles.insert(p.key.clone(), p.roles.clone());
        }
        let d = &self.cast.dossier;
        let by_kind = |kind: BodyKind| {
            self.cast
                .bodies
                .iter()
                .find(|b| b.kind == kind)
                .map(|b| self.bodies[&b.key])
        };
        let dossier = self
            .app
            .create_dossier(
                &ctx,
                &NewDossier {
                    title: d.title.clone(),
                    purpose: d.purpose.clone(),
                    requirements: d.requirements.clone(),
                    topic_decided_on: Some(d.topic_decided_on),
                    leading_body: by_kind(BodyKind::Leading),
                    drafting_group: by_kind(BodyKind::DraftingGroup),
                },
            )
            .await?;
        for (key, roles) in &self.roles {
            for role in roles {
                let scope = if matches!(role, Role::Administrator | Role::Auditor) {
                    None
                } else {
                    Some(dossier)
                };
                self.app
                    .assign_role(&ctx, scope, self.people[key], *role)
                    .await?;
            }
        }
        Ok(dossier)
    }

    async fn topic_consultation(
        &mut self,
        dossier: DossierId,
        round: &TopicRound,
    ) -> Result<ConsultationId> {
        let opens = at(round.opened_on, 9);
        let scope = self.in_scope_bodies()?;
        let c = self
            .app
            .open_consultation(
                &self.ctx("leader", opens)?,
                &OpenConsultation {
                    dossier,
                    kind: ConsultationKind::Topic,
                    title: "关于文件议题的征求意见通知".into(),
                    version: None,
                    question: Some(round.question.clone()),
                    opens_at: opens,
                    closes_at: at(round.closes_on, 24),
                    scope,
                },
            )
            .await?;
        let mut heard = Vec::new();
        for (n, r) in round.responses.iter().enumerate() {
            let when = at(round.opened_on, 24 * (3 + n as i64 % 20) + 10);
            heard.extend(self.respond(c, r, when).await?);
        }
        // The drafting group studies the topic opinions together when it sets the framework.
        let studied = self.ctx("leader", at(round.closes_on, 24 * 3 + 10))?;
        let group = self
            .app
            .create_group(
                &studied,
                dossier,
                "各地区各部门普遍赞成以推进城乡基层治理现代化为文件议题，并就减轻基层负担、权责划分、数字赋能等重点问题提出建议。",
                &heard,
            )
            .await?;
        self.app
            .dispose(
                &studied,
                DispositionTarget::Group(group),
                DispositionKind::Adopted,
                "在确定文件框架和起草重点时研究吸收。",
                DispositionStatus::Final,
            )
            .await?;
        Ok(c)
    }

    fn in_scope_bodies(&self) -> Result<Vec<Respondent>> {
        Ok(self
            .cast
            .bodies
            .iter()
            .filter(|b| b.kind == BodyKind::Consultee && !b.out_of_scope)
            .map(|b| Respondent::Body(self.bodies[&b.key]))
            .collect())
    }

    async fn draft(
        &mut self,
        dossier: DossierId,
        label: &str,
        file: &str,
        text: &str,
        parent: Option<VersionId>,
        release_at: Instant,
    ) -> Result<VersionId> {
        let member = self
            .cast
            .people
            .iter()
            .find(|p| p.roles.contains(&Role::Member))
            .map(|p| p.key.clone())
            .unwrap_or("leader".into());
        let v = self
            .app
            .import_version(
                &self.ctx(&member, release_at.plus_days(-2))?,
                dossier,
                label,
                file,
                text.as_bytes(),
                parent,
            )
            .await?;
        self.app
            .release_version(&self.ctx("leader", release_at)?, v)
            .await?;
        Ok(v)
    }

    async fn draft_consultation(
        &mut self,
        dossier: DossierId,
        version: VersionId,
        round: &DraftRound,
    ) -> Result<ConsultationId> {
        let opens = at(round.opened_on, 9);
        let mut scope = self.in_scope_bodies()?;
        for p in self
            .cast
            .people
            .iter()
            .filter(|p| p.roles.contains(&Role::Consultee))
        {
            scope.push(Respondent::Person(self.people[&p.key]));
        }
        let c = self
            .app
            .open_consultation(
                &self.ctx("leader", opens)?,
                &OpenConsultation {
                    dossier,
                    kind: ConsultationKind::Draft,
                    title: "《征求意见稿》征求意见".into(),
                    version: Some(version),
                    question: None,
                    opens_at: opens,
                    closes_at: at(round.closes_on, 24),
                    scope,
                },
            )
            .await?;
        let (_, blocks) = self.app.version(version).await?;
        for (n, r) in round.responses.iter().enumerate() {
            let when = at(round.opened_on, 24 * (2 + n as i64 % 20) + 10);
            let ids = self.respond_to_draft(c, r, &blocks, when).await?;
            for (o, id) in r.items.iter().zip(ids) {
                self.note_item(o, id)?;
            }
        }
        Ok(c)
    }

    /// The draft for comments published for everyone; the comments that came by letter and
    /// through other channels imported by a member of the drafting group when the draft
    /// consultation closed.
    async fn public_consultation(
        &mut self,
        dossier: DossierId,
        version: VersionId,
        round: &DraftRound,
        until: Option<Instant>,
    ) -> Result<ConsultationId> {
        let opens = at(round.opened_on, 9);
        let closes = at(round.closes_on, 24).plus_days(PUBLIC_DAYS);
        let closes = until.map_or(closes, |u| u.max(closes));
        let c = self
            .app
            .open_consultation(
                &self.ctx("leader", opens)?,
                &OpenConsultation {
                    dossier,
                    kind: ConsultationKind::Public,
                    title: "《征求意见稿》向社会公开征求意见".into(),
                    version: Some(version),
                    question: None,
                    opens_at: opens,
                    closes_at: closes,
                    scope: vec![],
                },
            )
            .await?;
        let file = crate::CommentFile::new(
            "public_comments.jsonl",
            std::io::Cursor::new(PUBLIC_COMMENTS.as_bytes()),
        )?;
        let report = self
            .app
            .import_comments(
                &self.ctx("member1", at(round.closes_on, 24 + 10))?,
                c,
                file,
                &mut (),
            )
            .await?;
        if let Some(r) = report.rejects.first() {
            return Err(bad(format!(
                "public_comments.jsonl line {}: {}",
                r.line, r.reason
            )));
        }
        Ok(c)
    }

    fn note_item(&mut self, o: &Opinion, id: ItemId) -> Result<()> {
        if let Some(key) = &o.id {
            self.items.insert(key.clone(), id);
        }
        if let Some(kind) = o.disposition {
            self.dispositions.push((
                id,
                kind,
                o.reason.clone().unwrap_or_else(|| "经研究处理。".into()),
            ));
        }
        Ok(())
    }

    /// A body's general items: written by its contributors or contact, submitted by its head or contact.
    async fn respond(
        &mut self,
        c: ConsultationId,
        r: &BodyOpinions,
        when: Instant,
    ) -> Result<Vec<ItemId>> {
        let items: Vec<NewItem> = r
            .items
            .iter()
            .map(|o| NewItem {
                kind: o.kind,
                text: o.text.clone(),
                paragraph: None,
                span: None,
            })
            .collect();
        self.respond_with(c, &r.body, items, when).await
    }

    async fn respond_to_draft(
        &mut self,
        c: ConsultationId,
        r: &BodyOpinions,
        blocks: &[Block],
        when: Instant,
    ) -> Result<Vec<ItemId>> {
        let paragraphs: Vec<&Block> = blocks.iter().filter(|b| b.kind.is_numbered()).collect();
        let mut items = Vec::new();
        for o in &r.items {
            let span = match (o.paragraph, &o.quote) {
                (Some(n), Some(q)) => {
                    let text = &paragraphs
                        .get(n as usize - 1)
                        .ok_or_else(|| bad(format!("paragraph {n} out of range")))?
                        .text;
                    let byte = text
                        .find(q.as_str())
                        .ok_or_else(|| bad(format!("quote {q:?} not in paragraph {n}")))?;
                    let start = text[..byte].chars().count() as u32;
                    Some((start, start + q.chars().count() as u32))
                }
                _ => None,
            };
            items.push(NewItem {
                kind: o.kind,
                text: o.text.clone(),
                paragraph: o.paragraph.map(ParagraphRef::Number),
                span,
            });
        }
        self.respond_with(c, &r.body, items, when).await
    }

    async fn respond_with(
        &mut self,
        c: ConsultationId,
        body: &str,
        items: Vec<NewItem>,
        when: Instant,
    ) -> Result<Vec<ItemId>> {
        let mut writers = self.members_with(body, Role::Contributor);
        writers.extend(self.members_with(body, Role::Contact));
        if writers.is_empty() {
            return Err(bad(format!("body {body} has nobody to write its response")));
        }
        let mut ids = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let writer = &writers[n % writers.len()];
            ids.push(
                self.app
                    .add_item(
                        &self.ctx(writer, Instant(when.0 + n as i64 * 60_000))?,
                        c,
                        item,
                    )
                    .await?,
            );
        }
        let submitter = self.submitter(body)?;
        self.app
            .submit_response(&self.ctx(&submitter, when.plus_days(1))?, c)
            .await?;
        Ok(ids)
    }

    async fn hearing(&mut self, c: ConsultationId, h: &HearingData) -> Result<()> {
        let ctx = self.ctx("deputy1", at(h.held_on, 15))?;
        let minutes = format!(
            "{}于{}举行，听取意见{}条。",
            h.title,
            h.held_on,
            h.items.len()
        );
        let hearing = self
            .app
            .record_hearing(&ctx, c, &h.title, h.held_on, &minutes)
            .await?;
        for o in &h.items {
            let body = o.body.as_deref().map(|k| self.body(k)).transpose()?;
            let item = NewItem {
                kind: o.kind,
                text: o.text.clone(),
                paragraph: o.paragraph.map(ParagraphRef::Number),
                span: None,
            };
            let speaker = o.speaker.clone().unwrap_or_else(|| "与会代表".into());
            let id = self
                .app
                .add_hearing_item(&ctx, hearing, &speaker, body, &item)
                .await?;
            self.note_item(o, id)?;
        }
        Ok(())
    }

    async fn analyse(
        &mut self,
        dossier: DossierId,
        groups: &[GroupData],
        when: Instant,
    ) -> Result<()> {
        let member = self.ctx("leader", when)?;
        let mut grouped = std::collections::HashSet::new();
        for g in groups {
            let ids: Vec<ItemId> = g
                .items
                .iter()
                .map(|k| {
                    self.items
                        .get(k)
                        .copied()
                        .ok_or_else(|| bad(format!("no item {k:?}")))
                })
                .collect::<Result<_>>()?;
            let group = self
                .app
                .create_group(&member, dossier, &g.common_view, &ids)
                .await?;
            self.app
                .dispose(
                    &member,
                    DispositionTarget::Group(group),
                    g.disposition,
                    &g.reason,
                    DispositionStatus::Final,
                )
                .await?;
            grouped.extend(ids);
        }
        // Every other item: a member proposes, a deputy finalises.
        let members: Vec<String> = self
            .cast
            .people
            .iter()
            .filter(|p| p.roles.contains(&Role::Member))
            .map(|p| p.key.clone())
            .collect();
        let dispositions = std::mem::take(&mut self.dispositions);
        for (n, (item, kind, reason)) in dispositions.iter().enumerate() {
            if grouped.contains(item) {
                continue;
            }
            let proposer = members
                .get(n % members.len().max(1))
                .map(String::as_str)
                .unwrap_or("leader");
            let t = Instant(when.0 + n as i64 * 60_000);
            self.app
                .dispose(
                    &self.ctx(proposer, t)?,
                    DispositionTarget::Item(*item),
                    *kind,
                    reason,
                    DispositionStatus::Proposed,
                )
                .await?;
            let finaliser = if n % 2 == 0 { "deputy1" } else { "deputy2" };
            self.app
                .dispose(
                    &self.ctx(finaliser, t.plus_days(1))?,
                    DispositionTarget::Item(*item),
                    *kind,
                    reason,
                    DispositionStatus::Final,
                )
                .await?;
        }
        self.dispositions = dispositions;
        Ok(())
    }

    /// Record the modifications, then link each to the adopted or partly adopted items on the
    /// paragraph it changed.
    async fn link_modifications(
        &mut self,
        dossier: DossierId,
        v1: VersionId,
        v2: VersionId,
        when: Instant,
    ) -> Result<()> {
        let ctx = self.ctx("deputy2", when)?;
        let modifications = self.app.record_modifications(&ctx, v1, v2).await?;
        let current = self.app.current_dispositions(dossier).await?;
        let mut by_paragraph: HashMap<ParagraphId, Vec<ItemId>> = HashMap::new();
        for item in self.app.items(dossier).await? {
            let adopted = matches!(
                current.get(&item.id),
                Some(DispositionKind::Adopted | DispositionKind::PartlyAdopted)
            );
            if let (true, Some(anchor)) = (adopted, item.anchor) {
                by_paragraph
                    .entry(anchor.paragraph)
                    .or_default()
                    .push(item.id);
            }
        }
        for m in &modifications {
            let behind: Vec<ItemId> = [m.old_paragraph, m.new_paragraph]
                .into_iter()
                .flatten()
                .flat_map(|p| by_paragraph.get(&p).cloned().unwrap_or_default())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if !behind.is_empty() {
                self.app.link_modification(&ctx, m.id, &behind).await?;
            }
        }
        Ok(())
    }

    /// Three standing-committee meetings and two political-bureau meetings on the revised draft.
    async fn review(
        &mut self,
        dossier: DossierId,
        version: VersionId,
        from: Instant,
    ) -> Result<Date> {
        let (leading, review) = (
            self.body_of_kind(BodyKind::Leading)?,
            self.body_of_kind(BodyKind::Review)?,
        );
        let plan = [
            (
                leading,
                0,
                MeetingDecision::Discussed,
                "常务委员会会议听取文件起草情况汇报，原则同意文稿框架，要求进一步修改完善。",
            ),
            (
                leading,
                5,
                MeetingDecision::ApprovedWithChanges,
                "常务委员会会议审议文稿，提出修改意见，同意修改后提请审议委员会审议。",
            ),
            (
                review,
                9,
                MeetingDecision::Discussed,
                "审议委员会会议审议文稿，要求吸收各方面意见进一步修改。",
            ),
            (
                leading,
                13,
                MeetingDecision::Approved,
                "常务委员会会议审议修改后的文稿，同意提请审议委员会审议。",
            ),
            (
                review,
                16,
                MeetingDecision::Approved,
                "审议委员会会议审议文稿，决定提请全体会议审议。",
            ),
        ];
        for (body, day, decision, minutes) in plan {
            let t = from.plus_days(day);
            let new = NewMeeting {
                dossier,
                body,
                held_on: Date::of(t),
                version,
                decision,
                minutes: minutes.into(),
            };
            self.app
                .record_meeting(&self.ctx("leader", t)?, &new)
                .await?;
        }
        Ok(Date::of(from.plus_days(20)))
    }

    fn body_of_kind(&self, kind: BodyKind) -> Result<BodyId> {
        let b = self
            .cast
            .bodies
            .iter()
            .find(|b| b.kind == kind)
            .ok_or_else(|| bad(format!("no {kind} body")))?;
        self.body(&b.key)
    }

    async fn plenary(
        &mut self,
        dossier: DossierId,
        version: VersionId,
        on: Date,
        opinions: &[Opinion],
    ) -> Result<()> {
        let plenary = self.body_of_kind(BodyKind::Plenary)?;
        let ctx = self.ctx("leader", on.start())?;
        let submission = self
            .app
            .submit_to_plenary(&ctx, dossier, plenary, version, on)
            .await?;
        let discussing = self.ctx("deputy1", on.start().plus_days(1))?;
        let (_, blocks) = self.app.version(version).await?;
        let paragraphs = blocks.iter().filter(|b| b.kind.is_numbered()).count() as u32;
        for o in opinions {
            let paragraph = o
                .paragraph
                .filter(|n| (1..=paragraphs).contains(n))
                .map(ParagraphRef::Number);
            let item = NewItem {
                kind: o.kind,
                text: o.text.clone(),
                paragraph,
                span: None,
            };
            let speaker = o.speaker.clone().unwrap_or_else(|| "全体会议成员".into());
            let id = self
                .app
                .add_group_discussion_item(&discussing, submission, &speaker, &item)
                .await?;
            let kind = o.disposition.unwrap_or(DispositionKind::AlreadyReflected);
            let reason = o.reason.clone().unwrap_or_else(|| "经研究处理。".into());
            self.app
                .dispose(
                    &discussing,
                    DispositionTarget::Item(id),
                    kind,
                    &reason,
                    DispositionStatus::Final,
                )
                .await?;
        }
        let adopted_on = Date::of(on.start().plus_days(3));
        self.app
            .adopt(
                &self.ctx("leader", adopted_on.start())?,
                submission,
                version,
                adopted_on,
            )
            .await
    }
}
