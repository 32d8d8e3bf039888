//! [`Nullable`]: an optional property that may also be `null`.

/// The value of an optional property whose schema allows `null`: absent, `null`,
/// or a value. The three stay apart on the wire, so a property read and written
/// back keeps its form (a PATCH that sends `null` clears a field; one that leaves
/// it out does not touch it).
///
/// A value converts into it with `into()` (`"+1 555".to_string().into()`), and
/// an `Option` too, `None` becoming `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not present (the default): left out when written.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is present as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether the property has a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one.
    pub fn value(&self) -> ::std::option::Option<&T> {
        match self {
            Nullable::Value(v) => ::std::option::Option::Some(v),
            _ => ::std::option::Option::None,
        }
    }

    /// The value by mutable reference, if there is one.
    pub fn value_mut(&mut self) -> ::std::option::Option<&mut T> {
        match self {
            Nullable::Value(v) => ::std::option::Option::Some(v),
            _ => ::std::option::Option::None,
        }
    }

    /// The value, if there is one; absent and `null` are both `None`.
    pub fn into_option(self) -> ::std::option::Option<T> {
        match self {
            Nullable::Value(v) => ::std::option::Option::Some(v),
            _ => ::std::option::Option::None,
        }
    }

    /// A reference to the value inside.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// The value inside, changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T: ::std::ops::Deref> Nullable<T> {
    /// The value, dereferenced (`Nullable<String>` gives `Option<&str>`).
    pub fn as_deref(&self) -> ::std::option::Option<&T::Target> {
        self.value().map(|v| &**v)
    }
}

impl<T> ::std::convert::From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> ::std::convert::From<::std::option::Option<T>> for Nullable<T> {
    /// `None` is `null`: an `Option` stands for a value that is present.
    fn from(value: ::std::option::Option<T>) -> Self {
        match value {
            ::std::option::Option::Some(v) => Nullable::Value(v),
            ::std::option::Option::None => Nullable::Null,
        }
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
    /// Absent is written as `null` here; a struct leaves it out with
    /// `skip_serializing_if = "Nullable::is_absent"`.
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
    /// A present value: `null` is [`Nullable::Null`]; absence is the
    /// `#[serde(default)]` of the field.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        ::std::option::Option::<T>::deserialize(deserializer).map(::std::convert::Into::into)
    }
}
