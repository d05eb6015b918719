//! What the consultee's page and the API share when an item is added: the checks of the
//! input (kind, paragraph number, length, quoted words found by characters in the paragraph
//! the caller reads), so that both refuse the same things with the same words.

use yijian_app::{ConsultationVersion, NewItem, ParagraphRef};
use yijian_core::ids::*;
use yijian_core::model::*;

use crate::auth::now;
use crate::error::{Detail, WebError};
use crate::state::AppState;

/// Items longer than this are refused (a whole counter-draft belongs in a file, later).
pub const MAX_ITEM_CHARS: usize = 10_000;

/// Find the quoted words in the paragraph: at `hint` when they are there, else their first
/// occurrence. Offsets are characters, end exclusive.
pub fn locate_quote(paragraph: &str, quote: &str, hint: Option<usize>) -> Option<(u32, u32)> {
    let text: Vec<char> = paragraph.chars().collect();
    let q: Vec<char> = quote.chars().collect();
    if q.is_empty() || q.len() > text.len() {
        return None;
    }
    let at = |k: usize| text.get(k..k + q.len()) == Some(&q[..]);
    let start = match hint.filter(|&k| at(k)) {
        Some(k) => k,
        None => (0..=text.len() - q.len()).find(|&k| at(k))?,
    };
    Some((start as u32, (start + q.len()) as u32))
}

/// The consultation, if the caller may see it; 404 otherwise (before any rule could say
/// "not in scope" and so confirm that it exists).
pub async fn visible(
    state: &AppState,
    person: PersonId,
    id: ConsultationId,
) -> Result<(), WebError> {
    state
        .app
        .visible_consultation(person, id, now())
        .await?
        .map(|_| ())
        .ok_or(WebError::NotFound)
}

/// An item as the caller typed it.
pub struct ItemInput {
    /// An item kind's code.
    pub kind: String,
    /// The body paragraph's number; `None` for a general item.
    pub paragraph: Option<u32>,
    /// Words of that paragraph the item is about (empty for none).
    pub quote: String,
    /// Where the quoted words start (characters), to tell repeated words apart.
    pub hint: Option<usize>,
    pub text: String,
}

/// The item, checked against the version the caller reads.
pub async fn new_item(
    state: &AppState,
    person: PersonId,
    id: ConsultationId,
    input: ItemInput,
) -> Result<NewItem, WebError> {
    let ItemInput {
        kind,
        paragraph,
        quote,
        hint,
        text,
    } = input;
    let kind = ItemKind::parse(kind.trim())?;
    if text.chars().count() > MAX_ITEM_CHARS {
        return Err(Detail::ItemTooLong(MAX_ITEM_CHARS).into());
    }
    let quote = quote.trim();
    let span = match (quote.is_empty(), paragraph) {
        (true, _) => None,
        (false, None) => return Err(Detail::QuoteNeedsParagraph.into()),
        (false, Some(n)) => {
            let paragraph_text = paragraph_text(state, person, id, n).await?;
            Some(
                locate_quote(&paragraph_text, quote, hint)
                    .ok_or(WebError::Invalid(Detail::QuoteNotInParagraph(n)))?,
            )
        }
    };
    Ok(NewItem {
        kind,
        text,
        paragraph: paragraph.map(ParagraphRef::Number),
        span,
    })
}

/// The body paragraphs (paragraphs and list items) of a version, numbered from 1 as
/// consultees count them: `(number, block)`.
pub fn numbered(blocks: &[Block]) -> impl Iterator<Item = (u32, &Block)> {
    blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .zip(1..)
        .map(|(b, n)| (n, b))
}

/// The text of a paragraph (by number) of the version the caller reads.
async fn paragraph_text(
    state: &AppState,
    person: PersonId,
    id: ConsultationId,
    n: u32,
) -> Result<String, WebError> {
    let ConsultationVersion::Readable { blocks, .. } =
        state.app.consultation_version(person, id, now()).await?
    else {
        return Err(Detail::DraftNotOpen.into());
    };
    let text = numbered(&blocks)
        .find(|(k, _)| *k == n)
        .map(|(_, b)| b.text.clone());
    text.ok_or(WebError::Invalid(Detail::NoParagraph(n)))
}

#[cfg(test)]
mod tests {
    use super::locate_quote;

    #[test]
    fn quotes_are_found_by_characters() {
        let p = "坚持以人民为中心，坚持以人民为中心的发展思想。";
        assert_eq!(locate_quote(p, "人民", None), Some((3, 5)));
        assert_eq!(
            locate_quote(p, "人民", Some(12)),
            Some((12, 14)),
            "the hint picks the second"
        );
        assert_eq!(
            locate_quote(p, "人民", Some(4)),
            Some((3, 5)),
            "a wrong hint falls back"
        );
        assert_eq!(locate_quote(p, "不在其中", None), None);
        assert_eq!(locate_quote(p, "", None), None);
        assert_eq!(locate_quote("短", "更长的引文", None), None);
        assert_eq!(locate_quote(p, "思想。", Some(999)), Some((20, 23)));
    }
}
