//! Retries: the policy, which failures are worth another attempt, the backoff
//! with jitter, and `Retry-After`.

use ::std::sync::atomic::Ordering;
use ::std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::client::Inner;
use super::*;

/// When and how requests are retried.
///
/// Retries happen on the statuses in `retry_statuses`, on connection failures, and
/// on timeouts or broken connections of requests that are safe to repeat. The wait
/// before retry `n` (from 0) is a random duration up to
/// `min(max_backoff, initial_backoff * 2^n)` ("full jitter"), or what the server's
/// `Retry-After` asks for, capped at `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 3).
    pub max_retries: u32,
    /// The backoff before the first retry (default 200 ms).
    pub initial_backoff: Duration,
    /// The longest wait between attempts, `Retry-After` included (default 10 s).
    pub max_backoff: Duration,
    /// Also retry methods that are not idempotent (POST, PATCH) on statuses,
    /// timeouts and broken connections (default false). Failures to connect are
    /// retried for every method: the request was never sent.
    pub retry_non_idempotent: bool,
    /// Statuses that are retried (default 429 and 503).
    pub retry_statuses: Vec<u16>,
    /// Retry when the connection could not be made (default true).
    pub retry_connect_errors: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            retry_non_idempotent: false,
            retry_statuses: vec![429, 503],
            retry_connect_errors: true,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }
}

/// What one run of the retry loop produced.
pub(super) enum Outcome {
    Full(RawResponse),
    Streaming(::reqwest::Response),
}

/// How a failed attempt may be retried.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FailureKind {
    /// The connection could not be made: the request was never sent.
    Connect,
    /// The attempt timed out after the request may have reached the server.
    Timeout,
    /// The connection broke after the request may have reached the server.
    Broken,
    /// Retrying cannot help.
    Fatal,
}

/// A failed attempt.
pub(super) enum Failure {
    Reqwest(::reqwest::Error),
    Timeout,
}

impl Failure {
    pub(super) fn kind(&self) -> FailureKind {
        match self {
            Failure::Timeout => FailureKind::Timeout,
            Failure::Reqwest(e) => failure_kind(e),
        }
    }
}

pub(super) fn failure_kind(error: &::reqwest::Error) -> FailureKind {
    if error.is_connect() {
        FailureKind::Connect
    } else if error.is_timeout() {
        FailureKind::Timeout
    } else if error.is_request() || error.is_body() || error.is_decode() {
        FailureKind::Broken
    } else {
        FailureKind::Fatal
    }
}

impl Inner {
    /// The wait before retry number `retry` (from 0): full jitter over the
    /// exponential backoff.
    pub(super) fn backoff(&self, policy: &RetryPolicy, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let ceiling = policy
            .initial_backoff
            .saturating_mul(factor)
            .min(policy.max_backoff);
        let random = u128::from(self.next_random() >> 32);
        let nanos = (ceiling.as_nanos() * random) >> 32;
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }

    /// The next number of a xorshift generator: enough to spread retries.
    fn next_random(&self) -> u64 {
        let mut x = self.rng.load(Ordering::Relaxed);
        if x == 0 {
            x = 0x2545_F491_4F6C_DD1D;
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng.store(x, Ordering::Relaxed);
        x
    }
}

/// Whether repeating the method has the effect of sending it once (RFC 9110).
pub(super) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// A `reqwest` error as a transport error, its URL dropped when it holds a secret.
pub(super) fn reqwest_error(error: ::reqwest::Error, hide_url: bool) -> TransportError {
    let error = if hide_url { error.without_url() } else { error };
    if error.is_timeout() {
        TransportError::Timeout
    } else if error.is_connect() {
        TransportError::Connect(error)
    } else {
        TransportError::Request(error)
    }
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date.
pub(super) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(::reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, now)
}

/// Parses a `Retry-After` value, delay-seconds or an IMF-fixdate HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), into the wait from `now`. A date in the
/// past means no wait.
#[doc(hidden)]
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    let mut parts = value.split_ascii_whitespace();
    let weekday = parts.next()?;
    if !weekday.ends_with(',') {
        return None;
    }
    let day: i64 = parts.next()?.parse().ok()?;
    let month: i64 = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: i64 = clock.next()?.parse().ok()?;
    let minute: i64 = clock.next()?.parse().ok()?;
    let second: i64 = clock.next()?.parse().ok()?;
    if clock.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    if !(1970..=9999).contains(&year)
        || !(1..=31).contains(&day)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..=60).contains(&second)
    {
        return None;
    }
    // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}
