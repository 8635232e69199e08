# Each library exports only its own headers. They are linked, one by one, into
# build/include/<target>/<their path in the source tree>, and that folder is
# the target's include directory; the source root is nobody's include
# directory. So `#include "kiosk/store/store.hpp"` compiles only in a target
# that links jiayi_store: a layering mistake fails to build.
#
#   jiayi_export_headers(TARGET [DIR...])   DIRs relative to the current
#                                           source folder; default: "."
function(jiayi_export_headers target)
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  file(REMOVE_RECURSE ${root})
  set(dirs ${ARGN})
  if(NOT dirs)
    set(dirs .)
  endif()
  foreach(dir IN LISTS dirs)
    file(GLOB headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.hpp)
    foreach(header IN LISTS headers)
      file(RELATIVE_PATH path ${PROJECT_SOURCE_DIR} ${header})
      get_filename_component(parent ${root}/${path} DIRECTORY)
      file(MAKE_DIRECTORY ${parent})
      file(CREATE_LINK ${header} ${root}/${path} SYMBOLIC)
    endforeach()
  endforeach()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE ${root})
  else()
    target_include_directories(${target} PUBLIC ${root})
  endif()
endfunction()
