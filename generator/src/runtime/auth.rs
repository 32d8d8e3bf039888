//! Authentication: the configured credentials, and OAuth2 client credentials
//! (fetching, caching and refreshing the token).

use ::std::fmt;
use ::std::time::{Duration, Instant, SystemTime};

use ::reqwest::header::HeaderValue;

use super::builder::sensitive_header;
use super::client::Inner;
use super::error::{snippet, ChainDisplay};
use super::params::percent_encode_into;
use super::retry::{failure_kind, retry_after, FailureKind};
use super::*;

/// The longest token lifetime believed, whatever the server says: one year.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);
/// The token lifetime assumed when the token response has no `expires_in`.
const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

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

/// OAuth2 client credentials, ready to fetch tokens.
pub(super) struct OAuth {
    pub(super) token_url: ::std::string::String,
    /// The token request's form body, with the client secret.
    pub(super) form: Secret,
    pub(super) secret: Secret,
    pub(super) encoded_secret: Secret,
    /// The cached token; the lock is held while fetching, so concurrent callers
    /// share one fetch.
    pub(super) cache: ::tokio::sync::Mutex<Option<CachedToken>>,
}

impl OAuth {
    /// A client-credentials grant at `token_url`, its form body built once.
    pub(super) fn new(
        token_url: ::std::string::String,
        client_id: &str,
        client_secret: &Secret,
        scopes: &[::std::string::String],
    ) -> Self {
        let mut form = ::std::string::String::from("grant_type=client_credentials");
        for (key, value) in [
            ("client_id", client_id),
            ("client_secret", client_secret.expose()),
        ] {
            form.push('&');
            form.push_str(key);
            form.push('=');
            percent_encode_into(&mut form, value);
        }
        if !scopes.is_empty() {
            form.push_str("&scope=");
            percent_encode_into(&mut form, &scopes.join(" "));
        }
        let mut encoded_secret = ::std::string::String::new();
        percent_encode_into(&mut encoded_secret, client_secret.expose());
        OAuth {
            token_url,
            form: Secret::new(form),
            secret: client_secret.clone(),
            encoded_secret: Secret::new(encoded_secret),
            cache: ::tokio::sync::Mutex::new(None),
        }
    }
}

pub(super) struct CachedToken {
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
    pub(super) async fn token(&self, inner: &Inner) -> Result<(HeaderValue, bool), TransportError> {
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
    pub(super) async fn forget(&self, used: &HeaderValue) {
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
                    .header(::reqwest::header::USER_AGENT, inner.user_agent.clone())
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
                            None => inner.backoff(policy, retries),
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
                        ::tokio::time::sleep(inner.backoff(policy, retries)).await;
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
