//! Counting the numbers the store holds in groups of ranges, by bisection
//! ([`taken_counts`]): one store call per level, splitting only the parts
//! that hold taken numbers. Kept apart as the one piece that talks to the
//! store's availability index.

use std::ops::Range;

use crate::inventory::places::Ranges;
use crate::store::{AvailabilityRepo, StoreError};

/// How many numbers of each group of ranges the store holds, with one
/// store call per bisection level: each call asks about the bounding range
/// of every part still in doubt, and a part is split only when its bounding
/// range holds taken numbers. The groups' ranges must be pairwise disjoint.
pub(crate) async fn taken_counts<R: AvailabilityRepo + Send + ?Sized>(
    repo: &mut R,
    groups: &[&Ranges],
) -> Result<Vec<u64>, StoreError> {
    let mut flat: Vec<(u64, u64, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, ranges)| ranges.iter().map(move |&(a, b)| (a, b, g)))
        .collect();
    flat.sort_unstable();
    let mut totals = vec![0; groups.len()];
    let mut level: Vec<Range<usize>> = Vec::new();
    if !flat.is_empty() {
        level.push(0..flat.len());
    }
    while !level.is_empty() {
        let bounds: Vec<(u64, u64)> = level
            .iter()
            .map(|r| (flat[r.start].0, flat[r.end - 1].1))
            .collect();
        let counts = repo.count_taken_in_ranges(&bounds).await?;
        let mut next = Vec::new();
        for (r, n) in level.into_iter().zip(counts) {
            if n == 0 {
                continue;
            }
            if r.len() == 1 {
                totals[flat[r.start].2] += n;
                continue;
            }
            let mid = r.start + r.len() / 2;
            next.push(r.start..mid);
            next.push(mid..r.end);
        }
        level = next;
    }
    Ok(totals)
}
