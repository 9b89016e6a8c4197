#!/usr/bin/env bash
# swift-kan's `kan train mnist` against efficient-kan's examples/mnist.py, in one window.
#
#   Tests/Peers/compare_mnist.sh PEERS_DIR PYTHON [epochs] [recipe]
#
# Runs `kan train mnist --epochs N --threads 2 [--recipe R]` (release) and
# efficient_kan_mnist.py --epochs N --threads 2 back to back and prints each one's epoch times,
# final accuracy, and the ratio of the median seconds per epoch.
set -euo pipefail
peers="$1"; python="$2"; epochs="${3:-5}"; recipe="${4:-swift-kan}"
cd "$(dirname "$0")/../.."
swift build -c release --product kan > /dev/null
kan="$(swift build -c release --show-bin-path)/kan"
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296
ours="$(mktemp)"; theirs="$(mktemp)"
"$kan" train mnist --epochs "$epochs" --threads 2 --recipe "$recipe" | tee "$ours"
"$python" Tests/Peers/efficient_kan_mnist.py --peers "$peers" --epochs "$epochs" --threads 2 \
  | tee "$theirs"
"$python" - "$ours" "$theirs" <<'PY'
import re, statistics, sys
ours = open(sys.argv[1]).read(); theirs = open(sys.argv[2]).read()
# kan train prints cumulative seconds at the end of each epoch line
totals = [float(t) for t in re.findall(r"^epoch \d+/\d+ .* ([0-9.]+) s$", ours, re.M)]
per_ours = [b - a for a, b in zip([0.0] + totals, totals)]
per_theirs = [float(t) for t in re.findall(r"^epoch \d+: ([0-9.]+) s", theirs, re.M)]
m_ours, m_theirs = statistics.median(per_ours), statistics.median(per_theirs)
print(f"swift-kan s/epoch: {[round(x, 2) for x in per_ours]} (median {m_ours:.2f})")
print(f"efficient-kan s/epoch: {[round(x, 2) for x in per_theirs]} (median {m_theirs:.2f})")
print(f"efficient-kan / swift-kan per epoch: {m_theirs / m_ours:.2f}x")
PY
