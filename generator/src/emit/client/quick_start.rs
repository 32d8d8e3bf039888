//! The quick start of the crate root's docs: a client built with the documented
//! authentication and one call.

use crate::ir::{Api, Payload, SecurityScheme, Ty};

use super::pagination::paged;

/// Doc lines of the crate root's quick start for `api` (module `api.module` of the
/// crate `krate`): a `no_run` example that builds the client with the documented
/// authentication, calls a list operation (through its pages when it has them)
/// and tells a missing resource from other errors. It compiles as a doc test.
/// Also returns how much it shows: 0 without a call, 1 to 3 for a GET, a list,
/// a paged list.
pub(crate) fn quick_start(api: &Api, krate: &str) -> (u8, Vec<String>) {
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
    ];
    let m = &api.module;
    let paging = api
        .client
        .operations()
        .map(|(t, o)| (t, o, &api.operations[o.index]));
    // A call without required arguments: a paged list, else a GET list, else a GET.
    let callable: Vec<_> = paging
        .filter(|(_, _, o)| o.method == "get" && !o.params.iter().any(|p| p.required))
        .filter(|(_, _, o)| o.request.is_empty() || !o.request_required)
        .collect();
    let (success_of, pick) = {
        let mut best: Option<(u8, usize)> = None;
        for (i, (_, plan, o)) in callable.iter().enumerate() {
            let distinct = plan.success_payloads();
            let rank = if paged(o, &distinct).is_some() {
                2
            } else if matches!(distinct[..], [Payload::Json(Ty::Array(_))]) {
                1
            } else {
                0
            };
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, i));
            }
        }
        (best.map(|(r, _)| r), best.map(|(_, i)| callable[i]))
    };
    if success_of == Some(2) {
        lines.push(format!("use {krate}::runtime::StreamExt;"));
        lines.push(String::new());
    }
    lines.push(format!("let client = {krate}::{m}::Client::builder()"));
    if let Some(server) = api.servers.first() {
        let template = &server.url;
        let authority = template
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .unwrap_or_default();
        for name in server.variables.keys() {
            if authority.contains(&format!("{{{name}}}")) {
                lines.push(format!("    .server_variable({name:?}, \"your-{name}\")"));
            }
        }
    }
    lines.extend(auth_lines(api, krate));
    lines.push("    .build()?;".into());
    if let (Some((tag, plan, _)), Some(rank)) = (pick, success_of) {
        let call = format!("client.{}().{}()", tag.accessor, plan.method);
        if rank == 2 {
            lines.push("// Every item, page after page.".into());
            lines.push(format!("let mut items = {call}.stream();"));
            lines.push("while let Some(item) = items.next().await {".into());
            lines.push("    let _item = item?;".into());
            lines.push("}".into());
        }
        lines.push("// One call, telling a missing resource from other errors.".into());
        lines.push(format!("match {call}.send().await {{"));
        lines.push("    Ok(response) => println!(\"{}\", response.status()),".into());
        lines.push("    Err(e) if e.is_not_found() => println!(\"not found\"),".into());
        lines.push("    Err(e) if e.is_rate_limited() => println!(\"slow down\"),".into());
        lines.push("    Err(e) => return Err(e.into()),".into());
        lines.push("}".into());
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    (success_of.map_or(0, |rank| rank + 1), lines)
}

/// The builder calls of the quick start that authenticate as the docs say.
fn auth_lines(api: &Api, krate: &str) -> Vec<String> {
    let server_templated = api.servers.first().is_some_and(|s| {
        s.url
            .split_once("://")
            .is_some_and(|(_, r)| r.starts_with('{'))
    });
    // The host, less a first label that is a variable (`{tenant}.api.example.com`
    // stands for every tenant's host; the runtime templates such token URLs).
    let loose = |url: &str| {
        let host = url.split_once("://")?.1.split('/').next()?.to_string();
        Some(match host.split_once('.') {
            Some((first, rest)) if first.starts_with('{') || server_templated => rest.to_string(),
            _ => host,
        })
    };
    let server_host = api.servers.first().and_then(|s| loose(&s.url));
    for scheme in api.security_schemes.values() {
        match scheme {
            SecurityScheme::OAuth2 {
                token_url: Some(url),
            } => {
                let mut lines =
                    vec!["    .client_credentials(\"client-id\", \"client-secret\")".to_string()];
                let host = loose(url);
                if host.is_some() && host != server_host && !url.contains('{') {
                    // The runtime refuses a token URL on another host unless confirmed.
                    lines.push(format!("    .token_url({url:?})"));
                }
                return lines;
            }
            SecurityScheme::OAuth2 { token_url: None } | SecurityScheme::Http { .. } => {
                return vec!["    .bearer_token(\"token\")".into()];
            }
            SecurityScheme::ApiKey { name, location } => {
                let loc = match location.as_str() {
                    "query" => "Query",
                    "cookie" => "Cookie",
                    _ => "Header",
                };
                return vec![format!(
                    "    .api_key({name:?}, {krate}::runtime::ApiKeyLocation::{loc}, \"key\")"
                )];
            }
            SecurityScheme::Other => {}
        }
    }
    Vec::new()
}
