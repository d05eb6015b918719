//! The comparison table (修改对照表): one row per modification — old text | new text | the
//! items that led to it — with the changed stretches marked.

use docx_rs::{Paragraph, Run};
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::docx_kit::*;
use crate::labels::{self, Lang};
use crate::{ComparisonRow, ComparisonTable, MarkedText, ReportError, Result};

pub fn columns(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => ["序号", "类型", "所在部分", "原文", "修改后", "相关意见"],
        Lang::En => ["No.", "Kind", "Part", "Old text", "New text", "Opinions"],
    }
}

/// Marks around changed stretches where a format has no styling (CSV-like text, titles).
pub const OPEN: &str = "【";
pub const CLOSE: &str = "】";

/// `第3条（某单位）`: the items behind a modification.
pub fn items_text(row: &ComparisonRow, lang: Lang) -> String {
    row.items
        .iter()
        .map(|i| match lang {
            Lang::Zh => format!("第{}条（{}）", i.item, i.consultee),
            Lang::En => format!("#{} ({})", i.item, i.consultee),
        })
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

fn heading(t: &ComparisonTable, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}修改对照表（{}与{}，共修改{}处）",
            t.dossier_title,
            t.from_label,
            t.to_label,
            t.rows.len()
        ),
        Lang::En => format!(
            "{} — comparison of {} and {} ({} modifications)",
            t.dossier_title,
            t.from_label,
            t.to_label,
            t.rows.len()
        ),
    }
}

fn part_text(row: &ComparisonRow) -> String {
    row.part.clone().unwrap_or_default()
}

/// A marked text as one .docx paragraph per line: changed stretches bold and underlined.
fn marked_paragraphs(text: &MarkedText) -> Vec<Paragraph> {
    let mut out = vec![Paragraph::new()];
    for piece in &text.pieces {
        for (k, line) in piece.text.split('\n').enumerate() {
            if k > 0 {
                out.push(Paragraph::new());
            }
            if line.is_empty() {
                continue;
            }
            let mut r: Run = run(line, FONT_BODY, SIZE_WUHAO);
            if piece.changed {
                r = r.bold().underline("single");
            }
            let last = out.pop().unwrap_or_default();
            out.push(last.add_run(r));
        }
    }
    out
}

const DOCX_WIDTHS: [usize; 6] = [500, 700, 1500, 4600, 4600, 1800];

pub fn docx(t: &ComparisonTable, lang: Lang) -> Result<Vec<u8>> {
    let rows = t
        .rows
        .iter()
        .map(|row| {
            vec![
                cell_text(&row.seq.to_string()),
                cell_text(&labels::modification_kind(&row.kind, lang)),
                cell_text(&part_text(row)),
                marked_paragraphs(&row.old),
                marked_paragraphs(&row.new),
                cell_text(&items_text(row, lang)),
            ]
        })
        .collect();
    let doc = gbt_page(true)
        .add_paragraph(title(&heading(t, lang), SIZE_SANHAO))
        .add_paragraph(Paragraph::new())
        .add_table(grid_table(&columns(lang), rows, &DOCX_WIDTHS));
    pack(with_page_numbers(doc))
}

const XLSX_WIDTHS: [f64; 6] = [6.0, 8.0, 20.0, 50.0, 50.0, 30.0];

pub fn xlsx(t: &ComparisonTable, lang: Lang) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| ReportError::write("xlsx", e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("修改对照表", "Comparison"))
        .map_err(e)?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let plain = Format::new();
    let changed = Format::new()
        .set_bold()
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    for (c, (h, w)) in columns(lang).iter().zip(XLSX_WIDTHS).enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(e)?;
        sheet.set_column_width(c as u16, w).map_err(e)?;
    }
    for (n, row) in t.rows.iter().enumerate() {
        let r = n as u32 + 1;
        sheet.write_number(r, 0, f64::from(row.seq)).map_err(e)?;
        sheet
            .write_string_with_format(r, 1, labels::modification_kind(&row.kind, lang), &wrap)
            .map_err(e)?;
        sheet
            .write_string_with_format(r, 2, part_text(row), &wrap)
            .map_err(e)?;
        for (c, text) in [(3u16, &row.old), (4, &row.new)] {
            let pieces: Vec<(&Format, &str)> = text
                .pieces
                .iter()
                .filter(|p| !p.text.is_empty())
                .map(|p| (if p.changed { &changed } else { &plain }, p.text.as_str()))
                .collect();
            // A rich string needs at least two pieces; a plain cell does otherwise.
            if pieces.len() >= 2 {
                sheet
                    .write_rich_string_with_format(r, c, &pieces, &wrap)
                    .map_err(e)?;
            } else {
                sheet
                    .write_string_with_format(r, c, text.plain(), &wrap)
                    .map_err(e)?;
            }
        }
        sheet
            .write_string_with_format(r, 5, items_text(row, lang), &wrap)
            .map_err(e)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(e)?;
    book.save_to_buffer().map_err(e)
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

fn marked_html(text: &MarkedText) -> String {
    text.pieces
        .iter()
        .map(|p| {
            if p.changed {
                format!("<mark>{}</mark>", escape_html(&p.text))
            } else {
                escape_html(&p.text)
            }
        })
        .collect()
}

/// A standalone HTML page; every text from the record is escaped.
pub fn html(t: &ComparisonTable, lang: Lang) -> String {
    let title = escape_html(&heading(t, lang));
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\nbody{{font-family:\"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif}}\ntable{{border-collapse:collapse;width:100%}}\nth,td{{border:1px solid #444;padding:4px;vertical-align:top}}\nmark{{background:#ffe08a;font-weight:bold}}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<table>\n<thead><tr>",
        lang.code()
    );
    for h in columns(lang) {
        s.push_str(&format!("<th>{}</th>", escape_html(h)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            row.seq,
            escape_html(&labels::modification_kind(&row.kind, lang)),
            escape_html(&part_text(row)),
            marked_html(&row.old),
            marked_html(&row.new),
            escape_html(&items_text(row, lang)),
        ));
    }
    s.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    s
}
