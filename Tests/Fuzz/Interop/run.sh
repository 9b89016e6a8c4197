#!/usr/bin/env bash
# Checks that PyTorch's safetensors reads what SafeTensorsWriter writes, and that
# SafeTensorsFile reads what safetensors.torch.save_file writes, bit for bit.
#
# Usage: Tests/Fuzz/Interop/run.sh [python]     (a Python with torch and safetensors installed,
#        default python3; e.g. python3 -m venv /tmp/v && /tmp/v/bin/pip install torch safetensors)
#
# Optional: no CI or test target depends on it.
set -euo pipefail

python="${1:-python3}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swiftc -O -parse-as-library -module-name KANData "$root"/Sources/KANData/*.swift \
  "$here/SafeTensorsInterop.swift" -o "$work/interop"
"$work/interop" write "$work/from-swift.safetensors"
"$python" "$here/safetensors_interop.py" check "$work/from-swift.safetensors"
"$python" "$here/safetensors_interop.py" write "$work/from-python.safetensors"
"$work/interop" read "$work/from-python.safetensors"
echo "interop OK"
