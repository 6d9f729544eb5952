//! Unit tests of the taken-number bisection and the thousands-block
//! listing, kept in their own file so the module stays short.

use async_trait::async_trait;

use super::covered::npa_nxx_xs;
use super::taken_counts;
use crate::inventory::places::Ranges;
use crate::store::{AvailabilityRepo, StoreError};
use crate::timestamp::Timestamp;

/// A store that holds `taken` and counts its calls.
struct Fake {
    taken: Vec<u64>,
    calls: usize,
}

#[async_trait]
impl AvailabilityRepo for Fake {
    async fn taken(&mut self, _: &[u64], _: Timestamp) -> Result<Vec<u64>, StoreError> {
        Ok(Vec::new())
    }
    async fn count_taken_in_ranges(
        &mut self,
        ranges: &[(u64, u64)],
    ) -> Result<Vec<u64>, StoreError> {
        self.calls += 1;
        Ok(ranges
            .iter()
            .map(|&(a, b)| self.taken.iter().filter(|&&n| a <= n && n <= b).count() as u64)
            .collect())
    }
}

#[tokio::test]
async fn taken_counts_split_only_where_numbers_are_taken() {
    // 300 exchanges with gaps between them, dealt round-robin to 3 groups.
    let exchange = |i: u64| (2_002_000_000 + i * 20_000, 2_002_009_999 + i * 20_000);
    let groups: Vec<Ranges> = (0..3)
        .map(|g| (0..300).filter(|i| i % 3 == g).map(exchange).collect())
        .collect();
    let refs: Vec<&Ranges> = groups.iter().collect();
    let mut none = Fake {
        taken: vec![],
        calls: 0,
    };
    assert_eq!(taken_counts(&mut none, &refs).await.unwrap(), vec![0, 0, 0]);
    assert_eq!(none.calls, 1, "a free inventory costs one query");
    let gap = exchange(7).1 + 5;
    let mut some = Fake {
        taken: vec![exchange(0).0, exchange(0).1, exchange(4).0 + 17, gap],
        calls: 0,
    };
    assert_eq!(taken_counts(&mut some, &refs).await.unwrap(), vec![2, 1, 0]);
    assert!(some.calls <= 11, "one query per level: {}", some.calls);
    assert_eq!(
        npa_nxx_xs(&vec![(9_192_120_500, 9_192_121_000)]),
        vec!["9192120", "9192121"]
    );
}
