# Sourced by .ci/cli-checks.sh and .ci/resnet-checks.sh: a failure exits with a message, and
# `expect` runs one command and checks its exit status and output. The caller sets `tmp` (a
# scratch folder), `checks=0` and `suite` (the name a failure is reported under).

fail() { printf '%s FAILED: %s\n' "$suite" "$*" >&2; exit 1; }

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
