//! Reading an operator's inventory file.
//!
//! One CSV format (nanp-data.md, "Operator import"): a header row, then one
//! row per block. Only `number` is required: a 10-digit number, a 7-digit
//! thousands-block (NPA-NXX-X) or a 6-digit exchange (NPA-NXX). Optional
//! columns override the reference data: `type` (`local`/`toll_free`),
//! `country`, `state`, `rate_center`, `city`, `lata`, `zip`, `tier`,
//! `vendor_id`, `vendor_name`, `status` (`available`, or `excluded`/`reserved`
//! for numbers never to sell), `protected` (`true`/`false`, default false:
//! protected numbers are offered only to searches with `protected=ONLY` or
//! `MIXED`); `ocn`, `lat`, `lon` and `tz` are accepted and checked but not
//! used yet. Lines starting with `#` are comments.
//!
//! Every row is checked before anything is stored: a file with bad rows is
//! refused whole, with each problem reported by line number. Consecutive
//! single numbers or blocks with the same attributes are merged into one
//! range (within an exchange), so a million numbers become a few thousand
//! rows.

use std::io::Read;

use tnhub_nanp::{NpaNxx, NpaNxxX, Tn, is_reserved_nxx};

use super::BlockRecord;

/// The columns the format knows.
pub const COLUMNS: &[&str] = &[
    "number",
    "type",
    "country",
    "state",
    "rate_center",
    "city",
    "lata",
    "zip",
    "ocn",
    "vendor_id",
    "vendor_name",
    "tier",
    "lat",
    "lon",
    "tz",
    "status",
    "protected",
];

/// A rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line in the file (1 is the header).
    pub line: u64,
    /// What is wrong, and what would be right.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A file that was read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedImport {
    /// Data rows read.
    pub rows: u64,
    /// Numbers the file makes available (before merging, excluded ones apart).
    pub available_numbers: u64,
    /// Numbers the file excludes.
    pub excluded_numbers: u64,
    /// The merged block records to store.
    pub blocks: Vec<BlockRecord>,
}

/// At most this many problems are reported; the rest are counted.
pub const MAX_REPORTED_ERRORS: usize = 50;

/// Reads a whole file. `progress` is called every 100,000 rows.
pub fn parse_csv(input: impl Read, progress: &dyn Fn(u64)) -> Result<ParsedImport, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(input);
    let header_error = |message: String| vec![RowError { line: 1, message }];
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| header_error(format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(header_error(format!(
            "unknown column '{unknown}'; the columns are {}",
            COLUMNS.join(", ")
        )));
    }
    let Some(number_col) = headers.iter().position(|h| h == "number") else {
        return Err(header_error(format!(
            "the header row has no 'number' column; the columns are {}",
            COLUMNS.join(", ")
        )));
    };
    let col = |name: &str| headers.iter().position(|h| h == name);

    let mut errors = Vec::new();
    let mut error_count = 0usize;
    let mut blocks = Vec::new();
    let (mut rows, mut available, mut excluded) = (0u64, 0u64, 0u64);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errors.push(RowError {
                    line,
                    message: format!("not valid CSV: {e}"),
                });
                break;
            }
        }
        rows += 1;
        if rows % 100_000 == 0 {
            progress(rows);
        }
        let line = record.position().map_or(rows + 1, csv::Position::line);
        let field = |name: &str| {
            col(name)
                .and_then(|i| record.get(i))
                .filter(|v| !v.is_empty())
        };
        match row(record.get(number_col).unwrap_or(""), &field) {
            Ok(block) => {
                let n = block.last - block.first + 1;
                if block.excluded {
                    excluded += n;
                } else {
                    available += n;
                }
                blocks.push(block);
            }
            Err(message) => {
                error_count += 1;
                if errors.len() < MAX_REPORTED_ERRORS {
                    errors.push(RowError { line, message });
                }
            }
        }
    }
    if error_count > errors.len() {
        errors.push(RowError {
            line: 0,
            message: format!("… and {} more bad rows", error_count - errors.len()),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows == 0 {
        return Err(vec![RowError {
            line: 2,
            message: "the file has no data rows".into(),
        }]);
    }
    Ok(ParsedImport {
        rows,
        available_numbers: available,
        excluded_numbers: excluded,
        blocks: merge(blocks),
    })
}

fn text(value: Option<&str>, name: &str) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(v) if v.chars().count() > 100 || v.chars().any(char::is_control) => {
            Err(format!("{name} must be at most 100 printable characters"))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

fn integer(value: Option<&str>, name: &str, max: u32) -> Result<Option<u32>, String> {
    value
        .map(|v| {
            v.parse::<u32>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| format!("{name} '{v}' is not a whole number from 0 to {max}"))
        })
        .transpose()
}

/// Checks one row and turns it into a block.
fn row<'a>(number: &str, field: &dyn Fn(&str) -> Option<&'a str>) -> Result<BlockRecord, String> {
    let digits: String = number
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '(' | ')' | '.'))
        .collect();
    let (first, last) = match digits.len() {
        10..=12 => {
            let tn = Tn::parse(&digits).map_err(|e| e.message().to_string())?;
            if let Some(why) = tnhub_nanp::unofferable_reason(tn) {
                return Err(format!("{tn} can never be sold: {why}"));
            }
            (tn.as_u64(), tn.as_u64())
        }
        7 => {
            let x = NpaNxxX::parse(&digits).map_err(|e| e.message().to_string())?;
            exchange_allowed(x.npa_nxx())?;
            (u64::from(x.get()) * 1_000, u64::from(x.get()) * 1_000 + 999)
        }
        6 => {
            let nn = NpaNxx::parse(&digits).map_err(|e| e.message().to_string())?;
            exchange_allowed(nn)?;
            (
                u64::from(nn.get()) * 10_000,
                u64::from(nn.get()) * 10_000 + 9_999,
            )
        }
        _ => {
            return Err(format!(
                "number '{number}' must be a 10-digit number, a 7-digit thousands-block (NPA-NXX-X) or a 6-digit exchange (NPA-NXX)"
            ));
        }
    };
    let npa = tnhub_nanp::Npa::new((first / 10_000_000) as u16).ok_or("invalid area code")?;
    let toll_free = tnhub_nanp::is_toll_free(npa);
    match field("type").map(str::to_ascii_lowercase).as_deref() {
        None => {}
        Some("local") if !toll_free => {}
        Some("toll_free" | "tollfree" | "toll-free") if toll_free => {}
        Some(t @ ("local" | "toll_free" | "tollfree" | "toll-free")) => {
            return Err(format!(
                "type '{t}' does not match {number}, which is {}",
                if toll_free { "toll-free" } else { "local" }
            ));
        }
        Some(t) => return Err(format!("type '{t}' must be local or toll_free")),
    }
    if let Some(c) = field("country")
        && tnhub_nanp::Country::parse(c).is_none()
    {
        return Err(format!("country '{c}' must be US or CA"));
    }
    let state = match field("state") {
        None => None,
        Some(s) => {
            tnhub_nanp::state_info(s).ok_or_else(|| {
                format!("state '{s}' is not a two-letter US state or Canadian province code")
            })?;
            Some(s.to_ascii_uppercase())
        }
    };
    let zip = match field("zip") {
        None => None,
        Some(z) if z.len() == 5 && z.bytes().all(|b| b.is_ascii_digit()) => Some(z.to_string()),
        Some(z) => return Err(format!("zip '{z}' must be 5 digits")),
    };
    for coordinate in ["lat", "lon"] {
        if let Some(v) = field(coordinate)
            && v.parse::<f64>()
                .map_or(true, |x| !(-180.0..=180.0).contains(&x))
        {
            return Err(format!("{coordinate} '{v}' is not a coordinate"));
        }
    }
    text(field("ocn"), "ocn")?;
    text(field("tz"), "tz")?;
    let excluded = match field("status").map(str::to_ascii_lowercase).as_deref() {
        None | Some("available") => false,
        Some("excluded" | "reserved") => true,
        Some(s) => {
            return Err(format!(
                "status '{s}' must be available, reserved or excluded"
            ));
        }
    };
    let protected = match field("protected").map(str::to_ascii_lowercase).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(p) => return Err(format!("protected '{p}' must be true or false")),
    };
    if protected && excluded {
        return Err("an excluded row cannot be protected: it is never sold".into());
    }
    Ok(BlockRecord {
        first,
        last,
        excluded,
        protected,
        state,
        city: text(field("city"), "city")?,
        rate_center: text(field("rate_center"), "rate_center")?.map(|r| r.to_ascii_uppercase()),
        lata: integer(field("lata"), "lata", 99_999)?,
        zip,
        tier: integer(field("tier"), "tier", 5)?,
        vendor_id: integer(field("vendor_id"), "vendor_id", 1_000_000)?,
        vendor_name: text(field("vendor_name"), "vendor_name")?,
    })
}

fn exchange_allowed(nn: NpaNxx) -> Result<(), String> {
    if is_reserved_nxx(nn.nxx()) {
        return Err(format!(
            "exchange {nn} is reserved (555, 950, 958, 959) and can never be sold"
        ));
    }
    if !matches!(
        tnhub_nanp::npa_class(nn.npa()),
        tnhub_nanp::NpaClass::Geographic | tnhub_nanp::NpaClass::TollFree
    ) {
        return Err(format!(
            "area code {} is not a geographic or active toll-free code",
            nn.npa()
        ));
    }
    Ok(())
}

/// Sorts blocks and merges neighbours with the same attributes, never
/// across an exchange boundary (the index looks blocks up by exchange).
/// Excluded ranges sort apart from available ones, so an exclusion inside a
/// run of available numbers does not split the run.
fn merge(mut blocks: Vec<BlockRecord>) -> Vec<BlockRecord> {
    blocks.sort_by_key(|b| (b.excluded, b.first, b.last));
    let mut out: Vec<BlockRecord> = Vec::with_capacity(blocks.len() / 4 + 1);
    for b in blocks {
        if let Some(prev) = out.last_mut() {
            let same_attrs = BlockRecord {
                first: prev.first,
                last: prev.last,
                ..b.clone()
            } == *prev;
            if same_attrs && b.first <= prev.last + 1 && b.last / 10_000 == prev.first / 10_000 {
                prev.last = prev.last.max(b.last);
                continue;
            }
            if *prev == b {
                continue;
            }
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ParsedImport, Vec<RowError>> {
        parse_csv(text.as_bytes(), &|_| {})
    }

    #[test]
    fn reads_the_three_granularities_and_merges_runs() {
        let file = "number,state,city,rate_center,lata,tier,vendor_name,status\n\
                    # a comment line\n\
                    9192210001,NC,Raleigh,RALEIGH,426,0,Acme,available\n\
                    9192210002,NC,Raleigh,RALEIGH,426,0,Acme,\n\
                    9192213,NC,Raleigh,RALEIGH,426,,,\n\
                    919221,,,,,,,\n\
                    8882345678,,,,,,,excluded\n";
        let p = parse(file).unwrap();
        assert_eq!(p.rows, 5);
        assert_eq!(p.available_numbers, 2 + 1_000 + 10_000);
        assert_eq!(p.excluded_numbers, 1);
        let two = p.blocks.iter().find(|b| b.first == 9_192_210_001).unwrap();
        assert_eq!(two.last, 9_192_210_002, "consecutive numbers merge");
        assert_eq!(two.vendor_name.as_deref(), Some("Acme"));
        assert_eq!(p.blocks.len(), 4);
    }

    #[test]
    fn an_exclusion_inside_a_run_does_not_split_it() {
        let file = "number,status\n\
                    9192210001,\n\
                    9192210002,\n\
                    9192210002,excluded\n\
                    9192210003,\n";
        let p = parse(file).unwrap();
        let ranges: Vec<(u64, u64, bool)> = p
            .blocks
            .iter()
            .map(|b| (b.first, b.last, b.excluded))
            .collect();
        assert_eq!(
            ranges,
            [
                (9_192_210_001, 9_192_210_003, false),
                (9_192_210_002, 9_192_210_002, true)
            ]
        );
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_nothing_is_returned() {
        let file = "number,state,tier,status\n\
                    9192210001,NC,0,available\n\
                    12345,NC,0,\n\
                    9195550150,NC,0,\n\
                    919555,NC,0,\n\
                    9192210002,ZZ,0,\n\
                    9192210003,NC,9,\n\
                    9192210004,NC,0,sold\n";
        let errors = parse(file).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8], "{errors:?}");
        assert!(
            errors[1].message.contains("can never be sold"),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn the_protected_column_marks_blocks_and_splits_runs() {
        let file = "number,protected\n\
                    9192210001,true\n\
                    9192210002,TRUE\n\
                    9192210003,\n\
                    9192210004,false\n\
                    9192213,true\n";
        let p = parse(file).unwrap();
        let ranges: Vec<(u64, u64, bool)> = p
            .blocks
            .iter()
            .map(|b| (b.first, b.last, b.protected))
            .collect();
        assert_eq!(
            ranges,
            [
                (9_192_210_001, 9_192_210_002, true),
                (9_192_210_003, 9_192_210_004, false),
                (9_192_213_000, 9_192_213_999, true),
            ],
            "default false; only equal protection merges"
        );
        let errors = parse("number,protected,status\n9192210001,yes,\n9192210002,true,excluded\n")
            .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3], "{errors:?}");
        assert!(errors[0].message.contains("true or false"), "{}", errors[0]);
    }

    #[test]
    fn the_header_is_checked() {
        assert_eq!(parse("state,city\nNC,Raleigh\n").unwrap_err()[0].line, 1);
        assert!(
            parse("number,colour\n919221,red\n").unwrap_err()[0]
                .message
                .contains("unknown column 'colour'")
        );
        assert!(parse("number\n").is_err());
    }
}
