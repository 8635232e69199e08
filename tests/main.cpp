// The test binaries' main: doctest's, plus one rule. ctest runs each test
// case by name (--test-case=NAME); a name that matches nothing — CMake splits
// names at ';', for one — would run no assertion and pass. Here it fails.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>

namespace {

int g_matched = -1;  // test cases that passed the filters in the last run

struct CountMatched : doctest::IReporter {
    explicit CountMatched(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        g_matched = static_cast<int>(stats.numTestCasesPassingFilters);
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("count-matched", 1, CountMatched);

}  // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int status = context.run();
    if (context.shouldExit()) {
        return status;  // --list-test-cases, --help, …
    }
    bool filtered = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        filtered = filtered || arg.starts_with("--test-case=") || arg.starts_with("-tc=");
    }
    if (filtered && g_matched == 0) {
        std::fprintf(stderr, "no test case matches the filter: nothing was tested\n");
        return 1;
    }
    return status;
}
