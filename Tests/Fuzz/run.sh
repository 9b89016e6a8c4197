#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer, seeds each corpus with small valid inputs,
# runs each for a bounded time (or a number of inputs) with a 1 GB memory limit and prints how
# many inputs it survived. Exits non-zero if any target crashed (crash-* files land in
# Tests/Fuzz/bin).
#
#   Gzip, IDX, CSV, SafeTensors   the KANData parsers
#   Model                         ModelFile: header limits, architecture (metadata or inferred from
#                                 the shapes), layers, predict on a fixed input, round trip
#   CSVPredict                    CSV -> Float tensor -> predictions of a fixed model
#
# Usage: Tests/Fuzz/run.sh [SECONDS | --runs N] [TARGET...]   (default 60 s each, every target)
#        Tests/Fuzz/run.sh --supported     exit 0 if this toolchain has -sanitize=fuzzer
#
# Not SwiftPM targets: KANKernels (with its C part), KANData, KANSymbolic and KAN are compiled
# once with coverage and ASan into static libraries in Tests/Fuzz/bin, and each target is one file
# with LLVMFuzzerTestOneInput linked against them. bin/ and corpus-*/ are git-ignored.
set -uo pipefail

fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz/../.." && pwd)"
bin="$fuzz/bin"
mkdir -p "$bin/modules"
flags=(-sanitize=fuzzer,address -parse-as-library -O)

if [ "${1:-}" = "--supported" ]; then  # a probe outside the tree, so lint never sees it
  probe="$(mktemp -d)"
  printf '@_cdecl("LLVMFuzzerTestOneInput")\npublic func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { 0 }\n' \
    >"$probe/probe.swift"
  swiftc "${flags[@]}" "$probe/probe.swift" -o "$probe/probe" >/dev/null 2>&1
  status=$?
  rm -rf "$probe"
  exit "$status"
fi
limit=(-max_total_time=60)
what="60 s"
if [ "${1:-}" = "--runs" ]; then
  limit=(-runs="$2")
  what="$2 runs"
  shift 2
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  limit=(-max_total_time="$1")
  what="$1 s"
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(Gzip IDX CSV SafeTensors Model CSVPredict)

# le64 N: the 8 little-endian bytes of N.
le64() {
  local n=$1 i
  for i in 0 1 2 3 4 5 6 7; do printf "\\$(printf '%03o' $(((n >> (8 * i)) & 255)))"; done
}

# f32 N [S]: the 4 little-endian bytes of the float N / 2^S (N an integer below 2^23, S >= 0).
f32() {
  local n=$1 s=${2:-0} sign=0 e=0 bits=0 i
  if [ "$n" -ne 0 ]; then
    [ "$n" -lt 0 ] && { sign=1; n=$((-n)); }
    while [ $((n >> (e + 1))) -gt 0 ]; do e=$((e + 1)); done
    bits=$((sign << 31 | (e - s + 127) << 23 | ((n << (23 - e)) & 0x7FFFFF)))
  fi
  for i in 0 1 2 3; do printf "\\$(printf '%03o' $(((bits >> (8 * i)) & 255)))"; done
}

# safetensors NAME HEADER DATA-BYTES: a file with HEADER's length, HEADER, then DATA-BYTES zeros.
safetensors() {
  { le64 "${#2}"; printf '%s' "$2"; head -c "$3" /dev/zero; } >"$1"
}

seed_Gzip() {
  printf 'hello hello hello hello' | gzip -c >"$1/text.gz"
  printf '\x00\x00\x08\x02\x00\x00\x00\x02\x00\x00\x00\x03abcdef' | gzip -c >"$1/idx.gz"
  head -c 3000 "$root/Sources/KANData/Huffman.swift" | gzip -9 -c >"$1/source.gz"
  head -c 600 /dev/urandom | gzip -1 -c >"$1/stored.gz"
  printf '' | gzip -c >"$1/empty.gz"
  cat "$1/text.gz" "$1/empty.gz" >"$1/two-members.gz"
}

seed_IDX() {
  printf '\x00\x00\x08\x02\x00\x00\x00\x02\x00\x00\x00\x03abcdef' >"$1/two-by-three"
  { printf '\xc8\x00\x00\x08\x03\x00\x00\x00\x01\x00\x00\x00\x1c\x00\x00\x00\x1c'
    head -c 784 /dev/zero
    printf '\x00\x00\x08\x01\x00\x00\x00\x01\x07'; } >"$1/mnist-pair"
}

seed_CSV() {
  printf 'x1,x2\n0.5,-1\n1e-3,2\n' >"$1/simple.csv"
  printf '"a b","c,""d"""\r\n1,2\r\n\r\n' >"$1/quoted.csv"
  printf 'y\n' >"$1/header-only.csv"
}

seed_SafeTensors() {
  safetensors "$1/one.safetensors" \
    '{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}' 16
  safetensors "$1/two.safetensors" \
    '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"b":{"dtype":"I64","shape":[1],"data_offsets":[4,12]}}' 12
}

# tensor NAME SHAPE COUNT NUMERATOR-STEP SHIFT: appends a header entry to $entries and COUNT
# values ((v % 7) - 3) * STEP / 2^SHIFT to standard output (STEP 0: the values 1).
tensor() {
  local v
  entries+="${entries:+,}\"$1\":{\"dtype\":\"F32\",\"shape\":[$2],"
  entries+="\"data_offsets\":[$offset,$((offset + 4 * $3))]}"
  offset=$((offset + 4 * $3))
  for ((v = 0; v < $3; v++)); do
    if [ "$4" -eq 0 ]; then f32 1; else f32 $(((v % 7 - 3) * $4)) "$5"; fi
  done
}

# model FILE METADATA G K SCALER W0 W1 ...: a model file with widths W, grid size G, order K,
# a spline_scaler per layer if SCALER is 1, small weights and knot rows (2m - G - 2K) / 4.
model() {
  local file=$1 metadata=$2 g=$3 k=$4 scaler=$5 entries="" offset=0 l m row
  shift 5
  local widths=("$@")
  for ((l = 0; l + 1 < ${#widths[@]}; l++)); do
    local i=${widths[l]} o=${widths[l + 1]}
    tensor "layers.$l.base_weight" "$o,$i" $((o * i)) 1 3
    tensor "layers.$l.spline_weight" "$o,$i,$((g + k))" $((o * i * (g + k))) 1 4
    [ "$scaler" = 1 ] && tensor "layers.$l.spline_scaler" "$o,$i" $((o * i)) 0 0
    entries+=",\"layers.$l.grid\":{\"dtype\":\"F32\",\"shape\":[$i,$((g + 2 * k + 1))],"
    entries+="\"data_offsets\":[$offset,$((offset + 4 * i * (g + 2 * k + 1)))]}"
    offset=$((offset + 4 * i * (g + 2 * k + 1)))
    for ((row = 0; row < i; row++)); do
      for ((m = 0; m <= g + 2 * k; m++)); do f32 $((2 * m - g - 2 * k)) 2; done
    done
  done >"$file.data"
  local header="{$metadata${metadata:+,}$entries}"
  { le64 "${#header}"; printf '%s' "$header"; cat "$file.data"; } >"$file"
  rm "$file.data"
}

# metadata WIDTHS G K TASK BASIS: a swift-kan __metadata__ entry.
metadata() {
  printf '"__metadata__":{"kan.format_version":"1","kan.widths":"%s","kan.grid_size":"%s",' \
    "$1" "$2"
  printf '"kan.spline_order":"%s","kan.basis":"%s","kan.base_activation":"silu",' "$3" "$5"
  printf '"kan.out_of_grid":"zero","kan.task":"%s","train.note":"seed"}' "$4"
}

seed_Model() {
  model "$1/one.safetensors" "$(metadata 1,1 1 0 regression b-spline)" 1 0 1 1 1
  model "$1/mnist-like.safetensors" "$(metadata 4,3,2 3 3 classification b-spline)" 3 3 1 4 3 2
  model "$1/rbf.safetensors" "$(metadata 2,2 4 1 regression rbf)" 4 1 0 2 2
  model "$1/chebyshev.safetensors" "$(metadata 2,1 2 2 regression chebyshev)" 2 2 1 2 1
  model "$1/pytorch.safetensors" "" 3 3 1 2 3 1
}

seed_CSVPredict() {
  printf 'x1,x2\n0.5,-1\n1e-3,2\n' >"$1/two.csv"
  printf 'a,b,c,d\n1,2,3,4\n-100,0,1e30,7\n' >"$1/four.csv"
  printf 'p\n0\n' >"$1/one.csv"
}

# Dictionaries of tokens that help libFuzzer build structured inputs (one "token" per line).
dict_CSV() { printf '"%s"\n' ',' '\"' '\x0d\x0a' 'nan' 'inf' 'e-7' '1.5' '\xef\xbb\xbf'; }
dict_CSVPredict() { dict_CSV; printf '"%s"\n' '1e38' '3.5e38' '1e39' '-1e30' '\x00'; }
dict_Model() {
  dict_SafeTensors
  printf '"%s"\n' '\"layers.0.base_weight\"' '\"layers.1.spline_weight\"' \
    '\"layers.0.spline_scaler\"' '\"layers.2.grid\"' '\"kan.widths\"' '\"kan.grid_size\"' \
    '\"kan.spline_order\"' '\"kan.format_version\"' '\"kan.task\"' '\"classification\"' \
    '\"rbf\"' '\"chebyshev\"' '\"1000\"' '\"1001\"' '99999999999' '\x00\x00\x80\x7f'
}
dict_SafeTensors() {
  printf '"%s"\n' '{' '}' '[' ']' ':' ',' '\"dtype\"' '\"shape\"' '\"data_offsets\"' \
    '\"__metadata__\"' '\"F32\"' '\"F64\"' '\"I64\"' '\"U8\"' '\"BOOL\"' '\\u00e9' '1e3' '-1'
}

# build NAME SOURCES...: a static library and module NAME in $bin, with coverage and ASan.
build() {
  local name=$1
  shift
  swiftc "${flags[@]}" -module-name "$name" -I "$bin/modules" -emit-library -static \
    -emit-module -emit-module-path "$bin/modules/$name.swiftmodule" -o "$bin/lib$name.a" "$@" \
    >"$bin/$name.build.log" 2>&1 || {
    grep -v 'ld.gold: warning' "$bin/$name.build.log"
    echo "$name: build failed"
    exit 2
  }
}

echo "building KANKernels, KANData, KANSymbolic and KAN with -sanitize=fuzzer,address (a minute or two)"
# KANKernelsCPU is C: a module map over its header for swiftc, and its one object for the linker.
cpu="$bin/KANKernelsCPU"
mkdir -p "$cpu"
printf 'module KANKernelsCPU {\n  header "%s"\n  export *\n}\n' \
  "$root/Sources/KANKernelsCPU/include/KANKernelsCPU.h" >"$cpu/module.modulemap"
clang -O2 -fsanitize=address -I "$root/Sources/KANKernelsCPU/include" \
  -c "$root/Sources/KANKernelsCPU/KANKernelsCPU.c" -o "$bin/KANKernelsCPU.o" || {
  echo "KANKernelsCPU: build failed"
  exit 2
}
flags+=(-I "$cpu")
build KANKernels "$root"/Sources/KANKernels/*.swift
build KANData "$root"/Sources/KANData/*.swift
build KANSymbolic "$root"/Sources/KANSymbolic/*.swift
mapfile -t kan < <(find "$root/Sources/KAN" -name '*.swift' | sort)
build KAN "${kan[@]}"

status=0
for target in "${targets[@]}"; do
  executable="$bin/$target"
  if ! swiftc "${flags[@]}" -I "$bin/modules" "$fuzz/${target}Fuzz.swift" "$bin/KANKernelsCPU.o" -L "$bin" \
    -lKAN -lKANSymbolic -lKANData -lKANKernels -o "$executable" 2>"$bin/$target.build.log"; then
    grep -v 'ld.gold: warning' "$bin/$target.build.log"
    echo "$target: build failed"
    exit 2
  fi
  corpus="$fuzz/corpus-$target"
  mkdir -p "$corpus"
  "seed_$target" "$corpus"
  options=()
  if declare -F "dict_$target" >/dev/null; then
    "dict_$target" >"$bin/$target.dict"
    options=(-dict="$bin/$target.dict")
  fi
  start=$SECONDS
  "$executable" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$bin/$target-" "${options[@]}" "$corpus" \
    >"$bin/$target.log" 2>&1
  result=$?
  runs=$(grep -Eo 'Done [0-9]+ runs' "$bin/$target.log" | tail -1 | awk '{print $2}')
  rss=$(grep -Eo 'peak_rss_mb: *[0-9]+' "$bin/$target.log" | tail -1 | grep -Eo '[0-9]+$')
  if [ "$result" -eq 0 ]; then
    echo "$target: survived ${runs:-?} runs in $((SECONDS - start)) s (asked: $what), peak RSS ${rss:-?} MB"
  else
    echo "$target: CRASHED (exit $result); see $bin/$target.log and $bin/$target-crash-*"
    grep -E 'ERROR|Fatal error|SUMMARY' "$bin/$target.log" | head -5
    status=1
  fi
done
exit "$status"
