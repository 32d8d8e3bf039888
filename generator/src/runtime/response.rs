//! Responses: raw, streaming and typed.

use ::std::time::Duration;

use super::retry::reqwest_error;
use super::*;

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
    pub(super) body: StreamingBody,
    pub(super) idle_timeout: Duration,
    pub(super) hide_urls: bool,
}

#[derive(Debug)]
pub(super) enum StreamingBody {
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

/// A typed successful response: the parsed body, which it derefs to, with the
/// status and headers it came with.
///
/// `response.name` reads a field of the body; [`status`](Self::status) and
/// [`headers`](Self::headers) are methods, so a body field of the same name stays
/// reachable; [`into_inner`](Self::into_inner) takes the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: T,
}

impl<T> Response<T> {
    /// A response of this status and headers with this body.
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The parsed body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The parsed body, taken out.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// The parsed body, taken out (the same as [`into_inner`](Self::into_inner)).
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
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

impl<T> ::std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> ::std::ops::DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body
    }
}
