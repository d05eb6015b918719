//! The draft as a formatted document: .docx after GB/T 9704 where it applies to a draft
//! (A4, margins 37/35/28/26 mm, title 小标宋 二号, body 仿宋 三号 at a fixed 28.95 pt, level-1
//! headings 黑体, level-2 楷体, levels 3–4 仿宋 bold, "— 1 —" page numbers), and Markdown.
//! A consultation copy carries its number and its recipient in the header of every page and
//! above the title.

use docx_rs::{AlignmentType, Header, Paragraph};

use crate::docx_kit::*;
use crate::labels::Lang;
use crate::{BlockRole, CopyMark, DraftDocument, Result};

/// `本件发送给：…` / `Copy for: …`.
pub fn recipient_line(copy: &CopyMark, lang: Lang) -> String {
    format!(
        "{}{}",
        lang.pick("本件发送给：", "Copy for: "),
        copy.recipient
    )
}

/// The version label under the title, as drafts show it: （征求意见稿）.
fn label_line(d: &DraftDocument) -> String {
    format!("（{}）", d.version_label)
}

pub fn docx(d: &DraftDocument, lang: Lang) -> Result<Vec<u8>> {
    let lines = exact_lines(28.95);
    let mut doc = gbt_page(false);
    if let Some(copy) = &d.copy {
        // Every page names its copy: the header repeats the number and the recipient.
        let mark = format!("{}　{}", copy.number_text(), recipient_line(copy, lang));
        let header =
            Header::new().add_paragraph(Paragraph::new().align(AlignmentType::Left).add_run(run(
                &mark,
                FONT_HEADING1,
                SIZE_XIAOSI,
            )));
        doc = with_header(doc, header);
        doc = doc
            .add_paragraph(Paragraph::new().add_run(run(
                &copy.number_text(),
                FONT_HEADING1,
                SIZE_SANHAO,
            )))
            .add_paragraph(Paragraph::new().add_run(run(
                &recipient_line(copy, lang),
                FONT_HEADING1,
                SIZE_SANHAO,
            )));
    }
    let mut titled = false;
    for b in &d.blocks {
        let p = match b.role {
            BlockRole::Title => {
                titled = true;
                let mut p = title(&b.text, SIZE_ERHAO).line_spacing(exact_lines(36.0));
                p = p.outline_lvl(0);
                if b.text.contains(&d.version_label) {
                    p
                } else {
                    doc = doc.add_paragraph(p);
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(run(&label_line(d), FONT_HEADING2, SIZE_SANHAO))
                        .line_spacing(lines.clone())
                }
            }
            BlockRole::Heading(level) => {
                let (font, bold) = match level {
                    0 | 1 => (FONT_HEADING1, false),
                    2 => (FONT_HEADING2, false),
                    _ => (FONT_BODY, true),
                };
                let mut r = run(&b.text, font, SIZE_SANHAO);
                if bold {
                    r = r.bold();
                }
                let p = Paragraph::new()
                    .add_run(r)
                    .line_spacing(lines.clone())
                    .outline_lvl(usize::from(level.max(1)))
                    .keep_next(true);
                if level <= 1 {
                    p.align(AlignmentType::Center)
                } else {
                    p.indent(None, two_char_indent(), None, None)
                }
            }
            BlockRole::Paragraph => Paragraph::new()
                .align(AlignmentType::Both)
                .add_run(run(&b.text, FONT_BODY, SIZE_SANHAO))
                .indent(None, two_char_indent(), None, None)
                .line_spacing(lines.clone()),
        };
        doc = doc.add_paragraph(p);
    }
    if !titled {
        // A draft without a title block still says what it is.
        doc = doc.add_paragraph(title(&d.dossier_title, SIZE_ERHAO));
    }
    pack(with_page_numbers(doc))
}

pub fn markdown(d: &DraftDocument, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(copy) = &d.copy {
        s.push_str(&format!(
            "{}\n\n{}\n\n",
            copy.number_text(),
            recipient_line(copy, lang)
        ));
    }
    for b in &d.blocks {
        match b.role {
            BlockRole::Title if b.text.contains(&d.version_label) => {
                s.push_str(&format!("# {}\n\n", b.text))
            }
            BlockRole::Title => s.push_str(&format!("# {}\n\n{}\n\n", b.text, label_line(d))),
            BlockRole::Heading(level) => {
                let hashes = "#".repeat(usize::from(level.clamp(1, 5)) + 1);
                s.push_str(&format!("{hashes} {}\n\n", b.text));
            }
            BlockRole::Paragraph => s.push_str(&format!("{}\n\n", b.text)),
        }
    }
    s
}
