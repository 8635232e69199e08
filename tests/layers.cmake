# The layers are held by the link lines (cmake/JiayiHeaders.cmake): a header of
# a library a target does not link is not on its include path. These tests
# prove it. Each probe is one line, `#include "<header>"`, compiled as part of
# an object library that links only the target under test, built by ctest (not
# by `all`). The forbidden probe must fail, naming the header; the allowed probe
# beside it must compile, so a failure is the include and nothing else.
#
#   jiayi_layer_probe(TARGET FORBIDDEN_HEADER ALLOWED_HEADER)
function(jiayi_layer_probe target forbidden allowed)
  string(MAKE_C_IDENTIFIER "${target}__${forbidden}" id)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/layer_probes)
  foreach(kind bad ok)
    if(kind STREQUAL "bad")
      set(header ${forbidden})
    else()
      set(header ${allowed})
    endif()
    file(CONFIGURE OUTPUT ${dir}/${id}_${kind}.cpp CONTENT "#include \"${header}\"\n")
    add_library(probe_${id}_${kind} OBJECT EXCLUDE_FROM_ALL ${dir}/${id}_${kind}.cpp)
    target_link_libraries(probe_${id}_${kind} PRIVATE ${target})
  endforeach()
  set(bad "layers: ${target} may not include ${forbidden}")
  set(ok "layers: ${target} may include ${allowed}")
  add_test(NAME ${bad} COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --target probe_${id}_bad)
  add_test(NAME ${ok} COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --target probe_${id}_ok)
  string(REPLACE "." "\\." pattern "${forbidden}")
  # One build of the tree at a time (ninja's log is the tree's).
  set_tests_properties(${bad} PROPERTIES
    PASS_REGULAR_EXPRESSION "${pattern}(: No such file or directory|' file not found)"
    RESOURCE_LOCK build_tree)
  set_tests_properties(${ok} PROPERTIES RESOURCE_LOCK build_tree)
endfunction()

# Drivers use only common/ and their own folder.
jiayi_layer_probe(jiayi_printer kiosk/domain/contract.hpp common/result.hpp)
jiayi_layer_probe(jiayi_idcard kiosk/config/config.hpp common/unique_fd.hpp)
jiayi_layer_probe(jiayi_qr SDL.h common/frame_size.hpp)
# The domain is pure: no store, no ImGui.
jiayi_layer_probe(jiayi_domain kiosk/store/store.hpp common/instant.hpp)
jiayi_layer_probe(jiayi_domain imgui.h common/result.hpp)
# The FHIR mapping, shared with the hub, is free of the kiosk's own libraries.
jiayi_layer_probe(jiayi_fhir kiosk/config/config.hpp kiosk/domain/contract.hpp)
# The flow has no ImGui; the screens never read the store nor drive devices.
jiayi_layer_probe(jiayi_flow imgui.h kiosk/config/config.hpp)
jiayi_layer_probe(jiayi_ui kiosk/store/store.hpp kiosk/flow/view_model.hpp)
jiayi_layer_probe(jiayi_ui drivers/printer/escpos.hpp kiosk/flow/flow.hpp)
# The hub uses the shared domain and mapping, never the kiosk's store or sync.
jiayi_layer_probe(jiayi_hub_store kiosk/store/store.hpp kiosk/fhir/bundle.hpp)
jiayi_layer_probe(jiayi_hub_store kiosk/sync/push.hpp kiosk/domain/team.hpp)
