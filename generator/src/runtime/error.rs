//! Errors, with the status-class helpers callers branch on.

use ::std::fmt;

use super::*;

/// How much of a response body an error message quotes, in characters.
const SNIPPET_CHARS: usize = 300;

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
pub(super) struct ChainDisplay<'e>(pub(super) &'e dyn ::std::error::Error);

impl fmt::Display for ChainDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_chain(f, self.0)
    }
}

/// Writes an error and its sources, skipping a source already quoted.
pub(super) fn write_chain(
    f: &mut fmt::Formatter<'_>,
    error: &dyn ::std::error::Error,
) -> fmt::Result {
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
    pub(super) status: Option<StatusCode>,
    pub(super) body: ::std::string::String,
    pub(super) message: ::std::string::String,
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

    /// The status of an error answer (not of a success whose body did not parse).
    fn error_status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether the server answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.error_status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the server answered 429 Too Many Requests (after any retries).
    pub fn is_rate_limited(&self) -> bool {
        self.error_status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the server answered 401 Unauthorized or 403 Forbidden, or no OAuth2
    /// token could be had.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Error::Transport(TransportError::Auth(_)))
            || matches!(
                self.error_status(),
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
    }

    /// Whether the server answered with a 4xx status, documented or not.
    pub fn is_client_error(&self) -> bool {
        self.error_status().is_some_and(|s| s.is_client_error())
    }

    /// Whether the server answered with a 5xx status, documented or not.
    pub fn is_server_error(&self) -> bool {
        self.error_status().is_some_and(|s| s.is_server_error())
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// The raw body of an error answer.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
            Error::Transport(_) => None,
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
pub(super) fn snippet(text: &str) -> ::std::string::String {
    let text = text.trim();
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
