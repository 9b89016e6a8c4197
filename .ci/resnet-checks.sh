#!/usr/bin/env bash
# End-to-end checks of kan train / info / predict on ResNet-KAN models: usage errors, a tiny
# train -> save -> info -> predict round trip on 300 MNIST images, images of the wrong size,
# and no file ever clobbered.
#
# Usage: .ci/resnet-checks.sh KAN TMPDIR     (KAN: a release build of kan; TMPDIR: an empty folder)
# Run from the package root (the MNIST files are found in Data/mnist). Takes a few seconds.
set -euo pipefail

kan="$1"
tmp="$2"
checks=0

suite="RESNET CHECK"
# shellcheck source=.ci/expect.sh
source "$(dirname "$0")/expect.sh"

# csv FILE ROWS COLUMNS : a header p0,p1,... and ROWS rows of a ramp scaled to [-1, 1].
csv() {
  awk -v rows="$2" -v cols="$3" 'BEGIN {
    for (i = 0; i < cols; i++) printf "%s%s", (i ? "," : ""), "p" i; print ""
    for (r = 0; r < rows; r++) {
      for (i = 0; i < cols; i++) printf "%s%s", (i ? "," : ""), ((i * 7 + r) % 256) / 127.5 - 1
      print ""
    }
  }' > "$1"
}

# --- usage errors: exit 2 -------------------------------------------------------------------
expect 2 "'resnet' is not valid for --model: expected kan, resnet-kan, resnet-kanconv" \
  "$kan" train mnist --model resnet
expect 2 "expected no --recipe with --model resnet-kan" \
  "$kan" train mnist --model resnet-kan --recipe efficient-kan
expect 2 "'9' is not valid for --shift" "$kan" train mnist --model resnet-kan --shift 9
expect 2 "no --shift for the KAN model" "$kan" train mnist --shift 1

# --- the round trip: train -> save -> info -> predict ----------------------------------------
model="$tmp/resnet.safetensors"
expect 0 "^epoch 1/1  loss [0-9.e+-]+  lr 2\.00e-03  test [0-9.]+%  [0-9]+ samples/s  [0-9.]+ s$" \
  "$kan" train mnist --model resnet-kan --limit 300 --epochs 1 --out "$model"
tail -n 1 "$tmp/out.log" | grep -Eq '^test accuracy: [0-9]{1,3}\.[0-9]{2}%$' \
  || fail "the last line of kan train is not 'test accuracy: NN.NN%'"
grep -q "^true\\\\pred" "$tmp/out.log" || fail "no confusion matrix"
grep -Eq "^seconds per epoch: [0-9.]+ " "$tmp/out.log" || fail "no seconds per epoch"
[[ -s "$model" ]] || fail "no model written"
cp "$model" "$tmp/resnet.copy"
expect 0 "^architecture: ResNet-KAN, convolutions in the blocks$" "$kan" info "$model"
grep -q '^parameters: 83504 ' "$tmp/out.log" || fail "kan info: wrong parameter count"
grep -q '^  stage 2   1 block of conv3x3 32->64, stride 2 ' "$tmp/out.log" \
  || fail "kan info: no architecture table"
csv "$tmp/x.csv" 3 784
expect 0 "^logit0,logit1,.*,logit9,class$" "$kan" predict --model "$model" --input "$tmp/x.csv"
[[ $(wc -l < "$tmp/out.log") == 4 ]] || fail "kan predict: not a header and 3 rows"
awk -F, 'NR > 1 && (NF != 11 || $11 !~ /^[0-9]$/) { exit 1 }' "$tmp/out.log" \
  || fail "kan predict: a row is not 10 logits and a class"
expect 1 "resnet.safetensors already exists" \
  "$kan" train mnist --model resnet-kan --limit 300 --epochs 1 --out "$model"
cmp -s "$model" "$tmp/resnet.copy" || fail "$model was modified"

# --- images of the wrong size: exit 1 --------------------------------------------------------
csv "$tmp/small.csv" 2 196
expect 1 "expected 784 columns: one 1x28x28 image \(channels x height x width\) per row" \
  "$kan" predict --model "$model" --input "$tmp/small.csv"

echo "resnet checks: $checks passed"
