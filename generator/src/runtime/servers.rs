//! Server URL templates and where credentials may go.
//!
//! The base URL is the documented server template (`https://{tenant}.api.example.com/v3`)
//! with its variables filled in, or a URL the user gives. Credentials are only ever
//! sent to a host the user configured or confirmed:
//!
//! - With credentials configured and no base URL given, every variable of the
//!   template's host (and port) must be set with `server_variable`, even to its
//!   default: docs often default the tenant to a vendor's placeholder.
//! - The OAuth2 token URL set with `token_url` is used as given.
//! - A documented token URL is templated like the server when its host has the
//!   server's host pattern (`https://example-tenant.api.example.com/oauth/token`
//!   becomes `https://{tenant}.api.example.com/oauth/token`), and filled with the
//!   variables the user set or that the base URL shows (`acme` from
//!   `https://acme.api.example.com/v3`), never with the docs' defaults.
//! - A documented token URL on another host than the base URL's is refused: the
//!   user must confirm it with `token_url`.

use super::BuildError;

/// `(name, value)` pairs of server variables.
pub(super) type Variables = Vec<(::std::string::String, ::std::string::String)>;

/// The value of `name` in `variables`.
pub(super) fn lookup<'v>(
    variables: &'v [(::std::string::String, ::std::string::String)],
    name: &str,
) -> Option<&'v str> {
    variables
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The names of the `{variables}` of `template`, in order.
pub(super) fn template_variables(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// The authority (`host[:port]`) of an absolute URL or URL template, and what
/// comes before and after it.
fn split_authority(url: &str) -> Option<(&str, &str, &str)> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    Some((&url[..start], &url[start..end], &url[end..]))
}

/// The variables of `template`'s authority: those that decide where requests go.
pub(super) fn host_variables(template: &str) -> Vec<&str> {
    split_authority(template)
        .map(|(_, authority, _)| template_variables(authority))
        .unwrap_or_default()
}

/// Matches `text` against `pattern`, whose `{variables}` each stand for a non-empty
/// run of characters other than `.`, `:` and `/`; returns the variables' values.
fn match_pattern(pattern: &str, text: &str) -> Option<Variables> {
    let Some(open) = pattern.find('{') else {
        return pattern.eq_ignore_ascii_case(text).then(Vec::new);
    };
    let literal = &pattern[..open];
    let rest_text = text
        .get(..literal.len())
        .filter(|t| t.eq_ignore_ascii_case(literal))
        .map(|_| &text[literal.len()..])?;
    let after = &pattern[open + 1..];
    let close = after.find('}')?;
    let name = &after[..close];
    let rest_pattern = &after[close + 1..];
    let run = rest_text.find(['.', ':', '/']).unwrap_or(rest_text.len());
    // The longest run first, then shorter ones, so `{a}-x` matches `b-c-x`.
    for end in (1..=run).rev() {
        if !rest_text.is_char_boundary(end) {
            continue;
        }
        if let Some(mut found) = match_pattern(rest_pattern, &rest_text[end..]) {
            found.insert(0, (name.to_owned(), rest_text[..end].to_owned()));
            return Some(found);
        }
    }
    None
}

/// The server variables a URL shows, read by matching its authority against the
/// server template's (`acme` for `{tenant}` from `https://acme.api.example.com`).
pub(super) fn variables_of(server_template: &str, url: &str) -> Variables {
    match (split_authority(server_template), split_authority(url)) {
        (Some((_, pattern, _)), Some((_, authority, _))) => {
            match_pattern(pattern, authority).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The documented token URL as a template: as documented when it has variables
/// already; with the server's authority pattern when its host matches it; else
/// `None` (a fixed URL).
pub(super) fn token_template(
    server_template: &str,
    token_url: &str,
) -> Option<::std::string::String> {
    if !template_variables(token_url).is_empty() {
        return Some(token_url.to_owned());
    }
    let (_, pattern, _) = split_authority(server_template)?;
    if template_variables(pattern).is_empty() {
        return None;
    }
    let (scheme, authority, rest) = split_authority(token_url)?;
    match_pattern(pattern, authority)?;
    Some(format!("{scheme}{pattern}{rest}"))
}

/// Replaces each `{name}` of `template` with its value.
pub(super) fn fill_template(
    template: &str,
    variables: &[(::std::string::String, ::std::string::String)],
) -> Result<::std::string::String, BuildError> {
    let mut out = ::std::string::String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let name = &after[..close];
        match lookup(variables, name) {
            Some(value) => out.push_str(value),
            None => {
                return Err(BuildError::UnfilledServerVariable {
                    name: name.to_owned(),
                    template: template.to_owned(),
                })
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses an absolute `http` or `https` URL.
pub(super) fn parse_http_url(url: &str) -> Result<::reqwest::Url, BuildError> {
    let invalid = |reason: ::std::string::String| BuildError::InvalidUrl {
        url: url.to_owned(),
        reason,
    };
    let parsed = ::reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(invalid("the scheme is not http or https".to_owned()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("there is no host".to_owned()));
    }
    Ok(parsed)
}

/// `host[:port]` of a parsed URL, the port always shown.
pub(super) fn origin_host(url: &::reqwest::Url) -> ::std::string::String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}
