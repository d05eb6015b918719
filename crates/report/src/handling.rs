//! The handling table (意见处理情况表): every item with its consultee, category, paragraph,
//! text, disposition, reason and the modifications linked to it; then each group of public
//! comments (a theme made into a group) with its comment count, common view and disposition.

use docx_rs::Paragraph;
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::docx_kit::*;
use crate::labels::{self, Lang};
use crate::{CommentGroupRow, HandlingRow, HandlingTable, ReportError, Result};

/// The column headings, in order.
pub fn columns(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::Zh => [
            "序号",
            "意见编号",
            "征求意见",
            "来源",
            "提出单位或个人",
            "类别",
            "段落",
            "意见内容",
            "处理情况",
            "理由",
            "相关修改",
        ],
        Lang::En => [
            "No.",
            "Item",
            "Consultation",
            "Source",
            "Consultee",
            "Category",
            "Paragraph",
            "Opinion",
            "Disposition",
            "Reason",
            "Modifications",
        ],
    }
}

/// One row as the cells of every format.
pub fn cells(n: usize, row: &HandlingRow, lang: Lang) -> [String; 11] {
    let modifications = row
        .modifications
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    [
        n.to_string(),
        row.item.to_string(),
        row.consultation.clone(),
        labels::source(row.source, lang).to_string(),
        row.consultee.clone(),
        if row.category.is_none() && row.consultee.is_empty() {
            String::new()
        } else {
            labels::category(row.category, lang).to_string()
        },
        labels::paragraph(row.paragraph, lang),
        row.text.clone(),
        labels::disposition(row.disposition, lang).to_string(),
        row.reason.clone(),
        modifications,
    ]
}

/// A group of public comments as the cells of a row: the group's number where an item's
/// is, "public comments" as the source, the count of comments as who said it, the common
/// view as the text.
pub fn group_cells(n: usize, g: &CommentGroupRow, lang: Lang) -> [String; 11] {
    [
        n.to_string(),
        format!("{}{}", lang.pick("组", "group "), g.group),
        g.consultation.clone(),
        lang.pick("公众意见", "public comments").to_string(),
        match lang {
            Lang::Zh => format!("公众意见{}条", g.comments),
            Lang::En => format!("{} public comments", g.comments),
        },
        String::new(),
        String::new(),
        g.common_view.clone(),
        labels::disposition(g.disposition, lang).to_string(),
        g.reason.clone(),
        String::new(),
    ]
}

/// Every row's cells: the items, then the groups of public comments, numbered on.
pub fn all_cells(table: &HandlingTable, lang: Lang) -> Vec<[String; 11]> {
    let items = table.rows.len();
    table
        .rows
        .iter()
        .enumerate()
        .map(|(n, row)| cells(n + 1, row, lang))
        .chain(
            table
                .comment_groups
                .iter()
                .enumerate()
                .map(|(n, g)| group_cells(items + n + 1, g, lang)),
        )
        .collect()
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) gets a leading `'`,
/// so an opinion's text can never run as a formula in Excel (CSV injection).
pub(crate) fn inert(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// CSV (RFC 4180 quoting by the `csv` crate), UTF-8 with a BOM so that Excel on Chinese
/// Windows reads it as UTF-8.
pub fn csv(table: &HandlingTable, lang: Lang) -> Result<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(columns(lang))
            .map_err(|e| ReportError::write("csv", e))?;
        for row in all_cells(table, lang) {
            w.write_record(row.map(inert))
                .map_err(|e| ReportError::write("csv", e))?;
        }
        w.flush().map_err(|e| ReportError::write("csv", e))?;
    }
    Ok(out)
}

/// Column widths of the spreadsheet, in characters.
const XLSX_WIDTHS: [f64; 11] = [
    6.0, 8.0, 18.0, 10.0, 18.0, 10.0, 10.0, 50.0, 12.0, 30.0, 12.0,
];

/// .xlsx: one sheet, a header row, frozen and filterable.
pub fn xlsx(table: &HandlingTable, lang: Lang) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| ReportError::write("xlsx", e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("意见处理情况表", "Handling"))
        .map_err(e)?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, (h, w)) in columns(lang).iter().zip(XLSX_WIDTHS).enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(e)?;
        sheet.set_column_width(c as u16, w).map_err(e)?;
    }
    let all = all_cells(table, lang);
    for (n, row) in all.iter().enumerate() {
        let r = n as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            // Numbers stay numbers so the sheet can sort and count them.
            match (c, cell.parse::<f64>()) {
                (0 | 1, Ok(v)) => sheet.write_number(r, c as u16, v).map_err(e)?,
                _ => sheet
                    .write_string_with_format(r, c as u16, cell, &wrap)
                    .map_err(e)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(e)?;
    if !all.is_empty() {
        sheet.autofilter(0, 0, all.len() as u32, 10).map_err(e)?;
    }
    book.save_to_buffer().map_err(e)
}

/// Column widths of the .docx table in twips (landscape A4 text width ≈ 242 mm).
const DOCX_WIDTHS: [usize; 11] = [500, 600, 1300, 800, 1300, 800, 800, 3600, 900, 2300, 800];

/// .docx: a landscape A4 page with the title and the table.
pub fn docx(table: &HandlingTable, lang: Lang) -> Result<Vec<u8>> {
    let heading = format!(
        "{}{}",
        table.dossier_title,
        lang.pick("意见处理情况表", " — handling of the opinions")
    );
    let rows = all_cells(table, lang)
        .iter()
        .map(|row| row.iter().map(|c| cell_text(c)).collect())
        .collect();
    let doc = gbt_page(true)
        .add_paragraph(title(&heading, SIZE_SANHAO))
        .add_paragraph(Paragraph::new())
        .add_table(grid_table(&columns(lang), rows, &DOCX_WIDTHS));
    pack(with_page_numbers(doc))
}
