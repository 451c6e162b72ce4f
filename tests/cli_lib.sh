# Helpers the command-line test scripts share: `source "$(dirname "$0")/cli_lib.sh"`.

# Stops the script with one FAIL line.
fail() { echo "FAIL: $*"; exit 1; }

# expect_refusal WANT OUTPUT COMMAND...: COMMAND must refuse its input as bmgcreep promises for
# bad input: exit code 2 (or $exit_code: 1 for a runtime refusal), exactly one line on stderr, "error: ..." containing WANT, and no OUTPUT
# (nor the OUTPUT.partial staging folder of calibrate) left behind. With usage=1 in the
# environment (a misused command line), the usage text may follow that line.
expect_refusal() {
  local want=$1 output=$2 code=0 err first wanted=${exit_code:-2}
  shift 2
  err=$("$@" 2>&1 >/dev/null) || code=$?
  [ "$code" -eq "$wanted" ] || fail "exit code $code (not $wanted) for $*: $err"
  first=$(head -n 1 <<< "$err")
  [[ $first == "error: "* ]] && grep -q -- "$want" <<< "$first" || fail "$* -> $err"
  if [ "$(wc -l <<< "$err")" -gt 1 ]; then
    [ "${usage:-0}" = 1 ] && [[ $(sed -n 2p <<< "$err") == "usage: "* ]] || fail "more than one line from $*: $err"
  fi
  [ ! -e "$output" ] && [ ! -e "$output.partial" ] || fail "output written for $*"
}
