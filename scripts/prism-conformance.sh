#!/usr/bin/env bash
# Conformance of the generated client against a validating mock server.
#
# usage: scripts/prism-conformance.sh [--url URL] [--api NAME]... [--known-misses FILE] DOCS...
#
#   DOCS        docs folders (searched recursively), e.g. ../shared/corpus/sailpoint-2024;
#               every API found in them is covered (or those named with --api).
#   --url URL   call the operations against a server already serving the API at URL
#               (give one API with --api when DOCS hold several). Without --url the
#               script starts Prism itself: `mdx-codegen openapi --drop-invalid-examples
#               --fill-examples` writes each API's document, and `prism mock --errors`
#               serves it on 127.0.0.1, from port $PRISM_PORT (default 4010) upwards.
#   --known-misses FILE
#               lines `API OPERATION-ID REASON`: misses that are the docs' fault. The run
#               fails on any other miss, and on a listed one that no longer misses.
#
# It writes the crate with the smoke program (`mdx-codegen smoke`), builds it, and
# runs it: each operation is called once with arguments and bodies from the docs'
# examples. Per API it prints every miss with its reason and the line
# `API: called C/N, accepted A/N, parsed P/N`. It fails below 100% on any count,
# apart from the known misses.
#
# Environment: MDX_CODEGEN (the binary; default target/release/mdx-codegen, built if
# missing), PRISM (a prism executable; default: @stoplight/prism-cli $PRISM_VERSION
# installed with npm into a temporary prefix), CARGO_TARGET_DIR (default: a temporary
# folder, removed at the end), PRISM_START_TIMEOUT (seconds, default 300).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prism_version=${PRISM_VERSION:-5.16.0}

url=""
known=""
apis=()
docs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --api) apis+=("$2"); shift 2 ;;
    --known-misses) known=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) docs+=("$1"); shift ;;
  esac
done
if [ ${#docs[@]} -eq 0 ]; then
  echo "usage: $0 [--url URL] [--api NAME]... [--known-misses FILE] DOCS..." >&2
  exit 2
fi

work=$(mktemp -d)
pids=()
own_target=""
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  own_target=$work/target
  export CARGO_TARGET_DIR=$own_target
fi
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

bin=${MDX_CODEGEN:-$root/target/release/mdx-codegen}
if [ ! -x "$bin" ]; then
  (cd "$root" && cargo build --release -p mdx-codegen)
fi

crate=$work/smoke
"$bin" smoke "${docs[@]}" --out "$crate" --crate-name prism-smoke
program=$CARGO_TARGET_DIR/debug/examples/smoke

# The APIs: those asked for, else every module the docs hold.
if [ ${#apis[@]} -eq 0 ]; then
  "$bin" openapi "${docs[@]}" --out "$work/openapi" 2>/dev/null
  for f in "$work"/openapi/*.json; do apis+=("$(basename "$f" .json)"); done
  rm -rf "$work/openapi"
fi

declare -A base server
if [ -n "$url" ]; then
  if [ ${#apis[@]} -ne 1 ]; then
    echo "--url serves one API: name it with --api (found: ${apis[*]})" >&2
    exit 2
  fi
  base[${apis[0]}]=$url
else
  prism=${PRISM:-}
  if [ -z "$prism" ]; then
    echo "== installing @stoplight/prism-cli@$prism_version"
    npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error \
      "@stoplight/prism-cli@$prism_version" >/dev/null
    prism=$work/npm/node_modules/.bin/prism
  fi
  "$bin" openapi "${docs[@]}" --out "$work/openapi" --drop-invalid-examples --fill-examples \
    2> "$work/openapi.log"
  grep -v '^dropped: ' "$work/openapi.log" || true
  port=${PRISM_PORT:-4010}
  for api in "${apis[@]}"; do
    doc=$work/openapi/${api#r#}.json
    [ -f "$doc" ] || { echo "no API $api in ${docs[*]}" >&2; exit 2; }
    "$prism" mock -h 127.0.0.1 -p "$port" --errors "$doc" > "$work/prism-$api.log" 2>&1 &
    pids+=($!)
    server[$api]=$!
    base[$api]=http://127.0.0.1:$port
    port=$((port + 1))
  done
fi

# Build while Prism loads the documents.
(cd "$crate" && cargo build --quiet --example smoke)

# Whether something listens at the URL's host and port.
listening() {
  local hostport host port
  hostport=$(echo "$1" | sed -E 's#^[a-zA-Z]+://([^/]+).*#\1#')
  host=${hostport%:*}
  port=${hostport##*:}
  [ "$host" != "$hostport" ] || port=80
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# Waits until the server of API $1 listens; fails when it exits or times out.
wait_ready() {
  local api=$1 u=${base[$1]} pid=${server[$1]:-} deadline=$((SECONDS + ${PRISM_START_TIMEOUT:-300}))
  until listening "$u"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$work/prism-$api.log" >&2
      echo "the mock server of $api exited" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "no server answers at $u" >&2
      return 1
    fi
    sleep 2
  done
}

failed=0
: > "$work/misses"
for api in "${apis[@]}"; do
  wait_ready "$api" || { failed=1; continue; }
  out=$work/run-$api.txt
  "$program" --base-url "${base[$api]}" --api "$api" > "$out" 2>&1 || true
  grep '^miss: ' "$out" || true
  grep "^miss: $api " "$out" | awk '{print $2, $3}' >> "$work/misses" || true
  line=$(grep "^$api: " "$out" | tail -n 1 || true)
  if [ -z "$line" ]; then
    cat "$out"
    echo "$api: the smoke program printed no counts" >&2
    failed=1
    continue
  fi
  # `API: N operations, C called (…), A accepted (…), P parsed (…); …`
  read -r n c a p < <(echo "$line" | sed -E 's/^[^:]+: ([0-9]+) operations, ([0-9]+) called[^,]*, ([0-9]+) accepted[^,]*, ([0-9]+) parsed.*/\1 \2 \3 \4/')
  echo "$api: called $c/$n, accepted $a/$n, parsed $p/$n"
done

# Every miss must be a known one, and every known one must still miss.
expected=$work/expected
: > "$expected"
if [ -n "$known" ]; then
  grep -v '^\s*\(#\|$\)' "$known" | awk '{print $1, $2}' > "$expected" || true
fi
unexpected=$(sort -u "$work/misses" | comm -23 - <(sort -u "$expected"))
stale=$(sort -u "$expected" | comm -23 - <(sort -u "$work/misses"))
requested=" ${apis[*]} "
if [ -n "$unexpected" ]; then
  echo "misses not listed as known:" >&2
  echo "$unexpected" >&2
  failed=1
fi
while read -r api op; do
  [ -n "$api" ] || continue
  case "$requested" in *" $api "*) ;; *) continue ;; esac
  echo "listed as a known miss but did not miss: $api $op" >&2
  failed=1
done <<< "$stale"
if [ -n "$known" ] && [ -s "$work/misses" ]; then
  echo "known misses (the docs' fault, see $known):"
  grep -v '^\s*\(#\|$\)' "$known" | sed 's/^/  /'
fi
if [ -n "$own_target" ]; then
  rm -rf "$own_target"
fi
exit $failed
