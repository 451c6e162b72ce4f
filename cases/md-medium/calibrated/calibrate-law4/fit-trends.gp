# gnuplot fit-trends.gp (written by bmgcreep calibrate): MD points and the fitted model
reset
set terminal pngcairo size 1500,450 font ',11'
set output 'fit-trends.png'
set datafile separator ','
set key top left
set xrange [-0.02:0.95]
set multiplot layout 1,3 title 'relaxation-rejuvenation fitted to the MD summary'
set xlabel 'hold stress / as-quenched peak yield stress'
set ylabel 'enthalpy change (J/g)'
plot 'model-curve.csv' using 1:2 skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:2:5 skip 1 with yerrorbars pt 5 ps 1.5 title 'MD (mean, se)'
set ylabel 'density change (%)'
plot 'model-curve.csv' using 1:3 skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:3:6 skip 1 with yerrorbars pt 5 ps 1.5 title 'MD (mean, se)'
set ylabel 'yield change (%)'
plot 'model-curve.csv' using 1:4 skip 1 with linespoints pt 7 ps 0.5 title 'model', 'data-points.csv' using 1:4:7 skip 1 with yerrorbars pt 5 ps 1.5 title 'MD (mean, se)'
unset multiplot
set output
