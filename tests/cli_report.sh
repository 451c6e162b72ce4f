#!/usr/bin/env bash
# report.md of `point` and `creep` (continuum/material/point_report.h): it links only files that
# exist, every PNG it shows is a PNG image (signature, IHDR with a non-zero width and height),
# a rerun writes the same bytes (no dates: the kill-and-resume test compares folders), a creep
# run adds the pictures of the fields at the end of each hold from its section CSV, without
# gnuplot the report says so and links no figure, and a rerun clears a killed run's temporaries.
# Usage: cli_report.sh BMGCREEP SOURCE_DIR WORK_DIR
set -euo pipefail
source "$(dirname "$0")/cli_lib.sh"
bmgcreep=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work"
mkdir -p "$work"
zhang=$src/cases/zhang2017

# png_ok FILE: the PNG signature, then the IHDR chunk (length 13) with width and height > 0.
png_ok() {
  local head
  head=$(od -A n -t x1 -N 24 "$1" | tr -d ' \n')
  [[ $head == 89504e470d0a1a0a0000000d49484452* ]] || return 1
  [ "${head:32:8}" != 00000000 ] && [ "${head:40:8}" != 00000000 ]
}

# check_report DIR: every link target of DIR/report.md exists in DIR, every linked PNG is an
# image; prints the number of PNGs shown.
check_report() {
  local dir=$1 target n=0
  [ -s "$dir/report.md" ] || fail "no report.md in $dir"
  while read -r target; do
    [ -f "$dir/$target" ] || fail "report.md in $dir links $target, which does not exist"
    if [[ $target == *.png ]]; then
      png_ok "$dir/$target" || fail "$dir/$target is not a PNG image with a size"
      n=$((n + 1))
    fi
  done < <(grep -o '](\([^)]*\))' "$dir/report.md" | sed 's/^](//; s/)$//')
  echo "$n"
}

# same_folders A B: the same files, byte for byte, but for the lock file and the run record's
# log and provenance (they name the output folder, the start and the wall time).
same_folders() {
  local keep=(-type f ! -name .bmgcreep-lock ! -name run.log ! -name provenance.json)
  diff <(cd "$1" && find . "${keep[@]}" | sort) <(cd "$2" && find . "${keep[@]}" | sort) ||
    fail "$1 and $2 hold other files"
  local f
  while read -r f; do cmp -s "$1/$f" "$2/$f" || fail "$f differs between two runs"; done < <(cd "$1" && find . "${keep[@]}")
}

# A point run, twice.
"$bmgcreep" point "$zhang/holds.prm" --output "$work/point" --quiet
"$bmgcreep" point "$zhang/holds.prm" --output "$work/point2" --quiet
n=$(check_report "$work/point")
same_folders "$work/point" "$work/point2"
grep -q "^## Model against the lab" "$work/point/report.md" || fail "point report without the lab comparison"
grep -q "no uncertainty" "$work/point/report.md" || fail "the lab file states no uncertainties and the report does not say so"
if command -v gnuplot > /dev/null; then
  [ "$n" = 3 ] || fail "point report shows $n figures, not 3 (creep curves, trends, compression)"
fi

# A small creep run (two holds, 1 h, 2 x 8 cells): the fields at the end of each hold too.
creep=(creep "$zhang/cylinder.prm" --set "Cylinder/Refinement level=1" --set "Protocol/Hold fractions=0.7, 0.9"
       --set "Protocol/Hold time=1" --set "Comparison/Lab protocol mismatch=warn" --quiet)
"$bmgcreep" "${creep[@]}" --output "$work/creep"
"$bmgcreep" "${creep[@]}" --output "$work/creep2"
n=$(check_report "$work/creep")
same_folders "$work/creep" "$work/creep2"
for h in 0.7 0.9; do
  [ "$(wc -l < "$work/creep/hold-$h-hold-section.csv")" = 17 ] || fail "hold-$h-hold-section.csv: not 16 cells and a header"
  grep -q "(hold-$h-fields.gp)" "$work/creep/report.md" || fail "creep report without the fields of hold $h"
done
if command -v gnuplot > /dev/null; then
  [ "$n" = 5 ] || fail "creep report shows $n figures, not 5"
fi

# Without gnuplot: the scripts and data, no figure, and a note saying why.
PATH=/nonexistent "$bmgcreep" point "$zhang/holds.prm" --output "$work/plain" --quiet
n=$(check_report "$work/plain")
[ "$n" = 0 ] && ! ls "$work/plain/"*.png > /dev/null 2>&1 || fail "figures without gnuplot"
grep -q "gnuplot is not installed" "$work/plain/report.md" || fail "no note that gnuplot is missing"
# A rerun into the same folder replaces the report (its files are in the manifest) and removes
# what a killed run leaves of this run's files (temporary names), not a user's file.
touch "$work/plain/report.md.tmp.123" "$work/plain/creep-curves.png.tmp.45" "$work/plain/notes.tmp.6"
"$bmgcreep" point "$zhang/holds.prm" --output "$work/plain" --quiet
[ ! -e "$work/plain/report.md.tmp.123" ] && [ ! -e "$work/plain/creep-curves.png.tmp.45" ] &&
  [ -e "$work/plain/notes.tmp.6" ] || fail "temporary files after a rerun: $(ls "$work/plain")"
[ "$(check_report "$work/plain")" = "$(check_report "$work/point")" ] || fail "rerun with gnuplot: other figures"
echo "report.md: links and figures checked for point and creep, reruns identical, no-gnuplot note"
