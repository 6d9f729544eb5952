//! `<SipPeerTelephoneNumbers>` as sent to `POST …/sippeers/{p}/movetns`.
//!
//! Node and Python repeat `<FullNumber>` directly under the root, with no
//! per-number element; a `<SipPeerTelephoneNumber><FullNumber/>` form is
//! accepted too.

use serde::Deserialize;

use super::RequestDocument;

/// The numbers to move.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MoveTnsBody {
    #[serde(rename = "fullnumber", default)]
    pub full_numbers: Vec<String>,
    #[serde(rename = "sippeertelephonenumber", default)]
    pub items: Vec<MoveTnItem>,
}

/// `<SipPeerTelephoneNumber><FullNumber/></SipPeerTelephoneNumber>`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MoveTnItem {
    #[serde(rename = "fullnumber")]
    pub full_number: Option<String>,
}

impl MoveTnsBody {
    /// Every number sent, in order.
    pub fn numbers(self) -> Vec<String> {
        let mut all = self.full_numbers;
        all.extend(self.items.into_iter().filter_map(|i| i.full_number));
        all
    }
}

impl RequestDocument for MoveTnsBody {
    const ROOTS: &'static [&'static str] = &["SipPeerTelephoneNumbers"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::from_request;

    #[test]
    fn reads_what_node_and_python_send() {
        let node = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<SipPeerTelephoneNumbers>\n  <FullNumber>9195550101</FullNumber>\n  <FullNumber>9195550102</FullNumber>\n</SipPeerTelephoneNumbers>";
        let body: MoveTnsBody = from_request(node.as_bytes(), MoveTnsBody::ROOTS).unwrap();
        assert_eq!(body.numbers(), vec!["9195550101", "9195550102"]);
        let one = "<SipPeerTelephoneNumbers><FullNumber>9195550101</FullNumber></SipPeerTelephoneNumbers>";
        let body: MoveTnsBody = from_request(one.as_bytes(), MoveTnsBody::ROOTS).unwrap();
        assert_eq!(body.numbers(), vec!["9195550101"]);
        let nested = "<SipPeerTelephoneNumbers><SipPeerTelephoneNumber><FullNumber>9195550103</FullNumber></SipPeerTelephoneNumber></SipPeerTelephoneNumbers>";
        let body: MoveTnsBody = from_request(nested.as_bytes(), MoveTnsBody::ROOTS).unwrap();
        assert_eq!(body.numbers(), vec!["9195550103"]);
        let empty = "<SipPeerTelephoneNumbers/>";
        let body: MoveTnsBody = from_request(empty.as_bytes(), MoveTnsBody::ROOTS).unwrap();
        assert!(body.numbers().is_empty());
    }
}
