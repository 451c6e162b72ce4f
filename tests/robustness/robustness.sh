#!/bin/bash
# Robustness suite (issue 13): bad input and faults as a careless user makes them. Each case
# asserts the exit code, the single "error:" line and what is left in or lost from the output.
# usage: robustness.sh BMGCREEP SOURCE_DIR WORK_DIR
set -u
bmgcreep=$1 source_dir=$2 work=$3
source "$source_dir/tests/cli_lib.sh"
rm -rf "$work" && mkdir -p "$work" && cp -r "$source_dir/cases/zhang2017" "$work/z" || fail "setup"
cd "$work/z"
count=0
ok() { count=$((count + 1)); echo "ok $count: $1"; }

# --- deck reader: oversized input (was a stack overflow in std::regex), includes, bytes ----------
printf 'include holds.prm\nsubsection Specimen\n  set Temperature = %s\nend\n' "$(head -c 30000 /dev/zero | tr '\0' 9)" > long-value.prm
expect_refusal "long-value.prm:3: a line of 30020 characters" "$work/o" "$bmgcreep" point long-value.prm --output "$work/o"; ok "30 KB value"
printf 'include holds.prm # %s\n' "$(head -c 50000 /dev/zero | tr '\0' x)" > long-include.prm
expect_refusal "long-include.prm:1: a line of" "$work/o" "$bmgcreep" point long-include.prm --output "$work/o"; ok "include with a 50 KB comment"
printf 'include holds.prm\nsubsection %s\nend\n' "$(head -c 100000 /dev/zero | tr '\0' S)" > long-section.prm
expect_refusal "long-section.prm:2: a line of" "$work/o" "$bmgcreep" point long-section.prm --output "$work/o"; ok "100 KB subsection name"
printf 'include holds.prm\nsubsection Protocol\n  set Hold fractions = %s0.5\nend\n' "$(for i in $(seq 7000); do printf '0.5,'; done)" > many-holds.prm
expect_refusal "many-holds.prm:3: a line of" "$work/o" "$bmgcreep" point many-holds.prm --output "$work/o"; ok "7000 hold fractions"
printf 'include holds.prm\nsubsection Protocol\n  set Hold fractions = %s0.5\nend\n' "$(for i in $(seq 150); do printf '0.5,'; done)" > too-many-holds.prm
expect_refusal "too-many-holds.prm:3: \"Hold fractions\"" "$work/o" "$bmgcreep" point too-many-holds.prm --output "$work/o"; ok "151 hold fractions (at most 100)"
printf 'include holds.prm\nsubsection Specimn\n  set Temperature = 300\nend\n' > bad-section.prm
expect_refusal "bad-section.prm:2: There is no such subsection to be entered: Specimn" "$work/o" "$bmgcreep" point bad-section.prm --output "$work/o"; ok "unknown subsection after an include: right line"
printf 'include holds.prm\nsubsection Specimen\n  set Temperatur = 300\nend\n' > bad-key.prm
expect_refusal "bad-key.prm:3: No entry with name <Temperatur>" "$work/o" "$bmgcreep" point bad-key.prm --output "$work/o"; ok "unknown key after an include: right line"
printf 'include holds.prm\nsubsection Specimen\n  set Temperature = 3\0000\nend\n' > nul.prm
expect_refusal "nul.prm:3: a NUL byte" "$work/o" "$bmgcreep" point nul.prm --output "$work/o"; ok "NUL byte"
printf 'include holds.prm\nsubsection Specimen\n  set Temperature = 3\001\200\nend\n' > garbage.prm
expect_refusal 'nul.prm\|"3\\x01\\x80" is not allowed' "$work/o" "$bmgcreep" point garbage.prm --output "$work/o"; ok "binary garbage echoed escaped"
printf '\357\273\277include holds.prm\r\nsubsection Specimen\r\n  set Temperature = 298\r\nend\r\n' > bom-crlf.prm
"$bmgcreep" point bom-crlf.prm --output "$work/bom" --quiet && [ -s "$work/bom/summary.csv" ] || fail "a UTF-8 BOM and CRLF line ends are read"; ok "BOM and CRLF accepted"
cp holds.prm "my holds.prm" && printf 'include "my holds.prm"\n' > quoted.prm
"$bmgcreep" point quoted.prm --output "$work/quoted" --quiet && [ -s "$work/quoted/summary.csv" ] || fail "quoted include with a space"; ok "include path with a space, quoted"
printf 'include "holds.prm\n' > open-quote.prm
expect_refusal "open-quote.prm:1: include path opens a quote" "$work/o" "$bmgcreep" point open-quote.prm --output "$work/o"; ok "unclosed quote"

# --- limits before work ---------------------------------------------------------------------------
expect_refusal "Fixed hold steps\" = 100000000 exceeds" "$work/o" "$bmgcreep" point holds.prm --set "Time stepping/Fixed hold steps=100000000" --output "$work/o"; ok "fixed hold steps beyond Max steps per stage"
expect_refusal "needs about .* GB .*Memory limit" "$work/o" "$bmgcreep" creep cylinder.prm --set "Cylinder/Refinement level=7" --set "Cylinder/Memory limit=1" --output "$work/o"; ok "mesh above the memory limit"
usage=1 expect_refusal '--output "": give a non-empty value' "$work/o" "$bmgcreep" point holds.prm --output ""; ok "empty --output"

# --- lab summaries ----------------------------------------------------------------------------------
sed '$p' zhang2017_lab.csv > dup.csv
expect_refusal "dup.csv:9: hold fraction 0.9 repeats line 8" "$work/o" "$bmgcreep" point holds.prm --set "Comparison/Lab summary=dup.csv" --output "$work/o"; ok "duplicated lab row"
sed '$s/5\.990/5.900/;$p' zhang2017_lab.csv | sed '$s/5\.900/5.990/' > conflict.csv
expect_refusal "repeats line" "$work/o" "$bmgcreep" point holds.prm --set "Comparison/Lab summary=conflict.csv" --output "$work/o"; ok "conflicting duplicate lab row"
sed 's/6\.062/6,062/' zhang2017_lab.csv > comma.csv
expect_refusal "comma.csv:6: 8 cells where the header has 7 (a decimal comma" "$work/o" "$bmgcreep" point holds.prm --set "Comparison/Lab summary=comma.csv" --output "$work/o"; ok "decimal comma"
sed 's/^0\.9,/1.5,/' zhang2017_lab.csv > big.csv
expect_refusal "big.csv:8: \"hold_fraction_of_yield\" = 1.5 is not a hold below yield" "$work/o" "$bmgcreep" point holds.prm --set "Comparison/Lab summary=big.csv" --output "$work/o"; ok "lab fraction 1.5"

# --- lab data must match the run (issue 26): a 1 h or 350 K row is not compared with a 48 h, 298 K run
sed 's/^0\.5,843\.5,48,/0.5,843.5,1,/' zhang2017_lab.csv > one-hour.csv
expect_refusal "one-hour.csv:6: hold_time_h = 1 h, the deck holds 48 h (Protocol/Hold time): set \"Comparison/Lab protocol mismatch = warn\"" "$work/o" "$bmgcreep" point holds.prm --set "Comparison/Lab summary=one-hour.csv" --output "$work/o"
ok "a 1 h lab row against a 48 h run refused"
sed 's/^0\.7,1180\.9,48,298,/0.7,1180.9,48,350,/' zhang2017_lab.csv > hot.csv
expect_refusal "hot.csv:7: temperature_K = 350 K, the deck runs at 298 K" "$work/o" "$bmgcreep" calibrate calibrate.prm --set "Comparison/Lab summary=hot.csv" --output "$work/o"
ok "calibrate refuses to fit a 350 K row with a 298 K model"
err=$("$bmgcreep" point holds.prm --set "Comparison/Lab summary=one-hour.csv" --set "Comparison/Lab protocol mismatch=warn" --output "$work/warned" --quiet 2>&1 >/dev/null) || fail "warn: $err"
grep -q "^warning: lab summary row not of this run: one-hour.csv:6: hold_time_h = 1 h" <<< "$err" && grep -q "lab summary row not of this run" "$work/warned/report.md" || fail "the warning: $err"
ok "Lab protocol mismatch = warn: compared, one warning line on the console and in report.md"
printf 'include holds.prm\nsubsection Protocol\n  set Hold fractions = 0.7\n  set Hold fractions = 0.5, 0.7\nend\n' > twice.prm
err=$("$bmgcreep" point twice.prm --output "$work/twice" --quiet 2>&1 >/dev/null) || fail "a key set twice: $err"
grep -q "^warning: .*twice.prm:4: \"Hold fractions\" set again (first at .*twice.prm:3): the last value, 0.5, 0.7, counts" <<< "$err" || fail "repeated key: $err"
ok "a key set twice in a deck: a warning with both lines (the last counts)"
printf 'include %s\nsubsection Holds\n  set Stresses = 0.8, 0.8\nend\n' "$source_dir/cases/md-smoke/campaign.prm" > md-twice.prm
expect_refusal "md-twice.prm: \"Holds/Stresses\" lists 0.8 twice" "$work/o" "$bmgcreep" md md-twice.prm --output "$work/o"
ok "md with one stress twice refused (it reported two conditions)"

# --- output folders: nothing of the user's lost, no two runs mixed ----------------------------------
cp -r "$source_dir/cases/creep-curves-example" "$work/cce"
(cd "$work/cce" && sha256sum * > "$work/cce.sums")
"$bmgcreep" point holds.prm --output "$work/cce" --quiet || fail "point into a folder with a user's files"
"$bmgcreep" point holds.prm --output "$work/cce" --quiet || fail "rerun into it"
(cd "$work/cce" && sha256sum -c --quiet "$work/cce.sums") || fail "a user's file changed or went"
ok "--output at a copy of creep-curves-example keeps its inputs (hold-0.7-synthetic.csv)"
mkdir -p "$work/user" && touch "$work/user/hold-notes.csv" "$work/user/as-cast-photo.vtu"
"$bmgcreep" point holds.prm --output "$work/user" --quiet && "$bmgcreep" point holds.prm --set "Protocol/Hold fractions=0.6" --output "$work/user" --quiet || fail "runs into a folder with user files"
[ -e "$work/user/hold-notes.csv" ] && [ -e "$work/user/as-cast-photo.vtu" ] && [ ! -e "$work/user/hold-0.5.csv" ] && [ -e "$work/user/hold-0.6.csv" ] || fail "manifest cleanup: $(ls "$work/user")"
ok "rerun removes its own earlier files only"
mkdir -p "$work/mine" && echo mine > "$work/mine/summary.csv"
code=0; err=$("$bmgcreep" point holds.prm --output "$work/mine" 2>&1 >/dev/null) || code=$?
[ $code -eq 1 ] && [[ $err == "error: "*"summary.csv: exists and was not written by bmgcreep"* ]] && [ "$(cat "$work/mine/summary.csv")" = mine ] || fail "a user's summary.csv: $code $err"
ok "a user's file of an output name refused before work"
"$bmgcreep" creep cylinder.prm --set "Protocol/Hold time=1" --set "Comparison/Lab protocol mismatch=warn" --output "$work/locked" --quiet & first=$!
for i in $(seq 50); do [ -e "$work/locked/.bmgcreep-lock" ] && break; sleep 0.1; done
code=0; err=$("$bmgcreep" creep cylinder.prm --output "$work/locked" 2>&1 >/dev/null) || code=$?
wait $first || fail "the first run"
[ $code -eq 1 ] && [[ $err == "error: "*"another bmgcreep run"* ]] || fail "second run into a locked folder: $code $err"
ok "second run into a folder being written is refused"

# --- inputs are regular files (issue 26): no hang on a FIFO, no unbounded read of a device --------
mkfifo "$work/fifo.csv" "$work/fifo.prm" "$work/fifo.data"
mkdir -p "$work/adir.csv" "$work/adir.prm"
within() { timeout 30 "$@"; } # a hang fails the case instead of the suite
expect_refusal "/dev/zero: lab summary is a device, not a regular file" "$work/o" within "$bmgcreep" point holds.prm --set "Comparison/Lab summary=/dev/zero" --output "$work/o"
ok "lab summary /dev/zero refused at once (it grew to 21 GB)"
expect_refusal "fifo.csv: lab summary is a FIFO" "$work/o" within "$bmgcreep" point holds.prm --set "Comparison/Lab summary=$work/fifo.csv" --output "$work/o"
ok "lab summary a FIFO refused (it blocked forever)"
expect_refusal "adir.csv: lab summary is a folder, not a file" "$work/o" within "$bmgcreep" point holds.prm --set "Comparison/Lab summary=$work/adir.csv" --output "$work/o"
ok "lab summary a folder (was: no header line)"
expect_refusal "fifo.prm: deck file is a FIFO" "$work/o" within "$bmgcreep" point "$work/fifo.prm" --output "$work/o"
ok "deck a FIFO (was: not found)"
expect_refusal "/dev/zero: deck file is a device" "$work/o" within "$bmgcreep" point /dev/zero --output "$work/o"
ok "deck /dev/zero (was: not found)"
printf 'include %s\n' "$work/adir.prm" > include-dir.prm
expect_refusal "include-dir.prm:1: include: .*adir.prm: included deck is a folder" "$work/o" within "$bmgcreep" point include-dir.prm --output "$work/o"
ok "include of a folder (was: not found)"
expect_refusal "fifo.data: LAMMPS data file is a FIFO" "$work/o.csv" within "$bmgcreep" analyze "$work/fifo.data" --species Cu,Zr --output "$work/o.csv"
ok "analyze input a FIFO refused (it blocked forever)"

# --- a folder belongs to one run (issue 26, round two): no command removes another's files --------
sums() { (cd "$1" && find . -type f ! -name .bmgcreep-lock -print0 | sort -z | xargs -0 sha256sum); }
# refused_unchanged WANT DIR CMD...: exit 1, one error line holding WANT, DIR byte for byte as before
refused_unchanged() {
  local want=$1 dir=$2 before code=0 err
  shift 2
  before=$(sums "$dir")
  err=$("$@" 2>&1 >/dev/null) || code=$?
  [ $code -eq 1 ] && [ "$(wc -l <<< "$err")" -eq 1 ] && [[ $err == "error: "* ]] && grep -q -- "$want" <<< "$err" || fail "$* -> $code $err"
  [ "$(sums "$dir")" = "$before" ] || fail "$dir changed under $*"
}
"$bmgcreep" point holds.prm --set "Protocol/Hold time=0.1" --set "Comparison/Lab protocol mismatch=warn" --output "$work/own" --quiet || fail "point into own"
n_own=$(ls "$work/own" | wc -l)
refused_unchanged "holds the outputs of \`bmgcreep point .*holds.prm\`.*this run is \`bmgcreep creep" "$work/own" \
  "$bmgcreep" creep cylinder.prm --output "$work/own" --quiet; ok "creep into a point folder refused, its $n_own files kept"
refused_unchanged "this run is \`bmgcreep calibrate" "$work/own" "$bmgcreep" calibrate calibrate.prm --output "$work/own" --quiet
ok "calibrate into a point folder refused"
refused_unchanged "this run is \`bmgcreep md" "$work/own" "$bmgcreep" md "$source_dir/cases/md-smoke/campaign.prm" --until build --output "$work/own"
ok "md into a point folder refused (its run.log, deck-used.prm, provenance.json kept)"
cp holds.prm other-holds.prm
refused_unchanged "this run is \`bmgcreep point .*other-holds.prm\`" "$work/own" "$bmgcreep" point other-holds.prm --output "$work/own" --quiet
ok "the same command with another deck refused"
"$bmgcreep" point holds.prm --set "Protocol/Hold time=0.2" --set "Comparison/Lab protocol mismatch=warn" --output "$work/own" --quiet && [ "$(ls "$work/own" | wc -l)" -eq "$n_own" ] || fail "rerun of the same command and deck"
ok "a rerun of the same command and deck (another --set) replaces its own files"
mkdir -p "$work/elsewhere" && echo keep > "$work/elsewhere/victim.txt" && ln -s "$work/elsewhere" "$work/own/lnk"
echo "lnk/victim.txt" >> "$work/own/.bmgcreep-manifest"
"$bmgcreep" point holds.prm --set "Protocol/Hold time=0.1" --set "Comparison/Lab protocol mismatch=warn" --output "$work/own" --quiet || fail "rerun with a linked manifest line"
[ "$(cat "$work/elsewhere/victim.txt")" = keep ] || fail "a file outside the output folder was removed through a link"
ok "a manifest line through a symbolic link removes nothing outside the folder"
write_fcc_data "$work/fcc.data" 2 && cp "$work/fcc.data" "$work/fcc.copy"
refused_unchanged "is the data file analyze reads" "$work" "$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/fcc.data"
cmp -s "$work/fcc.data" "$work/fcc.copy" || fail "analyze wrote over its input"; ok "analyze --output its own input refused, the input kept"
echo "my notes" > "$work/notes.csv"
refused_unchanged "notes.csv: exists and is not a table bmgcreep analyze wrote" "$work" "$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/notes.csv"
ok "analyze --output a user's file refused"
"$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/fcc-s.csv" > /dev/null &&
  "$bmgcreep" analyze "$work/fcc.data" --species Cu,Zr --cutoff 3.4 --output "$work/fcc-s.csv" > /dev/null || fail "analyze rerun over its own table"
ok "analyze rerun replaces its own table"
mkdir -p "$work/ma" "$work/mb" && cp calibrate.prm holds.prm zhang2017_lab.csv "$work/ma/" && cp calibrate.prm holds.prm zhang2017_lab.csv "$work/mb/"
out=$("$bmgcreep" calibrate "$work/ma/calibrate.prm" "$work/mb/calibrate.prm" --check --output "$work/ms" 2>&1) || fail "model selection --check: $out"
grep -q "would be fitted into $work/ms/ma-calibrate/" <<< "$out" && grep -q "would be fitted into $work/ms/mb-calibrate/" <<< "$out" || fail "same-named decks: $out"
ok "model selection: decks of one name in two folders go to two subfolders"
expect_refusal "both would be fitted into" "$work/ms" "$bmgcreep" calibrate "$work/ma/calibrate.prm" "$work/ma/calibrate.prm" --output "$work/ms"
ok "model selection: one deck twice refused"
mkdir -p "$work/mnt"
if mount -t tmpfs none "$work/mnt" 2> /dev/null; then
  "$bmgcreep" calibrate calibrate.prm --set "Protocol/Hold time=1" --set "Comparison/Lab protocol mismatch=warn" --set "Calibration/Starts=2" --set "Calibration/Method=brgn" \
    --set "Calibration/Leave one out=false" --set "Calibration/MCMC samples=0" --output "$work/mnt" --quiet || fail "calibrate onto a mount point"
  [ -s "$work/mnt/calibrated.prm" ] && [ ! -e "$work/mnt.partial" ] || fail "the fit did not reach the mount point"
  umount "$work/mnt"
  ok "calibrate --output a mount point: the staged fit is moved across file systems"
else
  echo "skipped: calibrate --output a mount point (no permission to mount a tmpfs here)"
fi

# --- checkpoints: a flipped byte is refused, not read -------------------------------------------------
"$bmgcreep" creep cylinder.prm --checkpoint --output "$work/ck" --quiet & pid=$!
for i in $(seq 600); do ls "$work/ck/checkpoint/"*.checkpoint > /dev/null 2>&1 && break; sleep 0.1; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
f=$(ls "$work/ck/checkpoint/"*.checkpoint | head -1) || fail "no checkpoint written"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[len(b)//2]^=0x10; open(sys.argv[1],'wb').write(b)" "$f"
code=0; err=$("$bmgcreep" creep cylinder.prm --resume "$work/ck" 2>&1 >/dev/null) || code=$?
[ $code -eq 2 ] && [[ $err == "error: corrupt checkpoint ("*"CRC-32"* ]] && [ ! -e "$work/ck/summary.csv" ] || fail "flipped checkpoint byte: $code $err"
ok "flipped byte in a checkpoint refused on resume"

# --- holds the model cannot finish: the reason, not "(no failure)" ----------------------------------
for f in 0.95 0.999; do
  exit_code=1 expect_refusal "hold stage at .* MPa failed: the time step fell below .* creep strain .*: the accepted steps kept shrinking\|was .* times the" \
    "$work/o" "$bmgcreep" point holds.prm --set "Protocol/Hold fractions=$f" --output "$work/o"
  ok "hold at $f of yield: why the step shrank"
done

# --- analyze: what LAMMPS would abort on or misread, refused before it starts -------------------------
mkdir -p "$work/an" && cd "$work/an"
awk 'BEGIN { a = 4; n = 3; split("0 0 0 0.5 0.5 0 0.5 0 0.5 0 0.5 0.5", b, " ")
  print "fcc\n\n" 4*n*n*n " atoms\n2 atom types\n\n0 " a*n " xlo xhi\n0 " a*n " ylo yhi\n0 " a*n " zlo zhi\n\nAtoms # atomic\n"
  id = 0; for (i = 0; i < n; ++i) for (j = 0; j < n; ++j) for (k = 0; k < n; ++k) for (m = 0; m < 4; ++m) {
    ++id; printf "%d 1 %.6f %.6f %.6f\n", id, a*(i+b[3*m+1]), a*(j+b[3*m+2]), a*(k+b[3*m+3]) } }' > "fcc one type.data"
first=$(grep -n "^1 1 " "fcc one type.data" | cut -d: -f1) second=$((first + 1))
sed "${first}s/^1 /0 /" "fcc one type.data" > id0.data
expect_refusal "id0.data:$first: atom ID 0: LAMMPS atom IDs start at 1" "$work/an/x.csv" "$bmgcreep" analyze id0.data --species Cu,Zr --output "$work/an/x.csv"; ok "atom ID 0"
sed "${second}s/^2 1 [^ ]* [^ ]* [^ ]*/2 1 0 0 0/" "fcc one type.data" > on-top.data
expect_refusal "atoms 1 and 2 are 0 A apart" "$work/an/x.csv" "$bmgcreep" analyze on-top.data --species Cu,Zr --output "$work/an/x.csv"; ok "two atoms on top of each other"
sed "${second}s/^2 1 [^ ]* [^ ]* [^ ]*/2 1 11.9995 11.9995 12/" "fcc one type.data" > periodic.data
expect_refusal "atoms 1 and 2 are .* A apart (closer than 0.5 A" "$work/an/x.csv" "$bmgcreep" analyze periodic.data --species Cu,Zr --output "$work/an/x.csv"; ok "atoms 1 mA apart across the periodic boundary"
sed "${second}s/^2 1 [^ ]* /2 1 nan /" "fcc one type.data" > nan.data
expect_refusal "nan.data:$second: atom 2: coordinate x = nan is not a finite number" "$work/an/x.csv" "$bmgcreep" analyze nan.data --species Cu,Zr --output "$work/an/x.csv"; ok "NaN coordinate"
"$bmgcreep" analyze "fcc one type.data" --species Cu,Zr --output "$work/an/with space.csv" > /dev/null || fail "analyze with blanks in the paths"
grep -q "^Zr,0,,,,,,[0-9.]*$" "$work/an/with space.csv" && grep -q "^Cu,108,.*,12,12,0," "$work/an/with space.csv" || fail "a species without atoms: $(cat "$work/an/with space.csv")"
ok "paths with blanks; a species without atoms has empty cells, not zeros"
cd "$work/z"

# --- md: a campaign is never mixed with another deck's stages, nor resumed from damaged files ---------
md=$source_dir/cases/md-smoke/campaign.prm
"$bmgcreep" md "$md" --set "Samples/Count=1" --until compression --output "$work/md run" --quiet || fail "md up to compression (blank in the path)"
grep -q '^read_restart "'"$work"'/md run/sample-1/quench.restart"$' "$work/md run/sample-1/compression.in" || fail "paths for LAMMPS not quoted"
records=$(sha256sum "$work/md run/sample-1/stages.done")
exit_code=2 expect_refusal "stage build was run with other input than this deck gives: changed Melt and quench/Melt temperature (2000 -> 2100), System/Atoms (250 -> 300)" \
  "$work/none" "$bmgcreep" md "$md" --set "Samples/Count=1" --set "System/Atoms=300" --set "Melt and quench/Melt temperature=2100" --output "$work/md run"
sha256sum -c --quiet <<< "$records" && [ ! -e "$work/md run/campaign.csv" ] || fail "a refused md rerun changed the campaign"; ok "md rerun with another deck: the changed keys, nothing run"
cp -r "$work/md run" "$work/md-trunc" && truncate -s 100 "$work/md-trunc/sample-1/compression.restart"
exit_code=1 expect_refusal "compression.restart: changed since stage compression wrote it" "$work/none" "$bmgcreep" md "$md" --set "Samples/Count=1" --output "$work/md-trunc"; ok "md: truncated restart file"
cp -r "$work/md run" "$work/md-gone" && rm "$work/md-gone/sample-1/quench.dat"
exit_code=1 expect_refusal "quench.dat: missing, but stage quench recorded it" "$work/none" "$bmgcreep" md "$md" --set "Samples/Count=1" --output "$work/md-gone"; ok "md: deleted stage table"
cp -r "$work/md run" "$work/md-flip" && python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[len(b)//2]^=0x10; open(sys.argv[1],'wb').write(b)" "$work/md-flip/sample-1/stages.done"
exit_code=1 expect_refusal "stages.done: damaged record" "$work/none" "$bmgcreep" md "$md" --set "Samples/Count=1" --output "$work/md-flip"; ok "md: flipped byte in the stage records"
echo "user's" > "$work/md-user.csv" && mkdir -p "$work/md-user" && cp "$work/md-user.csv" "$work/md-user/campaign.csv"
exit_code=1 expect_refusal "campaign.csv: exists and was not written by bmgcreep" "$work/none" "$bmgcreep" md "$md" --set "Samples/Count=1" --output "$work/md-user"
[ ! -e "$work/md-user/sample-1" ] && cmp -s "$work/md-user.csv" "$work/md-user/campaign.csv" || fail "md over a user's campaign.csv"; ok "md: a user's campaign.csv refused before work"
cp -r "$work/md run" "$work/md-moved"
log=$("$bmgcreep" md "$md" --set "Samples/Count=1" --set "Holds/Hold time=4" --until reference --output "$work/md-moved") || fail "moved campaign: $log"
grep -q "resuming after stage compression" <<< "$log" && grep -q "stage reference done" <<< "$log" || fail "moved campaign did not resume: $log"
ok "md: a moved campaign resumes; a key of later stages only (Hold time) may change"
exit_code=1 expect_refusal "names a file, not a folder" "$work/none" "$bmgcreep" md "$md" --output "$work/md-user.csv"; ok "md: --output is a file"

echo "robustness: $count cases, all refused or kept as promised"
