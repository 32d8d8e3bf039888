#!/usr/bin/env bash
# Conformance of the generated client against the ORIGINAL source specs.
#
# usage: scripts/spec-conformance.sh [--api NAME]... [--known-misses FILE] [--shared DIR]
#
#   --api NAME  an API of the 2026 SailPoint trees: v3, v2026 (default: both). Its
#               spec is DIR/specs/sailpoint-2026/NAME.yaml, the exact document the
#               plugin rendered DIR/corpus/sailpoint-2026/NAME from.
#   --known-misses FILE
#               lines `API OPERATION-ID REASON`: misses that are Prism's limits or the
#               spec's mistakes (default: scripts/spec-known-misses.txt). The run fails
#               on any other miss, and on a listed one that no longer misses.
#   --shared DIR
#               the shared reference data (default: $SHARED_DIR, else ../shared).
#
# Unlike scripts/prism-conformance.sh, which serves a document reassembled from the
# pages, this serves each source spec as its owner wrote it, with
# `prism mock --dynamic --seed S --errors` (responses made from the schemas, every
# request and response validated) on 127.0.0.1, from port $PRISM_PORT (default 4110)
# upwards. It then hands the running mock to `prism-conformance.sh --url`, which
# writes the smoke program from the docs tree (`mdx-codegen smoke`), builds it, calls
# every operation once, prints each miss with its reason and the line
# `API: called C/N, accepted A/N, parsed P/N`, and checks the misses against the list.
#
# Environment: MDX_CODEGEN (the binary; default target/release/mdx-codegen, built if
# missing), PRISM (a prism executable; default: @stoplight/prism-cli at the version
# prism-conformance.sh pins, installed with npm into a temporary prefix),
# CARGO_TARGET_DIR (default: a temporary folder shared by the APIs, removed at the
# end), PRISM_SEED (the seed of Prism's dynamic responses, default `mdx-codegen`),
# PRISM_START_TIMEOUT (seconds, default 300).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_DIR:-$root/../shared}
known=$root/scripts/spec-known-misses.txt
apis=()
while [ $# -gt 0 ]; do
  case "$1" in
    --api) apis+=("$2"); shift 2 ;;
    --known-misses) known=$2; shift 2 ;;
    --shared) shared=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#apis[@]} -gt 0 ] || apis=(v3 v2026)
for api in "${apis[@]}"; do
  [ -f "$shared/specs/sailpoint-2026/$api.yaml" ] || { echo "no spec $shared/specs/sailpoint-2026/$api.yaml" >&2; exit 2; }
  [ -d "$shared/corpus/sailpoint-2026/$api" ] || { echo "no docs tree $shared/corpus/sailpoint-2026/$api" >&2; exit 2; }
done

# The same pinned Prism as prism-conformance.sh: its pin is read, not copied.
prism_version=${PRISM_VERSION:-$(sed -n 's/^prism_version=\${PRISM_VERSION:-\(.*\)}$/\1/p' \
  "$root/scripts/prism-conformance.sh")}
[ -n "$prism_version" ] || { echo "no Prism version pinned in prism-conformance.sh" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  # One target folder for every API's smoke crate: dependencies build once.
  export CARGO_TARGET_DIR=$work/target
fi

export MDX_CODEGEN=${MDX_CODEGEN:-$root/target/release/mdx-codegen}
if [ ! -x "$MDX_CODEGEN" ]; then
  (cd "$root" && cargo build --release -p mdx-codegen)
fi

prism=${PRISM:-}
if [ -z "$prism" ]; then
  echo "== installing @stoplight/prism-cli@$prism_version"
  npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error \
    "@stoplight/prism-cli@$prism_version" >/dev/null
  prism=$work/npm/node_modules/.bin/prism
fi

# Start every mock first: loading a large spec takes a while. A fixed seed makes the
# dynamic responses, and so the misses, the same from run to run.
seed=${PRISM_SEED:-mdx-codegen}
declare -A port_of pid_of
port=${PRISM_PORT:-4110}
for api in "${apis[@]}"; do
  "$prism" mock -h 127.0.0.1 -p "$port" --dynamic --seed "$seed" --errors \
    "$shared/specs/sailpoint-2026/$api.yaml" > "$work/prism-$api.log" 2>&1 &
  pids+=($!)
  pid_of[$api]=$!
  port_of[$api]=$port
  port=$((port + 1))
done

# Waits until the mock of API $1 listens; fails when it exits or times out.
wait_ready() {
  local api=$1 deadline=$((SECONDS + ${PRISM_START_TIMEOUT:-300}))
  until (exec 3<>"/dev/tcp/127.0.0.1/${port_of[$1]}") 2>/dev/null; do
    if ! kill -0 "${pid_of[$api]}" 2>/dev/null; then
      tail -n 20 "$work/prism-$api.log" >&2
      echo "the mock server of $api exited" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "the mock server of $api did not start in time" >&2
      return 1
    fi
    sleep 2
  done
}

failed=0
for api in "${apis[@]}"; do
  wait_ready "$api" || { failed=1; continue; }
  echo "== $api: the smoke program of corpus/sailpoint-2026/$api against specs/sailpoint-2026/$api.yaml"
  if ! "$root/scripts/prism-conformance.sh" --url "http://127.0.0.1:${port_of[$api]}" \
      --api "$api" --known-misses "$known" "$shared/corpus/sailpoint-2026/$api"; then
    tail -n 5 "$work/prism-$api.log" >&2 || true
    failed=1
  fi
done
exit $failed
