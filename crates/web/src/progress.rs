//! The nine steps of the process (PRODUCT.md) as a timeline: which are done, which is under
//! way, where the dossier stands and what needs doing next — read off the record's figures.
//!
//! Presentation of figures the app counts (`Summary`); a candidate for the app crate once
//! other clients (reports, the API) need the same reading.

use yijian_app::DossierRecord;
use yijian_core::model::ConsultationKind;
use yijian_core::time::Instant;

use crate::i18n::Msgs;

/// Where a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    Current,
    Pending,
}

/// One step of the timeline.
pub struct Step {
    pub number: u8,
    pub name: String,
    pub state: StepState,
    pub detail: String,
}

impl Step {
    /// The CSS class and the label of its state.
    pub fn class(&self) -> &'static str {
        match self.state {
            StepState::Done => "done",
            StepState::Current => "current",
            StepState::Pending => "pending",
        }
    }
}

/// A consultation step: done once one has closed, under way while one is open.
fn consultation_state(record: &DossierRecord, kind: ConsultationKind, now: Instant) -> StepState {
    let of_kind = || record.consultations.iter().filter(move |c| c.kind == kind);
    if of_kind().any(|c| c.closes_at <= now) {
        StepState::Done
    } else if of_kind().any(|c| c.opens_at <= now) {
        StepState::Current
    } else {
        StepState::Pending
    }
}

fn done_if(done: bool, started: bool) -> StepState {
    if done {
        StepState::Done
    } else if started {
        StepState::Current
    } else {
        StepState::Pending
    }
}

/// The nine steps, and a sentence saying where the dossier stands.
pub fn steps(m: Msgs, record: &DossierRecord, now: Instant) -> (Vec<Step>, String) {
    let s = &record.summary;
    let d = &record.dossier;
    let count = |kind: ConsultationKind| {
        record
            .consultations
            .iter()
            .filter(|c| c.kind == kind)
            .count()
    };
    let released = record.versions.iter().filter(|v| v.is_released()).count();
    let meetings: i64 = s.meetings.values().sum();
    let states = [
        done_if(d.topic_decided_on.is_some(), true),
        consultation_state(record, ConsultationKind::Topic, now),
        done_if(released > 0, !record.versions.is_empty()),
        consultation_state(record, ConsultationKind::Draft, now),
        done_if(s.items > 0 && s.undisposed == 0, s.items > 0),
        done_if(s.modifications > 0, released > 1),
        done_if(meetings > 0 && s.adopted, meetings > 0),
        done_if(s.adopted, false),
        StepState::Pending,
    ];
    let details = [
        match d.topic_decided_on {
            Some(date) => m.f("step1-detail", &[("date", &m.date(date.start()))]),
            None => String::new(),
        },
        m.f("step2-detail", &[("n", &count(ConsultationKind::Topic))]),
        m.f(
            "step3-detail",
            &[("n", &record.versions.len()), ("released", &released)],
        ),
        m.f(
            "step4-detail",
            &[("bodies", &s.bodies_in_scope), ("responses", &s.responses)],
        ),
        m.f(
            "step5-detail",
            &[("items", &s.items), ("undisposed", &s.undisposed)],
        ),
        m.f(
            "step6-detail",
            &[("n", &s.modifications), ("covered", &s.items_covered)],
        ),
        m.f("step7-detail", &[("n", &meetings)]),
        m.t(if s.adopted {
            "step8-adopted"
        } else {
            "step8-not-adopted"
        })
        .to_string(),
        m.t("step9-detail").to_string(),
    ];
    let names = [
        "step1", "step2", "step3", "step4", "step5", "step6", "step7", "step8", "step9",
    ];
    let mut steps: Vec<Step> = names
        .iter()
        .zip(states)
        .zip(details)
        .enumerate()
        .map(|(i, ((name, state), detail))| Step {
            number: i as u8 + 1,
            name: m.t(name).to_string(),
            state,
            detail,
        })
        .collect();
    // Where it stands: the furthest step reached — the one after the last step done, or a
    // later step under way. Earlier steps with work left stay marked as under way.
    let at = steps
        .iter()
        .enumerate()
        .map(|(i, s)| match s.state {
            StepState::Done => i + 1,
            StepState::Current => i,
            StepState::Pending => 0,
        })
        .max()
        .unwrap_or(0)
        .min(steps.len() - 1);
    if steps[at].state == StepState::Pending {
        steps[at].state = StepState::Current;
    }
    let stands = m.f(
        "dossier-stands",
        &[("n", &steps[at].number), ("step", &steps[at].name)],
    );
    (steps, stands)
}

/// What needs doing next: undisposed items, consultations open now.
pub fn next_actions(m: Msgs, record: &DossierRecord, now: Instant) -> Vec<String> {
    let mut out = Vec::new();
    if record.summary.undisposed > 0 {
        out.push(m.f("next-undisposed", &[("n", &record.summary.undisposed)]));
    }
    for c in record.consultations.iter().filter(|c| c.is_open(now)) {
        out.push(m.f(
            "next-open-consultation",
            &[
                ("title", &c.title),
                ("date", &m.date(Instant(c.closes_at.0 - 1))),
            ],
        ));
    }
    if out.is_empty() && !record.summary.adopted {
        out.push(m.t("next-nothing").to_string());
    }
    if record.summary.adopted {
        out.push(m.t("next-explanation").to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use yijian_app::Summary;
    use yijian_core::ids::*;
    use yijian_core::model::*;
    use yijian_core::time::Date;

    fn record(items: i64, undisposed: i64, adopted: bool, meetings: i64) -> DossierRecord {
        let summary = Summary {
            dossier: DossierId(1),
            title: "t".into(),
            versions: 1,
            consultations: BTreeMap::new(),
            bodies_in_scope: 0,
            responses: 0,
            items,
            dispositions: BTreeMap::new(),
            undisposed,
            groups: 0,
            hearings: 0,
            modifications: 0,
            items_covered: 0,
            meetings: BTreeMap::from([("x".to_string(), meetings)]),
            adopted,
        };
        DossierRecord {
            dossier: Dossier {
                id: DossierId(1),
                title: "t".into(),
                purpose: String::new(),
                requirements: String::new(),
                topic_decided_on: Some(Date::parse("2026-03-10").unwrap()),
                leading_body: None,
                drafting_group: None,
                status: DossierStatus::Drafting,
            },
            summary,
            versions: vec![Version {
                id: VersionId(1),
                dossier: DossierId(1),
                label: "v".into(),
                parent: None,
                created_at: Instant(0),
                released_at: Some(Instant(1)),
            }],
            consultations: vec![],
            roles: vec![],
        }
    }

    fn states(r: &DossierRecord) -> (Vec<StepState>, String) {
        let (steps, stands) = steps(crate::Lang::En.msgs(), r, Instant(10));
        (steps.iter().map(|s| s.state).collect(), stands)
    }

    #[test]
    fn the_dossier_stands_at_the_furthest_step_reached() {
        use StepState::*;
        let (s, stands) = states(&record(0, 0, false, 0));
        assert_eq!(&s[..4], &[Done, Pending, Done, Current]);
        assert!(stands.contains("step 4"), "{stands}");
        // Adopted with items left undisposed: it stands at the explanation; analysis is
        // still marked as under way.
        let (s, stands) = states(&record(10, 3, true, 2));
        assert_eq!(s[4], Current);
        assert_eq!(s[7], Done);
        assert_eq!(s[8], Current);
        assert!(stands.contains("step 9"), "{stands}");
    }
}
