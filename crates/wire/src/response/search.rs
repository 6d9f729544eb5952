//! `availableNumbers` (`SearchResult`) and `availableNpaNxx`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::write::{Document, WriteError};

/// `<SearchResult>`: the plain list, or with `enableTNDetail=true` the
/// detail list (exactly one of the two is set; the other is omitted).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SearchResult {
    pub result_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number_list: Option<TelephoneNumberList>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number_detail_list: Option<TelephoneNumberDetailList>,
}

impl Document for SearchResult {
    const ROOT: &'static str = "SearchResult";

    /// Written directly rather than through serde: a 5000-number detailed
    /// search is ~1.2 MB of XML, and quick-xml's serde serializer spent more
    /// than half of such a request's CPU time on it (checking every element
    /// name of every field). The output is the serde output byte for byte;
    /// the tests below compare the two on arbitrary results.
    fn write_into(&self, out: &mut String) -> Result<(), WriteError> {
        out.reserve(
            64 + self
                .telephone_number_detail_list
                .as_ref()
                .map_or(0, |l| l.details.len() * 240),
        );
        out.push_str("<SearchResult>");
        element(out, "ResultCount", self.result_count);
        if let Some(list) = &self.telephone_number_list {
            wrapper(out, "TelephoneNumberList", list.numbers.is_empty(), |out| {
                for n in &list.numbers {
                    text(out, "TelephoneNumber", n);
                }
            });
        }
        if let Some(list) = &self.telephone_number_detail_list {
            wrapper(
                out,
                "TelephoneNumberDetailList",
                list.details.is_empty(),
                |out| {
                    for d in &list.details {
                        out.push_str("<TelephoneNumberDetail>");
                        if let Some(v) = &d.city {
                            text(out, "City", v);
                        }
                        if let Some(v) = d.lata {
                            element(out, "LATA", v);
                        }
                        if let Some(v) = &d.rate_center {
                            text(out, "RateCenter", v);
                        }
                        if let Some(v) = &d.state {
                            text(out, "State", v);
                        }
                        text(out, "FullNumber", &d.full_number);
                        element(out, "Tier", d.tier);
                        element(out, "VendorId", d.vendor_id);
                        text(out, "VendorName", &d.vendor_name);
                        out.push_str("</TelephoneNumberDetail>");
                    }
                },
            );
        }
        out.push_str("</SearchResult>");
        Ok(())
    }
}

/// `<name>value</name>` for a number (never empty).
fn element(out: &mut String, name: &str, value: impl std::fmt::Display) {
    // Writing to a String cannot fail.
    let _ = write!(out, "<{name}>{value}</{name}>");
}

/// `<name>escaped text</name>`, or `<name/>` for an empty string, as the
/// serde writer does.
fn text(out: &mut String, name: &str, value: &str) {
    let value = crate::write::allowed_text(value);
    if value.is_empty() {
        let _ = write!(out, "<{name}/>");
    } else {
        let _ = write!(
            out,
            "<{name}>{}</{name}>",
            quick_xml::escape::partial_escape(value.as_ref())
        );
    }
}

/// A list wrapper: `<name/>` when empty, else `<name>…</name>`.
fn wrapper(out: &mut String, name: &str, empty: bool, body: impl FnOnce(&mut String)) {
    if empty {
        let _ = write!(out, "<{name}/>");
    } else {
        let _ = write!(out, "<{name}>");
        body(out);
        let _ = write!(out, "</{name}>");
    }
}

/// `<TelephoneNumberList><TelephoneNumber>9195551212</TelephoneNumber>*`.
#[derive(Debug, Serialize)]
pub struct TelephoneNumberList {
    #[serde(rename = "TelephoneNumber")]
    pub numbers: Vec<String>,
}

/// `<TelephoneNumberDetailList><TelephoneNumberDetail/>*`.
#[derive(Debug, Serialize)]
pub struct TelephoneNumberDetailList {
    #[serde(rename = "TelephoneNumberDetail")]
    pub details: Vec<TelephoneNumberDetail>,
}

/// One number with its geography and vendor (note `LATA` in capitals here).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TelephoneNumberDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(rename = "LATA", skip_serializing_if = "Option::is_none")]
    pub lata: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_center: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub full_number: String,
    pub tier: u32,
    pub vendor_id: u32,
    pub vendor_name: String,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::write::{DECLARATION, to_document_with_root};

    fn detail() -> impl Strategy<Value = TelephoneNumberDetail> {
        let text = "[a-zA-Z0-9 <>&'\"é.-]{0,12}";
        (
            proptest::option::of(text),
            proptest::option::of(0u32..1000),
            proptest::option::of(text),
            proptest::option::of(text),
            text,
            0u32..10,
            0u32..100_000,
            text,
        )
            .prop_map(
                |(city, lata, rate_center, state, full_number, tier, vendor_id, vendor_name)| {
                    TelephoneNumberDetail {
                        city,
                        lata,
                        rate_center,
                        state,
                        full_number,
                        tier,
                        vendor_id,
                        vendor_name,
                    }
                },
            )
    }

    fn result() -> impl Strategy<Value = SearchResult> {
        let numbers = proptest::collection::vec("[0-9<&]{0,10}", 0..5);
        let details = proptest::collection::vec(detail(), 0..5);
        (
            0usize..6000,
            proptest::option::of(numbers),
            proptest::option::of(details),
        )
            .prop_map(|(result_count, numbers, details)| SearchResult {
                result_count,
                telephone_number_list: numbers.map(|numbers| TelephoneNumberList { numbers }),
                telephone_number_detail_list: details
                    .map(|details| TelephoneNumberDetailList { details }),
            })
    }

    proptest! {
        /// The direct writer and the serde writer agree on every result.
        #[test]
        fn the_direct_writer_writes_what_serde_writes(r in result()) {
            let serde = to_document_with_root(SearchResult::ROOT, &r).unwrap();
            let direct = crate::to_document(&r).unwrap();
            prop_assert_eq!(direct, serde);
        }
    }

    #[test]
    fn a_detailed_result_reads_like_the_real_service() {
        let doc = crate::to_document(&SearchResult {
            result_count: 1,
            telephone_number_list: None,
            telephone_number_detail_list: Some(TelephoneNumberDetailList {
                details: vec![TelephoneNumberDetail {
                    city: Some("CARY".into()),
                    lata: Some(426),
                    rate_center: Some("CARY".into()),
                    state: Some("NC".into()),
                    full_number: "9195551212".into(),
                    tier: 0,
                    vendor_id: 49,
                    vendor_name: "Bandwidth CLEC".into(),
                }],
            }),
        })
        .unwrap();
        assert_eq!(
            doc.strip_prefix(DECLARATION).unwrap(),
            "<SearchResult><ResultCount>1</ResultCount><TelephoneNumberDetailList><TelephoneNumberDetail>\
             <City>CARY</City><LATA>426</LATA><RateCenter>CARY</RateCenter><State>NC</State>\
             <FullNumber>9195551212</FullNumber><Tier>0</Tier><VendorId>49</VendorId>\
             <VendorName>Bandwidth CLEC</VendorName></TelephoneNumberDetail></TelephoneNumberDetailList></SearchResult>"
        );
    }
}
