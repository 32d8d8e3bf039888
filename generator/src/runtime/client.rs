//! The client: one request's journey, with authentication and retries.

use ::std::fmt;
use ::std::sync::atomic::AtomicU64;
use ::std::sync::Arc;
use ::std::time::{Duration, SystemTime};

use ::reqwest::header::HeaderValue;

use super::auth::OAuth;
use super::builder::sensitive_header;
use super::request::RequestBody;
use super::response::StreamingBody;
use super::retry::{is_idempotent, reqwest_error, retry_after, Failure, FailureKind, Outcome};
use super::trace;
use super::*;

/// A configured API client. Cheap to clone: clones share the connection pool and
/// the cached OAuth2 token.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) http: ::reqwest::Client,
    /// Without a trailing slash.
    pub(super) base_url: ::std::string::String,
    /// User agent and fixed credentials.
    pub(super) headers: HeaderMap,
    /// The user agent alone, also sent with token requests.
    pub(super) user_agent: HeaderValue,
    /// An API key cookie, `name=value`.
    pub(super) cookie: Option<Secret>,
    /// An API key query parameter, `name=value`, percent-encoded.
    pub(super) query_key: Option<Secret>,
    pub(super) oauth: Option<OAuth>,
    pub(super) auth_kind: &'static str,
    pub(super) retry: RetryPolicy,
    pub(super) timeout: Duration,
    pub(super) rng: AtomicU64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth_kind)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL operation paths are appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The OAuth2 token URL client credentials are sent to, if configured.
    pub fn token_url(&self) -> Option<&str> {
        self.inner.oauth.as_ref().map(|o| o.token_url.as_str())
    }

    /// Sends a request, with authentication and retries, and reads the whole body.
    ///
    /// Any status is a success here: the caller decides what it means. After the
    /// last retry, a retried status (429, 503) is returned like any other.
    pub async fn execute(&self, request: Request) -> Result<RawResponse, TransportError> {
        let request_timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        match self.run(&request, false).await? {
            Outcome::Full(raw) => Ok(raw),
            Outcome::Streaming(response) => {
                let streaming = self.streaming(response, request_timeout);
                streaming.into_raw().await
            }
        }
    }

    /// Sends a request, with authentication and retries, and returns as soon as the
    /// headers have arrived; the body is read from [`StreamingResponse::into_stream`].
    pub async fn execute_streaming(
        &self,
        request: Request,
    ) -> Result<StreamingResponse, TransportError> {
        let request_timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        match self.run(&request, true).await? {
            Outcome::Streaming(response) => Ok(self.streaming(response, request_timeout)),
            Outcome::Full(raw) => Ok(StreamingResponse {
                status: raw.status,
                headers: raw.headers,
                body: StreamingBody::Done(Some(raw.body)),
                idle_timeout: request_timeout,
                hide_urls: self.inner.query_key.is_some(),
            }),
        }
    }

    /// Sends an operation's request and parses a success body (any 2xx) as JSON.
    /// Any other status is an [`Error::Api`], its documented body read by `parse`.
    pub async fn send_json<T: ::serde::de::DeserializeOwned, E>(
        &self,
        request: Result<Request, TransportError>,
        options: RequestOptions,
        parse: ErrorParser<E>,
    ) -> Result<Response<T>, Error<E>> {
        self.send_with(request, options, RawResponse::json, parse)
            .await
    }

    /// Sends an operation's request and drops a success body (see
    /// [`Client::send_json`]).
    pub async fn send_empty<E>(
        &self,
        request: Result<Request, TransportError>,
        options: RequestOptions,
        parse: ErrorParser<E>,
    ) -> Result<Response<()>, Error<E>> {
        self.send_with(request, options, |raw| Ok(raw.empty()), parse)
            .await
    }

    /// Sends an operation's request and keeps a success body as bytes (see
    /// [`Client::send_json`]).
    pub async fn send_bytes<E>(
        &self,
        request: Result<Request, TransportError>,
        options: RequestOptions,
        parse: ErrorParser<E>,
    ) -> Result<Response<Bytes>, Error<E>> {
        self.send_with(request, options, |raw| Ok(raw.bytes()), parse)
            .await
    }

    /// One operation's request: a 2xx body is read by `read`, any other status
    /// becomes an API error.
    async fn send_with<T, E>(
        &self,
        request: Result<Request, TransportError>,
        options: RequestOptions,
        read: fn(RawResponse) -> Result<Response<T>, Box<DecodeError>>,
        parse: ErrorParser<E>,
    ) -> Result<Response<T>, Error<E>> {
        let raw = self.execute(request?.with_options(options)).await?;
        if raw.status.is_success() {
            Ok(read(raw)?)
        } else {
            Err(raw.into_error(parse))
        }
    }

    fn streaming(
        &self,
        mut response: ::reqwest::Response,
        idle_timeout: Duration,
    ) -> StreamingResponse {
        StreamingResponse {
            status: response.status(),
            headers: ::std::mem::take(response.headers_mut()),
            body: StreamingBody::Reqwest(response),
            idle_timeout,
            hide_urls: self.inner.query_key.is_some(),
        }
    }

    /// The retry loop shared by every request, in its tracing span.
    async fn run(&self, request: &Request, streaming: bool) -> Result<Outcome, TransportError> {
        let trace = trace::Trace::start(request);
        let result = trace
            .instrument(self.attempts(request, streaming, &trace))
            .await;
        trace.finish(&result);
        result
    }

    /// Attempts a request until it gets an answer worth returning.
    async fn attempts(
        &self,
        request: &Request,
        streaming: bool,
        trace: &trace::Trace,
    ) -> Result<Outcome, TransportError> {
        let inner = &*self.inner;
        if let Some(message) = request
            .invalid
            .as_ref()
            .or(request.options.invalid.as_ref())
        {
            return Err(TransportError::InvalidRequest(message.clone()));
        }
        let url = self.url_for(request)?;
        let policy = request.options.retry.as_ref().unwrap_or(&inner.retry);
        let timeout = request.options.timeout.unwrap_or(inner.timeout);
        let repeatable = policy.retry_non_idempotent || is_idempotent(&request.method);
        let mut retries = 0u32;
        let mut reauthorized = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            trace.attempt(attempt);
            let token = match &inner.oauth {
                Some(oauth) => Some(oauth.token(inner).await?),
                None => None,
            };
            let builder = self.prepare(
                request,
                url.clone(),
                token.as_ref().map(|t| &t.0),
                (!streaming).then_some(timeout),
            )?;
            let sent = if streaming {
                match ::tokio::time::timeout(timeout, builder.send()).await {
                    Ok(result) => result.map_err(Failure::Reqwest),
                    Err(_) => Err(Failure::Timeout),
                }
            } else {
                builder.send().await.map_err(Failure::Reqwest)
            };
            let failure = match sent {
                Ok(mut response) => {
                    let status = response.status();
                    trace.status(status);
                    if status == StatusCode::UNAUTHORIZED && !reauthorized {
                        if let (Some(oauth), Some((used, true))) = (&inner.oauth, &token) {
                            // The cached token was refused: it may have been revoked
                            // or expired early. Fetch a new one and try once more.
                            reauthorized = true;
                            oauth.forget(used).await;
                            continue;
                        }
                    }
                    if retries < policy.max_retries
                        && repeatable
                        && policy.retry_statuses.contains(&status.as_u16())
                    {
                        let delay = match retry_after(response.headers(), SystemTime::now()) {
                            Some(wait) => wait.min(policy.max_backoff),
                            None => inner.backoff(policy, retries),
                        };
                        trace.retrying(attempt, delay);
                        drop(response);
                        ::tokio::time::sleep(delay).await;
                        retries += 1;
                        continue;
                    }
                    if streaming {
                        return Ok(Outcome::Streaming(response));
                    }
                    let headers = ::std::mem::take(response.headers_mut());
                    match response.bytes().await {
                        Ok(body) => {
                            return Ok(Outcome::Full(RawResponse {
                                status,
                                headers,
                                body,
                            }))
                        }
                        Err(e) => Failure::Reqwest(e),
                    }
                }
                Err(failure) => failure,
            };
            let retry = match failure.kind() {
                FailureKind::Connect => policy.retry_connect_errors,
                FailureKind::Timeout | FailureKind::Broken => repeatable,
                FailureKind::Fatal => false,
            };
            if retry && retries < policy.max_retries {
                let delay = inner.backoff(policy, retries);
                trace.retrying(attempt, delay);
                ::tokio::time::sleep(delay).await;
                retries += 1;
                continue;
            }
            return Err(self.transport_error(failure));
        }
    }

    /// The full URL of a request.
    fn url_for(&self, request: &Request) -> Result<::reqwest::Url, TransportError> {
        let inner = &*self.inner;
        let mut url = ::std::string::String::with_capacity(
            inner.base_url.len() + request.path.len() + request.query.len() + 1,
        );
        url.push_str(&inner.base_url);
        if !request.path.is_empty() && !request.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&request.path);
        let mut separator = if request.path.contains('?') { '&' } else { '?' };
        if !request.query.is_empty() {
            url.push(separator);
            url.push_str(&request.query);
            separator = '&';
        }
        if let Some(pair) = &inner.query_key {
            url.push(separator);
            url.push_str(pair.expose());
        }
        ::reqwest::Url::parse(&url).map_err(|e| {
            TransportError::InvalidRequest(format!(
                "the path `{}` does not make a valid URL: {e}",
                request.path
            ))
        })
    }

    /// One attempt's `reqwest` request.
    fn prepare(
        &self,
        request: &Request,
        url: ::reqwest::Url,
        token: Option<&HeaderValue>,
        timeout: Option<Duration>,
    ) -> Result<::reqwest::RequestBuilder, TransportError> {
        let inner = &*self.inner;
        let mut headers = request.headers.clone();
        for (name, value) in &request.options.headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &inner.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(token) = token {
            headers.insert(::reqwest::header::AUTHORIZATION, token.clone());
        }
        if let Some(pair) = &inner.cookie {
            let cookie = if request.cookies.is_empty() {
                pair.expose().to_owned()
            } else {
                format!("{}; {}", request.cookies, pair.expose())
            };
            let value = sensitive_header(&cookie).ok_or_else(|| {
                TransportError::InvalidRequest("a cookie is not a valid header value".to_owned())
            })?;
            headers.insert(::reqwest::header::COOKIE, value);
        } else if !request.cookies.is_empty() {
            let value = HeaderValue::from_str(&request.cookies).map_err(|_| {
                TransportError::InvalidRequest("a cookie is not a valid header value".to_owned())
            })?;
            headers.insert(::reqwest::header::COOKIE, value);
        }
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .headers(headers);
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        match &request.body {
            RequestBody::Empty => {}
            RequestBody::Bytes(bytes) => builder = builder.body(bytes.clone()),
            RequestBody::Multipart(form) => builder = builder.multipart(form.to_form()?),
        }
        Ok(builder)
    }

    fn transport_error(&self, failure: Failure) -> TransportError {
        match failure {
            Failure::Timeout => TransportError::Timeout,
            Failure::Reqwest(e) => reqwest_error(e, self.inner.query_key.is_some()),
        }
    }
}
