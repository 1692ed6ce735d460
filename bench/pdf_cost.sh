#!/usr/bin/env bash
# What PDFs cost a site that makes none: safeguard built with and without the `pdf`
# feature (each a clean release build, timed), then the 10,000-module corpus built
# cold by each, alternated, into a new folder every time; prints the clean build
# times, the stripped program sizes, and each run's wall time and peak memory.
#   bench/pdf_cost.sh [RUNS]      (about 20 minutes on a 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kind in nopdf pdf; do
  flags=(); [ "$kind" = nopdf ] && flags=(--no-default-features)
  start=$(date +%s)
  cargo build --quiet --release --locked "${flags[@]}" --target-dir "$work/target-$kind"
  printf '%s: clean release build %d s, ' "$kind" "$(( $(date +%s) - start ))"
  strip -o "$work/$kind" "$work/target-$kind/release/safeguard"
  echo "stripped program $(( $(stat -c %s "$work/$kind") / 1000000 )) MB"
done
python3 bench/pages_corpus.py "$work/corpus" 10000
n=0
for _ in $(seq "$runs"); do
  for kind in nopdf pdf; do
    n=$((n + 1))
    /usr/bin/time -f "$kind %e s %M KB" "$work/$kind" build --root "$work/corpus" \
      --output "$work/out-$n" --as-of 2026-11-22 > /dev/null 2> "$work/time"
    tail -1 "$work/time"
  done
done
