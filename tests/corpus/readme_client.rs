//! The client example of the README, compiled by `.ci/run` against the crate generated
//! from SailPoint's 2026 v3 docs (copied there as `examples/readme_client.rs`).

use sailpoint_v3::runtime::{self, StreamExt};
use sailpoint_v3::v3::{self, access_profiles::ListAccessProfilesError};

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

    // A typed error: the documented body for the status, plus status, headers and raw body.
    match client.access_profiles().list_access_profiles().filters("name sw \"A\"").send().await {
        Ok(page) => println!("{} profiles, {:?} in all", page.body.len(), page.total_count()),
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
