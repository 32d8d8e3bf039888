//! Tracing of requests, with the crate's `tracing` feature: one span per request.
//! Without the feature everything here compiles to nothing.
//!
//! The span records the method, the path template (`/widgets/{id}`: never the
//! filled-in path, query values, headers, bodies or credentials), the last status,
//! how many attempts were made and how long the request took.

use ::std::time::Duration;

use super::retry::Outcome;
use super::{Request, StatusCode, TransportError};

/// The span of one request, or nothing.
pub(super) struct Trace {
    #[cfg(feature = "tracing")]
    span: ::tracing::Span,
    #[cfg(feature = "tracing")]
    started: ::std::time::Instant,
}

#[cfg(feature = "tracing")]
impl Trace {
    pub(super) fn start(request: &Request) -> Self {
        let span = ::tracing::info_span!(
            "request",
            method = %request.method,
            path = request.template,
            status = ::tracing::field::Empty,
            attempt = ::tracing::field::Empty,
            duration_ms = ::tracing::field::Empty,
        );
        Self {
            span,
            started: ::std::time::Instant::now(),
        }
    }

    /// Runs `future` inside the span.
    pub(super) fn instrument<F: ::std::future::Future>(
        &self,
        future: F,
    ) -> ::tracing::instrument::Instrumented<F> {
        ::tracing::Instrument::instrument(future, self.span.clone())
    }

    pub(super) fn attempt(&self, attempt: u32) {
        self.span.record("attempt", attempt);
    }

    pub(super) fn status(&self, status: StatusCode) {
        self.span.record("status", status.as_u16());
    }

    pub(super) fn retrying(&self, attempt: u32, delay: Duration) {
        let _entered = self.span.enter();
        ::tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
    }

    pub(super) fn finish(&self, result: &Result<Outcome, TransportError>) {
        let millis = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.span.record("duration_ms", millis);
        if let Err(error) = result {
            let _entered = self.span.enter();
            // The error's text never holds a secret (see `TransportError`).
            ::tracing::debug!(error = %error, "request failed");
        }
    }
}

#[cfg(not(feature = "tracing"))]
impl Trace {
    pub(super) fn start(_request: &Request) -> Self {
        Self {}
    }

    pub(super) fn instrument<F: ::std::future::Future>(&self, future: F) -> F {
        future
    }

    pub(super) fn attempt(&self, _attempt: u32) {}

    pub(super) fn status(&self, _status: StatusCode) {}

    pub(super) fn retrying(&self, _attempt: u32, _delay: Duration) {}

    pub(super) fn finish(&self, _result: &Result<Outcome, TransportError>) {}
}
