# config/hub.toml into typed structs: the shipped example, defaults, every
# kind of error named by its key and line.
jiayi_test(test_hub_config hub/config/hub_config_test.cpp)
target_link_libraries(test_hub_config PRIVATE jiayi_hub_config)
target_compile_definitions(test_hub_config PRIVATE JIAYI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
