# ui/voice: prompts and chimes through SDL's disk audio driver (the
# real audio path, written to a file and read back), espeak-ng for real.
jiayi_test(test_voice ui/voice/voice_test.cpp)
target_link_libraries(test_voice PRIVATE jiayi_voice)
