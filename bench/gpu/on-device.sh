#!/usr/bin/env bash
# The GPU checks of issue 6, as one script for the device tool (a machine with an NVIDIA GPU, Python
# PyTorch with CUDA, no Java, no network). Build the kit here first (bench/gpu/make-kit.sh), then:
#   run  command="bash bench/gpu/on-device.sh"  carry=[".gpu-kit"]  timeout_s=540
# Every step runs in its own process with its own time limit, so that a native crash or a hang
# (a JNI built for another libtorch can fail at load time or at the first call) is recorded and the
# next step still runs. Everything lands in $OUT: summary.txt, one log per step (the bench's log
# ends with its Markdown table), gpu-memory.csv and demo-dice.csv; the device tool brings back 8
# files at most.
# KIT_TORCH_LIB=<folder with libtorch.so> KIT_FLAVOR=cpu KIT_VERSION=2.7.1 KIT_PYTHON=<python> try the same steps against
# another libtorch (e.g. DJL's CPU cache on a machine without a GPU: a dry run of this script).
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
kit="$here/.gpu-kit"
out="${OUT:-/tmp/cmems-gpu-out}"
budget="${KIT_SECONDS:-500}"            # stop starting steps after this many seconds
mkdir -p "$out"
summary="$out/summary.txt"
start=$(date +%s)
say() { echo "$*" | tee -a "$summary"; }
[ -f "$kit/jre.tar.xz" ] || { say "no kit at $kit: run bench/gpu/make-kit.sh here and carry .gpu-kit"; exit 2; }

say "# cmems GPU checks, $(date -u +%FT%TZ), kit of commit $(cat "$kit/commit.txt" 2>/dev/null)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /' | tee -a "$summary"
python="${KIT_PYTHON:-python3}"     # KIT_PYTHON: another Python with torch (e.g. /usr/bin/python3 here)
torch_info="$($python -c 'import torch, os; print(torch.__version__, torch.version.cuda, torch.cuda.is_available(), os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>&1)"
say "python torch (version, CUDA, GPU usable, lib folder): $torch_info"
read -r torch_version torch_cuda _ torch_lib <<< "$torch_info"

# the JRE and the engine's libtorch
tar -C /tmp -xJf "$kit/jre.tar.xz"
java=/tmp/jre/bin/java
export PYTORCH_LIBRARY_PATH="${KIT_TORCH_LIB:-$torch_lib}"
export PYTORCH_FLAVOR="${KIT_FLAVOR:-cu128}"     # the CUDA JNI that pytorch-jni-2.7.1-0.35.1.jar carries
export PYTORCH_VERSION="${KIT_VERSION:-2.7.1}"   # the JNI's libtorch version; the machine's may differ
say "engine: PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_FLAVOR=$PYTORCH_FLAVOR PYTORCH_VERSION=$PYTORCH_VERSION"
# pip's CUDA wheels name the runtime libcudart.so.<major> only; DJL (through JNA) looks for libcudart.so
links=/tmp/cmems-cuda-links; mkdir -p "$links"
cudart="$(find / -xdev -name 'libcudart.so.[0-9]*' 2>/dev/null | head -1)"
[ -n "$cudart" ] && ln -sf "$cudart" "$links/libcudart.so" && say "libcudart: $cudart"
export LD_LIBRARY_PATH="$links:$PYTORCH_LIBRARY_PATH:${LD_LIBRARY_PATH:-}"
export DJL_CACHE_DIR=/tmp/djl-cache ENGINE_CACHE_DIR=/tmp/djl-cache
# a script, not a shell function, so that timeout can run it
cmems=/tmp/cmems-kit-run
printf '#!/bin/sh\nexec %s -Dai.djl.offline=true -Dslf4j.internal.verbosity=ERROR -Dcmems.home=%s -cp "%s/jars/*" sc.fiji.cmems.cli.Main "$@"\n' \
	"$java" "$here" "$kit" > "$cmems"
chmod +x "$cmems"

# GPU memory per process, sampled while the steps run (the engine and the twin are separate processes)
nvidia-smi --query-compute-apps=timestamp,pid,process_name,used_memory --format=csv,noheader -lms 250 > "$out/gpu-memory.csv" 2>/dev/null &
sampler=$!

step() { # step <name> <seconds> <command...>
	local name="$1" limit="$2"; shift 2
	local left=$((budget - ($(date +%s) - start)))
	if [ "$left" -lt 20 ]; then say "$name: skipped, the time budget is spent"; return; fi
	[ "$limit" -gt "$left" ] && limit="$left"
	local t0=$(date +%s)
	timeout --kill-after=10 "$limit" "$@" > "$out/$name.txt" 2>&1
	local rc=$?
	say "$name: exit $rc after $(( $(date +%s) - t0 )) s (limit $limit s)$([ $rc -eq 124 ] && echo ', TIMED OUT')"
	[ $rc -ne 0 ] && tail -n 15 "$out/$name.txt" | sed 's/^/    /' | tee -a "$summary"
	return 0
}

# 1. does DJL load this libtorch and use the GPU? (the device report says why not, if not)
step device 120 "$cmems" device device=auto
grep -i -E "device|gpu|cuda|pytorch" "$out/device.txt" | head -12 | sed 's/^/    /' | tee -a "$summary"
# 2. the twin alone on the GPU: the reference figure even if DJL cannot load
step twin-standalone 90 $python "$here/bench/pytorch/cmems_twin.py" standalone --device cuda --size 256 --labeled 8 --unlabeled 8 --iterations 10 --warmup 5
# 3. the bench on the GPU, DJL and the twin on the same GPU, alternating
step bench 240 "$cmems" bench device=gpu sizes=128,256 labeled=8 unlabeled=8 cases=cmems,supervised,inference loop=false \
	iterations=5 blocks=3 warmup=5 memoryRuns=2 twin=on installTorch=false python=$python
# 4. a short training on the GPU on the embedded data, with its Dice
step demo 150 "$cmems" demo device=gpu iterations=300 size=128 out=/tmp/cmems-demo
[ -f /tmp/cmems-demo/dice.csv ] && cp /tmp/cmems-demo/dice.csv "$out/demo-dice.csv"

kill $sampler 2>/dev/null
say "peak GPU memory per process (MiB): $(awk -F', ' '{gsub(/ MiB/, "", $4); if ($4 > m[$3]) m[$3] = $4} END {for (p in m) printf "%s %s; ", p, m[p]}' "$out/gpu-memory.csv" 2>/dev/null)"
say "total $(( $(date +%s) - start )) s"
