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

# write_fcc_data FILE N: an fcc crystal (a = 4 A) of N x N x N cells as a LAMMPS data file
# (atom_style atomic), types alternating 1, 2 by atom.
write_fcc_data() {
  awk -v n="$2" 'BEGIN {
    a = 4; split("0 0 0 0.5 0.5 0 0.5 0 0.5 0 0.5 0.5", b, " ")
    print "fcc test crystal\n\n" 4 * n * n * n " atoms\n2 atom types\n\n0 " a * n " xlo xhi\n0 " a * n " ylo yhi\n0 " a * n " zlo zhi\n\nAtoms # atomic\n"
    id = 0
    for (i = 0; i < n; ++i) for (j = 0; j < n; ++j) for (k = 0; k < n; ++k) for (m = 0; m < 4; ++m) {
      ++id; printf "%d %d %.6f %.6f %.6f\n", id, 1 + id % 2, a * (i + b[3*m+1]), a * (j + b[3*m+2]), a * (k + b[3*m+3])
    }
  }' > "$1"
}
