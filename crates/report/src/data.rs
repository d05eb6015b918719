//! Report data: what the record says, gathered by `yijian-app`, ready to be laid out.
//! Figures are carried as gathered; nothing here is computed from constants.

use serde::Serialize;
use yijian_core::model::{Category, ConsultationKind, DispositionKind, ItemSource};

/// The handling table (意见处理情况表).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandlingTable {
    pub dossier_title: String,
    pub rows: Vec<HandlingRow>,
    /// The groups of public comments (a theme made into a group), after the items.
    pub comment_groups: Vec<CommentGroupRow>,
}

/// What a public consultation drew: comments, how many in campaigns, how many disposed of
/// through groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicFacts {
    pub title: String,
    pub comments: i64,
    /// Comments in campaigns of the current campaign run, and how many campaigns.
    pub in_campaigns: i64,
    pub campaigns: i64,
    /// Comments disposed of through a group.
    pub grouped: i64,
}

/// A group of public comments with what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommentGroupRow {
    pub group: i64,
    /// The public consultation the comments came in (its title).
    pub consultation: String,
    pub common_view: String,
    /// How many public comments the group holds.
    pub comments: i64,
    /// The group's current final disposition.
    pub disposition: Option<DispositionKind>,
    pub reason: String,
}

/// One item with what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandlingRow {
    pub item: i64,
    /// The consultation it came in (its title), or the plenary for group discussion.
    pub consultation: String,
    pub source: ItemSource,
    /// Who said it: the body, the invited person, or the speaker at a hearing.
    pub consultee: String,
    /// The category of the body it speaks for; `None` for individuals.
    pub category: Option<Category>,
    /// The paragraph number in the version the consultee read (body paragraphs, 1-based).
    pub paragraph: Option<u32>,
    pub text: String,
    /// Its current final disposition (its own, else its group's).
    pub disposition: Option<DispositionKind>,
    pub reason: String,
    /// Sequence numbers of the modifications linked to it.
    pub modifications: Vec<u32>,
}

/// The comparison table (修改对照表) between two versions: one row per modification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonTable {
    pub dossier_title: String,
    pub from_label: String,
    pub to_label: String,
    pub rows: Vec<ComparisonRow>,
}

/// A changed place: the paragraph before and after, with the changed region marked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// 1-based order of the modification in the comparison.
    pub seq: u32,
    /// `modified`, `inserted`, `deleted`, `moved`, `split`, `merged`.
    pub kind: String,
    pub part: Option<String>,
    pub old: MarkedText,
    pub new: MarkedText,
    /// The items that led to it.
    pub items: Vec<LinkedItem>,
}

/// A text cut into plain and changed stretches, in reading order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MarkedText {
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Piece {
    pub text: String,
    pub changed: bool,
}

impl MarkedText {
    /// The whole text, unmarked.
    pub fn plain(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// The text with changed stretches between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        self.pieces
            .iter()
            .map(|p| {
                if p.changed {
                    format!("{open}{}{close}", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedItem {
    pub item: i64,
    pub consultee: String,
}

/// The explanation's facts, gathered from the record of one dossier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplanationData {
    pub title: String,
    pub purpose: String,
    pub requirements: String,
    pub topic_decided_on: Option<String>,
    pub leading_body: Option<String>,
    pub drafting_group: DraftingGroup,
    pub consultations: Vec<ConsultationFacts>,
    /// The public consultations' comments, in the order of `consultations`.
    pub public: Vec<PublicFacts>,
    /// Live items from every source.
    pub items: i64,
    pub groups: Vec<GroupFacts>,
    /// Adopted or partly adopted items outside groups.
    pub main_suggestions: Vec<SuggestionFacts>,
    /// Items per current disposition, every kind listed (zeros included).
    pub dispositions: Vec<(DispositionKind, i64)>,
    pub undisposed: i64,
    pub revision: Option<RevisionFacts>,
    pub meetings: Vec<BodyMeetings>,
    pub framework: Framework,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DraftingGroup {
    pub name: Option<String>,
    pub leaders: Vec<Member>,
    pub deputies: Vec<Member>,
    pub members: Vec<Member>,
    /// The institutions the group's people come from, in order of first appearance.
    pub institutions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub name: String,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsultationFacts {
    pub kind: ConsultationKind,
    pub title: String,
    pub question: Option<String>,
    /// The label of the version under consultation (draft consultations).
    pub version: Option<String>,
    pub opened_on: String,
    pub closes_on: String,
    /// Bodies and people in the scope.
    pub scope: i64,
    /// Scope members per category (individuals under `None`), in the vocabulary's order.
    pub scope_by_category: Vec<(Option<Category>, i64)>,
    /// Submitted responses.
    pub responses: i64,
    pub hearings: Vec<HearingFacts>,
}

impl ConsultationFacts {
    /// Submitted responses per hundred scope members, one decimal.
    pub fn response_rate(&self) -> String {
        if self.scope == 0 {
            return "0".into();
        }
        let tenths = (self.responses * 1000 + self.scope / 2) / self.scope;
        if tenths % 10 == 0 {
            format!("{}", tenths / 10)
        } else {
            format!("{}.{}", tenths / 10, tenths % 10)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HearingFacts {
    pub title: String,
    pub held_on: String,
    pub items: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFacts {
    pub common_view: String,
    pub items: i64,
    /// Public comments disposed of with the group.
    pub comments: i64,
    pub disposition: Option<DispositionKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestionFacts {
    pub consultee: String,
    pub text: String,
    pub disposition: Option<DispositionKind>,
}

/// The modifications between the draft for comments and the revised draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevisionFacts {
    pub from_label: String,
    pub to_label: String,
    pub modifications: i64,
    /// Live items linked to at least one of these modifications.
    pub items_covered: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyMeetings {
    pub body: String,
    pub dates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    /// The label of the version described.
    pub version: String,
    pub parts: Vec<PartSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartSummary {
    pub title: String,
    /// The drafters' summary, or the first sentence of the part's first paragraph.
    pub summary: String,
}

/// A version of the draft, laid out as a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftDocument {
    pub dossier_title: String,
    pub version_label: String,
    pub blocks: Vec<DraftBlock>,
    /// For a consultation copy: its number and its recipient.
    pub copy: Option<CopyMark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftBlock {
    pub role: BlockRole,
    pub text: String,
}

/// How a block is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    Title,
    /// A heading of level 1 (part, preface, conclusion) … 4.
    Heading(u8),
    Paragraph,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyMark {
    pub number: u32,
    pub recipient: String,
}

impl CopyMark {
    /// `No. 0007`: the copy number as printed on the copy.
    pub fn number_text(&self) -> String {
        format!("No. {:04}", self.number)
    }
}
