//! The client example of the README, compiled by `.ci/run` against the crate generated
//! from SailPoint's 2026 v3 docs (copied there as `examples/readme_client.rs`).

use sailpoint_v3::runtime::{self, StreamExt};
use sailpoint_v3::v3::{self, access_profiles::ListAccessProfilesError, models};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // OAuth2 client credentials against the docs' token URL, for tenant `acme`.
    // The token is cached and refreshed before it expires.
    let client = v3::Client::builder()
        .server_variable("tenant", "acme")
        .client_credentials("my-client-id", "my-client-secret")
        .build()?;

    // Every access profile, 50 at a time.
    let mut profiles = client.access_profiles().list_access_profiles().limit(50).stream();
    while let Some(profile) = profiles.next().await {
        let profile = profile?;
        println!("{} {}", profile.id.as_deref().unwrap_or("-"), profile.name);
    }

    // Values are built with constructors: here a JSON Patch from its helpers. The
    // response derefs to the updated access profile.
    let patch = vec![models::JsonPatchOperation::replace("/description", "Reviewed".to_string())];
    let updated = client
        .access_profiles()
        .patch_access_profile("2c9180835d191a86015d28455b4a2329", patch)
        .send()
        .await?;
    println!("{}: {:?}", updated.name, updated.description);

    // One call with its own timeout and an extra header. A response derefs to its
    // body; an error says what kind it is, and carries the documented body for the
    // status, plus status, headers and raw body.
    let call = client
        .access_profiles()
        .list_access_profiles()
        .filters("name sw \"A\"")
        .with_timeout(std::time::Duration::from_secs(5))
        .with_header("X-Request-Id", "readme-1");
    match call.send().await {
        Ok(page) => println!("{} profiles, {:?} in all", page.len(), page.total_count()),
        Err(e) if e.is_rate_limited() => eprintln!("rate limited, try later"),
        Err(runtime::Error::Api(e)) => match &e.parsed {
            Some(ListAccessProfilesError::BadRequest(dto)) => {
                eprintln!("bad request ({}): {:?}", e.status, dto.messages)
            }
            _ => eprintln!("HTTP {}: {}", e.status, String::from_utf8_lossy(&e.body)),
        },
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
