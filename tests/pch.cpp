// Owns the test binaries' precompiled headers (tests/CMakeLists.txt).
