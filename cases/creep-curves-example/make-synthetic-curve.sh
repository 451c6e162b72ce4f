#!/usr/bin/env bash
# Writes hold-0.7-synthetic.csv: a SYNTHETIC lab creep curve (not a measurement). The 48 h hold
# at 70 % of yield of law 2 with the calibrated parameters of cases/zhang2017 (`bmgcreep point`),
# its creep strain every 2 h, plus Gaussian noise of standard deviation 2e-6 (awk, seed 7).
# Usage: make-synthetic-curve.sh BMGCREEP
set -euo pipefail
bmgcreep=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bmgcreep" point "$here/../zhang2017/calibrated/calibrated.prm" --set "Protocol/Hold fractions=0.7" --output "$work" --quiet
{
  echo "# SYNTHETIC creep curve, made by make-synthetic-curve.sh from bmgcreep point on"
  echo "# cases/zhang2017/calibrated/calibrated.prm (law 2), noise sd 2e-6, seed 7: not a measurement"
  echo "# hold_fraction_of_yield = 0.7"
  echo "# hold_stress_MPa = 1180.9"
  echo "# temperature_K = 298"
  echo "# specimen = cylinder 3 mm x 6 mm (material point)"
  echo "time_h,strain,strain_uncertainty"
  awk -F, 'BEGIN { srand(7); next_t = 2 }
           NR > 1 && $2 == "load" { t0 = $1; e0 = $4 }
           NR > 1 && $2 == "hold" {
             t = ($1 - t0) / 3600; e = $4 - e0
             while (t >= next_t && next_t <= 48) {
               # linear interpolation to next_t, then Box-Muller noise
               ti = next_t; ei = pe + (e - pe) * (ti - pt) / (t - pt)
               u1 = rand(); u2 = rand(); z = sqrt(-2 * log(u1 + 1e-300)) * cos(6.283185307179586 * u2)
               printf "%g,%.9g,2e-6\n", ti, ei + 2e-6 * z
               next_t += 2
             }
             pt = t; pe = e }
           NR > 1 && $2 == "load" { pt = 0; pe = 0 }' "$work/hold-0.7.csv"
} > "$here/hold-0.7-synthetic.csv.tmp"
mv "$here/hold-0.7-synthetic.csv.tmp" "$here/hold-0.7-synthetic.csv"
