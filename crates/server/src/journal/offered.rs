//! Numbers recently offered to each account by its searches, so that the
//! journal can point out an order (or reservation) for a number no search
//! offered: tnhub's inventory is made up, so a number an app did not find
//! by searching here (one from its own test data, say) is unlikely to be
//! available from the real service, and an app that orders without
//! searching first is not doing what a real one must.
//!
//! Kept in this server's memory, like the journal itself, and only while
//! the journal is on (searches record, orders check, only for journaled
//! requests).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// The most numbers remembered per account: the largest search answer
/// (5,000 numbers), so the last search is always remembered whole. Past
/// it, the oldest offers are forgotten first.
pub const PER_ACCOUNT: usize = 5_000;

/// The most numbers remembered across accounts (about 4 MB of memory,
/// counting the queue and the map): past it, the accounts that searched
/// least recently are forgotten whole. Anyone with credentials can search,
/// so this is what bounds memory, not the number of accounts.
pub const TOTAL: usize = 100_000;

/// How long an offer counts, on the sandbox clock: a day. Offers older
/// than that are treated as forgotten.
pub const KEPT_MS: i64 = 24 * 3_600_000;

/// The remembered offers of every account.
#[derive(Default)]
pub struct Offered {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    accounts: HashMap<String, Offers>,
    /// Entries in every account's queue.
    total: usize,
    /// Bumped on each search; an account's last one orders eviction.
    tick: u64,
}

#[derive(Default)]
struct Offers {
    /// Each number's latest offer time (ms, sandbox clock).
    latest: HashMap<u64, i64>,
    /// Offers in the order made; a number offered again appears twice,
    /// and only its latest entry is in `latest`.
    queue: VecDeque<(u64, i64)>,
    last_search: u64,
}

impl Offers {
    /// Forgets the oldest offer; returns whether there was one.
    fn forget_oldest(&mut self) -> bool {
        let Some((tn, at)) = self.queue.pop_front() else {
            return false;
        };
        if self.latest.get(&tn) == Some(&at) {
            self.latest.remove(&tn);
        }
        true
    }
}

/// A number as remembered: its ten digits (a leading country code 1 and
/// any punctuation dropped), or `None` if it is not a NANP number.
fn key(tn: &str) -> Option<u64> {
    let digits: String = tn.chars().filter(char::is_ascii_digit).collect();
    let ten = match digits.len() {
        10 => digits.as_str(),
        11 if digits.starts_with('1') => &digits[1..],
        _ => return None,
    };
    ten.parse().ok()
}

impl Offered {
    /// Remembers that a search of `account` offered `tns` at `now_ms`.
    pub fn record<'a>(&self, account: &str, tns: impl IntoIterator<Item = &'a str>, now_ms: i64) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.tick += 1;
        let tick = inner.tick;
        let offers = inner.accounts.entry(account.to_string()).or_default();
        offers.last_search = tick;
        let before = offers.queue.len();
        for tn in tns.into_iter().filter_map(key) {
            offers.latest.insert(tn, now_ms);
            offers.queue.push_back((tn, now_ms));
        }
        while offers.queue.len() > PER_ACCOUNT
            || offers
                .queue
                .front()
                .is_some_and(|(_, at)| now_ms - at > KEPT_MS)
        {
            offers.forget_oldest();
        }
        let after = offers.queue.len();
        inner.total = inner.total + after - before;
        while inner.total > TOTAL {
            let Some(oldest) = inner
                .accounts
                .iter()
                .min_by_key(|(_, o)| o.last_search)
                .map(|(a, _)| a.clone())
            else {
                break;
            };
            if let Some(gone) = inner.accounts.remove(&oldest) {
                inner.total -= gone.queue.len();
            }
        }
    }

    /// The numbers among `tns` that no search of `account` offered within
    /// [`KEPT_MS`] before `now_ms` (as far as this memory reaches); numbers
    /// that are not NANP numbers are left to the order's own checks.
    pub fn not_offered<'a>(&self, account: &str, tns: &'a [String], now_ms: i64) -> Vec<&'a str> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let offers = inner.accounts.get(account);
        tns.iter()
            .filter(|tn| {
                key(tn).is_some_and(|k| {
                    offers
                        .and_then(|o| o.latest.get(&k))
                        .is_none_or(|at| now_ms - at > KEPT_MS)
                })
            })
            .map(String::as_str)
            .collect()
    }
}

/// The journal's note for an order or reservation naming numbers no
/// search offered (`what`: "order", "reservation").
pub fn note(what: &str, missing: &[&str], asked: usize) -> String {
    let shown: Vec<&str> = missing.iter().take(5).copied().collect();
    let more = missing.len() - shown.len();
    format!(
        "the {what} names {} of {asked} numbers that no search of this account offered in the last 24 hours ({}{}): tnhub's inventory is made up, so a number an app did not find by searching is unlikely to be available from the real service; search first, as a real app must",
        missing.len(),
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tns(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn offers_are_per_account_spelled_freely_and_expire() {
        let o = Offered::default();
        o.record("a", ["9195550100", "9195550101"], 1_000);
        let asked = tns(&["+19195550100", "919-555-0101", "9195550102"]);
        assert_eq!(o.not_offered("a", &asked, 2_000), vec!["9195550102"]);
        assert_eq!(o.not_offered("b", &asked, 2_000).len(), 3);
        assert_eq!(o.not_offered("a", &asked, 1_000 + KEPT_MS + 1).len(), 3);
        // Offered again later: counts from the later offer.
        o.record("a", ["9195550100"], KEPT_MS);
        assert_eq!(
            o.not_offered("a", &asked, 1_000 + KEPT_MS + 1),
            vec!["919-555-0101", "9195550102"]
        );
    }

    #[test]
    fn memory_stays_within_its_bounds() {
        let o = Offered::default();
        let many: Vec<String> = (0..PER_ACCOUNT as u64 + 10)
            .map(|i| format!("{}", 2_000_000_000 + i))
            .collect();
        o.record("a", many.iter().map(String::as_str), 0);
        // The oldest ten are forgotten, the newest kept.
        assert_eq!(o.not_offered("a", &many[..10], 0).len(), 10);
        assert!(o.not_offered("a", &many[10..], 0).is_empty());
        for i in 0..(TOTAL / PER_ACCOUNT + 3) {
            o.record(&format!("x{i}"), many.iter().map(String::as_str), 0);
        }
        let inner = o.inner.lock().unwrap();
        assert!(inner.total <= TOTAL, "{}", inner.total);
        assert_eq!(
            inner.total,
            inner
                .accounts
                .values()
                .map(|a| a.queue.len())
                .sum::<usize>()
        );
        // The least recently searching account went first.
        assert!(!inner.accounts.contains_key("a"));
    }
}
