use std::io::{Cursor, Read, Write};

use encoding_rs::GBK;
use yijian_core::time::Instant;

use super::*;

/// Every item of a reader: rows and refusals in order, then the file error if any.
fn collect<I: Iterator<Item = Result<RowResult, TextError>>>(
    rows: I,
) -> (Vec<RowResult>, Option<TextError>) {
    let mut out = Vec::new();
    for next in rows {
        match next {
            Ok(r) => out.push(r),
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

fn jsonl(input: &[u8]) -> Vec<RowResult> {
    let (rows, err) = collect(JsonlRows::new(input).unwrap());
    assert_eq!(err, None);
    rows
}

fn problem(r: &RowResult) -> &Problem {
    &r.as_ref().unwrap_err().problem
}

fn line(r: &RowResult) -> u64 {
    match r {
        Ok(row) => row.line,
        Err(e) => e.line,
    }
}

#[test]
fn format_by_extension() {
    assert_eq!(Format::from_name("意见.JSONL"), Ok(Format::Jsonl));
    assert_eq!(Format::from_name("a.ndjson"), Ok(Format::Jsonl));
    assert_eq!(Format::from_name("a.b.csv"), Ok(Format::Csv));
    assert_eq!(Format::from_name("x.xlsx"), Ok(Format::Xlsx));
    for bad in ["x.xls", "x.json", "x", "x.txt"] {
        assert!(matches!(
            Format::from_name(bad),
            Err(TextError::UnsupportedCommentFormat(_))
        ));
    }
}

#[test]
fn jsonl_reads_rows_and_skips_blank_lines() {
    let input = "\u{feff}{\"id\":\"a1\",\"text\":\"  建议加强基层医疗。\\r\\n第二行 \",\"author\":\"张三\",\"region\":\"浙江\",\"paragraph\":12,\"submitted_at\":\"2026-09-06T08:30:00+08:00\"}\r\n\
                 \n   \n\
                 {\"ID\":\"a2\",\"Text\":\"同意。\",\"author\":null,\"likes\":3,\"ip\":\"1.2.3.4\",\"paragraph\":\"第一部分 / 一、\"}\n";
    let mut reader = JsonlRows::new(input.as_bytes()).unwrap();
    let rows: Vec<Row> = reader.by_ref().map(|r| r.unwrap().unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].line, 1);
    assert_eq!(rows[0].id, "a1");
    assert_eq!(rows[0].text, "建议加强基层医疗。\n第二行");
    assert_eq!(rows[0].author.as_deref(), Some("张三"));
    assert_eq!(rows[0].region.as_deref(), Some("浙江"));
    assert_eq!(rows[0].paragraph, Some(ParagraphSpec::Number(12)));
    assert_eq!(
        rows[0].submitted_at,
        Some(Instant::parse("2026-09-06T00:30Z").unwrap())
    );
    assert_eq!(rows[1].line, 4);
    assert_eq!(rows[1].author, None);
    assert_eq!(
        rows[1].paragraph,
        Some(ParagraphSpec::Path("第一部分/一、".into()))
    );
    assert_eq!(reader.ignored_fields(), ["likes", "ip"]);
}

#[test]
fn jsonl_refuses_bad_rows_one_by_one() {
    let long = "长".repeat(MAX_TEXT_CHARS + 1);
    let input = format!(
        "{{\"id\":\"1\",\"text\":\"好\"}}\n\
         {{\"id\":\"2\",\"text\":\"没有结尾\"\n\
         {{\"text\":\"没有编号\"}}\n\
         {{\"id\":3,\"text\":\"编号是数字\"}}\n\
         {{\"id\":\"4\",\"text\":\"   \"}}\n\
         {{\"id\":\"5\",\"text\":\"{long}\"}}\n\
         {{\"id\":\"6\",\"text\":\"时间\",\"submitted_at\":\"2026-09-06 08:30\"}}\n\
         {{\"id\":\"7\",\"text\":\"段落\",\"paragraph\":0}}\n\
         {{\"id\":\"8\",\"text\":\"有\\u0000空字符\"}}\n\
         {{\"id\":\"9\",\"text\":\"重复\",\"text\":\"字段\"}}\n\
         {{\"id\":\"10\",\"text\":[\"数组\"]}}\n\
         [\"不是对象\"]\n\
         {{\"id\":\"11\",\"text\":\"段落\",\"paragraph\":\"第一部分//一\"}}\n\
         {{\"id\":\"12\",\"text\":\"孤立代理项\\ud800\"}}\n\
         {{\"id\":\"13\",\"text\":\"最后一条好的\"}}\n"
    );
    let rows = jsonl(input.as_bytes());
    assert_eq!(rows.len(), 15);
    assert!(rows[0].is_ok() && rows[14].is_ok());
    assert!(matches!(problem(&rows[1]), Problem::BadJson(m) if m.contains("column")));
    assert_eq!(problem(&rows[2]), &Problem::Missing(Field::Id));
    assert_eq!(
        problem(&rows[3]),
        &Problem::WrongType {
            field: Field::Id,
            found: "a number"
        }
    );
    assert_eq!(problem(&rows[4]), &Problem::Empty(Field::Text));
    assert_eq!(rows[4].as_ref().unwrap_err().id.as_deref(), Some("4"));
    assert_eq!(
        problem(&rows[5]),
        &Problem::TooLong {
            field: Field::Text,
            chars: MAX_TEXT_CHARS + 1,
            limit: MAX_TEXT_CHARS
        }
    );
    assert!(matches!(problem(&rows[6]), Problem::BadTimestamp(_)));
    assert!(matches!(problem(&rows[7]), Problem::BadParagraph(_)));
    assert_eq!(problem(&rows[8]), &Problem::Nul(Field::Text));
    assert_eq!(problem(&rows[9]), &Problem::DuplicateField(Field::Text));
    assert_eq!(
        problem(&rows[10]),
        &Problem::WrongType {
            field: Field::Text,
            found: "an array"
        }
    );
    assert!(matches!(problem(&rows[11]), Problem::BadJson(_)));
    assert!(matches!(problem(&rows[12]), Problem::BadParagraph(_)));
    assert!(matches!(problem(&rows[13]), Problem::BadJson(_)));
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(line(r), i as u64 + 1);
    }
    // What was read of a refused row is kept for the reject file.
    let bad = rows[6].as_ref().unwrap_err();
    let raw = bad.row.as_ref().unwrap();
    assert_eq!(raw.get(Field::Text), Some("时间"));
    assert_eq!(raw.get(Field::SubmittedAt), Some("2026-09-06 08:30"));
    let unparsed = rows[1].as_ref().unwrap_err().row.as_ref().unwrap();
    assert!(unparsed.raw.as_deref().unwrap().contains("没有结尾"));
    // Messages name the value at fault.
    assert!(rows[6]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("line 7: submitted_at"));
}

#[test]
fn jsonl_refuses_a_ten_megabyte_comment_without_holding_it() {
    let huge = "长".repeat((10 << 20) / 3);
    let input = format!(
        "{{\"id\":\"1\",\"text\":\"前\"}}\n{{\"id\":\"big\",\"text\":\"{huge}\"}}\n{{\"id\":\"2\",\"text\":\"后\"}}\n"
    );
    let mut reader = JsonlRows::new(input.as_bytes()).unwrap();
    let rows: Vec<RowResult> = reader.by_ref().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].is_ok() && rows[2].is_ok());
    let err = rows[1].as_ref().unwrap_err();
    assert!(matches!(
        err.problem,
        Problem::RowTooLarge { bytes, .. } if bytes > 10_000_000
    ));
    assert!(err.row.is_none(), "too large to copy");
    assert!(reader.buffer_capacity() <= 2 * MAX_ROW_BYTES + 64);
}

#[test]
fn jsonl_encodings() {
    // Invalid UTF-8 in one row of a UTF-8 file: that row only.
    let mut input = "{\"id\":\"1\",\"text\":\"好\"}\n{\"id\":\"2\",\"text\":\""
        .as_bytes()
        .to_vec();
    input.extend_from_slice(b"\xFF\xFE\"}\n");
    input.extend_from_slice("{\"id\":\"3\",\"text\":\"也好\"}\n".as_bytes());
    let rows = jsonl(&input);
    assert!(rows[0].is_ok() && rows[2].is_ok());
    assert_eq!(problem(&rows[1]), &Problem::NotText { encoding: "UTF-8" });
    assert_eq!(problem(&rows[1]).to_string(), "not valid UTF-8 text");
    // A GB18030 file is decoded.
    let gbk = GBK
        .encode("{\"id\":\"1\",\"text\":\"关于加强基层治理的建议\"}\n")
        .0;
    let rows = jsonl(&gbk);
    assert_eq!(rows[0].as_ref().unwrap().text, "关于加强基层治理的建议");
    // UTF-16 and binary data are file-level errors.
    assert!(matches!(
        JsonlRows::new(&b"\xFF\xFE{\0}\0"[..]),
        Err(TextError::Utf16Rows)
    ));
    assert!(matches!(
        JsonlRows::new(&b"PK\x03\x04\0\0"[..]),
        Err(TextError::Binary)
    ));
    // An empty file has no rows.
    assert!(jsonl(b"").is_empty());
}

/// A reader that fails after some bytes.
struct Failing(Cursor<Vec<u8>>);

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let len = buf.len().min(16);
        let n = self.0.read(&mut buf[..len])?;
        if n == 0 {
            return Err(std::io::Error::other("disk on fire"));
        }
        Ok(n)
    }
}

#[test]
fn an_unreadable_stream_is_a_file_error() {
    let data = b"{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"}\n{\"id\":".to_vec();
    let (rows, err) = collect(JsonlRows::new(Failing(Cursor::new(data.clone()))).unwrap());
    assert_eq!(rows.len(), 2);
    assert!(
        matches!(err, Some(TextError::Unreadable { line: 2, .. })),
        "{err:?}"
    );
    let csv = b"id,text\n1,a\n2,b\n3,".to_vec();
    let (rows, err) = collect(CsvRows::new(Failing(Cursor::new(csv))).unwrap());
    assert_eq!(rows.len(), 2);
    assert!(matches!(err, Some(TextError::Unreadable { .. })), "{err:?}");
}

fn csv(input: &[u8]) -> (Vec<RowResult>, Vec<String>) {
    let mut reader = CsvRows::new(input).unwrap();
    let (rows, err) = collect(reader.by_ref());
    assert_eq!(err, None);
    (rows, reader.ignored_fields().to_vec())
}

#[test]
fn csv_reads_quoted_fields_and_counts_lines() {
    let input = "\u{feff}ID, text ,Author,likes,paragraph,submitted_at\r\n\
                 1,\"建议，加强\r\n基层\",张三,5,3,2026-09-06\r\n\
                 \r\n\
                 2,\"他说\"\"好\"\"\",,0,,\r\n\
                 3,没有结尾的换行,李四,1,第二部分/二、,2026-09-06T08:30Z";
    let (rows, ignored) = csv(input.as_bytes());
    assert_eq!(ignored, ["likes"]);
    let rows: Vec<Row> = rows.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 5, 6],
        "the line a record starts on, quoted newlines and blank lines counted"
    );
    assert_eq!(rows[0].text, "建议，加强\n基层");
    assert_eq!(rows[0].paragraph, Some(ParagraphSpec::Number(3)));
    assert_eq!(rows[1].text, "他说\"好\"");
    assert_eq!(rows[1].author, None);
    assert_eq!(
        rows[2].paragraph,
        Some(ParagraphSpec::Path("第二部分/二、".into()))
    );
}

#[test]
fn csv_counts_cr_lf_and_crlf_line_ends() {
    let (rows, _) = csv(b"id,text\r1,a\r\n2,b\n\r\n3,\"c\rd\"\r4,e");
    let lines: Vec<u64> = rows.iter().map(line).collect();
    assert_eq!(
        lines,
        [2, 3, 5, 7],
        "the CR inside the quotes ends a line too"
    );
    assert_eq!(rows[2].as_ref().unwrap().text, "c\nd");
    // A CRLF split across two reads still counts once.
    assert_eq!(super::csv::line_breaks(b"\r", false), (1, true));
    assert_eq!(super::csv::line_breaks(b"\n", true), (0, false));
}

#[test]
fn csv_refuses_bad_records() {
    let mut input = b"id,text,region\n1,\xE5\xA5\xBD,\n2,a,b,c\n3,\"\xFF\xFE\",x\n4,,x\n5,\xE5\xA5\xBD\n6,ok,y\n".to_vec();
    let huge = "长".repeat((10 << 20) / 3);
    input.extend_from_slice(format!("7,\"{huge}\",z\n8,后,z\n").as_bytes());
    let (rows, _) = csv(&input);
    assert_eq!(rows.len(), 8);
    assert!(rows[0].is_ok() && rows[5].is_ok() && rows[7].is_ok());
    assert_eq!(
        problem(&rows[1]),
        &Problem::FieldCount {
            found: 4,
            expected: 3
        }
    );
    assert_eq!(problem(&rows[2]), &Problem::NotText { encoding: "UTF-8" });
    assert_eq!(rows[2].as_ref().unwrap_err().id.as_deref(), Some("3"));
    assert_eq!(problem(&rows[3]), &Problem::Empty(Field::Text));
    assert_eq!(
        problem(&rows[4]),
        &Problem::FieldCount {
            found: 2,
            expected: 3
        }
    );
    assert!(matches!(problem(&rows[6]), Problem::RowTooLarge { bytes, .. } if *bytes > 10_000_000));
    assert_eq!(line(&rows[7]), 9);
}

#[test]
fn csv_header_errors_are_file_errors() {
    assert!(matches!(CsvRows::new(&b""[..]), Err(TextError::NoHeader)));
    assert!(matches!(
        CsvRows::new(&b"\n\n"[..]),
        Err(TextError::NoHeader)
    ));
    assert!(matches!(
        CsvRows::new(&b"id,body\n1,x\n"[..]),
        Err(TextError::MissingColumn { column: "text", .. })
    ));
    assert!(matches!(
        CsvRows::new(&b"id,text,Text\n"[..]),
        Err(TextError::DuplicateColumn(c)) if c == "Text"
    ));
}

#[test]
fn csv_in_gbk_as_excel_writes_it() {
    let gbk = GBK
        .encode("编号,id,text,地区\r\n1,a1,建议完善社区养老服务设施。,浙江\r\n")
        .0;
    let (rows, ignored) = csv(&gbk);
    assert_eq!(ignored, ["编号", "地区"]);
    assert_eq!(rows[0].as_ref().unwrap().text, "建议完善社区养老服务设施。");
    // A row broken in GBK: refused as not GB18030.
    let mut broken = GBK.encode("id,text\n1,关于加强基层治理\n2,").0.into_owned();
    broken.extend_from_slice(b"\x81\x20\n3,\xD6\xD0\n");
    let (rows, _) = csv(&broken);
    assert!(rows[0].is_ok() && rows[2].is_ok());
    assert_eq!(
        problem(&rows[1]),
        &Problem::NotText {
            encoding: "GB18030"
        }
    );
}

// ---- .xlsx

fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Some(n) = cell.strip_prefix('#') {
                sheet
                    .write_number(r as u32, c as u16, n.parse::<f64>().unwrap())
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn xlsx(bytes: Vec<u8>) -> Result<(Vec<RowResult>, Vec<String>), TextError> {
    let mut reader = XlsxRows::open(Cursor::new(bytes))?;
    let (rows, err) = collect(reader.by_ref());
    assert_eq!(err, None);
    Ok((rows, reader.ignored_fields().to_vec()))
}

#[test]
fn xlsx_reads_the_first_sheet() {
    let bytes = workbook(&[
        &["", "", ""],
        &["id", "text", "点赞", "paragraph", "submitted_at", "region"],
        &[
            "#1001",
            "建议加强基层医疗。",
            "#5",
            "#12",
            "#46271.5",
            "浙江",
        ],
        &[],
        &["a2", "同意", "", "第一部分/一、", "2026-09-06", ""],
        &["a3", "", "", "", "", ""],
        &["a4", "时间", "", "", "昨天", ""],
    ]);
    let (rows, ignored) = xlsx(bytes).unwrap();
    assert_eq!(ignored, ["点赞"]);
    assert_eq!(rows.len(), 4, "{rows:?}");
    let first = rows[0].as_ref().unwrap();
    assert_eq!(first.line, 3, "the sheet's row number");
    assert_eq!(first.id, "1001", "a number cell is taken as its text");
    assert_eq!(first.paragraph, Some(ParagraphSpec::Number(12)));
    // Serial 46271.5 is 2026-09-06 12:00 in the 1900 date system.
    assert_eq!(
        first.submitted_at,
        Some(Instant::parse("2026-09-06T12:00Z").unwrap())
    );
    assert_eq!(first.region.as_deref(), Some("浙江"));
    let second = rows[1].as_ref().unwrap();
    assert_eq!(second.line, 5);
    assert_eq!(
        second.submitted_at,
        Some(Instant::parse("2026-09-06").unwrap())
    );
    assert_eq!(problem(&rows[2]), &Problem::Missing(Field::Text));
    assert_eq!(line(&rows[2]), 6);
    assert!(matches!(problem(&rows[3]), Problem::BadTimestamp(_)));
}

#[test]
fn a_truncated_or_corrupt_workbook_is_a_file_error() {
    let rows: Vec<Vec<String>> = std::iter::once(vec!["id".to_string(), "text".to_string()])
        .chain((0..2000).map(|i| {
            vec![
                format!("c{i}"),
                format!("第{i}条意见：建议进一步完善基层治理体系。"),
            ]
        }))
        .collect();
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let bytes = workbook(&slices);
    assert_eq!(xlsx(bytes.clone()).unwrap().0.len(), 2000);
    for cut in [bytes.len() / 2, bytes.len() - 10, 100] {
        let err = xlsx(bytes[..cut].to_vec()).unwrap_err();
        assert!(matches!(err, TextError::CorruptXlsx(_)), "{err}");
    }
    // A byte flipped inside the compressed sheet: found by the checking pass, before any row.
    let (start, len) = entry_span(&bytes, "xl/worksheets/sheet1.xml");
    let mut flipped = bytes.clone();
    flipped[start + len / 2] ^= 0x55;
    let err = XlsxRows::open(Cursor::new(flipped))
        .err()
        .expect("refused at open");
    assert!(matches!(err, TextError::CorruptXlsx(_)), "{err}");
    assert!(err.to_string().contains("sheet"), "{err}");
    // Not a zip at all.
    assert!(matches!(
        XlsxRows::open(Cursor::new(b"id,text\n".to_vec())),
        Err(TextError::CorruptXlsx(_))
    ));
}

/// Where an entry's compressed data lies in a zip.
fn entry_span(bytes: &[u8], name: &str) -> (usize, usize) {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let file = archive.by_name(name).unwrap();
    (
        file.data_start().unwrap() as usize,
        file.compressed_size() as usize,
    )
}

/// A workbook written by hand: inline strings, rich text with a phonetic run, no `r`
/// attributes, a cell type of each kind.
fn handmade(sheet: &str, shared: Option<&str>) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut part = |name: &str, body: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        };
        part(
            "xl/workbook.xml",
            r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="意见" sheetId="1" r:id="rId7"/></sheets></workbook>"#,
        );
        part(
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships><Relationship Id="rId7" Target="worksheets/comments.xml"/></Relationships>"#,
        );
        if let Some(s) = shared {
            part("xl/sharedStrings.xml", s);
        }
        part("xl/worksheets/comments.xml", sheet);
        zip.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn xlsx_cell_kinds_by_hand() {
    let sheet = r#"<worksheet><sheetData>
        <row><c t="inlineStr"><is><t>id</t></is></c><c t="s"><v>0</v></c><c t="inlineStr"><is><t>submitted_at</t></is></c><c t="inlineStr"><is><t>author</t></is></c></row>
        <row><c t="inlineStr"><is><t>x1</t></is></c><c t="inlineStr"><is><r><t>建议&amp;</t></r><r><t xml:space="preserve"> 加强</t></r><rPh><t>ジャンイー</t></rPh></is></c><c><v>44810</v></c><c t="b"><v>1</v></c></row>
        <row r="9"><c r="B9" t="s"><v>1</v></c><c r="A9" t="str"><f>A1</f><v>x2</v></c></row>
        <row r="10"><c r="A10" t="s"><v>99</v></c><c r="B10" t="inlineStr"><is><t>x</t></is></c></row>
    </sheetData></worksheet>"#;
    let shared = r#"<sst><si><t>text</t></si><si><r><t>共享</t></r><r><t>文本</t></r></si></sst>"#;
    // Shared string 99 does not exist: the checking pass refuses the file.
    let err = XlsxRows::open(Cursor::new(handmade(sheet, Some(shared))))
        .err()
        .unwrap();
    assert!(err.to_string().contains("shared string 99"), "{err}");
    let sheet = sheet.replace("<v>99</v>", "<v>1</v>");
    let (rows, _) = xlsx(handmade(&sheet, Some(shared))).unwrap();
    assert_eq!(rows.len(), 3);
    let first = rows[0].as_ref().unwrap_err();
    assert_eq!(first.line, 2);
    assert_eq!(
        first.problem,
        Problem::WrongType {
            field: Field::Author,
            found: "a boolean"
        }
    );
    let raw = first.row.as_ref().unwrap();
    assert_eq!(raw.get(Field::Text), Some("建议& 加强"));
    // 1904 system: serial 44810 is 2026-09-07.
    assert_eq!(raw.get(Field::SubmittedAt), Some("44810"));
    let second = rows[1].as_ref().unwrap();
    assert_eq!(
        (second.line, second.id.as_str(), second.text.as_str()),
        (9, "x2", "共享文本")
    );
    let third = rows[2].as_ref().unwrap();
    assert_eq!((third.id.as_str(), third.text.as_str()), ("共享文本", "x"));

    let dated = sheet.replace(r#"<c t="b"><v>1</v></c>"#, "");
    let (rows, _) = xlsx(handmade(&dated, Some(shared))).unwrap();
    assert_eq!(
        rows[0].as_ref().unwrap().submitted_at,
        Some(Instant::parse("2026-09-07").unwrap())
    );
}

#[test]
fn xlsx_header_and_structure_errors() {
    let no_text = r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>id</t></is></c></row></sheetData></worksheet>"#;
    assert!(matches!(
        XlsxRows::open(Cursor::new(handmade(no_text, None))),
        Err(TextError::MissingColumn { column: "text", .. })
    ));
    let empty = r#"<worksheet><sheetData></sheetData></worksheet>"#;
    assert!(matches!(
        XlsxRows::open(Cursor::new(handmade(empty, None))),
        Err(TextError::NoHeader)
    ));
    for broken in [
        // Rows out of order.
        r#"<worksheet><sheetData><row r="2"><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>text</t></is></c></row><row r="1"/></sheetData></worksheet>"#,
        // Ends inside a row.
        r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>text</t></is></c></row><row><c>"#,
        // Mismatched tags.
        r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>text</t></is></c></row><row></c></row></sheetData></worksheet>"#,
        // A bad cell reference.
        r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>text</t></is></c></row><row><c r="1A"><v>1</v></c></row></sheetData></worksheet>"#,
    ] {
        let err = XlsxRows::open(Cursor::new(handmade(broken, None))).err();
        assert!(
            matches!(err, Some(TextError::CorruptXlsx(_))),
            "{broken}: {err:?}"
        );
    }
}

#[test]
fn xlsx_zip_bombs_are_bounded() {
    // A sheet whose header claims a small size but inflates to more: refused.
    let header = r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>text</t></is></c></row>"#;
    let mut sheet = header.to_string();
    sheet.push_str(&"<row/>".repeat(10));
    sheet.push_str("</sheetData></worksheet>");
    let mut bytes = handmade(&sheet, None);
    // Lower the uncompressed size stated in the local and central headers.
    let name = b"xl/worksheets/comments.xml";
    let real = sheet.len() as u32;
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(4) {
        if bytes[at..at + 4] == real.to_le_bytes() {
            bytes[at..at + 4].copy_from_slice(&(real - 20).to_le_bytes());
            patched += 1;
        }
    }
    assert!(patched >= 1, "{name:?}");
    let err = XlsxRows::open(Cursor::new(bytes)).err();
    assert!(matches!(err, Some(TextError::CorruptXlsx(_))), "{err:?}");
}

#[test]
fn excel_serials() {
    let day = |s: &str| excel_serial(s, DateSystem::Excel1900).map(|t| t.to_string());
    assert_eq!(day("25569").as_deref(), Some("1970-01-01T00:00:00Z"));
    assert_eq!(day("46271").as_deref(), Some("2026-09-06T00:00:00Z"));
    assert_eq!(
        excel_serial("44810", DateSystem::Excel1904)
            .map(|t| t.to_string())
            .as_deref(),
        Some("2026-09-07T00:00:00Z")
    );
    for bad in ["-1", "NaN", "inf", "1e300", "x", "60"] {
        assert_eq!(day(bad), None, "{bad}");
    }
}

#[test]
fn xlsx_refuses_a_ten_megabyte_cell_by_its_size() {
    let huge = "长".repeat((10 << 20) / 3);
    let sheet = format!(
        r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>text</t></is></c></row><row><c t="inlineStr"><is><t>big</t></is></c><c t="inlineStr"><is><t>{huge}</t></is></c></row><row><c t="inlineStr"><is><t>small</t></is></c><c t="inlineStr"><is><t>后</t></is></c></row></sheetData></worksheet>"#
    );
    let (rows, _) = xlsx(handmade(&sheet, None)).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(matches!(
        problem(&rows[0]),
        Problem::RowTooLarge { bytes, .. } if *bytes > 10_000_000
    ));
    assert_eq!(line(&rows[0]), 2);
    assert_eq!(rows[1].as_ref().unwrap().id, "small");
}
