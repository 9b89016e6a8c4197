#!/usr/bin/env bash
# swift-kan against efficient-kan and fast-kan on the KAN-benchmarking shape, in one window.
#
#   Tests/Peers/compare_layers.sh PEERS_DIR PYTHON [widths] [batch] [reps]
#
# PEERS_DIR holds clones of Blealtan/efficient-kan and ZiyaoLi/fast-kan (named
# Blealtan+efficient-kan and ZiyaoLi+fast-kan), PYTHON a python with torch 2.13 (CPU),
# numpy and safetensors. Runs `kan bench` (release, 2 threads) and layer_peers.py back to back,
# three rounds alternating, and prints every row and the ratios of the medians.
set -euo pipefail
peers="$1"; python="$2"; widths="${3:-100,1000,1}"; batch="${4:-1000}"; reps="${5:-20}"
cd "$(dirname "$0")/../.."
swift build -c release --product kan > /dev/null
kan="$(swift build -c release --show-bin-path)/kan"
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296
rows="$(mktemp)"
for round in 1 2 3; do
  "$kan" bench --widths "$widths" --batch "$batch" --threads 2 --reps "$reps" --json >> "$rows"
  "$python" Tests/Peers/layer_peers.py --peers "$peers" --widths "$widths" --batch "$batch" \
    --threads 2 --reps "$reps" --json >> "$rows"
done
"$python" - "$rows" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
by = {}
for row in rows:
    if "forward_ms" in row:
        by.setdefault(row["model"], []).append(row)
def median(model, key):
    return statistics.median(r[key] for r in by[model])
print("| model | forward ms | backward ms | product ms | rounds |")
print("|---|---|---|---|---|")
for model in by:
    product = f"{median(model, 'product_ms'):.2f}" if "product_ms" in by[model][0] else ""
    print(f"| {model} | {median(model, 'forward_ms'):.2f} | {median(model, 'backward_ms'):.2f} | {product} | {len(by[model])} |")
ours = "kan-b-spline"
f, b = median(ours, "forward_ms"), median(ours, "backward_ms")
p = median(ours, "product_ms")
print(f"\nswift-kan forward / its dense product: {f / p:.2f}x, backward / product: {b / p:.2f}x")
for peer in ("efficient-kan", "fast-kan"):
    if peer in by:
        print(f"{peer} / swift-kan: forward {median(peer, 'forward_ms') / f:.2f}x, "
              f"backward {median(peer, 'backward_ms') / b:.2f}x")
PY
