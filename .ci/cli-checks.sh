#!/usr/bin/env bash
# End-to-end checks of kan train / info / predict: exit codes and messages for bad input, a tiny
# train -> save -> info -> predict round trip on 300 MNIST images, and no file ever clobbered.
#
# Usage: .ci/cli-checks.sh KAN TMPDIR     (KAN: a release build of kan; TMPDIR: an empty folder)
# Run from the package root (the MNIST files are found in Data/mnist). Takes a few seconds.
set -euo pipefail

kan="$1"
tmp="$2"
checks=0

fail() { printf 'CLI CHECK FAILED: %s\n' "$*" >&2; exit 1; }

# expect CODE PATTERN CMD... : CMD exits with CODE and its stderr+stdout match PATTERN.
expect() {
  local code="$1" pattern="$2" status=0
  shift 2
  "$@" > "$tmp/out.log" 2>&1 || status=$?
  [[ "$status" == "$code" ]] || { cat "$tmp/out.log" >&2; fail "exit $status, not $code: $*"; }
  grep -Eq -- "$pattern" "$tmp/out.log" || {
    cat "$tmp/out.log" >&2
    fail "no match for '$pattern' in the output of: $*"
  }
  checks=$((checks + 1))
}

# unchanged FILE COPY : FILE still has the bytes of COPY.
unchanged() {
  cmp -s "$1" "$2" || fail "$1 was modified"
  checks=$((checks + 1))
}

# safetensors FILE HEADER DATABYTES : a safetensors file with that JSON header and zero bytes.
safetensors() {
  local length=${#2}
  printf "$(printf '\\x%02x' $((length & 255)) $((length >> 8 & 255)) 0 0 0 0 0 0)" > "$1"
  printf '%s' "$2" >> "$1"
  head -c "$3" /dev/zero >> "$1"
}

# csv FILE ROWS COLUMNS VALUE : a header p0,p1,... and ROWS rows of VALUE.
csv() {
  awk -v rows="$2" -v cols="$3" -v value="$4" 'BEGIN {
    for (i = 0; i < cols; i++) printf "%s%s", (i ? "," : ""), "p" i; print ""
    for (r = 0; r < rows; r++) {
      for (i = 0; i < cols; i++) printf "%s%s", (i ? "," : ""), (value == "ramp" ? (i % 256) / 127.5 - 1 : value)
      print ""
    }
  }' > "$1"
}

# --- usage errors: exit 2 -------------------------------------------------------------------
expect 2 "needs a data set: one of mnist" "$kan" train
expect 2 "'cifar' is not valid for kan train <data set>: expected mnist" "$kan" train cifar
expect 2 "'-1' is not valid for --lr" "$kan" train mnist --lr=-1
expect 2 "'0' is not valid for --epochs" "$kan" train mnist --epochs 0
expect 2 "'--model' needs a value: --model FILE.safetensors" "$kan" predict --input x.csv
expect 2 "'--input' needs a value: --input FILE.csv" "$kan" predict --model m.safetensors
expect 2 "'kan info' needs a value: kan info FILE.safetensors" "$kan" info
expect 2 "has no option '--out'" "$kan" predict --out y.csv

# --- training: fails fast on a missing data folder or an existing --out --------------------
expect 1 "MNIST data not found" "$kan" train mnist --data "$tmp/no-such-folder"
printf 'precious bytes\n' > "$tmp/existing.safetensors"
cp "$tmp/existing.safetensors" "$tmp/existing.copy"
expect 1 "existing.safetensors already exists; pass --force" \
  "$kan" train mnist --limit 300 --epochs 1 --out "$tmp/existing.safetensors"
grep -q '^epoch' "$tmp/out.log" && fail "training started although --out exists"
unchanged "$tmp/existing.safetensors" "$tmp/existing.copy"

# --- the round trip: train -> save -> info -> predict ----------------------------------------
model="$tmp/model.safetensors"
expect 0 "^epoch 1/1  loss [0-9.e+-]+  lr 3\.00e-03  test [0-9.]+%.* samples/s  [0-9.]+ s$" \
  "$kan" train mnist --limit 300 --epochs 1 --out "$model"
tail -n 1 "$tmp/out.log" | grep -Eq '^test accuracy: [0-9]{1,3}\.[0-9]{2}%$' \
  || fail "the last line of kan train is not 'test accuracy: NN.NN%'"
grep -q "^true\\\\pred" "$tmp/out.log" || fail "no confusion matrix"
[[ -s "$model" ]] || fail "no model written"
cp "$model" "$tmp/model.copy"
expect 0 "^architecture: KAN \[784, 64, 10\]$" "$kan" info "$model"
grep -q '^parameters: 406528 ' "$tmp/out.log" || fail "kan info: wrong parameter count"
grep -q '^task: classification' "$tmp/out.log" || fail "kan info: not a classifier"
csv "$tmp/x.csv" 3 784 ramp
expect 0 "^logit0,logit1,.*,logit9,class$" "$kan" predict --model "$model" --input "$tmp/x.csv"
[[ $(wc -l < "$tmp/out.log") == 4 ]] || fail "kan predict: not a header and 3 rows"
awk -F, 'NR > 1 && (NF != 11 || $11 !~ /^[0-9]$/) { exit 1 }' "$tmp/out.log" \
  || fail "kan predict: a row is not 10 logits and a class"
expect 0 "3 predictions written" \
  "$kan" predict --model "$model" --input "$tmp/x.csv" --output "$tmp/y.csv"
cp "$tmp/y.csv" "$tmp/y.copy"
expect 1 "y.csv already exists; pass --force" \
  "$kan" predict --model "$model" --input "$tmp/x.csv" --output "$tmp/y.csv"
unchanged "$tmp/y.csv" "$tmp/y.copy"
expect 0 "3 predictions written" \
  "$kan" predict --model "$model" --input "$tmp/x.csv" --output "$tmp/y.csv" --force
unchanged "$tmp/y.csv" "$tmp/y.copy"  # same model, same input: the same bytes
expect 1 "model.safetensors already exists" \
  "$kan" train mnist --limit 300 --epochs 1 --out "$model"
unchanged "$model" "$tmp/model.copy"

# --- bad CSV input: exit 1 -------------------------------------------------------------------
csv "$tmp/narrow.csv" 2 3 0.5
expect 1 "input CSV = 3 columns is invalid: expected 784 columns" \
  "$kan" predict --model "$model" --input "$tmp/narrow.csv"
csv "$tmp/word.csv" 1 784 0
sed -i '2s/^0,/seven,/' "$tmp/word.csv"
expect 1 "word.csv: line 2, column \"p0\": .*seven" \
  "$kan" predict --model "$model" --input "$tmp/word.csv"
csv "$tmp/nan.csv" 1 784 NaN
expect 1 "nan.csv: line 2, column \"p0\": NaN is not a valid input" \
  "$kan" predict --model "$model" --input "$tmp/nan.csv"
expect 1 "cannot read" "$kan" predict --model "$model" --input "$tmp/no-such.csv"

# --- bad model files: exit 1, the file untouched ---------------------------------------------
entry() { printf '"%s":{"dtype":"%s","shape":[%s],"data_offsets":[%s]}' "$@"; }
meta='"__metadata__":{"kan.format_version":"1","kan.widths":"1,1","kan.grid_size":"1",'
meta+='"kan.spline_order":"0","kan.basis":"b-spline","kan.base_activation":"silu",'
meta+='"kan.out_of_grid":"zero"}'
layer="$(entry layers.0.base_weight F32 1,1 0,4),$(entry layers.0.spline_weight F32 1,1,1 4,8)"
layer+=",$(entry layers.0.grid F32 1,2 8,16)"
bad() {  # bad NAME HEADER DATABYTES PATTERN
  safetensors "$tmp/$1.safetensors" "$2" "$3"
  cp "$tmp/$1.safetensors" "$tmp/$1.copy"
  expect 1 "$4" "$kan" info "$tmp/$1.safetensors"
  expect 1 "$4" "$kan" predict --model "$tmp/$1.safetensors" --input "$tmp/x.csv"
  unchanged "$tmp/$1.safetensors" "$tmp/$1.copy"
}
bad zero-knots "{$meta,$layer}" 16 'row 0 does not increase at knot 1'
bad not-json "{$meta,$layer" 16 'header is not valid JSON'
bad dtype "{$meta,${layer/F32/F33}}" 16 'unknown dtype "F33"'
bad offsets "{$meta,${layer/8,16/8,1600}}" 16 'data_offsets \[8, 1600\] lie outside'
bad overlap "{$meta,${layer/4,8/0,4}}" 16 'share bytes of the data buffer'
bad metadata-shape "{${meta/\"1,1\"/\"1,2\"},$layer}" 16 \
  'layers.0.base_weight" has shape \[1, 1\] but the model .* needs \[2, 1\]'
bad basis "{${meta/b-spline/spline},$layer}" 16 'kan.basis = "spline" is unknown'
printf '\xff\xff\x00\x00\x00\x00\x00\x00{}' > "$tmp/length.safetensors"
cp "$tmp/length.safetensors" "$tmp/length.copy"
expect 1 "header length 65535 runs past the end" "$kan" info "$tmp/length.safetensors"
unchanged "$tmp/length.safetensors" "$tmp/length.copy"

echo "cli checks: $checks passed"
