# gnuplot fit-trends.gp (written by bmgcreep calibrate): lab points and the fitted model
reset
set terminal pngcairo size 1500,450 font ',11'
set output 'fit-trends.png'
set datafile separator ','
set key top left
set xrange [-0.02:0.95]
set multiplot layout 1,3 title 'relaxation-rejuvenation fitted to the lab summary'
set xlabel 'hold stress / as-cast yield stress'
set ylabel 'relaxation enthalpy (J/g)'
plot 'model-curve.csv' using 1:2 skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:2 skip 1 with points pt 5 ps 1.5 title 'lab'
set ylabel 'density (g/cm^3)'
plot 'model-curve.csv' using 1:3 skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:3 skip 1 with points pt 5 ps 1.5 title 'lab'
set ylabel 'yield stress (MPa)'
plot 'model-curve.csv' using 1:4 skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:4 skip 1 with points pt 5 ps 1.5 title 'lab'
unset multiplot
set output
