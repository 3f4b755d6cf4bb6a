# hccws_target_defaults(target): warnings and common definitions for every project target.
function(hccws_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
