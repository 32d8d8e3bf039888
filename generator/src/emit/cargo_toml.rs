//! The generated crate's `Cargo.toml`, as a typed table serialised by the `toml`
//! crate: what cargo reads is what this module wrote, with quoting done by the
//! library cargo itself uses.

use std::collections::BTreeMap;

use serde::Serialize;

/// A dependency: a version alone, or a version with features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Dependency {
    /// `name = "1"`
    Version(String),
    /// `name = { version = "1", … }`
    Detailed {
        /// The version requirement.
        version: String,
        /// `default-features`, when not the default.
        #[serde(rename = "default-features", skip_serializing_if = "Option::is_none")]
        default_features: Option<bool>,
        /// Features to enable.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        features: Vec<String>,
        /// Only built when a feature asks for it.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        optional: bool,
    },
}

impl Dependency {
    /// A version with features, default features kept unless `default_features` is false.
    pub fn with_features(version: &str, default_features: bool, features: &[&str]) -> Self {
        Dependency::Detailed {
            version: version.to_string(),
            default_features: (!default_features).then_some(false),
            features: features.iter().map(|f| f.to_string()).collect(),
            optional: false,
        }
    }
}

/// The `[package]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package {
    /// The package name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The edition.
    pub edition: String,
    /// Never published by accident.
    pub publish: bool,
}

/// A `[[test]]` or `[[example]]` target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The target name.
    pub name: String,
    /// Its source file, relative to the crate.
    pub path: String,
    /// Whether it uses libtest's harness.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harness: Option<bool>,
}

/// A whole manifest, in the order cargo's own templates use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// `[package]`
    pub package: Package,
    /// `[dependencies]`
    pub dependencies: BTreeMap<String, Dependency>,
    /// `[dev-dependencies]`
    #[serde(
        rename = "dev-dependencies",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub dev_dependencies: BTreeMap<String, Dependency>,
    /// `[features]`: `default` first, as written.
    #[serde(skip_serializing_if = "Features::is_empty")]
    pub features: Features,
    /// `[[test]]` targets.
    #[serde(rename = "test", skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<Target>,
    /// `[[example]]` targets.
    #[serde(rename = "example", skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Target>,
    /// An empty `[workspace]` table: the crate is its own workspace, so that
    /// generating it inside another workspace does not break cargo there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<BTreeMap<String, String>>,
}

/// The `[features]` table: `default`, then the others in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// The default features.
    pub default: Vec<String>,
    /// Every other feature with what it enables.
    pub others: Vec<(String, Vec<String>)>,
}

impl Features {
    fn is_empty(&self) -> bool {
        self.default.is_empty() && self.others.is_empty()
    }
}

impl Serialize for Features {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.others.len() + 1))?;
        map.serialize_entry("default", &self.default)?;
        for (name, enables) in &self.others {
            map.serialize_entry(name, enables)?;
        }
        map.end()
    }
}

impl Manifest {
    /// The manifest of a generated crate named `name`, with the generated code's
    /// dependencies; `standalone` adds the empty `[workspace]` table.
    pub fn generated(name: &str, standalone: bool) -> Self {
        let mut dependencies = BTreeMap::new();
        let mut dep = |name: &str, d: Dependency| {
            dependencies.insert(name.to_string(), d);
        };
        dep("bytes", Dependency::Version("1".into()));
        dep(
            "futures-util",
            Dependency::with_features("0.3", false, &["std"]),
        );
        dep(
            "reqwest",
            Dependency::with_features("0.13", false, &["rustls", "multipart"]),
        );
        dep("serde", Dependency::with_features("1", true, &["derive"]));
        dep("serde_json", Dependency::Version("1".into()));
        dep(
            "tokio",
            Dependency::with_features("1", true, &["time", "sync"]),
        );
        Manifest {
            package: Package {
                name: name.to_string(),
                version: "0.1.0".into(),
                edition: "2021".into(),
                publish: false,
            },
            dependencies,
            dev_dependencies: BTreeMap::new(),
            features: Features::default(),
            tests: Vec::new(),
            examples: Vec::new(),
            workspace: standalone.then(BTreeMap::new),
        }
    }

    /// The file's text, after `header` (comment lines): one table per section,
    /// each entry a `key = value` line with the value inline, as `cargo add` writes.
    /// Keys and values are written by the `toml` crate.
    pub fn render(&self, header: &str) -> String {
        // A manifest of strings, booleans, tables and arrays always converts.
        let toml::Value::Table(root) =
            toml::Value::try_from(self).unwrap_or(toml::Value::Table(toml::Table::new()))
        else {
            return header.to_string();
        };
        let mut out = String::new();
        for (section, value) in &root {
            match value {
                toml::Value::Table(entries) => {
                    out.push_str(&format!("\n[{}]\n", key(section)));
                    for (k, v) in entries {
                        out.push_str(&format!("{} = {}\n", key(k), inline(v)));
                    }
                }
                toml::Value::Array(targets) => {
                    for target in targets {
                        out.push_str(&format!("\n[[{}]]\n", key(section)));
                        if let toml::Value::Table(entries) = target {
                            for (k, v) in entries {
                                out.push_str(&format!("{} = {}\n", key(k), inline(v)));
                            }
                        }
                    }
                }
                other => out.push_str(&format!("{} = {}\n", key(section), inline(other))),
            }
        }
        format!("{header}{}", out.trim_start_matches('\n'))
    }
}

/// A value on one line (tables inline), as the `toml` crate writes it.
fn inline(v: &toml::Value) -> String {
    let mut out = String::new();
    match serde::Serialize::serialize(v, toml::ser::ValueSerializer::new(&mut out)) {
        Ok(_) => out,
        Err(_) => v.to_string(),
    }
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_manifest_cargo_reads_back() {
        let mut m = Manifest::generated("my-api", true);
        m.features.default = vec!["v3-a".into()];
        m.features.others = vec![("v3-a".into(), vec![])];
        let text = m.render("# header\n");
        assert!(
            text.starts_with("# header\n[package]\nname = \"my-api\""),
            "{text}"
        );
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert!(parsed["workspace"].as_table().unwrap().is_empty());
        assert_eq!(
            parsed["dependencies"]["reqwest"]["default-features"].as_bool(),
            Some(false)
        );
        let features = text.find("[features]").unwrap();
        assert!(
            text[features..].starts_with("[features]\ndefault = [\"v3-a\"]\n"),
            "{text}"
        );
        assert!(!Manifest::generated("x", false)
            .render("")
            .contains("[workspace]"));
    }
}
