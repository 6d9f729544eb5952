//! Answers of the number look-ups: `POST /tns` (the `/tns` listing of the
//! numbers asked for, plus an `ErrorList` for the others) and
//! `/tns/{tn}/lca` (a number's local calling area), wire-format.md 2.7.

use serde::Serialize;

use super::tns::TelephoneNumbers;
use crate::envelope::ErrorList;
use crate::write::Document;

/// `POST /tns`: `<TelephoneNumbersResponse>` like `GET /tns` but without
/// pages, and an `ErrorList` (always written, empty when every number was
/// found) naming each number that was not valid or not the user's.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TnLookupResponse {
    pub telephone_number_count: u64,
    pub telephone_numbers: TelephoneNumbers,
    pub error_list: ErrorList,
}

impl Document for TnLookupResponse {
    const ROOT: &'static str = "TelephoneNumbersResponse";
}

/// `/tns/{tn}/lca`: `<SearchResult><ListofNPANXX>…<Location>…` (note the
/// lower-case "of").
#[derive(Debug, Serialize)]
pub struct LcaResponse {
    #[serde(rename = "ListofNPANXX")]
    pub list_of_npa_nxx: NpaNxxListXml,
    #[serde(rename = "Location")]
    pub location: LcaLocationXml,
}

impl Document for LcaResponse {
    const ROOT: &'static str = "SearchResult";
}

/// `<ListofNPANXX><NPANXX>919212</NPANXX>*</ListofNPANXX>`.
#[derive(Debug, Serialize)]
pub struct NpaNxxListXml {
    #[serde(rename = "NPANXX")]
    pub npa_nxx: Vec<String>,
}

/// `<Location><RateCenters>…</RateCenters>*</Location>`: one
/// `<RateCenters>` per state.
#[derive(Debug, Serialize)]
pub struct LcaLocationXml {
    #[serde(rename = "RateCenters")]
    pub rate_centers: Vec<LcaRateCentersXml>,
}

/// `<RateCenters><State/><RCs><RC/>*</RCs></RateCenters>`.
#[derive(Debug, Serialize)]
pub struct LcaRateCentersXml {
    #[serde(rename = "State")]
    pub state: String,
    #[serde(rename = "RCs")]
    pub rcs: RcListXml,
}

/// `<RCs><RC>CARY</RC>*</RCs>`.
#[derive(Debug, Serialize)]
pub struct RcListXml {
    #[serde(rename = "RC")]
    pub rc: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::to_document;

    #[test]
    fn lca_is_written_as_the_real_service_writes_it() {
        let doc = to_document(&LcaResponse {
            list_of_npa_nxx: NpaNxxListXml {
                npa_nxx: vec!["919212".into(), "919213".into()],
            },
            location: LcaLocationXml {
                rate_centers: vec![LcaRateCentersXml {
                    state: "NC".into(),
                    rcs: RcListXml {
                        rc: vec!["RALEIGH".into()],
                    },
                }],
            },
        })
        .unwrap();
        assert!(
            doc.ends_with(
                "<SearchResult><ListofNPANXX><NPANXX>919212</NPANXX><NPANXX>919213</NPANXX></ListofNPANXX>\
                 <Location><RateCenters><State>NC</State><RCs><RC>RALEIGH</RC></RCs></RateCenters></Location></SearchResult>"
            ),
            "{doc}"
        );
    }

    #[test]
    fn a_lookup_keeps_its_wrappers_when_nothing_is_found() {
        let doc = to_document(&TnLookupResponse {
            telephone_number_count: 0,
            telephone_numbers: TelephoneNumbers { numbers: vec![] },
            error_list: ErrorList::default(),
        })
        .unwrap();
        assert!(
            doc.ends_with("<TelephoneNumbersResponse><TelephoneNumberCount>0</TelephoneNumberCount><TelephoneNumbers/><ErrorList/></TelephoneNumbersResponse>"),
            "{doc}"
        );
    }
}
