#!/usr/bin/env bash
# The ACDC runs behind RESULTS.md: the protocol's exemplar with every method and
# ablation, and two more exemplars with the baselines, on the CPU.
# Runs are queued one per (exemplar, method) and taken by WORKERS processes of
# one PyTorch thread each (on 2 cores, two one-thread processes get more done
# than one two-thread process). Every run is resumable: start the script again
# and finished runs are kept, an interrupted one continues from its checkpoint.
#   bench/acdc-results.sh [out folder] [training settings ...]
# e.g. bench/acdc-results.sh benchmark-acdc iterations=800 imageSize=64
#      JOBS=$'default cmems\ndefault supervised' bench/acdc-results.sh benchmark-acdc
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-benchmark-acdc}"; shift || true
acdc="${ACDC_DIR:-$here/../shared/data/acdc}"
workers="${WORKERS:-2}"
settings=("$@")
[ ${#settings[@]} -gt 0 ] || settings=(iterations=800 imageSize=64 validateEvery=200)

# In order of importance: if time runs out, the last ones are missing.
jobs=(
	"default cmems" "default supervised" "default supervised-synthetic" "default fully-supervised"
	"default cmems-image" "default cmems-feature" "default cmems-no-synthetic" "default cmems-single" "default cmems-classwise"
	"patient038 supervised" "patient038 cmems" "patient050 supervised" "patient050 cmems"
	"patient038 supervised-synthetic" "patient050 supervised-synthetic"
)
# JOBS (one "exemplar method" per line) replaces the list, e.g. to rerun some runs after an engine change
if [ -n "${JOBS:-}" ]; then mapfile -t jobs <<< "$JOBS"; fi
mkdir -p "$out"
"$here/cmems" help > /dev/null          # build once, before the workers start
queue="$out/queue.txt"; printf '%s\n' "${jobs[@]}" > "$queue"

worker() {
	while true; do
		job="$(flock "$queue" sh -c 'head -1 "$1"; sed -i 1d "$1"' _ "$queue")"
		[ -n "$job" ] || break
		set -- $job
		echo "worker $1: $job" >&2
		"$here/cmems" benchmark acdc="$acdc" out="$out" exemplars="$1" methods="$2" threads=1 "${settings[@]}" \
			>> "$out/log-$1-$2.txt" 2>&1 || echo "FAILED: $job (see $out/log-$1-$2.txt)" >&2
	done
}
for w in $(seq "$workers"); do worker & done
wait
# Two reports over what finished (read back, nothing retrained; what did not finish is named):
# ablation.md (the protocol's exemplar, every method) and exemplars.md (three exemplars, the baselines).
"$here/cmems" benchmark acdc="$acdc" out="$out" train=false report=ablation exemplars=default \
	methods=supervised,supervised-synthetic,cmems-image,cmems-feature,cmems-no-synthetic,cmems-single,cmems-classwise,cmems,fully-supervised \
	"${settings[@]}" > "$out/ablation.txt" 2>&1
"$here/cmems" benchmark acdc="$acdc" out="$out" train=false report=exemplars exemplars=default,patient038,patient050 \
	methods=supervised,supervised-synthetic,cmems "${settings[@]}" > "$out/exemplars.txt" 2>&1
