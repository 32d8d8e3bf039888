//! The HTTP machinery shared by every operation: configuration, authentication,
//! retries, request encoding, responses and errors.
//!
//! Every operation builds a [`Request`], hands it to [`Client::execute`] and turns the
//! [`RawResponse`] into a typed [`Response`] or an [`Error`]. Nothing here is generic
//! over the operation, so the code is compiled once however many operations there are.
//!
//! The client needs a Tokio runtime with its time driver enabled (as `reqwest` does).

use ::std::fmt;
use ::std::sync::atomic::{AtomicU64, Ordering};
use ::std::sync::Arc;
use ::std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ::reqwest::header::{HeaderName, HeaderValue};

pub use ::bytes::Bytes;
pub use ::futures_util::future::BoxFuture;
pub use ::futures_util::stream::{BoxStream, Stream, StreamExt, TryStreamExt};
pub use ::reqwest::header::HeaderMap;
pub use ::reqwest::{Method, StatusCode};

/// The longest token lifetime believed, whatever the server says: one year.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);
/// The token lifetime assumed when the token response has no `expires_in`.
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// How much of a response body an error message quotes, in characters.
const SNIPPET_CHARS: usize = 300;

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// A secret whose `Debug` and `Display` never show the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(::std::string::String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<::std::string::String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<::std::string::String> for Secret {
    fn from(value: ::std::string::String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Where an API key goes in each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKeyLocation {
    /// A request header named after the key.
    Header,
    /// A query parameter named after the key.
    Query,
    /// A cookie named after the key.
    Cookie,
}

/// Authentication, as configured.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// No authentication.
    #[default]
    None,
    /// A fixed bearer token, sent as `Authorization: Bearer …`.
    Bearer(Secret),
    /// OAuth2 client credentials: a token is fetched from `token_url`, cached, and
    /// refreshed before it expires.
    ClientCredentials {
        /// The token endpoint. Empty means the API's documented default.
        token_url: ::std::string::String,
        /// The client id.
        client_id: ::std::string::String,
        /// The client secret.
        client_secret: Secret,
        /// Scopes to ask for; none means the server's default.
        scopes: Vec<::std::string::String>,
    },
    /// An API key sent in a header, the query string or a cookie.
    ApiKey {
        /// The header, query parameter or cookie name.
        name: ::std::string::String,
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The key.
        value: Secret,
    },
}

impl Auth {
    /// A short name of the kind of authentication, safe to show.
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::None => "none",
            Auth::Bearer(_) => "bearer",
            Auth::ClientCredentials { .. } => "oauth2-client-credentials",
            Auth::ApiKey { .. } => "api-key",
        }
    }
}

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

/// Why a [`ClientBuilder`] could not build a [`Client`].
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A `{variable}` of the server or token URL has no value and no default.
    UnfilledServerVariable {
        /// The variable's name.
        name: ::std::string::String,
        /// The URL template.
        template: ::std::string::String,
    },
    /// A URL is not a valid `http` or `https` URL.
    InvalidUrl {
        /// The URL.
        url: ::std::string::String,
        /// What is wrong with it.
        reason: ::std::string::String,
    },
    /// Client credentials were configured but there is no token URL.
    MissingTokenUrl,
    /// A header name or value (user agent, token, API key) cannot be sent in a header.
    InvalidHeader {
        /// The header, or what the value was for.
        name: ::std::string::String,
    },
    /// The HTTP client could not be built.
    Http(::reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::UnfilledServerVariable { name, template } => write!(
                f,
                "the URL `{template}` needs a value for `{{{name}}}`: \
                 set it with .server_variable(\"{name}\", …) or give the whole URL"
            ),
            BuildError::InvalidUrl { url, reason } => write!(f, "invalid URL `{url}`: {reason}"),
            BuildError::MissingTokenUrl => f.write_str(
                "client credentials need a token URL and the API documents none: \
                 set it with .token_url(…)",
            ),
            BuildError::InvalidHeader { name } => {
                write!(f, "the {name} cannot be sent in an HTTP header")
            }
            BuildError::Http(e) => {
                f.write_str("could not build the HTTP client: ")?;
                write_chain(f, e)
            }
        }
    }
}

impl ::std::error::Error for BuildError {}

/// Configures a [`Client`]. Each API's `Client::builder()` presets its documented
/// server and token URL, and `build` then returns that API's client type `C`.
#[derive(Debug)]
pub struct ClientBuilder<C = Client> {
    target: ::std::marker::PhantomData<fn() -> C>,
    server_template: &'static str,
    server_defaults: &'static [(&'static str, &'static str)],
    default_token_url: Option<&'static str>,
    base_url: Option<::std::string::String>,
    variables: Vec<(::std::string::String, ::std::string::String)>,
    auth: Auth,
    token_url: Option<::std::string::String>,
    scopes: Vec<::std::string::String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<::std::string::String>,
    http_client: Option<::reqwest::Client>,
}

impl ClientBuilder {
    /// A builder for an API whose server URL is `server_template`, with `{variable}`
    /// defaults, and whose OAuth2 token URL (which may use the same variables) is
    /// `token_url`. Called by generated code.
    #[doc(hidden)]
    pub fn new(
        server_template: &'static str,
        server_defaults: &'static [(&'static str, &'static str)],
        token_url: Option<&'static str>,
    ) -> Self {
        Self {
            target: ::std::marker::PhantomData,
            server_template,
            server_defaults,
            default_token_url: token_url,
            base_url: None,
            variables: Vec::new(),
            auth: Auth::None,
            token_url: None,
            scopes: Vec::new(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: None,
            http_client: None,
        }
    }

    /// The same configuration, building the client type `D` (an API's `Client`).
    #[doc(hidden)]
    pub fn with_target<D: From<Client>>(self) -> ClientBuilder<D> {
        ClientBuilder {
            target: ::std::marker::PhantomData,
            server_template: self.server_template,
            server_defaults: self.server_defaults,
            default_token_url: self.default_token_url,
            base_url: self.base_url,
            variables: self.variables,
            auth: self.auth,
            token_url: self.token_url,
            scopes: self.scopes,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry,
            user_agent: self.user_agent,
            http_client: self.http_client,
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Uses this base URL instead of the documented server, e.g.
    /// `https://acme.api.identitynow.com/v3`. Operation paths are appended to it.
    pub fn base_url(mut self, url: impl Into<::std::string::String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Fills a `{name}` of the documented server URL (and token URL), e.g.
    /// `("tenant", "acme")`.
    pub fn server_variable(mut self, name: &str, value: impl Into<::std::string::String>) -> Self {
        let value = value.into();
        match self.variables.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.variables.push((name.to_owned(), value)),
        }
        self
    }

    /// Authenticates with a fixed bearer token.
    pub fn bearer_token(mut self, token: impl Into<::std::string::String>) -> Self {
        self.auth = Auth::Bearer(Secret::new(token));
        self
    }

    /// Authenticates with OAuth2 client credentials. The token URL is the documented
    /// one, with the server variables filled in, unless set with
    /// [`token_url`](Self::token_url).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<::std::string::String>,
        client_secret: impl Into<::std::string::String>,
    ) -> Self {
        self.auth = Auth::ClientCredentials {
            token_url: ::std::string::String::new(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scopes: Vec::new(),
        };
        self
    }

    /// The OAuth2 token URL, used as given. A relative URL is resolved against the
    /// base URL.
    pub fn token_url(mut self, url: impl Into<::std::string::String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// OAuth2 scopes to request, sent space-separated.
    pub fn scopes(
        mut self,
        scopes: impl IntoIterator<Item = impl Into<::std::string::String>>,
    ) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Authenticates with an API key sent in a header, the query string or a cookie.
    pub fn api_key(
        mut self,
        name: impl Into<::std::string::String>,
        location: ApiKeyLocation,
        value: impl Into<::std::string::String>,
    ) -> Self {
        self.auth = Auth::ApiKey {
            name: name.into(),
            location,
            value: Secret::new(value),
        };
        self
    }

    /// Sets the authentication directly, replacing any set before.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The limit for one attempt of a request, from connecting to the end of the
    /// body (default 30 s). For streamed responses it limits the wait for the headers
    /// and then for each chunk of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit for making a connection (default 10 s). Not applied to a client
    /// given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (default: the generated crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<::std::string::String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests with this `reqwest` client (for proxies, TLS settings, …).
    pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        self.build_client().map(C::from)
    }

    fn build_client(self) -> Result<Client, BuildError> {
        let lookup = |name: &str| -> Option<::std::string::String> {
            self.variables
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .or_else(|| {
                    self.server_defaults
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| (*v).to_owned())
                })
        };
        let base = match &self.base_url {
            Some(url) => url.clone(),
            None => fill_template(self.server_template, &lookup)?,
        };
        let base = base.trim_end_matches('/').to_owned();
        let parsed_base = parse_http_url(&base)?;

        let mut headers = HeaderMap::new();
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidHeader {
                name: "user agent".to_owned(),
            })?;
        headers.insert(::reqwest::header::USER_AGENT, user_agent);

        let mut cookie = None;
        let mut query_key = None;
        let mut oauth = None;
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(token) => {
                let value =
                    sensitive_header(&format!("Bearer {}", token.expose())).ok_or_else(|| {
                        BuildError::InvalidHeader {
                            name: "bearer token".to_owned(),
                        }
                    })?;
                headers.insert(::reqwest::header::AUTHORIZATION, value);
            }
            Auth::ApiKey {
                name,
                location,
                value,
            } => match location {
                ApiKeyLocation::Header => {
                    let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        BuildError::InvalidHeader {
                            name: format!("API key header name `{name}`"),
                        }
                    })?;
                    let header_value = sensitive_header(value.expose()).ok_or_else(|| {
                        BuildError::InvalidHeader {
                            name: format!("API key for `{name}`"),
                        }
                    })?;
                    headers.insert(header_name, header_value);
                }
                ApiKeyLocation::Query => {
                    let mut pair = ::std::string::String::new();
                    percent_encode_into(&mut pair, name);
                    pair.push('=');
                    percent_encode_into(&mut pair, value.expose());
                    query_key = Some(Secret(pair));
                }
                ApiKeyLocation::Cookie => {
                    let pair = format!("{name}={}", value.expose());
                    if sensitive_header(&pair).is_none() {
                        return Err(BuildError::InvalidHeader {
                            name: format!("API key cookie `{name}`"),
                        });
                    }
                    cookie = Some(Secret(pair));
                }
            },
            Auth::ClientCredentials {
                token_url,
                client_id,
                client_secret,
                scopes,
            } => {
                let url = if let Some(url) = &self.token_url {
                    url.clone()
                } else if !token_url.is_empty() {
                    token_url.clone()
                } else if let Some(template) = self.default_token_url {
                    fill_template(template, &lookup)?
                } else {
                    return Err(BuildError::MissingTokenUrl);
                };
                let url = match parsed_base.join(&url) {
                    Ok(joined) if !url.contains("://") => joined.to_string(),
                    _ => url,
                };
                parse_http_url(&url)?;
                let mut all_scopes = scopes.clone();
                all_scopes.extend(self.scopes.iter().cloned());
                let mut form = ::std::string::String::from("grant_type=client_credentials");
                for (key, value) in [
                    ("client_id", client_id.as_str()),
                    ("client_secret", client_secret.expose()),
                ] {
                    form.push('&');
                    form.push_str(key);
                    form.push('=');
                    percent_encode_into(&mut form, value);
                }
                if !all_scopes.is_empty() {
                    form.push_str("&scope=");
                    percent_encode_into(&mut form, &all_scopes.join(" "));
                }
                let mut encoded_secret = ::std::string::String::new();
                percent_encode_into(&mut encoded_secret, client_secret.expose());
                oauth = Some(OAuth {
                    token_url: url,
                    form: Secret(form),
                    secret: client_secret.clone(),
                    encoded_secret: Secret(encoded_secret),
                    cache: ::tokio::sync::Mutex::new(None),
                });
            }
        }

        let http = match self.http_client {
            Some(client) => client,
            None => ::reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base,
                headers,
                cookie,
                query_key,
                oauth,
                auth_kind: self.auth.kind(),
                retry: self.retry,
                timeout: self.timeout,
                rng: AtomicU64::new(seed()),
            }),
        })
    }
}

/// The `User-Agent` sent unless configured: the generated crate's name and version.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Replaces each `{name}` of `template` with its value.
fn fill_template(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<::std::string::String>,
) -> Result<::std::string::String, BuildError> {
    let mut out = ::std::string::String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let name = &after[..close];
        match lookup(name) {
            Some(value) => out.push_str(&value),
            None => {
                return Err(BuildError::UnfilledServerVariable {
                    name: name.to_owned(),
                    template: template.to_owned(),
                })
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses an absolute `http` or `https` URL.
fn parse_http_url(url: &str) -> Result<::reqwest::Url, BuildError> {
    let invalid = |reason: ::std::string::String| BuildError::InvalidUrl {
        url: url.to_owned(),
        reason,
    };
    let parsed = ::reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(invalid("the scheme is not http or https".to_owned()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("there is no host".to_owned()));
    }
    Ok(parsed)
}

/// A header value marked sensitive (hidden from `Debug`, never indexed by HTTP/2).
fn sensitive_header(text: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(text).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// A seed for the jitter generator: the clock mixed with an address.
fn seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let local = 0u8;
    let mixed = nanos ^ ((&local as *const u8 as u64).rotate_left(32)) ^ 0x9E37_79B9_7F4A_7C15;
    if mixed == 0 {
        0x2545_F491_4F6C_DD1D
    } else {
        mixed
    }
}

// ---------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------

/// A configured API client. Cheap to clone: clones share the connection pool and
/// the cached OAuth2 token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: ::reqwest::Client,
    /// Without a trailing slash.
    base_url: ::std::string::String,
    /// User agent and fixed credentials.
    headers: HeaderMap,
    /// An API key cookie, `name=value`.
    cookie: Option<Secret>,
    /// An API key query parameter, `name=value`, percent-encoded.
    query_key: Option<Secret>,
    oauth: Option<OAuth>,
    auth_kind: &'static str,
    retry: RetryPolicy,
    timeout: Duration,
    rng: AtomicU64,
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

/// What one run of the retry loop produced.
enum Outcome {
    Full(RawResponse),
    Streaming(::reqwest::Response),
}

/// How a failed attempt may be retried.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FailureKind {
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
enum Failure {
    Reqwest(::reqwest::Error),
    Timeout,
}

impl Failure {
    fn kind(&self) -> FailureKind {
        match self {
            Failure::Timeout => FailureKind::Timeout,
            Failure::Reqwest(e) => failure_kind(e),
        }
    }
}

fn failure_kind(error: &::reqwest::Error) -> FailureKind {
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

impl Client {
    /// The base URL operation paths are appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, with authentication and retries, and reads the whole body.
    ///
    /// Any status is a success here: the caller decides what it means. After the
    /// last retry, a retried status (429, 503) is returned like any other.
    pub async fn execute(&self, request: Request) -> Result<RawResponse, TransportError> {
        match self.run(&request, false).await? {
            Outcome::Full(raw) => Ok(raw),
            Outcome::Streaming(response) => {
                let streaming = self.streaming(response);
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
        match self.run(&request, true).await? {
            Outcome::Streaming(response) => Ok(self.streaming(response)),
            Outcome::Full(raw) => Ok(StreamingResponse {
                status: raw.status,
                headers: raw.headers,
                body: StreamingBody::Done(Some(raw.body)),
                idle_timeout: self.inner.timeout,
                hide_urls: self.inner.query_key.is_some(),
            }),
        }
    }

    fn streaming(&self, mut response: ::reqwest::Response) -> StreamingResponse {
        StreamingResponse {
            status: response.status(),
            headers: ::std::mem::take(response.headers_mut()),
            body: StreamingBody::Reqwest(response),
            idle_timeout: self.inner.timeout,
            hide_urls: self.inner.query_key.is_some(),
        }
    }

    /// The retry loop shared by every request.
    async fn run(&self, request: &Request, streaming: bool) -> Result<Outcome, TransportError> {
        let inner = &*self.inner;
        if let Some(message) = &request.invalid {
            return Err(TransportError::InvalidRequest(message.clone()));
        }
        let url = self.url_for(request)?;
        let policy = &inner.retry;
        let repeatable = policy.retry_non_idempotent || is_idempotent(&request.method);
        let mut retries = 0u32;
        let mut reauthorized = false;
        loop {
            let token = match &inner.oauth {
                Some(oauth) => Some(oauth.token(inner).await?),
                None => None,
            };
            let builder = self.prepare(
                request,
                url.clone(),
                token.as_ref().map(|t| &t.0),
                streaming,
            )?;
            let sent = if streaming {
                match ::tokio::time::timeout(inner.timeout, builder.send()).await {
                    Ok(result) => result.map_err(Failure::Reqwest),
                    Err(_) => Err(Failure::Timeout),
                }
            } else {
                builder.send().await.map_err(Failure::Reqwest)
            };
            let failure = match sent {
                Ok(mut response) => {
                    let status = response.status();
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
                            None => self.backoff(retries),
                        };
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
                ::tokio::time::sleep(self.backoff(retries)).await;
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
        streaming: bool,
    ) -> Result<::reqwest::RequestBuilder, TransportError> {
        let inner = &*self.inner;
        let mut headers = request.headers.clone();
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
        if !streaming {
            builder = builder.timeout(inner.timeout);
        }
        match &request.body {
            RequestBody::Empty => {}
            RequestBody::Bytes(bytes) => builder = builder.body(bytes.clone()),
            RequestBody::Multipart(form) => builder = builder.multipart(form.to_form()?),
        }
        Ok(builder)
    }

    fn backoff(&self, retry: u32) -> Duration {
        self.inner.backoff(retry)
    }

    fn transport_error(&self, failure: Failure) -> TransportError {
        match failure {
            Failure::Timeout => TransportError::Timeout,
            Failure::Reqwest(e) => reqwest_error(e, self.inner.query_key.is_some()),
        }
    }
}

impl Inner {
    /// The wait before retry number `retry` (from 0): full jitter over the
    /// exponential backoff.
    fn backoff(&self, retry: u32) -> Duration {
        let policy = &self.retry;
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
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// A `reqwest` error as a transport error, its URL dropped when it holds a secret.
fn reqwest_error(error: ::reqwest::Error, hide_url: bool) -> TransportError {
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
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
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

// ---------------------------------------------------------------------------
// OAuth2 client credentials
// ---------------------------------------------------------------------------

struct OAuth {
    token_url: ::std::string::String,
    /// The token request's form body, with the client secret.
    form: Secret,
    secret: Secret,
    encoded_secret: Secret,
    /// The cached token; the lock is held while fetching, so concurrent callers
    /// share one fetch.
    cache: ::tokio::sync::Mutex<Option<CachedToken>>,
}

struct CachedToken {
    /// `Bearer …`, marked sensitive.
    header: HeaderValue,
    refresh_at: Instant,
}

/// How long before its expiry a token of this lifetime is refreshed: 60 s, or a
/// tenth of the lifetime when that is shorter.
pub fn token_refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(60))
}

impl OAuth {
    /// A token to use, and whether it came from the cache.
    async fn token(&self, inner: &Inner) -> Result<(HeaderValue, bool), TransportError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok((cached.header.clone(), true));
            }
        }
        *cache = None;
        let fresh = self.fetch(inner).await?;
        let header = fresh.header.clone();
        *cache = Some(fresh);
        Ok((header, false))
    }

    /// Drops the cached token if it is still `used`.
    async fn forget(&self, used: &HeaderValue) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|cached| cached.header == *used) {
            *cache = None;
        }
    }

    /// Asks the token endpoint for a token, retrying like an idempotent request.
    async fn fetch(&self, inner: &Inner) -> Result<CachedToken, TransportError> {
        let policy = &inner.retry;
        let mut retries = 0u32;
        loop {
            let started = Instant::now();
            let attempt = async {
                let response = inner
                    .http
                    .post(self.token_url.as_str())
                    .header(
                        ::reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .header(::reqwest::header::ACCEPT, "application/json")
                    .timeout(inner.timeout)
                    .body(self.form.expose().to_owned())
                    .send()
                    .await?;
                let status = response.status();
                let wait = retry_after(response.headers(), SystemTime::now());
                let body = response.bytes().await?;
                Ok::<_, ::reqwest::Error>((status, wait, body))
            };
            match attempt.await {
                Ok((status, wait, body)) => {
                    if retries < policy.max_retries
                        && policy.retry_statuses.contains(&status.as_u16())
                    {
                        let delay = match wait {
                            Some(wait) => wait.min(policy.max_backoff),
                            None => inner.backoff(retries),
                        };
                        ::tokio::time::sleep(delay).await;
                        retries += 1;
                        continue;
                    }
                    return self.parse(status, &body, started);
                }
                Err(error) => {
                    let retry = match failure_kind(&error) {
                        FailureKind::Connect => policy.retry_connect_errors,
                        FailureKind::Timeout | FailureKind::Broken => true,
                        FailureKind::Fatal => false,
                    };
                    if retry && retries < policy.max_retries {
                        ::tokio::time::sleep(inner.backoff(retries)).await;
                        retries += 1;
                        continue;
                    }
                    return Err(self.network_failure(&error));
                }
            }
        }
    }

    /// A token request that got no answer.
    fn network_failure(&self, error: &::reqwest::Error) -> TransportError {
        let what = if error.is_timeout() {
            "timed out".to_owned()
        } else {
            ChainDisplay(error).to_string()
        };
        TransportError::Auth(AuthError {
            status: None,
            body: ::std::string::String::new(),
            message: self.redact(&format!(
                "token request to {} failed: {what}",
                self.token_url
            )),
        })
    }

    /// Reads a token response.
    fn parse(
        &self,
        status: StatusCode,
        body: &[u8],
        started: Instant,
    ) -> Result<CachedToken, TransportError> {
        let fail = |body: ::std::string::String, detail: ::std::string::String| {
            let message = format!(
                "token request to {} failed: {status}{detail}",
                self.token_url
            );
            TransportError::Auth(AuthError {
                status: Some(status),
                body: self.redact(&body),
                message: self.redact(&message),
            })
        };
        if !status.is_success() {
            let text = ::std::string::String::from_utf8_lossy(body).into_owned();
            let detail = match oauth_error_detail(body) {
                Some(detail) => format!(": {detail}"),
                None if text.trim().is_empty() => ::std::string::String::new(),
                None => format!(": {}", snippet(&text)),
            };
            return Err(fail(text, detail));
        }
        let Ok(json) = ::serde_json::from_slice::<::serde_json::Value>(body) else {
            return Err(fail(
                ::std::string::String::new(),
                " (the response is not JSON)".to_owned(),
            ));
        };
        let Some(token) = json
            .get("access_token")
            .and_then(::serde_json::Value::as_str)
            .filter(|t| !t.is_empty())
        else {
            return Err(fail(
                ::std::string::String::new(),
                " (the response has no access_token)".to_owned(),
            ));
        };
        let Some(header) = sensitive_header(&format!("Bearer {token}")) else {
            return Err(fail(
                ::std::string::String::new(),
                " (the access_token cannot be sent in a header)".to_owned(),
            ));
        };
        let seconds = match json.get("expires_in") {
            Some(::serde_json::Value::Number(n)) => n
                .as_u64()
                .or_else(|| n.as_f64().map(|f| if f > 0.0 { f as u64 } else { 0 })),
            Some(::serde_json::Value::String(s)) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        let lifetime = seconds
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_TOKEN_LIFETIME)
            .min(MAX_TOKEN_LIFETIME);
        let refresh_at = started
            .checked_add(lifetime - token_refresh_margin(lifetime))
            .unwrap_or(started);
        Ok(CachedToken { header, refresh_at })
    }

    /// Hides the client secret, should the server echo it.
    fn redact(&self, text: &str) -> ::std::string::String {
        let mut text = text.to_owned();
        for secret in [self.secret.expose(), self.encoded_secret.expose()] {
            if !secret.is_empty() {
                text = text.replace(secret, "***");
            }
        }
        text
    }
}

/// `error: error_description` of an OAuth2 error response (RFC 6749 §5.2).
fn oauth_error_detail(body: &[u8]) -> Option<::std::string::String> {
    let json: ::serde_json::Value = ::serde_json::from_slice(body).ok()?;
    let error = json.get("error")?.as_str()?;
    Some(
        match json
            .get("error_description")
            .and_then(::serde_json::Value::as_str)
        {
            Some(description) if !description.is_empty() => format!("{error}: {description}"),
            _ => error.to_owned(),
        },
    )
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// One HTTP request, built by generated code.
#[derive(Debug)]
pub struct Request {
    method: Method,
    path: ::std::string::String,
    query: ::std::string::String,
    headers: HeaderMap,
    cookies: ::std::string::String,
    body: RequestBody,
    invalid: Option<::std::string::String>,
}

#[derive(Debug)]
enum RequestBody {
    Empty,
    Bytes(Bytes),
    Multipart(Multipart),
}

/// How a parameter goes into the query string (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryStyle {
    /// `a=1&a=2` when exploded (the default), `a=1,2` when not.
    Form {
        /// One `name=value` pair per value.
        explode: bool,
    },
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[key]=value` for objects; like exploded form for other values.
    DeepObject,
}

impl Default for QueryStyle {
    fn default() -> Self {
        QueryStyle::Form { explode: true }
    }
}

impl Request {
    /// A request for `path`, already percent-encoded, which is appended to the
    /// client's base URL.
    pub fn new(method: Method, path: ::std::string::String) -> Self {
        Self {
            method,
            path,
            query: ::std::string::String::new(),
            headers: HeaderMap::new(),
            cookies: ::std::string::String::new(),
            body: RequestBody::Empty,
            invalid: None,
        }
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, percent-encoded.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string so far, percent-encoded, without `?`.
    pub fn query_string(&self) -> &str {
        &self.query
    }

    /// Adds a query parameter. A value with no values (`None`, an empty list) adds
    /// nothing.
    pub fn query(&mut self, name: &str, value: &dyn QueryValue, style: QueryStyle) {
        if let Some(fields) = value.query_fields() {
            match style {
                QueryStyle::Form { explode: true } => {
                    for (key, value) in &fields {
                        self.push_pair(key, value);
                    }
                }
                QueryStyle::DeepObject => {
                    for (key, value) in &fields {
                        self.start_pair();
                        percent_encode_into(&mut self.query, name);
                        self.query.push('[');
                        percent_encode_into(&mut self.query, key);
                        self.query.push_str("]=");
                        percent_encode_into(&mut self.query, value);
                    }
                }
                _ => {
                    let flat: Vec<::std::string::String> =
                        fields.into_iter().flat_map(|(k, v)| [k, v]).collect();
                    self.push_joined(name, &flat, delimiter(style));
                }
            }
            return;
        }
        let values = value.query_values();
        if values.is_empty() {
            return;
        }
        match style {
            QueryStyle::Form { explode: true } | QueryStyle::DeepObject => {
                for value in &values {
                    self.push_pair(name, value);
                }
            }
            _ => self.push_joined(name, &values, delimiter(style)),
        }
    }

    fn start_pair(&mut self) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
    }

    fn push_pair(&mut self, name: &str, value: &str) {
        self.start_pair();
        percent_encode_into(&mut self.query, name);
        self.query.push('=');
        percent_encode_into(&mut self.query, value);
    }

    fn push_joined(&mut self, name: &str, values: &[::std::string::String], delimiter: &str) {
        self.start_pair();
        percent_encode_into(&mut self.query, name);
        self.query.push('=');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.query.push_str(delimiter);
            }
            percent_encode_into(&mut self.query, value);
        }
    }

    /// Sets a header; list values are joined with commas. A value with no values
    /// sets nothing. An invalid name or value fails the request when sent.
    pub fn header(&mut self, name: &'static str, value: &dyn QueryValue) {
        let values = value.query_values();
        if values.is_empty() {
            return;
        }
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.invalid = Some(format!("`{name}` is not a valid header name"));
            return;
        };
        match HeaderValue::from_str(&values.join(",")) {
            Ok(header_value) => {
                self.headers.insert(header_name, header_value);
            }
            Err(_) => {
                self.invalid = Some(format!("the value of header `{name}` is not valid"));
            }
        }
    }

    /// Adds a cookie; list values are joined with commas and percent-encoded.
    pub fn cookie(&mut self, name: &str, value: &dyn QueryValue) {
        let values = value.query_values();
        if values.is_empty() {
            return;
        }
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        self.cookies.push_str(name);
        self.cookies.push('=');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.cookies.push(',');
            }
            percent_encode_into(&mut self.cookies, value);
        }
    }

    /// Adds a media type to the `Accept` header.
    pub fn accept(&mut self, media: &'static str) {
        match HeaderValue::from_str(media) {
            Ok(value) => {
                self.headers.append(::reqwest::header::ACCEPT, value);
            }
            Err(_) => self.invalid = Some(format!("`{media}` is not a valid media type")),
        }
    }

    /// Sets the body and its `Content-Type`.
    pub fn body_bytes(&mut self, content_type: impl Into<::std::string::String>, bytes: Vec<u8>) {
        self.set_body(content_type.into(), Bytes::from(bytes));
    }

    fn set_body(&mut self, content_type: ::std::string::String, bytes: Bytes) {
        match HeaderValue::from_str(&content_type) {
            Ok(value) => {
                self.headers.insert(::reqwest::header::CONTENT_TYPE, value);
            }
            Err(_) => {
                self.invalid = Some(format!("`{content_type}` is not a valid content type"));
            }
        }
        self.body = RequestBody::Bytes(bytes);
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, form: Multipart) {
        self.headers.remove(::reqwest::header::CONTENT_TYPE);
        self.body = RequestBody::Multipart(form);
    }
}

fn delimiter(style: QueryStyle) -> &'static str {
    match style {
        QueryStyle::SpaceDelimited => "%20",
        QueryStyle::PipeDelimited => "|",
        _ => ",",
    }
}

/// Appends `text` percent-encoded: every byte but RFC 3986's unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`.
fn percent_encode_into(out: &mut ::std::string::String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
}

/// Percent-encodes one path parameter (simple style: list values joined with
/// commas). Only RFC 3986's unreserved characters are kept; `/` is encoded.
pub fn encode_path(segment: &dyn QueryValue) -> ::std::string::String {
    let mut out = ::std::string::String::new();
    for (i, value) in segment.query_values().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        percent_encode_into(&mut out, value);
    }
    out
}

/// Scalars, lists and maps that can go in a query string, a header, a cookie or a
/// path.
///
/// Generated string enums implement it with their wire text; any `Display` type can
/// use [`display_value`].
pub trait QueryValue {
    /// The values as text: none for `None`, one for a scalar, one per item for a
    /// list.
    fn query_values(&self) -> Vec<::std::string::String>;

    /// For objects, the `(key, value)` pairs; `None` for everything else.
    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        None
    }
}

/// The one query value of a `Display` type, for implementing [`QueryValue`]:
/// `fn query_values(&self) -> Vec<String> { display_value(self) }`.
pub fn display_value<T: fmt::Display + ?Sized>(value: &T) -> Vec<::std::string::String> {
    vec![value.to_string()]
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn query_values(&self) -> Vec<::std::string::String> {
        (**self).query_values()
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        (**self).query_fields()
    }
}

impl<T: QueryValue + ?Sized> QueryValue for Box<T> {
    fn query_values(&self) -> Vec<::std::string::String> {
        (**self).query_values()
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        (**self).query_fields()
    }
}

impl QueryValue for str {
    fn query_values(&self) -> Vec<::std::string::String> {
        vec![self.to_owned()]
    }
}

impl QueryValue for ::std::string::String {
    fn query_values(&self) -> Vec<::std::string::String> {
        vec![self.clone()]
    }
}

impl QueryValue for bool {
    fn query_values(&self) -> Vec<::std::string::String> {
        vec![if *self { "true" } else { "false" }.to_owned()]
    }
}

macro_rules! query_value_by_display {
    ($($ty:ty),* $(,)?) => {
        $(
            impl QueryValue for $ty {
                fn query_values(&self) -> Vec<::std::string::String> {
                    vec![self.to_string()]
                }
            }
        )*
    };
}

query_value_by_display!(
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    char,
    super::DateTime,
    super::Date,
    super::Uuid,
    super::Base64,
);

impl<T: QueryValue> QueryValue for Option<T> {
    fn query_values(&self) -> Vec<::std::string::String> {
        match self {
            Some(value) => value.query_values(),
            None => Vec::new(),
        }
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        self.as_ref().and_then(QueryValue::query_fields)
    }
}

impl<T: QueryValue> QueryValue for [T] {
    fn query_values(&self) -> Vec<::std::string::String> {
        self.iter().flat_map(QueryValue::query_values).collect()
    }
}

impl<T: QueryValue, const N: usize> QueryValue for [T; N] {
    fn query_values(&self) -> Vec<::std::string::String> {
        self.as_slice().query_values()
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn query_values(&self) -> Vec<::std::string::String> {
        self.as_slice().query_values()
    }
}

impl<V: QueryValue> QueryValue for ::std::collections::BTreeMap<::std::string::String, V> {
    fn query_values(&self) -> Vec<::std::string::String> {
        fields_flat(self.query_fields())
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        Some(
            self.iter()
                .map(|(k, v)| (k.clone(), v.query_values().join(",")))
                .collect(),
        )
    }
}

impl<V: QueryValue, S> QueryValue for ::std::collections::HashMap<::std::string::String, V, S> {
    fn query_values(&self) -> Vec<::std::string::String> {
        fields_flat(self.query_fields())
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        Some(
            self.iter()
                .map(|(k, v)| (k.clone(), v.query_values().join(",")))
                .collect(),
        )
    }
}

impl QueryValue for ::serde_json::Value {
    fn query_values(&self) -> Vec<::std::string::String> {
        match self {
            ::serde_json::Value::Null => Vec::new(),
            ::serde_json::Value::Bool(b) => b.query_values(),
            ::serde_json::Value::Number(n) => vec![n.to_string()],
            ::serde_json::Value::String(s) => vec![s.clone()],
            ::serde_json::Value::Array(items) => {
                items.iter().flat_map(QueryValue::query_values).collect()
            }
            ::serde_json::Value::Object(_) => fields_flat(self.query_fields()),
        }
    }

    fn query_fields(&self) -> Option<Vec<(::std::string::String, ::std::string::String)>> {
        match self {
            ::serde_json::Value::Object(map) => Some(
                map.iter()
                    .map(|(k, v)| (k.clone(), v.query_values().join(",")))
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// `[k1, v1, k2, v2, …]`: an object in simple or non-exploded form style.
fn fields_flat(
    fields: Option<Vec<(::std::string::String, ::std::string::String)>>,
) -> Vec<::std::string::String> {
    fields
        .unwrap_or_default()
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect()
}

/// A `multipart/form-data` body: text fields and files.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<(::std::string::String, MultipartPart)>,
}

#[derive(Debug, Clone)]
enum MultipartPart {
    Text(::std::string::String),
    Bytes {
        file_name: Option<::std::string::String>,
        content_type: ::std::string::String,
        bytes: Bytes,
    },
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: impl Into<::std::string::String>) -> Self {
        self.parts
            .push((name.to_owned(), MultipartPart::Text(value.into())));
        self
    }

    /// Adds a file.
    pub fn file(mut self, name: &str, file: File) -> Self {
        self.parts.push((
            name.to_owned(),
            MultipartPart::Bytes {
                file_name: Some(file.file_name),
                content_type: file
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
                bytes: Bytes::from(file.bytes),
            },
        ));
        self
    }

    /// Adds a field with a content type and no file name, e.g. a JSON part.
    pub fn bytes(mut self, name: &str, content_type: &str, bytes: Vec<u8>) -> Self {
        self.parts.push((
            name.to_owned(),
            MultipartPart::Bytes {
                file_name: None,
                content_type: content_type.to_owned(),
                bytes: Bytes::from(bytes),
            },
        ));
        self
    }

    /// The `reqwest` form; built anew for each attempt.
    fn to_form(&self) -> Result<::reqwest::multipart::Form, TransportError> {
        let mut form = ::reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                MultipartPart::Text(text) => ::reqwest::multipart::Part::text(text.clone()),
                MultipartPart::Bytes {
                    file_name,
                    content_type,
                    bytes,
                } => {
                    let mut part = ::reqwest::multipart::Part::stream_with_length(
                        ::reqwest::Body::from(bytes.clone()),
                        bytes.len() as u64,
                    );
                    if let Some(file_name) = file_name {
                        part = part.file_name(file_name.clone());
                    }
                    part.mime_str(content_type).map_err(|_| {
                        TransportError::InvalidRequest(format!(
                            "`{content_type}` is not a valid content type for multipart field `{name}`"
                        ))
                    })?
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

/// A file to upload in a [`Multipart`] form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The file name sent to the server.
    pub file_name: ::std::string::String,
    /// The media type; `application/octet-stream` when `None`.
    pub content_type: Option<::std::string::String>,
    /// The content.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file with no declared media type.
    pub fn new(file_name: impl Into<::std::string::String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Declares the file's media type.
    pub fn with_content_type(mut self, content_type: impl Into<::std::string::String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

/// A complete response, any status.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl RawResponse {
    /// Parses the body as JSON. An empty body reads as `null`, so `()` and
    /// `Option<T>` accept a 204.
    pub fn json<T: ::serde::de::DeserializeOwned>(self) -> Result<Response<T>, Box<DecodeError>> {
        let text: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        match ::serde_json::from_slice(text) {
            Ok(body) => Ok(Response {
                status: self.status,
                headers: self.headers,
                body,
            }),
            Err(source) => Err(self.decode_error(source)),
        }
    }

    fn decode_error(self, source: ::serde_json::Error) -> Box<DecodeError> {
        Box::new(DecodeError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            source,
        })
    }

    /// The body as bytes.
    pub fn bytes(self) -> Response<Bytes> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }

    /// The body as text; invalid UTF-8 is replaced with `U+FFFD`.
    pub fn text(self) -> Response<::std::string::String> {
        let body = ::std::string::String::from_utf8_lossy(&self.body).into_owned();
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// Drops the body.
    pub fn empty(self) -> Response<()> {
        Response {
            status: self.status,
            headers: self.headers,
            body: (),
        }
    }

    /// This response as an API error. `parse` reads the documented error body of a
    /// status: `None` if none is documented, or the result of parsing it.
    pub fn into_error<E>(self, parse: ErrorParser<E>) -> Error<E> {
        let (parsed, parse_error) = match parse(self.status.as_u16(), &self.body) {
            Some(Ok(parsed)) => (Some(parsed), None),
            Some(Err(error)) => (None, Some(error)),
            None => (None, None),
        };
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            parsed,
            parse_error,
        }))
    }
}

/// Reads the documented error body of a status: `None` if the status has none,
/// else the result of parsing `body`. Generated for each operation.
pub type ErrorParser<E> = fn(u16, &[u8]) -> Option<Result<E, ::serde_json::Error>>;

/// A response whose body has not been read yet.
#[derive(Debug)]
pub struct StreamingResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    body: StreamingBody,
    idle_timeout: Duration,
    hide_urls: bool,
}

#[derive(Debug)]
enum StreamingBody {
    Reqwest(::reqwest::Response),
    Done(Option<Bytes>),
}

impl StreamingBody {
    /// The next chunk, waiting at most `idle` for it.
    async fn next_chunk(
        &mut self,
        idle: Duration,
        hide_urls: bool,
    ) -> Result<Option<Bytes>, TransportError> {
        match self {
            StreamingBody::Done(rest) => Ok(rest.take()),
            StreamingBody::Reqwest(response) => {
                match ::tokio::time::timeout(idle, response.chunk()).await {
                    Ok(Ok(chunk)) => Ok(chunk),
                    Ok(Err(e)) => Err(reqwest_error(e, hide_urls)),
                    Err(_) => Err(TransportError::Timeout),
                }
            }
        }
    }
}

impl StreamingResponse {
    /// The body, chunk by chunk. Each chunk must arrive within the client's timeout;
    /// a connection that breaks ends the stream with an error.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, TransportError>> + Send + 'static {
        let state = Some((self.body, self.idle_timeout, self.hide_urls));
        ::futures_util::stream::unfold(state, |state| async move {
            let (mut body, idle, hide) = state?;
            match body.next_chunk(idle, hide).await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some((body, idle, hide)))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        })
    }

    /// Reads the whole body.
    pub async fn into_raw(mut self) -> Result<RawResponse, TransportError> {
        let mut collected = ::bytes::BytesMut::new();
        while let Some(chunk) = self
            .body
            .next_chunk(self.idle_timeout, self.hide_urls)
            .await?
        {
            collected.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status: self.status,
            headers: self.headers,
            body: collected.freeze(),
        })
    }

    /// Reads the whole body as an API error (see [`RawResponse::into_error`]).
    pub async fn into_error<E>(self, parse: ErrorParser<E>) -> Error<E> {
        match self.into_raw().await {
            Ok(raw) => raw.into_error(parse),
            Err(e) => Error::Transport(e),
        }
    }
}

/// A typed successful response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The parsed body.
    pub body: T,
}

impl<T> Response<T> {
    /// The body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The `X-Total-Count` header: how many items a list has in all (SailPoint sends
    /// it when asked with `count=true`).
    pub fn total_count(&self) -> Option<u64> {
        self.headers
            .get("x-total-count")?
            .to_str()
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Maps the body.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Everything that can go wrong before a response is in hand.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection could not be made (DNS, refused, TLS).
    Connect(::reqwest::Error),
    /// The request failed after connecting: the connection broke, or the body was
    /// cut short.
    Request(::reqwest::Error),
    /// An attempt took longer than the client's timeout.
    Timeout,
    /// The OAuth2 token could not be obtained.
    Auth(AuthError),
    /// The request could not be built (a value that cannot be sent).
    InvalidRequest(::std::string::String),
}

impl TransportError {
    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, TransportError::Timeout)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Connect(e) => {
                f.write_str("could not connect to the server: ")?;
                write_chain(f, e)
            }
            TransportError::Request(e) => {
                f.write_str("the request failed: ")?;
                write_chain(f, e)
            }
            TransportError::Timeout => f.write_str("the request timed out"),
            TransportError::Auth(e) => fmt::Display::fmt(e, f),
            TransportError::InvalidRequest(message) => write!(f, "invalid request: {message}"),
        }
    }
}

/// The message of an error and of its sources, which are then not returned by
/// `source()`: printing the error shows everything once.
impl ::std::error::Error for TransportError {}

/// Shows an error and its sources.
struct ChainDisplay<'e>(&'e dyn ::std::error::Error);

impl fmt::Display for ChainDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_chain(f, self.0)
    }
}

/// Writes an error and its sources, skipping a source already quoted.
fn write_chain(f: &mut fmt::Formatter<'_>, error: &dyn ::std::error::Error) -> fmt::Result {
    let mut last = error.to_string();
    f.write_str(&last)?;
    let mut source = error.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !last.contains(&text) {
            write!(f, ": {text}")?;
        }
        last = text;
        source = e.source();
    }
    Ok(())
}

/// A failed OAuth2 token request.
#[derive(Debug, Clone)]
pub struct AuthError {
    status: Option<StatusCode>,
    body: ::std::string::String,
    message: ::std::string::String,
}

impl AuthError {
    /// The token endpoint's status, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The token endpoint's error body, with the client secret hidden.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// What went wrong, e.g. `token request to https://…/oauth/token failed: 401
    /// Unauthorized: invalid_client`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl ::std::error::Error for AuthError {}

/// A successful response whose body did not parse.
#[derive(Debug)]
pub struct DecodeError {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// Why it did not parse.
    pub source: ::serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response body: {}",
            self.status, self.source
        )?;
        if !self.body.is_empty() {
            write!(
                f,
                " (body: {})",
                snippet(&::std::string::String::from_utf8_lossy(&self.body))
            )?;
        }
        Ok(())
    }
}

impl ::std::error::Error for DecodeError {}

/// An error response of an operation whose documented error bodies are `E`.
#[derive(Debug)]
pub struct ApiError<E> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// The documented body, if this status has one and it parsed.
    pub parsed: Option<E>,
    /// Why the documented body did not parse.
    pub parse_error: Option<::serde_json::Error>,
}

impl<E: fmt::Debug> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        if let Some(parsed) = &self.parsed {
            write!(f, ": {}", snippet(&format!("{parsed:?}")))?;
        } else if !self.body.is_empty() {
            write!(
                f,
                ": {}",
                snippet(&::std::string::String::from_utf8_lossy(&self.body))
            )?;
        }
        if let Some(error) = &self.parse_error {
            write!(f, " (the body does not match the documented one: {error})")?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> ::std::error::Error for ApiError<E> {}

/// The error of an operation whose documented error bodies are `E`.
///
/// The response-carrying variants are boxed so that `Result`s stay small.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with an error status.
    Api(Box<ApiError<E>>),
    /// No response: connection, timeout, authentication or request problem.
    Transport(TransportError),
    /// A successful response whose body did not parse.
    Decode(Box<DecodeError>),
}

impl<E> Error<E> {
    /// The API's response status, if it answered (a failed token request has its
    /// status in [`AuthError::status`]).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport(_) => None,
        }
    }

    /// The documented error body, if the server sent one.
    pub fn parsed(&self) -> Option<&E> {
        match self {
            Error::Api(e) => e.parsed.as_ref(),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
        }
    }
}

/// Transparent: shows the inner error, whose message includes its causes.
impl<E: fmt::Debug> ::std::error::Error for Error<E> {}

impl<E> From<TransportError> for Error<E> {
    fn from(error: TransportError) -> Self {
        Error::Transport(error)
    }
}

impl<E> From<Box<DecodeError>> for Error<E> {
    fn from(error: Box<DecodeError>) -> Self {
        Error::Decode(error)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(Box::new(error))
    }
}

impl<E> From<ApiError<E>> for Error<E> {
    fn from(error: ApiError<E>) -> Self {
        Error::Api(Box::new(error))
    }
}

/// At most [`SNIPPET_CHARS`] characters of `text`.
fn snippet(text: &str) -> ::std::string::String {
    let text = text.trim();
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// A page fetcher for [`paginate`]: called with `(offset, limit)`.
type FetchPage<'a, T, E> =
    Box<dyn FnMut(i64, i64) -> BoxFuture<'a, Result<Response<Vec<T>>, Error<E>>> + Send + 'a>;

struct Pages<'a, T, E> {
    fetch: FetchPage<'a, T, E>,
    limit: i64,
    offset: i64,
    items: ::std::vec::IntoIter<T>,
    done: bool,
}

/// Streams the items of a limit/offset list, fetching pages as needed.
///
/// `fetch(offset, limit)` gets one page. The stream ends after a short or empty
/// page, when `X-Total-Count` says every item was read, or after an error (which
/// it yields).
pub fn paginate<'a, T, E>(
    limit: i64,
    start_offset: i64,
    fetch: impl FnMut(i64, i64) -> BoxFuture<'a, Result<Response<Vec<T>>, Error<E>>> + Send + 'a,
) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: Send + 'a,
    E: Send + 'a,
{
    let pages = Pages {
        fetch: Box::new(fetch),
        limit,
        offset: start_offset,
        items: Vec::new().into_iter(),
        done: false,
    };
    Box::pin(::futures_util::stream::unfold(pages, |mut pages| async move {
        loop {
            if let Some(item) = pages.items.next() {
                return Some((Ok(item), pages));
            }
            if pages.done {
                return None;
            }
            match (pages.fetch)(pages.offset, pages.limit).await {
                Ok(response) => {
                    let total = response.total_count();
                    let page = response.body;
                    let count = i64::try_from(page.len()).unwrap_or(i64::MAX);
                    pages.offset = pages.offset.saturating_add(count);
                    let all_read = total.is_some_and(|total| {
                        u64::try_from(pages.offset).is_ok_and(|offset| offset >= total)
                    });
                    if count == 0 || count < pages.limit || all_read {
                        pages.done = true;
                    }
                    pages.items = page.into_iter();
                }
                Err(error) => {
                    pages.done = true;
                    return Some((Err(error), pages));
                }
            }
        }
    }))
}
