#!/usr/bin/env bash
# End-to-end checks of kan train / info / predict / attribute / discover: exit codes and messages
# for bad input, a tiny train -> save -> info -> predict round trip on 300 MNIST images and one
# on a CSV file, and no file ever clobbered.
#
# Usage: .ci/cli-checks.sh KAN TMPDIR     (KAN: a release build of kan; TMPDIR: an empty folder)
# Run from the package root (the MNIST files are found in Data/mnist). Takes a few seconds.
set -euo pipefail

kan="$1"
tmp="$2"
checks=0

suite="CLI CHECK"
# shellcheck source=.ci/expect.sh
source "$(dirname "$0")/expect.sh"

# unchanged FILE COPY : FILE still has the bytes of COPY.
unchanged() {
  cmp -s "$1" "$2" || fail "$1 was modified"
  checks=$((checks + 1))
}

# safetensors FILE HEADER DATABYTES [DATA] : a safetensors file with that JSON header and
# DATABYTES zero bytes, or the bytes of the printf format DATA.
safetensors() {
  local length=${#2}
  printf "$(printf '\\x%02x' $((length & 255)) $((length >> 8 & 255)) 0 0 0 0 0 0)" > "$1"
  printf '%s' "$2" >> "$1"
  if [[ $# -ge 4 ]]; then printf "$4" >> "$1"; else head -c "$3" /dev/zero >> "$1"; fi
}

# bounded SECONDS MEGABYTES CODE PATTERN CMD... : as expect, and CMD ends within SECONDS and
# its peak resident memory stays under MEGABYTES (measured by GNU time when it is installed).
bounded() {
  local seconds="$1" megabytes="$2" code="$3" pattern="$4"
  shift 4
  if [[ ! -x /usr/bin/time ]]; then
    expect "$code" "$pattern" timeout 10 "$@"
    echo "  (not measured: no /usr/bin/time) $*"
    return
  fi
  expect "$code" "$pattern" timeout 10 /usr/bin/time -f '%e %M' -o "$tmp/time.log" "$@"
  local elapsed kilobytes
  read -r elapsed kilobytes < <(tail -n 1 "$tmp/time.log")
  awk -v e="$elapsed" -v s="$seconds" 'BEGIN { exit !(e <= s) }' \
    || fail "took $elapsed s, over $seconds s: $*"
  ((kilobytes <= megabytes * 1024)) || fail "peak RSS $((kilobytes / 1024)) MB, over $megabytes MB: $*"
  echo "  $elapsed s, $((kilobytes / 1024)) MB peak: kan ${*:2}"
}

# no_escape : the last output holds no ESC (0x1b) or CSI (0x9b) byte.
no_escape() {
  ! LC_ALL=C grep -q $'[\x1b\x9b]' "$tmp/out.log" || fail "raw escape sequence printed"
  checks=$((checks + 1))
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
csv "$tmp/raw.csv" 2 784 200  # raw 0-255 pixels, not scaled to [-1, 1]
expect 0 "warning: 100.0% of the input values lie far outside the range the model was trained on" \
  "$kan" predict --model "$model" --input "$tmp/raw.csv"
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

# --- hostile input: each class of issue 9, exit 1 with a message, quickly, in bounded memory ---
# Models whose metadata claims a huge grid or widths: the header is checked against
# ModelLimits before anything is allocated (before: 20 s, a 40 GB abort, a trap on overflow).
huge() {  # huge KEY VALUE PATTERN : a crafted model with metadata KEY = VALUE is refused
  local edited
  edited="$(printf '%s' "$meta" | sed -E "s/\"$1\":\"[^\"]*\"/\"$1\":\"$2\"/")"
  safetensors "$tmp/huge.safetensors" "{$edited,$layer}" 16
  bounded 1 100 1 "$3" "$kan" info "$tmp/huge.safetensors"
  bounded 1 100 1 "$3" "$kan" predict --model "$tmp/huge.safetensors" --input "$tmp/x.csv"
}
huge kan.grid_size 3000 "grid size 3000 is over swift-kan's cap of 1000 \(ModelLimits.maxGridSize\)"
huge kan.grid_size 9223372036854775807 "over swift-kan's cap of 1000 \(ModelLimits.maxGridSize\)"
huge kan.widths 1000000,1000000 "more than 268435456 parameters, swift-kan's cap"
huge kan.widths 9223372036854775807,9223372036854775807 "ModelLimits.maxParameters"
huge kan.widths "$(printf '1,%.0s' {1..200})1" "lists 201 values, over swift-kan's cap of 100 layers"
huge kan.grid_size 1000 'spline_weight" has shape \[1, 1, 1\] but the model .* needs \[1, 1, 1000\]'

# Reads: regular files only, a cap per kind, checked before reading (before: unbounded memory
# or a hang).
ln -s /dev/zero "$tmp/zero.safetensors"
mkfifo "$tmp/fifo.csv"
bounded 1 100 1 "zero.safetensors: it is a character device \(such as /dev/zero\), not a regular" \
  "$kan" info "$tmp/zero.safetensors"
bounded 1 100 1 "cannot read /dev/urandom: it is a character device" \
  "$kan" predict --model "$model" --input /dev/urandom
bounded 1 100 1 "fifo.csv: it is a FIFO \(named pipe\), not a regular file" \
  "$kan" predict --model "$model" --input "$tmp/fifo.csv"
bounded 1 100 1 "cli: it is a directory, not a regular file" "$kan" info "$tmp"
bounded 1 100 1 "cannot read /dev/zero: it is a character device" "$kan" demo --data /dev/zero
bounded 1 100 1 "cannot read /dev/zero: it is a character device" "$kan" fit --data /dev/zero
expect 1 "standard input holds more than 268435456 bytes, over swift-kan's 256 MiB cap on a CSV" \
  "$kan" predict --model "$model" --input - < /dev/zero
csv "$tmp/one.csv" 1 784 0.5
expect 0 "^logit0,.*,class$" "$kan" predict --model "$model" --input - < "$tmp/one.csv"
# A 1 MB gzip that inflates to 1 GiB stops at the size its IDX header declares (before: all of
# it was inflated first).
mkdir -p "$tmp/bomb" "$tmp/big-header"
head -c 67108864 /dev/zero | gzip -9 > "$tmp/zeros.gz"
{
  printf '\x00\x00\x08\x03\x00\x00\xea\x60\x00\x00\x00\x1c\x00\x00\x00\x1c' | gzip
  for _ in $(seq 16); do cat "$tmp/zeros.gz"; done
} > "$tmp/bomb/train-images.idx3-ubyte.gz"
bounded 2 150 1 "more than 47040016 bytes \(the size its IDX header declares, dimensions 60000 x 28 x 28\)" \
  "$kan" train mnist --data "$tmp/bomb"
printf '\x00\x00\x08\x03\x00\x00\x27\x10\x00\x01\x00\x00\x00\x00\x00\x1c' | gzip \
  > "$tmp/big-header/train-images.idx3-ubyte.gz"
bounded 1 100 1 "declares dimensions 10000 x 65536 x 28, 18350080016 bytes, over swift-kan's 256 MiB cap" \
  "$kan" train mnist --data "$tmp/big-header"

# Writes: a link planted at the old predictable temporary name .<name>.<pid>.tmp, or at the
# destination, is never followed; --force replaces only regular files (before: the SVG writer
# wrote through the planted link; --force replaced links and devices).
mkdir -p "$tmp/svg"
printf 'precious\n' > "$tmp/victim"
cp "$tmp/victim" "$tmp/victim.copy"
(
  echo "$BASHPID" > "$tmp/pid"  # exec keeps the pid: kan's old temporary names are known
  for name in fit loss edges; do ln -s "$tmp/victim" "$tmp/svg/.$name.svg.$BASHPID.tmp"; done
  exec "$kan" demo --epochs 1 --no-plot --out "$tmp/svg"
) > "$tmp/out.log" 2>&1 || fail "kan demo failed with links planted at .<name>.<pid>.tmp"
unchanged "$tmp/victim" "$tmp/victim.copy"
[[ -L "$tmp/svg/.fit.svg.$(cat "$tmp/pid").tmp" ]] || fail "the planted link was removed"
rm "$tmp/svg/loss.svg"
ln -s "$tmp/victim" "$tmp/svg/loss.svg"
expect 1 "loss.svg: it is a symbolic link, which is never replaced" \
  "$kan" demo --epochs 1 --no-plot --out "$tmp/svg"
unchanged "$tmp/victim" "$tmp/victim.copy"
[[ -L "$tmp/svg/loss.svg" ]] || fail "the link at loss.svg was replaced"
ln -s "$tmp/victim" "$tmp/svg/link.csv"
expect 1 "refusing to write .*link.csv: it is a symbolic link, and swift-kan replaces only regular files \(even with --force\)" \
  "$kan" predict --model "$model" --input "$tmp/x.csv" --output "$tmp/svg/link.csv" --force
unchanged "$tmp/victim" "$tmp/victim.copy"
expect 1 "fifo.csv: it is a FIFO \(named pipe\), and swift-kan replaces only regular files" \
  "$kan" predict --model "$model" --input "$tmp/x.csv" --output "$tmp/fifo.csv" --force
[[ -p "$tmp/fifo.csv" ]] || fail "the FIFO was replaced"
if mknod "$tmp/null" c 1 3 2> /dev/null; then
  expect 1 "null: it is a character device .*, and swift-kan replaces only regular files" \
    "$kan" predict --model "$model" --input "$tmp/x.csv" --output "$tmp/null" --force
  [[ -c "$tmp/null" ]] || fail "the device node was replaced"
fi
expect 1 "link.csv: it is a symbolic link" \
  "$kan" train mnist --limit 300 --epochs 1 --out "$tmp/svg/link.csv" --force
grep -q '^epoch' "$tmp/out.log" && fail "training started although --out is a link"
# train --out into a missing folder fails before training (before: after the whole run).
expect 1 "cannot write .*/no-such-folder/m.safetensors: its directory .*no-such-folder: No such file or directory; create it first" \
  "$kan" train mnist --limit 300 --epochs 1 --out "$tmp/no-such-folder/m.safetensors"
grep -q '^epoch' "$tmp/out.log" && fail "training started although --out's folder is missing"

# A full disk (an 8 KB tmpfs, where root may mount one): a clean error and no temporary file
# left behind (before: the SVG writer left .<name>.<pid>.tmp).
mkdir "$tmp/full"
if [[ $(id -u) == 0 ]] && mount -t tmpfs -o size=8k tmpfs "$tmp/full" 2> /dev/null; then
  trap 'umount "$tmp/full"' EXIT
  expect 1 "could not write .*/full/.*svg: No space left on device" \
    "$kan" demo --epochs 1 --no-plot --out "$tmp/full"
  expect 1 "cannot write .*/full/m.safetensors: No space left on device; no existing file" \
    "$kan" train mnist --limit 300 --epochs 1 --out "$tmp/full/m.safetensors"
  ls -A "$tmp/full" | grep -q '^\.' && fail "a temporary file was left on the full disk"
  umount "$tmp/full"
  trap - EXIT
fi

# Printing: control characters from files are escaped (before: printed raw).
entry_esc="$(entry 'layers.0.grid\u001b]0;owned\u0007' F32 1 16,20)"
safetensors "$tmp/escape.safetensors" "{$meta,$layer,$entry_esc}" 20
expect 1 'unexpected tensor "layers.0.grid\\u\{1B\}\]0;owned\\u\{7\}"' \
  "$kan" info "$tmp/escape.safetensors"
no_escape
printf 'a,\e[31mb\n1,x\n' > "$tmp/"$'\e[2J'"escape.csv"
expect 1 'u\{1B\}\[2Jescape.csv: line 2, column "\\u\{1B\}\[31mb": "x" is not a number' \
  "$kan" predict --model "$model" --input "$tmp/"$'\e[2J'"escape.csv"
no_escape
# CSV: a NUL byte in a cell, a value beyond Float (before: read as the number before the NUL;
# "a NaN in the layer input").
{ printf 'p0'; printf ',p%d' $(seq 783); printf '\n0.5\x007'; printf ',0%.0s' $(seq 783); echo; } \
  > "$tmp/nul.csv"
expect 1 "nul.csv: line 2, cell 1: a NUL byte" "$kan" predict --model "$model" --input "$tmp/nul.csv"
csv "$tmp/overflow.csv" 1 784 1e39
expect 1 'overflow.csv: line 2, column "p0": 1e\+39 is too large for Float' \
  "$kan" predict --model "$model" --input "$tmp/overflow.csv"
# Predictions that are not finite (weights of 3e38): an error, not an inf row.
big="$(entry layers.0.base_weight F32 1,1 0,4),$(entry layers.0.spline_weight F32 1,1,1 4,8)"
big+=",$(entry layers.0.grid F32 1,2 8,16)"
safetensors "$tmp/big.safetensors" "{$meta,$big}" 16 \
  '\xe6\xb1\x61\x7f\x00\x00\x00\x00\x00\x00\x80\xbf\x00\x00\x80\x3f'
printf 'x\n1000\n' > "$tmp/thousand.csv"
expect 1 "the model's output y0 for the sample on line 2 is inf: its weights overflow Float" \
  "$kan" predict --model "$tmp/big.safetensors" --input "$tmp/thousand.csv"
# Zero test images: an error before training (before: 'test accuracy: 0.00%', exit 0).
mkdir -p "$tmp/empty-test"
ln -s "$PWD/Data/mnist/train-images.idx3-ubyte.gz" "$PWD/Data/mnist/train-labels.idx1-ubyte.gz" \
  "$tmp/empty-test/"
printf '\x00\x00\x08\x03\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x1c' | gzip \
  > "$tmp/empty-test/t10k-images.idx3-ubyte.gz"
printf '\x00\x00\x08\x01\x00\x00\x00\x00' | gzip > "$tmp/empty-test/t10k-labels.idx1-ubyte.gz"
expect 1 "t10k-labels.idx1-ubyte.gz: the files hold 0 images" \
  "$kan" train mnist --data "$tmp/empty-test" --limit 300 --epochs 1
grep -q '^epoch' "$tmp/out.log" && fail "training started with no test images"

# --- CSV training, attribution and discovery: bad tables, no clobbering, a round trip ---------
awk 'BEGIN { srand(3); print "a,b,c,y"
  for (r = 0; r < 300; r++) { a = 2 * rand() - 1; b = 2 * rand() - 1; c = 2 * rand() - 1
    printf "%.6f,%.6f,%.6f,%.6f\n", a, b, c, sin(3 * a) + b * b } }' > "$tmp/table.csv"
expect 1 'has no column "z"; its columns are "a", "b", "c", "y": pass one of them as --target' \
  "$kan" train "$tmp/table.csv" --target z
printf 'a,y\n1,5\n2,5\n3,5\n' > "$tmp/constant.csv"
expect 1 'target column "y" is 5.0 in every row' "$kan" train "$tmp/constant.csv" --target y
printf 'a,b,y\n1,7,5\n2,7,6\n3,7,8\n' > "$tmp/constant-input.csv"
expect 1 'input column "b" is 7.0 in every row' "$kan" train "$tmp/constant-input.csv" --target y
expect 2 "'--recipe' is not valid|an option of 'kan train mnist'" \
  "$kan" train "$tmp/table.csv" --target y --recipe swift-kan
expect 2 "first the 3 input columns" "$kan" train "$tmp/table.csv" --target y --widths 2,4,1
printf 'keep me\n' > "$tmp/kept.safetensors"
cp "$tmp/kept.safetensors" "$tmp/kept.copy"
expect 1 "exists" "$kan" train "$tmp/table.csv" --target y --out "$tmp/kept.safetensors"
grep -q '^step\|^epoch' "$tmp/out.log" && fail "training started before the --out check"
unchanged "$tmp/kept.safetensors" "$tmp/kept.copy"
expect 0 "held-out R\\^2: 0\\.99" \
  "$kan" train "$tmp/table.csv" --target y --steps 20 --out "$tmp/table.safetensors"
expect 0 "^y0" "$kan" predict --model "$tmp/table.safetensors" --input "$tmp/table.csv"
expect 0 "^  1  a  " "$kan" attribute "$tmp/table.safetensors" "$tmp/table.csv"
expect 0 "^formula: " "$kan" discover "$tmp/table.csv" --target y --out "$tmp/discover"
[[ -s "$tmp/discover/model.safetensors" && -s "$tmp/discover/diagram.json" ]] \
  || fail "kan discover wrote no model or diagram"
cp "$tmp/discover/model.safetensors" "$tmp/discover.copy"
expect 1 "exists" "$kan" discover "$tmp/table.csv" --target y --out "$tmp/discover"
unchanged "$tmp/discover/model.safetensors" "$tmp/discover.copy"
expect 0 "^formula: " "$kan" discover "$tmp/table.csv" --target y --out "$tmp/discover" --force
[[ -s "$tmp/discover/network.html" && -s "$tmp/discover/network.svg" ]] \
  || fail "kan discover drew no network"
expect 0 "network of model.safetensors .* drawn" \
  "$kan" plot "$tmp/discover/model.safetensors" "$tmp/table.csv" --out "$tmp/plot.html"
grep -q '<svg' "$tmp/plot.svg" || fail "kan plot wrote no diagram"
cp "$tmp/plot.html" "$tmp/plot.copy"
expect 1 "plot.html already exists; pass --force" \
  "$kan" plot "$tmp/discover/model.safetensors" --out "$tmp/plot.html"
unchanged "$tmp/plot.html" "$tmp/plot.copy"
expect 0 "drawn" "$kan" plot "$tmp/discover/model.safetensors" --out "$tmp/plot.html" --force
expect 1 "cannot read" "$kan" plot "$tmp/missing.safetensors" --out "$tmp/other.html"

echo "cli checks: $checks passed"
