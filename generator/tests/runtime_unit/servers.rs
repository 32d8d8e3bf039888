//! Where the base URL and the OAuth2 token URL point, and when `build` refuses.

use super::runtime::{BuildError, ClientBuilder};

const TENANT: &str = "https://{tenant}.api.example.com/v3";
const DEFAULTS: &[(&str, &str)] = &[("tenant", "sailpoint")];

#[test]
fn misspelt_variables_name_the_known_ones() {
    let error = ClientBuilder::new(TENANT, DEFAULTS, None)
        .server_variable("tennant", "acme")
        .build()
        .expect_err("misspelt");
    assert!(
        matches!(&error, BuildError::UnknownServerVariable { name, known } if name == "tennant" && known == &["tenant"])
    );
    assert_eq!(
        error.to_string(),
        "unknown server variable `tennant`: the server URL's variables are `tenant`"
    );
    let error = ClientBuilder::new("https://api.example.com", &[], None)
        .server_variable("tenant", "acme")
        .build()
        .expect_err("no variables at all");
    assert!(error.to_string().contains("has no variables"), "{error}");
}

#[test]
fn host_variables_must_be_chosen_when_credentials_are_set() {
    // Without credentials, the documented default serves.
    let client = ClientBuilder::new(TENANT, DEFAULTS, None)
        .build()
        .expect("builds");
    assert_eq!(client.base_url(), "https://sailpoint.api.example.com/v3");
    // With any credentials, the host's variables must be set, even to the default.
    let error = ClientBuilder::new(TENANT, DEFAULTS, None)
        .bearer_token("t")
        .build()
        .expect_err("unconfirmed");
    assert!(matches!(
        error,
        BuildError::UnconfirmedServerVariable { .. }
    ));
    let client = ClientBuilder::new(TENANT, DEFAULTS, None)
        .server_variable("tenant", "sailpoint")
        .bearer_token("t")
        .build()
        .expect("confirmed");
    assert_eq!(client.base_url(), "https://sailpoint.api.example.com/v3");
    // Variables of the path are not where credentials go: defaults are fine.
    let client = ClientBuilder::new(
        "https://api.example.com/{version}",
        &[("version", "v2")],
        None,
    )
    .bearer_token("t")
    .build()
    .expect("path variable");
    assert_eq!(client.base_url(), "https://api.example.com/v2");
    // A base URL given by the user is chosen.
    let client = ClientBuilder::new(TENANT, DEFAULTS, None)
        .base_url("http://127.0.0.1:9/v3")
        .bearer_token("t")
        .build()
        .expect("base URL");
    assert_eq!(client.base_url(), "http://127.0.0.1:9/v3");
}

#[test]
fn token_urls_follow_the_server_pattern() {
    let build = |token: &'static str, tenant: Option<&str>| {
        let mut builder = ClientBuilder::new(TENANT, DEFAULTS, Some(token));
        if let Some(tenant) = tenant {
            builder = builder.server_variable("tenant", tenant);
        }
        builder.client_credentials("id", "secret").build()
    };
    let token = |token: &'static str, tenant| {
        build(token, tenant)
            .expect("builds")
            .token_url()
            .map(str::to_owned)
    };
    // A placeholder tenant, a lowered `{tenant}`, a relative URL.
    for documented in [
        "https://example-tenant.api.example.com/oauth/token",
        "https://{tenant}.api.example.com/oauth/token",
        "https://tenant.api.example.com/oauth/token",
    ] {
        assert_eq!(
            token(documented, Some("acme")).as_deref(),
            Some("https://acme.api.example.com/oauth/token"),
            "{documented}"
        );
    }
    assert_eq!(
        token("/oauth/token", Some("acme")).as_deref(),
        Some("https://acme.api.example.com/oauth/token")
    );
    // Another host entirely: refused, naming the way out.
    let error = build("https://login.example.org/token", Some("acme")).expect_err("untrusted");
    assert!(
        matches!(error, BuildError::UntrustedTokenUrl { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("acme.api.example.com"),
        "{error}"
    );
    // A different shape of host is another host too.
    let error = build("https://auth.example.com/oauth/token", Some("acme")).expect_err("untrusted");
    assert!(
        matches!(error, BuildError::UntrustedTokenUrl { .. }),
        "{error:?}"
    );
}

#[test]
fn variables_are_read_back_from_a_base_url() {
    let client = ClientBuilder::new(
        "https://{tenant}-{region}.api.example.com:{port}/v3",
        &[("tenant", "t"), ("region", "r"), ("port", "443")],
        Some("https://{tenant}-{region}.api.example.com:{port}/oauth/token"),
    )
    .base_url("https://my-co-eu.api.example.com:8443/v3")
    .client_credentials("id", "secret")
    .build()
    .expect("builds");
    // `{tenant}` takes the longest run that lets the rest match.
    assert_eq!(
        client.token_url(),
        Some("https://my-co-eu.api.example.com:8443/oauth/token")
    );
}
