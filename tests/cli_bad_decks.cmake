# Runs `bmgcreep point` on bad decks as a user would and checks: non-zero exit, one line on
# stderr naming the file (and key where there is one), and no output directory left behind.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(expect_failure_of command name deck_text expected)
  set(deck ${WORK_DIR}/${name}.prm)
  if(NOT "${deck_text}" STREQUAL "NONE")
    file(WRITE ${deck} "${deck_text}")
  endif()
  set(out ${WORK_DIR}/out-${name})
  execute_process(COMMAND ${BMGCREEP} ${command} ${deck} --output ${out} --quiet
                  RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 60)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${name}: exit code 0 for a bad deck")
  endif()
  string(STRIP "${stderr}" line)
  if(line MATCHES "\n")
    message(FATAL_ERROR "${name}: error is not one line:\n${stderr}")
  endif()
  if(NOT line MATCHES "^error: ")
    message(FATAL_ERROR "${name}: stderr does not start with 'error: ': ${stderr}")
  endif()
  foreach(word IN LISTS expected)
    string(FIND "${line}" "${word}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${name}: '${word}' missing from: ${line}")
    endif()
  endforeach()
  if(EXISTS ${out})
    message(FATAL_ERROR "${name}: output ${out} was written by a failed run")
  endif()
  message(STATUS "${name}: ${line}")
endfunction()

function(expect_failure name deck_text expected)
  expect_failure_of(point ${name} "${deck_text}" "${expected}")
endfunction()

file(READ ${SOURCE_DIR}/cases/zhang2017/holds.prm good)

expect_failure(missing NONE "missing.prm;not found")
expect_failure(unknown_key "subsection Protocol\n  set Hold tme = 48\nend\n" "unknown_key.prm;Hold tme")
expect_failure(negative_time "subsection Protocol\n  set Hold time = -3\nend\n"
               "negative_time.prm;\"Hold time\";-3;(h);1e-18 to 1e6")
expect_failure(unknown_law "subsection Material\n  set Law = maxwell\nend\n" "unknown_law.prm;maxwell;free-volume")
expect_failure(wrong_sign_modulus "subsection Material\n  set Youngs modulus = -95\nend\n"
               "wrong_sign_modulus.prm;Youngs modulus;-95;GPa")
# A hold above the model's own yield stress: refused before any output is written.
string(REPLACE "set Hold fractions = 0.5, 0.7, 0.9" "set Hold fractions = 0.5, 0.999" above "${good}")
string(REPLACE "set Reference yield stress = 1687" "set Reference yield stress = 1800" above "${above}")
string(REGEX REPLACE "set Lab summary = [^\n]*" "set Lab summary =" above "${above}")
expect_failure(hold_above_yield "${above}" "hold_above_yield.prm;not below the model's as-cast yield")

# A lab summary without its density column.
file(WRITE ${WORK_DIR}/lab-no-density.csv "hold_fraction_of_yield,relaxation_enthalpy_J_per_g,yield_stress_MPa\n0,3.9,1687\n")
string(REGEX REPLACE "set Lab summary = [^\n]*" "set Lab summary = lab-no-density.csv" badlab "${good}")
expect_failure(lab_missing_column "${badlab}" "lab_missing_column.prm;Lab summary;lab-no-density.csv;density_g_per_cm3")
# A lab summary with a non-numeric value.
file(WRITE ${WORK_DIR}/lab-nan.csv "hold_fraction_of_yield,relaxation_enthalpy_J_per_g,yield_stress_MPa,density_g_per_cm3\n0,3.9,1687,nan\n")
string(REGEX REPLACE "set Lab summary = [^\n]*" "set Lab summary = lab-nan.csv" nanlab "${good}")
expect_failure(lab_nan "${nanlab}" "lab-nan.csv:2;density_g_per_cm3;not a finite number")

# A glass so loose that it only swells: no compressive yield point, a clear error.
string(REPLACE "set Initial internal variable = 0.03" "set Initial internal variable = 10" loose "${good}")
string(REGEX REPLACE "set Lab summary = [^\n]*" "set Lab summary =" loose "${loose}")
expect_failure(no_yield_point "${loose}" "not in compression")

# The finite-element command: a cylinder key out of range, and a mesh too fine for memory.
expect_failure_of(creep cylinder_friction "subsection Cylinder\n  set Platen friction = sticky\nend\n"
                     "cylinder_friction.prm:2;Platen friction;sticky;frictionless|bonded")
expect_failure_of(creep cylinder_too_fine "subsection Cylinder\n  set Refinement level = 8\n  set Polynomial degree = 4\nend\n"
                     "cylinder_too_fine.prm;Refinement level;unknowns")
