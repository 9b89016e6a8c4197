#!/usr/bin/env bash
# Builds the four libFuzzer targets of KANData (gzip, IDX, CSV, safetensors) with AddressSanitizer,
# seeds each corpus with small valid inputs, runs each for a bounded time and prints how many
# inputs it survived. Exits non-zero if any target crashed (crash-* files land in Tests/Fuzz/bin).
#
# Usage: Tests/Fuzz/run.sh [seconds-per-target]      (default 60)
#
# Not a SwiftPM target: each target is one file with LLVMFuzzerTestOneInput, compiled together
# with Sources/KANData/*.swift as module KANData. bin/ and corpus-*/ are git-ignored.
set -uo pipefail

seconds="${1:-60}"
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$fuzz/../.." && pwd)"
bin="$fuzz/bin"
mkdir -p "$bin"

# le64 N: the 8 little-endian bytes of N.
le64() {
  local n=$1 i
  for i in 0 1 2 3 4 5 6 7; do printf "\\$(printf '%03o' $(((n >> (8 * i)) & 255)))"; done
}

# safetensors NAME HEADER DATA-BYTES: a file with HEADER's length, HEADER, then DATA-BYTES zeros.
safetensors() {
  { le64 "${#2}"; printf '%s' "$2"; head -c "$3" /dev/zero; } >"$1"
}

seed_Gzip() {
  printf 'hello hello hello hello' | gzip -c >"$1/text.gz"
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

# Dictionaries of tokens that help libFuzzer build structured inputs (one "token" per line).
dict_CSV() { printf '"%s"\n' ',' '\"' '\x0d\x0a' 'nan' 'inf' 'e-7' '1.5' '\xef\xbb\xbf'; }
dict_SafeTensors() {
  printf '"%s"\n' '{' '}' '[' ']' ':' ',' '\"dtype\"' '\"shape\"' '\"data_offsets\"' \
    '\"__metadata__\"' '\"F32\"' '\"F64\"' '\"I64\"' '\"U8\"' '\"BOOL\"' '\\u00e9' '1e3' '-1'
}

status=0
for target in Gzip IDX CSV SafeTensors; do
  executable="$bin/$target"
  if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name KANData \
    "$root"/Sources/KANData/*.swift "$fuzz/${target}Fuzz.swift" -o "$executable" \
    2>"$bin/$target.build.log"; then
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
  "$executable" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$bin/$target-" "${options[@]}" "$corpus" >"$bin/$target.log" 2>&1
  result=$?
  runs=$(grep -Eo 'Done [0-9]+ runs' "$bin/$target.log" | tail -1 | awk '{print $2}')
  if [ "$result" -eq 0 ]; then
    echo "$target: survived ${runs:-?} runs in ${seconds} s"
  else
    echo "$target: CRASHED (exit $result); see $bin/$target.log and $bin/$target-crash-*"
    grep -E 'ERROR|Fatal error|SUMMARY' "$bin/$target.log" | head -5
    status=1
  fi
done
exit "$status"
