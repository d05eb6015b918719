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

/// .xlsx: one sheet, a bold frozen header, an autofilter.
pub fn xlsx(table: &Table) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| ReportError::write("xlsx", e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name: String = table
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.is_empty() {
        sheet.set_name(name).map_err(e)?;
    }
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    for (c, h) in table.columns.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(e)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Number(n) => sheet.write_number(r, c, *n).map_err(e)?,
                Cell::Text(s) => sheet.write_string(r, c, s).map_err(e)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(e)?;
    if !table.rows.is_empty() && !table.columns.is_empty() {
        sheet
            .autofilter(
                0,
                0,
                table.rows.len() as u32,
                table.columns.len() as u16 - 1,
            )
            .map_err(e)?;
    }
    book.save_to_buffer().map_err(e)
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
}
