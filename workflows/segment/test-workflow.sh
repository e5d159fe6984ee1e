#!/bin/bash
# The sharded workflow against one process: makes N small images with the demo, segments them in one process, then
# with the Snakemake workflow (2 shards, 2 cores), kills one shard job mid-way, reruns the workflow, and checks that
# every image was segmented exactly once and that the label images are byte for byte those of the one process.
# Prints the time per image of both. Needs snakemake (Debian: apt-get install snakemake).
#   workflows/segment/test-workflow.sh [images=200] [work=/tmp/cmems-workflow]
set -euo pipefail
segmented() { if [ -f "$1" ]; then grep -c '^segmented .* -> ' "$1" || true; else echo 0; fi; }
IMAGES=${1:-200}
WORK=${2:-/tmp/cmems-workflow}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CMEMS="$ROOT/cmems"
command -v snakemake > /dev/null || { echo "snakemake is not installed (apt-get install snakemake)"; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
"$CMEMS" demo out=demo iterations=2 size=32 unlabeled=4 test="$IMAGES" methods=cmems threads=1 > demo.log 2>&1
mkdir images && cp demo/test/image-*.tif images/ && cp demo/cmems.cmems model.cmems
n=$(ls images | wc -l)
start=$(date +%s.%N)
"$CMEMS" segment model=model.cmems input=images filter='*.tif' output=single threads=1 > single.log 2>&1
single=$(echo "$(date +%s.%N) - $start" | bc)
cat > config.yaml <<CONFIG
cmems: "$CMEMS"
model: "model.cmems"
input: "images"
filter: "*.tif"
output: "labels"
shards: 2
threads: 1
truth: ""
CONFIG
start=$(date +%s.%N)
# first attempt: kill shard 0's job once it has segmented a few images
snakemake -s "$HERE/Snakefile" --configfile config.yaml --cores 2 --keep-going > snakemake-1.log 2>&1 &
SM=$!
while [ "$(segmented labels/logs/shard-0.log)" -lt 5 ]; do sleep 0.2; done
pkill -f "shard=0 threads" || true
if wait $SM; then echo "shard 0 finished before it could be killed: give more images"; exit 1; fi
echo "the first attempt ended with an error, as it should (shard 0 killed)"
done0=$(segmented labels/logs/shard-0.log)
echo "shard 0 was killed after $done0 image(s)"
snakemake -s "$HERE/Snakefile" --configfile config.yaml --cores 2 > snakemake-2.log 2>&1
sharded=$(echo "$(date +%s.%N) - $start" | bc)
# every image exactly once, identical to the one process
missing=0; differ=0
for f in single/*.tif; do
  b=$(basename "$f")
  if [ ! -f "labels/$b" ]; then missing=$((missing+1)); elif ! cmp -s "$f" "labels/$b"; then differ=$((differ+1)); fi
done
extra=$(comm -13 <(ls single | grep '\.tif$') <(ls labels | grep '\.tif$') | wc -l)
segmented=$(python3 -c "import json;d=json.load(open('labels/cmems-summary.json'));print(d['segmented'],d['skipped'],len(d['failed']),len(d['missing']))")
redone=$(segmented labels/logs/shard-0.log)
echo "images $n; one process: $single s; two shards (one killed and rerun): $sharded s on 2 cores (each job starts a JVM and the engine)"
echo "summary (segmented skipped failed missing): $segmented; shard 0's rerun segmented $redone and skipped the $done0 done before"
echo "label images missing $missing, differing $differ, extra $extra"
[ "$missing" = 0 ] && [ "$differ" = 0 ] && [ "$extra" = 0 ]
