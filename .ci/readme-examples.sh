#!/usr/bin/env bash
# The README's example programs are the compiled ones, and a new user's package can build them.
#
#   1. Every ```swift block that follows a line `<!-- example: PATH -->` in README.md equals the
#      file PATH byte for byte (PATH is an executable target of this package).
#   2. A fresh package in TMPDIR that depends on this checkout by path, with the README's
#      regression program as its main.swift, builds and runs (debug, as a new user would).
#
# Usage: .ci/readme-examples.sh TMPDIR      (run from the package root)
set -euo pipefail

tmp="$1"
root="$(pwd)"
fail() { printf 'README EXAMPLE CHECK FAILED: %s\n' "$*" >&2; exit 1; }

# extract PATH : the block after the marker for PATH, on standard output.
extract() {
  awk -v path="$1" '
    $0 == "<!-- example: " path " -->" { marked = 1; next }
    marked && /^```swift$/ { inside = 1; marked = 0; next }
    inside && /^```$/ { exit }
    inside { print }
  ' README.md
}

paths=$(sed -n 's/^<!-- example: \(.*\) -->$/\1/p' README.md)
[[ -n "$paths" ]] || fail "README.md has no <!-- example: PATH --> markers"
for path in $paths; do
  [[ -f "$path" ]] || fail "README names $path, which does not exist"
  extract "$path" > "$tmp/block.swift"
  cmp -s "$tmp/block.swift" "$path" || {
    diff "$path" "$tmp/block.swift" >&2 || true
    fail "README's block for $path differs from the file"
  }
  echo "README block = $path"
done

package="$tmp/new-user"
mkdir -p "$package/Sources/new-user"
identity="$(basename "$root")"
cat > "$package/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "new-user",
  dependencies: [.package(path: "$root")],
  targets: [
    .executableTarget(
      name: "new-user",
      dependencies: [.product(name: "KAN", package: "$identity")])
  ]
)
SWIFT
extract Tutorials/Examples/regression/main.swift > "$package/Sources/new-user/main.swift"
(cd "$package" && swift build 2>&1 | tail -3 && swift run new-user) | tee "$tmp/new-user.log"
grep -q '^training MSE after 100 epochs:' "$tmp/new-user.log" || fail "the pasted program did not run"
echo "the README's regression program builds and runs in a new package that depends on swift-kan"
