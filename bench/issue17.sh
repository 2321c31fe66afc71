#!/usr/bin/env bash
# Every ratio of issue #17 in one run, for a quiet machine: quality per mode beside the references, full text
# in-process, latency beside its floor and against commit 17aaa1f's Search.Api, and the platform beside LanceDB.
# Expected duration on the 2-core VM: ~30 min from an empty data directory (ingesting SciFact is ~9 min of it), ~17 min
# when DATA_DIR already holds the ingested corpus. Every step has its own time limit; the script stops at the first
# failure. Results go to bench/results (named per benchmark) and a log to $DATA_DIR/issue17.log.
# Usage: bench/issue17.sh [DATA_DIR]     (default /tmp/ap-issue17-scifact; kept for re-runs)
set -euo pipefail
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
data="${1:-/tmp/ap-issue17-scifact}"
cd "$repo"
mkdir -p "$data"
exec > >(tee -a "$data/issue17.log") 2>&1
# run SECONDS COMMAND...: under the machine-wide heavy-job lock where there is one, with a time limit.
run() { local limit=$1; shift; if command -v heavy >/dev/null; then timeout "$limit" heavy "$@"; else timeout "$limit" "$@"; fi; }
step() { echo; echo "== $1 ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
bench="bench/AgentPlatform.Bench/bin/Release/net10.0/AgentPlatform.Bench.dll"

step "build (Release) and the bench-only installs"
run 900 dotnet build -c Release bench/AgentPlatform.Bench -nologo -v q
[[ -d chroma/node_modules/chromadb ]] || (cd chroma && timeout 600 npm ci --no-audit --no-fund)
[[ -d bench/peers/node_modules/@lancedb/lancedb ]] || (cd bench/peers && timeout 600 npm ci --no-audit --no-fund)
baseline="$(timeout 900 bench/baseline.sh 17aaa1f)"

step "quality: ingests SciFact into $data once (re-used afterwards), then the 300 test queries per mode"
run 3600 dotnet "$bench" quality --data-dir "$data"
step "fulltext: full-text quality in-process"
run 900 dotnet "$bench" fulltext
step "latency: floor, then hybrid/semantic/fulltext at 1 and 8 clients, then 17aaa1f's Search.Api on the hybrid rows"
run 1200 dotnet "$bench" latency --data-dir "$data" --clients 1,8 --baseline "$baseline"
step "latency with the query-embedding cache on (the platform's default size): the hybrid rows again, against 17aaa1f (which has none)"
run 900 dotnet "$bench" latency --data-dir "$data" --clients 1,8 --modes hybrid --baseline "$baseline" --query-embedding-cache 1024
step "peers: LanceDB 0.31 on the same chunks and vectors"
run 1200 dotnet "$bench" peers --data-dir "$data"
step "done"
