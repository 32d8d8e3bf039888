//! Configuration: [`ClientBuilder`] checks what the user set and builds a [`Client`].

use ::std::fmt;
use ::std::sync::atomic::AtomicU64;
use ::std::sync::Arc;
use ::std::time::{Duration, SystemTime, UNIX_EPOCH};

use ::reqwest::header::{HeaderName, HeaderValue};

use super::auth::OAuth;
use super::client::Inner;
use super::error::write_chain;
use super::params::percent_encode_into;
use super::servers;
use super::*;

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
    /// `server_variable` named a variable the server URL does not have.
    UnknownServerVariable {
        /// The name given.
        name: ::std::string::String,
        /// The server URL's variables.
        known: Vec<::std::string::String>,
    },
    /// Credentials were configured while a variable of the server's host was left at
    /// the docs' default, which is often a vendor's placeholder tenant: the
    /// credentials would go to a host nobody chose.
    UnconfirmedServerVariable {
        /// The variable's name.
        name: ::std::string::String,
        /// The docs' default, if any.
        default: Option<::std::string::String>,
    },
    /// The documented OAuth2 token URL is on another host than the API: the client
    /// secret is only sent there once confirmed with `token_url`.
    UntrustedTokenUrl {
        /// The documented token URL.
        url: ::std::string::String,
        /// The API's host (and port).
        api_host: ::std::string::String,
    },
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
            BuildError::UnknownServerVariable { name, known } if known.is_empty() => write!(
                f,
                "unknown server variable `{name}`: the server URL has no variables"
            ),
            BuildError::UnknownServerVariable { name, known } => write!(
                f,
                "unknown server variable `{name}`: the server URL's variables are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            BuildError::UnconfirmedServerVariable { name, default } => {
                write!(
                    f,
                    "credentials are configured but the server variable `{name}` is not set"
                )?;
                if let Some(default) = default {
                    write!(f, " (the docs' default `{default}` may be a placeholder)")?;
                }
                write!(
                    f,
                    ": set it with .server_variable(\"{name}\", …), even to the default, or give .base_url(…)"
                )
            }
            BuildError::UntrustedTokenUrl { url, api_host } => write!(
                f,
                "the documented token URL `{url}` is not on the API's host `{api_host}`: \
                 to send the client secret there, set it with .token_url(…)"
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
    ///
    /// Fails on a misspelt server variable, and keeps credentials away from hosts
    /// nobody chose: see [`servers`](super::servers) for the rules.
    pub fn build(self) -> Result<C, BuildError> {
        self.build_client().map(C::from)
    }

    /// The documented token URL, templated and filled from the variables the user
    /// chose, and refused when it is on another host than the API.
    fn documented_token_url(
        &self,
        documented: &str,
        chosen: &[(::std::string::String, ::std::string::String)],
        base: &::reqwest::Url,
    ) -> Result<::std::string::String, BuildError> {
        if !documented.contains("://") {
            // Relative: on the API's host by construction.
            return Ok(documented.to_owned());
        }
        let templated = servers::token_template(self.server_template, documented);
        let url = match &templated {
            Some(template) => servers::fill_template(template, chosen)?,
            None => documented.to_owned(),
        };
        let parsed = servers::parse_http_url(&url)?;
        if templated.is_none() && servers::origin_host(&parsed) != servers::origin_host(base) {
            return Err(BuildError::UntrustedTokenUrl {
                url,
                api_host: base.host_str().unwrap_or_default().to_owned(),
            });
        }
        Ok(url)
    }

    fn build_client(self) -> Result<Client, BuildError> {
        self.check_variables()?;
        let (base, chosen) = self.resolve_base_url()?;
        let parsed_base = servers::parse_http_url(&base)?;

        let mut headers = HeaderMap::new();
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidHeader {
                name: "user agent".to_owned(),
            })?;
        headers.insert(::reqwest::header::USER_AGENT, user_agent.clone());
        let Credentials {
            cookie,
            query_key,
            oauth,
        } = self.credentials(&mut headers, &chosen, &parsed_base)?;

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
                user_agent,
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

    /// Refuses a server variable the server URL does not have.
    fn check_variables(&self) -> Result<(), BuildError> {
        let mut known = servers::template_variables(self.server_template);
        known.extend(self.server_defaults.iter().map(|(n, _)| *n));
        known.sort_unstable();
        known.dedup();
        match self
            .variables
            .iter()
            .find(|(n, _)| !known.contains(&n.as_str()))
        {
            Some((name, _)) => Err(BuildError::UnknownServerVariable {
                name: name.clone(),
                known: known.iter().map(|k| (*k).to_owned()).collect(),
            }),
            None => Ok(()),
        }
    }

    /// The base URL, without a trailing slash, and the variables the user chose: set,
    /// or shown by the base URL given. With credentials, a variable of the host must
    /// be chosen, not defaulted.
    fn resolve_base_url(&self) -> Result<(::std::string::String, servers::Variables), BuildError> {
        let mut chosen: servers::Variables = self.variables.clone();
        let base = match &self.base_url {
            Some(url) => {
                for (name, value) in servers::variables_of(self.server_template, url) {
                    if servers::lookup(&chosen, &name).is_none() {
                        chosen.push((name, value));
                    }
                }
                url.clone()
            }
            None => {
                if !matches!(self.auth, Auth::None) {
                    if let Some(name) = servers::host_variables(self.server_template)
                        .into_iter()
                        .find(|n| servers::lookup(&self.variables, n).is_none())
                    {
                        return Err(BuildError::UnconfirmedServerVariable {
                            name: name.to_owned(),
                            default: self
                                .server_defaults
                                .iter()
                                .find(|(n, _)| *n == name)
                                .map(|(_, v)| (*v).to_owned()),
                        });
                    }
                }
                let mut all = self.variables.clone();
                for (name, value) in self.server_defaults {
                    if servers::lookup(&all, name).is_none() {
                        all.push(((*name).to_owned(), (*value).to_owned()));
                    }
                }
                servers::fill_template(self.server_template, &all)?
            }
        };
        Ok((base.trim_end_matches('/').to_owned(), chosen))
    }

    /// What the configured credentials add to requests: headers (inserted into
    /// `headers`), a cookie, a query parameter, or a token to fetch.
    fn credentials(
        &self,
        headers: &mut HeaderMap,
        chosen: &[(::std::string::String, ::std::string::String)],
        base: &::reqwest::Url,
    ) -> Result<Credentials, BuildError> {
        let mut credentials = Credentials::default();
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
                    credentials.query_key = Some(Secret::new(pair));
                }
                ApiKeyLocation::Cookie => {
                    let pair = format!("{name}={}", value.expose());
                    if sensitive_header(&pair).is_none() {
                        return Err(BuildError::InvalidHeader {
                            name: format!("API key cookie `{name}`"),
                        });
                    }
                    credentials.cookie = Some(Secret::new(pair));
                }
            },
            Auth::ClientCredentials {
                token_url,
                client_id,
                client_secret,
                scopes,
            } => {
                let url = self.token_url_of(token_url, chosen, base)?;
                let mut all_scopes = scopes.clone();
                all_scopes.extend(self.scopes.iter().cloned());
                credentials.oauth = Some(OAuth::new(url, client_id, client_secret, &all_scopes));
            }
        }
        Ok(credentials)
    }

    /// The token URL: configured, given with the credentials, or documented;
    /// relative ones are joined to the base URL.
    fn token_url_of(
        &self,
        given: &str,
        chosen: &[(::std::string::String, ::std::string::String)],
        base: &::reqwest::Url,
    ) -> Result<::std::string::String, BuildError> {
        let url = if let Some(url) = &self.token_url {
            url.clone()
        } else if !given.is_empty() {
            given.to_owned()
        } else if let Some(documented) = self.default_token_url {
            self.documented_token_url(documented, chosen, base)?
        } else {
            return Err(BuildError::MissingTokenUrl);
        };
        let url = match base.join(&url) {
            Ok(joined) if !url.contains("://") => joined.to_string(),
            _ => url,
        };
        servers::parse_http_url(&url)?;
        Ok(url)
    }
}

/// What credentials add to requests besides fixed headers.
#[derive(Default)]
struct Credentials {
    cookie: Option<Secret>,
    query_key: Option<Secret>,
    oauth: Option<OAuth>,
}

/// The `User-Agent` sent unless configured: the generated crate's name and version.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A header value marked sensitive (hidden from `Debug`, never indexed by HTTP/2).
pub(super) fn sensitive_header(text: &str) -> Option<HeaderValue> {
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
