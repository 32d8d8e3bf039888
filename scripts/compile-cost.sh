#!/usr/bin/env bash
# Compile cost of a generated crate: `cargo check` and `cargo build` (debug) of the
# crate generated from a docs tree, with all features (every tag) and with one tag's
# feature only, dependencies already built. Prints medians, and the crate's lines per
# operation.
#
#   scripts/compile-cost.sh [--runs N] [--tag FEATURE] [--per-tag] [--release] [--models-only] [DOCS]
#
# MDX_CODEGEN=path/to/mdx-codegen uses that binary instead of building one.
# DOCS defaults to ../shared/corpus/sailpoint-2026/v3 (next to the workspace); FEATURE
# to the first tag whose name ends in -sources. --release also times
# `cargo build --release`. --per-tag also checks every tag's feature alone, once each.
# --models-only also times a copy of the crate without its operations (every tag's
# models and the runtime, no tag module and no client method): what the models alone
# cost, the floor under any cut to the client code.
# Each measured run recompiles the whole generated crate (its sources are touched,
# incremental compilation is off), never its dependencies. Uses hyperfine when
# installed (`apt-get install hyperfine`), else a loop around /usr/bin/time. Wall
# times on a shared machine vary with its load; the CPU times (user + system) vary
# less.
set -euo pipefail

runs=5
tag=""
per_tag=0
release=0
models_only=0
docs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --per-tag) per_tag=1; shift ;;
    --release) release=1; shift ;;
    --models-only) models_only=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) docs=$1; shift ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
docs=${docs:-$root/../shared/corpus/sailpoint-2026/v3}
work=${COMPILE_COST_DIR:-$(mktemp -d)}
crate=$work/crate
export CARGO_TARGET_DIR=$work/target
export CARGO_INCREMENTAL=0
export CARGO_TERM_COLOR=never

echo "== generating the crate from $docs into $crate"
bin=${MDX_CODEGEN:-}
if [ -z "$bin" ]; then
  (cd "$root" && env -u CARGO_TARGET_DIR -u CARGO_INCREMENTAL cargo build --quiet --release -p mdx-codegen)
  bin=$root/target/release/mdx-codegen
fi
"$bin" generate "$docs" --out "$crate" --crate-name compile-cost
features=$(sed -n '/^\[features\]/,$p' "$crate/Cargo.toml" | grep -o '^[a-z0-9-]* = \[\]' | cut -d' ' -f1)
if [ -z "$tag" ]; then
  tag=$(echo "$features" | grep -m1 -- '-sources$' || echo "$features" | head -1)
fi
echo "$features" | grep -qx -- "$tag" || { echo "no feature $tag in the crate" >&2; exit 2; }
models=$(find "$crate/src" -path '*/models/*.rs' ! -name mod.rs | wc -l)
lines=$(find "$crate/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
runtime_lines=$(find "$crate/src/runtime" -name '*.rs' -print0 | xargs -0 cat | wc -l)
# The crate's README lists each API with its number of operations (4th column).
ops=$(awk -F'|' '/^\| `/ { n += $5 } END { print n + 0 }' "$crate/README.md")
echo "crate: $(echo "$features" | wc -l) tag features, $models model files, $lines lines ($runtime_lines of them the runtime); one tag: $tag"
if [ "$ops" -gt 0 ]; then
  echo "operations: $ops; lines per operation: $(( lines / ops )) ($(( (lines - runtime_lines) / ops )) without the runtime)"
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

cd "$crate"
one=(--no-default-features --features "$tag")
echo "== warming dependencies (check and build, all features and one tag)"
cargo check --quiet
cargo check --quiet "${one[@]}"
cargo build --quiet
cargo build --quiet "${one[@]}"
if [ "$release" = 1 ]; then
  cargo build --quiet --release
  cargo build --quiet --release "${one[@]}"
fi

if [ "$models_only" = 1 ]; then
  echo "== the crate without its operations, in $work/models"
  rm -rf "$work/models"
  cp -r "$crate" "$work/models"
  # Each API module's mod.rs declares its tag modules and the client's method for
  # each; the models module and the client itself stay.
  python3 - "$work/models/src" <<'EOF'
import pathlib, re, sys
for mod in pathlib.Path(sys.argv[1]).glob("*/mod.rs"):
    text = mod.read_text()
    text = re.sub(r'#\[cfg\(feature = "[^"]*"\)\]\npub mod (?!models;)\w+;\n', "", text)
    text = re.sub(r'    #\[cfg\(feature = "[^"]*"\)\]\n    /// Operations tagged[^\n]*\n    pub fn .*?\n    }\n', "", text, flags=re.S)
    mod.write_text(text)
EOF
  (cd "$work/models" && cargo check --quiet && cargo build --quiet)
fi

results=$work/results.txt
: > "$results"
# measure NAME COMMAND...: runs the command $runs times after touching the sources,
# appends "NAME median min cpu" to $results.
measure() {
  local name=$1; shift
  local cmd="$*"
  if command -v hyperfine >/dev/null; then
    hyperfine --style basic --runs "$runs" --prepare 'touch src/lib.rs' \
      --export-json "$work/$name.json" "$cmd" >&2
    python3 - "$work/$name.json" "$name" >> "$results" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(sys.argv[2], "%.2f" % r["median"], "%.2f" % r["min"], "%.2f" % (r["user"] + r["system"]))
EOF
  else
    local rows=$work/$name.times
    : > "$rows"
    for _ in $(seq "$runs"); do
      touch src/lib.rs
      if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S' -o "$work/one.time" sh -c "$cmd" >/dev/null 2>&1
        awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/one.time" >> "$rows"
      else
        local s e
        s=$(date +%s.%N); eval "$cmd" >/dev/null 2>&1; e=$(date +%s.%N)
        echo "$(echo "$e - $s" | bc) -" >> "$rows"
      fi
    done
    # The median and minimum wall time, and the median CPU time (user + system).
    local med='{ v[NR] = $1 } END { if (v[1] == "-") print "-"; else printf "%.2f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
    local wall cpu low
    wall=$(cut -d' ' -f1 "$rows" | sort -n | awk "$med")
    low=$(cut -d' ' -f1 "$rows" | sort -n | head -1)
    cpu=$(cut -d' ' -f2 "$rows" | sort -n | awk "$med")
    echo "$name $wall $low $cpu" >> "$results"
  fi
}

echo "== measuring ($runs runs each)"
measure check-all "cargo check --quiet"
measure check-one "cargo check --quiet ${one[*]}"
measure build-all "cargo build --quiet"
measure build-one "cargo build --quiet ${one[*]}"
if [ "$models_only" = 1 ]; then
  (cd "$work/models" && measure check-models "cargo check --quiet" && measure build-models "cargo build --quiet")
fi
if [ "$release" = 1 ]; then
  measure release-all "cargo build --quiet --release"
  measure release-one "cargo build --quiet --release ${one[*]}"
fi

echo
echo "== compile cost of the generated crate ($runs runs; seconds)"
awk '
  { name[NR]=$1; med[$1]=$2; min[$1]=$3; cpu[$1]=$4 }
  END {
    printf "%-10s %8s %8s %8s\n", "what", "median", "min", "cpu"
    for (i = 1; i <= NR; i++) printf "%-10s %8s %8s %8s\n", name[i], med[name[i]], min[name[i]], cpu[name[i]]
    printf "one tag / all: check %.1f%% (cpu %s), build %.1f%% (cpu %s)\n",
      100 * med["check-one"] / med["check-all"],
      (cpu["check-all"] == "-") ? "-" : sprintf("%.1f%%", 100 * cpu["check-one"] / cpu["check-all"]),
      100 * med["build-one"] / med["build-all"],
      (cpu["build-all"] == "-") ? "-" : sprintf("%.1f%%", 100 * cpu["build-one"] / cpu["build-all"])
    if ("check-models" in med)
      printf "models only / all: check %.1f%%, build %.1f%%\n",
        100 * med["check-models"] / med["check-all"], 100 * med["build-models"] / med["build-all"]
  }' "$results"

if [ "$per_tag" = 1 ]; then
  echo
  echo "== cargo check with each tag's feature alone (one run each; seconds)"
  for f in $features; do
    touch src/lib.rs
    s=$(date +%s.%N)
    cargo check --quiet --no-default-features --features "$f"
    e=$(date +%s.%N)
    printf '%-50s %6.2f\n' "$f" "$(echo "$e - $s" | bc)"
  done
fi
[ -n "${COMPILE_COST_DIR:-}" ] || rm -rf "$work"
