//! The one error type of this crate.

use std::fmt;

/// What kind of value failed to parse, so callers can map errors to the
/// right API error code without matching on message text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A telephone number (`Tn`).
    Tn,
    /// An area code (`Npa`).
    Npa,
    /// An exchange code (`Nxx`).
    Nxx,
    /// A 6-digit NPA-NXX.
    NpaNxx,
    /// A 7-digit NPA-NXX-X thousands-block.
    NpaNxxX,
    /// A 4-digit line number.
    Line,
    /// A LATA code.
    Lata,
    /// A ZIP code.
    Zip,
    /// A carrier's Operating Company Number.
    Ocn,
    /// A toll-free wildcard pattern such as `8**`.
    TollFreePattern,
    /// A vanity pattern such as `CALL`.
    Vanity,
    /// The embedded reference data is malformed (a build defect, not user input).
    Data,
}

/// A value that is not valid NANP input, with a message meant for the end
/// user (it quotes the input, e.g. `'9195' is not a 10-digit telephone number`),
/// so the API layer can pass it through as an error description unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct NanpError {
    kind: ErrorKind,
    input: String,
    message: String,
}

/// Longest input echoed back in a message; longer input is cut.
const MAX_ECHO: usize = 40;

impl NanpError {
    /// Builds an error whose message is `'<input>' <what>`.
    pub(crate) fn new(kind: ErrorKind, input: &str, what: impl fmt::Display) -> Self {
        let echoed = echo(input);
        NanpError {
            kind,
            input: input.to_owned(),
            message: format!("'{echoed}' {what}"),
        }
    }

    /// Builds an error about the embedded data (never user input).
    pub(crate) fn data(what: impl fmt::Display) -> Self {
        NanpError {
            kind: ErrorKind::Data,
            input: String::new(),
            message: format!("embedded NANP data is malformed: {what}"),
        }
    }

    /// Which kind of value was rejected.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The rejected input, exactly as given.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The user-facing message (same as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The input as quoted in messages: control characters replaced, cut to
/// `MAX_ECHO` characters, so a hostile value cannot bloat or garble a message.
fn echo(input: &str) -> String {
    let mut out: String = input
        .chars()
        .take(MAX_ECHO)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if input.chars().count() > MAX_ECHO {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_quotes_input() {
        let e = NanpError::new(ErrorKind::Tn, "9195", "is not a 10-digit telephone number");
        assert_eq!(e.to_string(), "'9195' is not a 10-digit telephone number");
        assert_eq!(e.kind(), ErrorKind::Tn);
        assert_eq!(e.input(), "9195");
    }

    #[test]
    fn long_and_control_input_is_tamed() {
        let long = "x".repeat(100) + "\n";
        let e = NanpError::new(ErrorKind::Npa, &long, "is bad");
        assert!(e.message().len() < 60);
        assert!(!e.message().contains('\n'));
        assert_eq!(e.input(), long);
    }
}
