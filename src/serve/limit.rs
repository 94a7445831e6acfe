//! How often one address may ask: a bucket of requests and a smaller one of submissions per
//! address, refilled with time. A phone that loads the page, fixes a mistake and sends again
//! never notices; a script that floods is answered "too many" and registers nothing more.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Requests of any kind: a burst of 60, then one a second.
const REQUESTS: Bucket = Bucket::full(60.0, 1.0);
/// Submissions: a burst of 6 (a resident, a mistake or two, a neighbour's form), then one a
/// minute.
const SUBMISSIONS: Bucket = Bucket::full(6.0, 1.0 / 60.0);
/// Addresses quiet for this long are forgotten when the table grows.
const FORGET_AFTER: Duration = Duration::from_secs(600);
const TABLE_SIZE: usize = 1024;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    capacity: f64,
    /// Tokens added per second.
    rate: f64,
}

impl Bucket {
    const fn full(capacity: f64, rate: f64) -> Bucket {
        Bucket {
            tokens: capacity,
            capacity,
            rate,
        }
    }

    fn refill(&mut self, elapsed: Duration) {
        self.tokens = (self.tokens + elapsed.as_secs_f64() * self.rate).min(self.capacity);
    }

    fn take(&mut self) -> Result<(), u64> {
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            // Seconds until the next token.
            Err((((1.0 - self.tokens) / self.rate).ceil() as u64).max(1))
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    requests: Bucket,
    submissions: Bucket,
    seen: Instant,
}

/// The buckets of every address seen lately.
#[derive(Debug, Default)]
pub struct Limiter {
    entries: HashMap<IpAddr, Entry>,
}

impl Limiter {
    /// Whether `peer` may be answered now; a submission takes from both buckets. `Err`
    /// carries the seconds to wait.
    pub fn allow(&mut self, peer: IpAddr, submission: bool, now: Instant) -> Result<(), u64> {
        if self.entries.len() >= TABLE_SIZE {
            self.entries
                .retain(|_, e| now.saturating_duration_since(e.seen) < FORGET_AFTER);
        }
        let entry = self.entries.entry(peer).or_insert(Entry {
            requests: REQUESTS,
            submissions: SUBMISSIONS,
            seen: now,
        });
        let elapsed = now.saturating_duration_since(entry.seen);
        entry.seen = now;
        entry.requests.refill(elapsed);
        entry.submissions.refill(elapsed);
        if submission && entry.submissions.tokens < 1.0 {
            return entry.submissions.take();
        }
        entry.requests.take()?;
        if submission {
            entry.submissions.take()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_submissions_is_cut_and_refills_with_time() {
        let mut limiter = Limiter::default();
        let peer = IpAddr::from([192, 168, 1, 34]);
        let start = Instant::now();
        let allowed = (0..100)
            .filter(|_| limiter.allow(peer, true, start).is_ok())
            .count();
        assert_eq!(allowed, 6);
        assert_eq!(limiter.allow(peer, true, start), Err(60));
        // Another phone is not held back.
        assert!(
            limiter
                .allow(IpAddr::from([192, 168, 1, 35]), true, start)
                .is_ok()
        );
        // A minute later, one more.
        let later = start + Duration::from_secs(61);
        assert!(limiter.allow(peer, true, later).is_ok());
        assert!(limiter.allow(peer, true, later).is_err());
    }

    #[test]
    fn pages_are_limited_more_loosely() {
        let mut limiter = Limiter::default();
        let peer = IpAddr::from([10, 0, 0, 2]);
        let now = Instant::now();
        let allowed = (0..200)
            .filter(|_| limiter.allow(peer, false, now).is_ok())
            .count();
        assert_eq!(allowed, 60);
        assert!(
            limiter
                .allow(peer, false, now + Duration::from_secs(2))
                .is_ok()
        );
    }
}
