//! Stable machine names for the vocabulary of the design page.
//!
//! Every enum that travels through the database, JSON or the command line is declared with
//! [`machine_names!`], which gives it one spelling everywhere: `as_str` for writing,
//! `FromStr` for reading (with an error that lists the valid names) and serde impls that use
//! the same strings.

use std::fmt;

/// A name that is not one of an enum's machine names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}` (valid: {valid})")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
    pub valid: String,
}

/// Declares a vocabulary enum with its machine names.
#[macro_export]
macro_rules! machine_names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable machine name used in the database, JSON and on the command line.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::names::UnknownName;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    _ => Err($crate::domain::names::UnknownName {
                        what: $what,
                        value: s.to_string(),
                        valid: [$( $text ),+].join(", "),
                    }),
                }
            }
        }

        impl $crate::domain::names::Vocab for $name {
            const WHAT: &'static str = $what;
            fn name(self) -> &'static str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// A vocabulary enum: what it names (`"status"`) and each value's machine name. Labels in
/// each language are looked up by these two strings.
pub trait Vocab: Copy {
    const WHAT: &'static str;
    fn name(self) -> &'static str;
}

/// Lists the machine names of a vocabulary for messages.
pub fn list<T: Copy + fmt::Display>(all: &[T]) -> String {
    all.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
