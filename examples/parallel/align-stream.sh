#!/usr/bin/env bash
# Aligns a JSON-lines stream of document pairs on every core with GNU
# parallel, then writes one translation memory.
#
#   examples/parallel/align-stream.sh RECORDS.jsonl OUT.tmx [JOBS] [LEXICON.tsv]
#
# RECORDS.jsonl holds one record a line, {"id", "src", "tgt", ...}, as
# `mizan align --jsonl` reads them (see the README). GNU parallel cuts the
# stream into blocks of whole lines, runs one `mizan align --jsonl` per
# block and keeps the results in input order (--keep-order), so the
# memory is the same as one `mizan align --jsonl` over the whole file.
# A lexicon learned in a first pass (`mizan build --lexicon-out`) can be
# given to every worker. Set MIZAN to use another mizan binary, and
# MIZAN_BLOCK for the size of the blocks (default 2M).
set -euo pipefail
records="${1:?records file}"
out="${2:?output memory}"
jobs="${3:-0}"   # 0: one job per core
lexicon="${4:-}"
mizan="${MIZAN:-mizan}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
args=(align --jsonl)
if [ -n "$lexicon" ]; then
  args+=(--lexicon "$lexicon")
fi
# A worker exits 3 when one of its records failed; the failed record's
# line says why and `collect` counts it, so that is no reason to stop.
parallel --pipe --keep-order --block "${MIZAN_BLOCK:-2M}" --recend '\n' --jobs "$jobs" --halt never \
  "$mizan" "${args[@]}" "; test \$? -le 3" < "$records" > "$tmp/results.jsonl"
"$mizan" collect "$tmp/results.jsonl" -o "$out"
