#!/usr/bin/env bash
# A Slurm job array over a JSON-lines stream of document pairs: each task
# aligns one shard with `mizan align --jsonl`; a last job collects them.
#
#   split -n l/64 -d -a 3 records.jsonl shards/part-      # 64 shards of whole lines
#   sbatch --array=0-63 examples/slurm/align-array.sh shards results
#   sbatch --dependency=afterany:<array job id> --wrap \
#     'mizan collect results/part-*.jsonl -o ar-en.tmx'
#
# Each task reads shards/part-NNN and writes results/part-NNN.jsonl, one
# result a line in the shard's order; memory stays flat (about 10 MB plus
# the longest record), so a task needs one core and little memory. Set
# MIZAN_LEXICON to a lexicon learned in a first pass to share it.
#SBATCH --job-name=mizan-align
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=01:00:00
set -euo pipefail
shards="${1:?shard folder}"
results="${2:?results folder}"
part="$(printf 'part-%03d' "${SLURM_ARRAY_TASK_ID:?run as a Slurm array task}")"
mkdir -p "$results"
args=(align --jsonl)
if [ -n "${MIZAN_LEXICON:-}" ]; then
  args+=(--lexicon "$MIZAN_LEXICON")
fi
# Written under a temporary name and renamed, so that the collect job
# never reads half a shard's results.
RAYON_NUM_THREADS=1 mizan "${args[@]}" < "$shards/$part" > "$results/$part.jsonl.tmp" || [ $? -eq 3 ]
mv "$results/$part.jsonl.tmp" "$results/$part.jsonl"
