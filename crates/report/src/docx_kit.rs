//! Shared .docx building blocks: the page (A4, GB/T 9704 margins), the official fonts, page
//! numbers, simple tables, and packing into bytes.

use docx_rs::*;

use crate::{ReportError, Result};

/// Twips per millimetre (1 in = 1440 twips = 25.4 mm).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

pub fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// A4 in twips.
pub const A4_SHORT: u32 = 11906;
pub const A4_LONG: u32 = 16838;

/// The official fonts named in `w:eastAsia`; a reader without them gets its system's
/// substitute (LibreOffice with fontconfig picks Noto Serif/Sans CJK SC).
pub const FONT_TITLE: &str = "方正小标宋简体";
pub const FONT_BODY: &str = "仿宋_GB2312";
pub const FONT_HEADING1: &str = "黑体";
pub const FONT_HEADING2: &str = "楷体_GB2312";
/// For Latin letters and digits.
pub const FONT_LATIN: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
pub const SIZE_ERHAO: usize = 44;
pub const SIZE_SANHAO: usize = 32;
pub const SIZE_SIHAO: usize = 28;
pub const SIZE_XIAOSI: usize = 24;
pub const SIZE_WUHAO: usize = 21;

pub fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(FONT_LATIN)
        .hi_ansi(FONT_LATIN)
        .cs(FONT_LATIN)
}

/// A run of text in a font and size.
pub fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// Fixed line spacing in points (GB/T 9704: 22 lines on a page with 三号 text ≈ 28.95 pt).
pub fn exact_lines(points: f64) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line((points * 20.0).round() as i32)
}

/// A document on A4 with the GB/T 9704 margins (top 37, bottom 35, left 28, right 26 mm).
pub fn gbt_page(landscape: bool) -> Docx {
    let margin = PageMargin {
        top: mm(37.0),
        bottom: mm(35.0),
        left: mm(28.0),
        right: mm(26.0),
        header: mm(15.0),
        footer: mm(25.0),
        gutter: 0,
    };
    let docx = Docx::new().page_margin(margin);
    if landscape {
        docx.page_size(A4_LONG, A4_SHORT)
            .page_orient(PageOrientationType::Landscape)
    } else {
        docx.page_size(A4_SHORT, A4_LONG)
    }
}

/// Page numbers "— 1 —" in 四号 as GB/T 9704 places them: odd pages at the right, even pages
/// at the left, one character in from the edge.
pub fn with_page_numbers(doc: Docx) -> Docx {
    let number = |align: AlignmentType, before: &str, after: &str| {
        Footer::new().add_paragraph(
            Paragraph::new()
                .align(align)
                .add_run(run(&format!("{before}— "), FONT_BODY, SIZE_SIHAO))
                .add_page_num(PageNum::new())
                .add_run(run(&format!(" —{after}"), FONT_BODY, SIZE_SIHAO)),
        )
    };
    doc.footer(number(AlignmentType::Right, "", "　"))
        .even_footer(number(AlignmentType::Left, "　", ""))
}

/// The same header on odd and even pages (even pages have their own once page numbers
/// alternate sides).
pub fn with_header(doc: Docx, header: Header) -> Docx {
    doc.header(header.clone()).even_header(header)
}

/// A table: a bold header row, then the rows, every cell one or more paragraphs.
pub fn grid_table(header: &[&str], rows: Vec<Vec<Vec<Paragraph>>>, widths: &[usize]) -> Table {
    let header_row = TableRow::new(
        header
            .iter()
            .zip(widths)
            .map(|(h, w)| {
                TableCell::new().width(*w, WidthType::Dxa).add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(run(h, FONT_HEADING1, SIZE_WUHAO).bold()),
                )
            })
            .collect(),
    );
    let mut all = vec![header_row];
    for cells in rows {
        all.push(TableRow::new(
            cells
                .into_iter()
                .zip(widths)
                .map(|(paragraphs, w)| {
                    let mut cell = TableCell::new().width(*w, WidthType::Dxa);
                    for p in paragraphs {
                        cell = cell.add_paragraph(p);
                    }
                    cell
                })
                .collect(),
        ));
    }
    Table::new(all).set_grid(widths.to_vec())
}

/// A cell paragraph of plain text (`\n` starts a new line).
pub fn cell_text(text: &str) -> Vec<Paragraph> {
    text.split('\n')
        .map(|line| Paragraph::new().add_run(run(line, FONT_BODY, SIZE_WUHAO)))
        .collect()
}

/// A title line in 小标宋, centred.
pub fn title(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(text, FONT_TITLE, size))
}

/// Pack a document into .docx bytes.
pub fn pack(docx: Docx) -> Result<Vec<u8>> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    docx.pack(&mut cursor)
        .map_err(|e| ReportError::write("docx", e))?;
    Ok(cursor.into_inner())
}
/// A first-line indent of two characters of 三号 text (2 × 16 pt = 640 twips), as Chinese
/// body text is set.
pub fn two_char_indent() -> Option<SpecialIndentType> {
    Some(SpecialIndentType::FirstLine(640))
}
