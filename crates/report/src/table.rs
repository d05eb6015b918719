//! A plain table — a title, column headings, rows of text and number cells — as CSV or .xlsx:
//! the exports of the public-comment views (statistics, campaigns, themes, search hits).

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::{ReportError, Result};

/// One cell: numbers stay numbers in a spreadsheet, so it can sort and sum them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Number(n as f64)
    }
}

/// A table to export.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The sheet's name (at most 31 characters are kept).
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => crate::handling::inert(s.clone()),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// CSV with a UTF-8 BOM (Excel on Chinese Windows), formula-looking texts made inert.
pub fn csv(table: &Table) -> Result<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(&table.columns)
            .map_err(|e| ReportError::write("csv", e))?;
        for row in &table.rows {
            w.write_record(row.iter().map(Cell::text))
                .map_err(|e| ReportError::write("csv", e))?;
        }
        w.flush().map_err(|e| ReportError::write("csv", e))?;
    }
    Ok(out)
}

/// Rows of an .xlsx worksheet, the header row included (Excel's limit).
const SHEET_ROWS: usize = 1_048_576;

/// .xlsx: a bold frozen header, an autofilter; a table longer than a worksheet holds goes on
/// in further sheets ("title (2)", …), each with the header, so that no row is left out.
pub fn xlsx(table: &Table) -> Result<Vec<u8>> {
    xlsx_in_sheets(table, SHEET_ROWS - 1)
}

fn xlsx_in_sheets(table: &Table, rows_per_sheet: usize) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| ReportError::write("xlsx", e);
    let mut book = Workbook::new();
    let empty: &[Vec<Cell>] = &[];
    let sheets: Vec<&[Vec<Cell>]> = if table.rows.is_empty() {
        vec![empty]
    } else {
        table.rows.chunks(rows_per_sheet).collect()
    };
    for (i, rows) in sheets.into_iter().enumerate() {
        let sheet = book.add_worksheet();
        let name = sheet_name(&table.title, i);
        if !name.is_empty() {
            sheet.set_name(name).map_err(e)?;
        }
        write_sheet(sheet, &table.columns, rows).map_err(e)?;
    }
    book.save_to_buffer().map_err(e)
}

/// The title without the characters a sheet name may not hold, cut to Excel's 31 characters
/// with room for the number of a continuation sheet.
fn sheet_name(title: &str, index: usize) -> String {
    let number = match index {
        0 => String::new(),
        i => format!(" ({})", i + 1),
    };
    let title: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31 - number.chars().count())
        .collect();
    format!("{title}{number}").trim().to_string()
}

fn write_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    columns: &[String],
    rows: &[Vec<Cell>],
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    for (c, h) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Number(n) => sheet.write_number(r, c, *n)?,
                Cell::Text(s) => sheet.write_string(r, c, s)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !rows.is_empty() && !columns.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_keeps_numbers_and_disarms_formulas() {
        let t = Table {
            title: "统计".into(),
            columns: vec!["段".into(), "意见数".into()],
            rows: vec![
                vec!["第1段".into(), 12.into()],
                vec!["=HYPERLINK(\"x\")".into(), 3.into()],
            ],
        };
        let out = String::from_utf8(csv(&t).unwrap()).unwrap();
        assert!(out.starts_with('\u{feff}'));
        assert!(out.contains("第1段,12\n"), "{out}");
        assert!(out.contains("'=HYPERLINK"), "{out}");
        let x = xlsx(&t).unwrap();
        assert_eq!(&x[..2], b"PK");
    }

    #[test]
    fn a_table_longer_than_a_sheet_goes_on_in_further_sheets() {
        let t = Table {
            title: "某主题的全部意见，标题很长很长很长很长很长很长很长".into(),
            columns: vec!["编号".into()],
            rows: (0..5).map(|i| vec![Cell::from(i as i64)]).collect(),
        };
        let x = xlsx_in_sheets(&t, 2).unwrap();
        let names = sheet_names(&x);
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(
            names[1].ends_with(" (2)") && names[2].ends_with(" (3)"),
            "{names:?}"
        );
        assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
        assert_eq!(sheet_names(&xlsx(&Table::default()).unwrap()).len(), 1);
    }

    /// The sheet names of a workbook, from its `xl/workbook.xml`.
    fn sheet_names(xlsx: &[u8]) -> Vec<String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut xml)
            .unwrap();
        xml.split("<sheet name=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    }
}
