//! Support code shared by the generated modules.
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

/// Deserializes a present value as `Some`, so that for an `Option<Option<T>>`
/// field `null` becomes `Some(None)` and an absent field stays `None`.
#[doc(hidden)]
pub fn deserialize_some<'de, T, D>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    T: ::serde::Deserialize<'de>,
    D: ::serde::Deserializer<'de>,
{
    T::deserialize(deserializer).map(::std::option::Option::Some)
}

mod client;
pub use client::*;
