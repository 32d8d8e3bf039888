//! Requests: what generated code fills in, and the per-call options every
//! operation builder carries.

use ::std::time::Duration;

use ::reqwest::header::{HeaderName, HeaderValue};

use super::params::{cookie_pairs, header_value, query_pairs};
use super::{Bytes, HeaderMap, Method, Multipart, QueryValue, RetryPolicy, Style};

/// One HTTP request, built by generated code.
#[derive(Debug)]
pub struct Request {
    pub(super) method: Method,
    /// The path template of the operation (`/widgets/{id}`), for tracing.
    pub(super) template: &'static str,
    pub(super) path: ::std::string::String,
    pub(super) query: ::std::string::String,
    pub(super) headers: HeaderMap,
    pub(super) cookies: ::std::string::String,
    pub(super) body: RequestBody,
    pub(super) invalid: Option<::std::string::String>,
    pub(super) options: RequestOptions,
}

#[derive(Debug)]
pub(super) enum RequestBody {
    Empty,
    Bytes(Bytes),
    Multipart(Multipart),
}

impl Request {
    /// A request for `path`, already percent-encoded, which is appended to the
    /// client's base URL.
    pub fn new(method: Method, path: ::std::string::String) -> Self {
        Self::operation(method, "", path)
    }

    /// A request of the operation whose path template is `template`
    /// (`/widgets/{id}`); `path` is the template filled in and percent-encoded.
    /// Tracing records the template, never the filled path.
    pub fn operation(method: Method, template: &'static str, path: ::std::string::String) -> Self {
        Self {
            method,
            template,
            path,
            query: ::std::string::String::new(),
            headers: HeaderMap::new(),
            cookies: ::std::string::String::new(),
            body: RequestBody::Empty,
            invalid: None,
            options: RequestOptions::default(),
        }
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation's path template (`/widgets/{id}`), empty if not given.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The path, percent-encoded.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query string so far, percent-encoded, without `?`.
    pub fn query_string(&self) -> &str {
        &self.query
    }

    /// Adds a query parameter in its `style` (see [`params`](super::params) for the
    /// layouts and fallbacks). A value with no values (`None`, an empty list) adds
    /// nothing.
    pub fn query(&mut self, name: &str, value: &dyn QueryValue, style: Style, explode: bool) {
        let pairs = query_pairs(name, value, style, explode);
        if pairs.is_empty() {
            return;
        }
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(&pairs);
    }

    /// Sets a header parameter (`simple` style: lists and objects are
    /// comma-separated). A value with no values sets nothing. An invalid name or
    /// value fails the request when sent.
    pub fn header(&mut self, name: &'static str, value: &dyn QueryValue, explode: bool) {
        let Some(text) = header_value(value, explode) else {
            return;
        };
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.invalid = Some(format!("`{name}` is not a valid header name"));
            return;
        };
        match HeaderValue::from_str(&text) {
            Ok(header_value) => {
                self.headers.insert(header_name, header_value);
            }
            Err(_) => {
                self.invalid = Some(format!("the value of header `{name}` is not valid"));
            }
        }
    }

    /// Adds a cookie parameter (`form` style, percent-encoded). A value with no
    /// values adds nothing.
    pub fn cookie(&mut self, name: &str, value: &dyn QueryValue, explode: bool) {
        let pairs = cookie_pairs(name, value, explode);
        if pairs.is_empty() {
            return;
        }
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        self.cookies.push_str(&pairs);
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

    /// Sets a JSON body of `content_type` (`application/json`, or a JSON flavour such
    /// as `application/json-patch+json`).
    pub fn json<T: ::serde::Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match ::serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(content_type.to_owned(), Bytes::from(bytes)),
            Err(e) => self.invalid = Some(format!("the body cannot be written as JSON: {e}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from a value that serialises
    /// to an object, one `key=value` pair per property, encoded by
    /// `serde_urlencoded`, in name order.
    ///
    /// What a form cannot hold directly: a list of scalars repeats its key
    /// (`tag=a&tag=b`, OpenAPI's default `form` encoding); a nested object, or a
    /// list holding objects or lists, is sent as its JSON text; a `null` property
    /// is left out. A value that is not an object fails the request.
    pub fn form<T: ::serde::Serialize + ?Sized>(&mut self, body: &T) {
        match form_pairs(body)
            .and_then(|pairs| ::serde_urlencoded::to_string(pairs).map_err(|e| e.to_string()))
        {
            Ok(text) => self.set_body(
                "application/x-www-form-urlencoded".to_owned(),
                Bytes::from(text),
            ),
            Err(e) => self.invalid = Some(format!("the form body cannot be encoded: {e}")),
        }
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

    /// Uses these per-call options (timeout, extra headers, retry policy).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The per-call options.
    pub fn options(&self) -> &RequestOptions {
        &self.options
    }
}

/// The `(key, value)` pairs of a form body (see [`Request::form`]).
fn form_pairs<T: ::serde::Serialize + ?Sized>(
    body: &T,
) -> Result<Vec<(::std::string::String, ::std::string::String)>, ::std::string::String> {
    use ::serde_json::Value;
    let text = |value: &Value| match value {
        Value::String(s) => s.clone(),
        other => super::params::canonical(other).to_string(),
    };
    let object = match ::serde_json::to_value(body).map_err(|e| e.to_string())? {
        Value::Object(object) => object,
        other => return Err(format!("a form body must be an object, not `{other}`")),
    };
    let mut pairs = Vec::with_capacity(object.len());
    for (key, value) in super::params::sorted(&object) {
        match value {
            Value::Null => {}
            Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
                pairs.extend(
                    items
                        .iter()
                        .filter(|i| !i.is_null())
                        .map(|i| (key.clone(), text(i))),
                );
            }
            _ => pairs.push((key.clone(), text(value))),
        }
    }
    Ok(pairs)
}

/// Options for one call, set on any operation builder with `with_timeout`,
/// `with_header`, `with_retry` or `with_options`; each replaces the client's
/// setting for that call only.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(super) timeout: Option<Duration>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) headers: HeaderMap,
    pub(super) invalid: Option<::std::string::String>,
}

impl RequestOptions {
    /// No per-call options: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// The limit for each attempt of this call, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An extra header for this call, replacing one of the same name set by the
    /// operation (authentication is still added by the client, last). An invalid
    /// name or value fails the call when sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.invalid = Some(format!("the extra header `{name}` is not valid")),
        }
        self
    }

    /// The extra headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// Adds the per-call option setters (`with_timeout`, `with_header`, `with_retry`,
/// `with_options`) to an operation builder that has an `options: RequestOptions`
/// field. The generator keeps parameters off these names.
// Unused in a crate whose APIs have no HTTP operations.
#[allow(unused_macros)]
macro_rules! request_options {
    ($builder:ident) => {
        impl $builder<'_> {
            /// Limits each attempt of this call to `timeout`, instead of the client's
            /// timeout.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// Sends an extra header with this call. An invalid name or value fails
            /// the call when sent.
            pub fn with_header(mut self, name: &str, value: &str) -> Self {
                self.options = self.options.header(name, value);
                self
            }

            /// Retries this call by `policy`, instead of the client's retry policy.
            pub fn with_retry(mut self, policy: runtime::RetryPolicy) -> Self {
                self.options = self.options.retry(policy);
                self
            }

            /// Replaces all per-call options of this call.
            pub fn with_options(mut self, options: runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use request_options;
