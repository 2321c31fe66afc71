#!/usr/bin/env bash
# Builds a baseline Search.Api for `bench latency --baseline DIR`: a detached git worktree of COMMIT (default 17aaa1f,
# the commit issue #17's throughput target is measured against) in DIR (default /tmp/ap-<commit>), built in Release,
# the configuration the benchmark runs in. Re-running it re-uses a finished build. Prints DIR.
# Usage: bench/baseline.sh [COMMIT [DIR]]
set -euo pipefail
commit="${1:-17aaa1f}"
dir="${2:-/tmp/ap-$commit}"
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
dll="$dir/src/Search.Api/bin/Release/net10.0/Search.Api.dll"
# `heavy` (where installed) holds one of the machine's build slots; elsewhere the build runs directly.
run() { if command -v heavy >/dev/null; then heavy "$@"; else "$@"; fi; }

if [[ ! -f "$dll" ]]; then
  if [[ ! -d "$dir" ]]; then
    git -C "$repo" worktree add --detach "$dir" "$commit" >&2
  fi
  run dotnet build -c Release "$dir/src/Search.Api/Search.Api.csproj" -nologo -v q >&2
fi
test -f "$dll"
echo "$dir"
