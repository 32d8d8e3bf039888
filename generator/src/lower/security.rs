//! What an API's client authenticates and connects with: the security
//! requirements of an operation, the security schemes and the servers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ir::{SecurityScheme, Server};
use crate::mdx::Page;

/// An operation's `security`: per requirement, each scheme's name and scopes.
pub(super) fn security(v: Option<&Value>) -> Vec<(String, Vec<String>)> {
    let Some(list) = v.and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for req in list.iter().filter_map(Value::as_object) {
        for (name, scopes) in req {
            let scopes = scopes
                .as_array()
                .map(|s| {
                    s.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            out.push((name.clone(), scopes));
        }
    }
    out
}

/// The security schemes of all pages (the first definition of a name wins).
pub(super) fn security_schemes(
    pages: &[&Page],
    servers: &[Server],
) -> BTreeMap<String, SecurityScheme> {
    let variables: BTreeSet<&str> = servers
        .iter()
        .flat_map(|s| s.variables.keys().map(String::as_str))
        .collect();
    let mut out = BTreeMap::new();
    for page in pages {
        let Some(schemes) = page.api.get("securitySchemes").and_then(Value::as_object) else {
            continue;
        };
        for (name, s) in schemes {
            if out.contains_key(name) {
                continue;
            }
            let text = |k: &str| {
                s.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let scheme = match text("type").as_str() {
                "oauth2" => SecurityScheme::OAuth2 {
                    token_url: s
                        .pointer("/flows/clientCredentials/tokenUrl")
                        .and_then(Value::as_str)
                        .map(|u| templated_host(u, &variables)),
                },
                "http" => SecurityScheme::Http {
                    scheme: text("scheme").to_ascii_lowercase(),
                },
                "apiKey" => SecurityScheme::ApiKey {
                    name: text("name"),
                    location: text("in"),
                },
                _ => SecurityScheme::Other,
            };
            out.insert(name.clone(), scheme);
        }
    }
    out
}

/// `https://tenant.api.example.com/…` becomes `https://{tenant}.api.example.com/…`
/// when `tenant` is a server variable: the docs write the token URL for one tenant.
fn templated_host(url: &str, variables: &BTreeSet<&str>) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let label_end = rest.find(['.', '/', ':']).unwrap_or(rest.len());
    let label = &rest[..label_end];
    if variables.contains(label) {
        format!("{scheme}://{{{label}}}{}", &rest[label_end..])
    } else {
        url.to_string()
    }
}

/// The servers of an operation's page, with their variables' defaults.
pub(super) fn servers(api: &Value) -> Vec<Server> {
    let Some(list) = api.get("servers").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|s| {
            let url = s.get("url")?.as_str()?.to_string();
            let variables = s
                .get("variables")
                .and_then(Value::as_object)
                .map(|vars| {
                    vars.iter()
                        .map(|(k, v)| {
                            let default =
                                v.get("default").and_then(Value::as_str).unwrap_or_default();
                            (k.clone(), default.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Server { url, variables })
        })
        .collect()
}
