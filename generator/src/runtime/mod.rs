//! Support code shared by the generated modules: the model helpers below, and the
//! HTTP machinery every operation shares (configuration, authentication, retries,
//! request encoding, responses and errors).
//!
//! Every operation builds a [`Request`], hands it to [`Client::execute`] and turns the
//! [`RawResponse`] into a typed [`Response`] or an [`Error`]. Nothing there is generic
//! over the operation, so the code is compiled once however many operations there are.
//! The client needs a Tokio runtime with its time driver enabled (as `reqwest` does).
//!
//! With the crate's `tracing` feature, each request is one `tracing` span named
//! `request` with the fields `method`, `path` (the operation's path template),
//! `status`, `attempt` (how many were made) and `duration_ms`; retries are `debug`
//! events in it. Spans never hold credentials, query values, headers or bodies.
//!
//! String formats are kept as the exact text the server sent, so a value read and
//! written back never changes on the wire (SailPoint ids declared `uuid` have no
//! hyphens, and timestamps vary in precision).

use ::std::fmt;

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub ::std::string::String);

        impl $name {
            /// The text exactly as on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The owned text.
            pub fn into_string(self) -> ::std::string::String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                Self(s)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_newtype!(
    /// A `date-time` string (RFC 3339), kept as sent.
    DateTime
);
text_newtype!(
    /// A `date` string (`YYYY-MM-DD`), kept as sent.
    Date
);
text_newtype!(
    /// A `uuid` string, kept as sent: with or without hyphens, in its case.
    Uuid
);
text_newtype!(
    /// A `byte` string: base64 text, kept as sent.
    Base64
);

/// A JSON `number`, kept as sent: `5` stays `5` and `5.0` stays `5.0`, where an
/// `f64` would write both as `5.0`. Read it with [`Number::as_f64`] or
/// [`Number::as_i64`]; make one with `From` an integer or [`Number::from_f64`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
#[serde(transparent)]
pub struct Number(pub ::serde_json::Number);

impl Number {
    /// The value as an `f64` (an integer beyond 2^53 loses precision).
    pub fn as_f64(&self) -> f64 {
        self.0.as_f64().unwrap_or(f64::NAN)
    }

    /// The value as an `i64`, if it is an integer written without a fraction.
    pub fn as_i64(&self) -> ::std::option::Option<i64> {
        self.0.as_i64()
    }

    /// A number from an `f64`; `None` for NaN and the infinities, which JSON cannot hold.
    pub fn from_f64(value: f64) -> ::std::option::Option<Self> {
        ::serde_json::Number::from_f64(value).map(Self)
    }
}

impl ::std::default::Default for Number {
    fn default() -> Self {
        Self(::serde_json::Number::from(0))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl ::std::convert::From<::serde_json::Number> for Number {
    fn from(value: ::serde_json::Number) -> Self {
        Self(value)
    }
}

macro_rules! number_from_int {
    ($($ty:ty),*) => {
        $(
            impl ::std::convert::From<$ty> for Number {
                fn from(value: $ty) -> Self {
                    Self(::serde_json::Number::from(value))
                }
            }
        )*
    };
}

number_from_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl QueryValue for Number {
    fn query_values(&self) -> ::std::vec::Vec<::std::string::String> {
        ::std::vec![self.to_string()]
    }
}

/// Whether `value` serializes to exactly `json`: how untagged unions pick the
/// variant that keeps a value unchanged.
#[doc(hidden)]
pub fn writes_back<T: ::serde::Serialize>(value: &T, json: &::serde_json::Value) -> bool {
    ::serde_json::to_value(value).is_ok_and(|written| written == *json)
}

/// Deserializes a present value as `Some`, so that for an `Option<Option<T>>`
/// field `null` becomes `Some(None)` and an absent field stays `None`.
#[doc(hidden)]
pub fn deserialize_some<'de, T, D>(
    deserializer: D,
) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    T: ::serde::Deserialize<'de>,
    D: ::serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map(::std::option::Option::Some)
}

/// A JSON object being read into a generated struct: each declared property is
/// taken out by its name, and what is left becomes the struct's undeclared
/// properties.
///
/// Every generated struct's `Deserialize` is a few calls to this, rather than a
/// visitor derived per struct, which keeps the generated crate quick to compile.
/// The rules are serde's derive's: a required property that is absent is a
/// `missing field` error; `option` reads an absent property or `null` as `None`;
/// `some` reads an absent property as `None` and any present one, `null`
/// included, as `Some`, so that `Option<Option<T>>` keeps `null` apart from absent.
/// Unlike the derive, a property given twice keeps its last value.
///
/// Only a required property's read is fallible: the others keep the first error
/// they meet and give `None` (or [`Nullable::Absent`]), and [`Object::end`] (or
/// the next required property) returns that error. The generated code then has one
/// `?` per required property instead of one per property, which is most of what
/// type- and borrow-checking it costs; the error is the one the derive's visitor
/// would have stopped at.
#[doc(hidden)]
pub struct Object<E> {
    map: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    error: ::std::option::Option<E>,
}

impl<E: ::serde::de::Error> Object<E> {
    /// Reads a JSON object from `deserializer`.
    pub fn read<'de, D>(deserializer: D) -> ::std::result::Result<Self, E>
    where
        D: ::serde::Deserializer<'de, Error = E>,
    {
        let map = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(deserializer)?;
        ::std::result::Result::Ok(Self {
            map,
            error: ::std::option::Option::None,
        })
    }

    fn parse<T: ::serde::de::DeserializeOwned>(
        key: &str,
        value: ::serde_json::Value,
    ) -> ::std::result::Result<T, E> {
        T::deserialize(value).map_err(|e| E::custom(::std::format_args!("field `{key}`: {e}")))
    }

    /// `key` read by `read` when present, `absent` when not or when it does not
    /// read (the error kept, the first only).
    fn take<T>(
        &mut self,
        key: &str,
        absent: T,
        read: impl ::std::ops::FnOnce(&str, ::serde_json::Value) -> ::std::result::Result<T, E>,
    ) -> T {
        match self.map.remove(key) {
            ::std::option::Option::Some(value) => read(key, value).unwrap_or_else(|e| {
                self.error.get_or_insert(e);
                absent
            }),
            ::std::option::Option::None => absent,
        }
    }

    /// A property that must be present. An error met before it is returned first.
    pub fn required<T: ::serde::de::DeserializeOwned>(
        &mut self,
        key: &'static str,
    ) -> ::std::result::Result<T, E> {
        if let ::std::option::Option::Some(e) = self.error.take() {
            return ::std::result::Result::Err(e);
        }
        match self.map.remove(key) {
            ::std::option::Option::Some(value) => Self::parse(key, value),
            ::std::option::Option::None => ::std::result::Result::Err(E::missing_field(key)),
        }
    }

    /// A property read as `Option<T>`: absent or `null` is `None`.
    pub fn option<T: ::serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> ::std::option::Option<T> {
        self.take(key, ::std::option::Option::None, Self::parse)
    }

    /// A property read as `Some(T)` whenever present (`T` may read `null` itself).
    pub fn some<T: ::serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> ::std::option::Option<T> {
        self.take(key, ::std::option::Option::None, |key, value| {
            Self::parse(key, value).map(::std::option::Option::Some)
        })
    }

    /// An optional property that may be `null`, kept apart from absent.
    pub fn nullable<T: ::serde::de::DeserializeOwned>(&mut self, key: &str) -> Nullable<T> {
        self.take(key, Nullable::Absent, Self::parse)
    }

    /// The properties not taken, each read as `T`.
    pub fn rest<T: ::serde::de::DeserializeOwned>(
        &mut self,
    ) -> ::std::collections::BTreeMap<::std::string::String, T> {
        let mut rest = ::std::collections::BTreeMap::new();
        for (key, value) in ::std::mem::take(&mut self.map) {
            match Self::parse(&key, value) {
                ::std::result::Result::Ok(value) => {
                    rest.insert(key, value);
                }
                ::std::result::Result::Err(e) => {
                    self.error.get_or_insert(e);
                }
            }
        }
        rest
    }

    /// The properties not taken, as JSON values.
    pub fn rest_values(
        &mut self,
    ) -> ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value> {
        ::std::mem::take(&mut self.map).into_iter().collect()
    }

    /// `value`, or the first error met while reading it.
    pub fn end<T>(self, value: T) -> ::std::result::Result<T, E> {
        match self.error {
            ::std::option::Option::Some(e) => ::std::result::Result::Err(e),
            ::std::option::Option::None => ::std::result::Result::Ok(value),
        }
    }
}

/// A generated struct being written as a JSON object: each declared property by
/// its name, absent ones left out, then the struct's undeclared properties.
///
/// Every generated struct's `Serialize` is a few calls to this, the counterpart of
/// [`Object`], rather than serde's derive, for the same reason. It writes what the
/// derive would with `skip_serializing_if` on the optional properties. The calls
/// are chained, the writer carrying the first error to [`ObjectWriter::end`], so
/// that the generated code has no `?` per property.
#[doc(hidden)]
pub struct ObjectWriter<M: ::serde::ser::SerializeMap> {
    map: ::std::result::Result<M, M::Error>,
}

impl<M: ::serde::ser::SerializeMap> ObjectWriter<M> {
    /// Starts an object on `serializer`.
    pub fn start<S>(serializer: S) -> Self
    where
        S: ::serde::Serializer<SerializeMap = M, Error = M::Error>,
    {
        Self {
            map: serializer.serialize_map(::std::option::Option::None),
        }
    }

    fn entry<T: ::serde::Serialize + ?Sized>(mut self, key: &str, value: &T) -> Self {
        if let ::std::result::Result::Ok(map) = &mut self.map {
            if let ::std::result::Result::Err(e) = map.serialize_entry(key, value) {
                self.map = ::std::result::Result::Err(e);
            }
        }
        self
    }

    /// A property written whatever its value.
    pub fn required<T: ::serde::Serialize + ?Sized>(self, key: &'static str, value: &T) -> Self {
        self.entry(key, value)
    }

    /// A property left out when `None`.
    pub fn option<T: ::serde::Serialize>(
        self,
        key: &'static str,
        value: &::std::option::Option<T>,
    ) -> Self {
        match value {
            ::std::option::Option::Some(value) => self.entry(key, value),
            ::std::option::Option::None => self,
        }
    }

    /// A property left out when absent, written as `null` when null.
    pub fn nullable<T: ::serde::Serialize>(self, key: &'static str, value: &Nullable<T>) -> Self {
        if value.is_absent() {
            self
        } else {
            self.entry(key, value)
        }
    }

    /// The undeclared properties.
    pub fn rest<T: ::serde::Serialize>(
        self,
        rest: &::std::collections::BTreeMap<::std::string::String, T>,
    ) -> Self {
        rest.iter()
            .fold(self, |object, (key, value)| object.entry(key, value))
    }

    /// Ends the object.
    pub fn end(self) -> ::std::result::Result<M::Ok, M::Error> {
        self.map?.end()
    }
}

mod auth;
mod builder;
mod client;
mod error;
mod multipart;
mod nullable;
mod pagination;
pub mod params;
mod request;
mod response;
mod retry;
pub mod servers;
mod trace;

pub use self::auth::*;
pub use self::builder::*;
pub use self::client::*;
pub use self::error::*;
pub use self::multipart::*;
pub use self::nullable::Nullable;
pub use self::pagination::*;
pub use self::params::{display_value, json_param, path_param, QueryValue, Style};
#[allow(unused_imports)]
pub(crate) use self::request::request_options;
pub use self::request::*;
pub use self::response::*;
pub use self::retry::*;

pub use ::bytes::Bytes;
pub use ::futures_util::future::BoxFuture;
pub use ::futures_util::stream::{BoxStream, Stream, StreamExt, TryStreamExt};
pub use ::reqwest::header::HeaderMap;
pub use ::reqwest::{Method, StatusCode};
