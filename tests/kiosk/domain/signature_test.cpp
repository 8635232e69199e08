#include <doctest/doctest.h>

#include <cmath>

#include "kiosk/domain/signature.hpp"

using namespace jiayi::domain;

namespace {

// A zigzag from (x, y), `width` across and `height` tall: one written stroke.
InkStroke zigzag(float x, float y, float width, float height, int turns = 6) {
    InkStroke stroke;
    for (int i = 0; i <= turns; ++i) {
        stroke.push_back({x + width * static_cast<float>(i) / static_cast<float>(turns),
                          y + (i % 2 == 0 ? 0 : height)});
    }
    return stroke;
}

}  // namespace

TEST_CASE("the ink of strokes: length drawn and the box around it") {
    const auto extent = measure_ink({{{100, 100}, {400, 100}, {400, 140}}, {{50, 200}}});
    CHECK(extent.ink == doctest::Approx(340));
    CHECK(extent.width == doctest::Approx(350));
    CHECK(extent.height == doctest::Approx(100));
    const auto none = measure_ink({});
    CHECK(none.ink == 0);
    CHECK(none.width == 0);
}

TEST_CASE("a signature is a name written across the box, not a tap") {
    const SignatureRules rules;
    struct Row {
        const char* what;
        std::vector<InkStroke> strokes;
        std::optional<Refusal> refusal;
    };
    const Row rows[] = {
        {"nothing", {}, Refusal::SignatureRequired},
        {"an empty stroke", {{}}, Refusal::SignatureRequired},
        {"a tap", {{{500, 150}}}, Refusal::SignatureTooSmall},
        {"a tap that slid", {{{500, 150}, {503, 152}}}, Refusal::SignatureTooSmall},
        {"many taps", {{{100, 100}}, {{300, 120}}, {{500, 140}}}, Refusal::SignatureTooSmall},
        {"a short flick", {zigzag(480, 150, 40, 20)}, Refusal::SignatureTooSmall},
        {"a flat line across", {{{100, 160}, {900, 160}}}, Refusal::SignatureTooSmall},
        {"a tall scratch in one spot", {zigzag(500, 50, 10, 250, 10)}, Refusal::SignatureTooSmall},
        {"two characters", {zigzag(200, 80, 180, 150), zigzag(420, 80, 180, 150)}, std::nullopt},
        {"one long stroke", {zigzag(100, 100, 700, 120, 12)}, std::nullopt},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        auto judged = check_signature(row.strokes, rules);
        if (row.refusal) {
            REQUIRE_FALSE(judged.ok());
            CHECK(judged.error() == *row.refusal);
        } else {
            CHECK(judged.ok());
        }
    }
}

TEST_CASE("the thresholds are the district's") {
    const std::vector<InkStroke> small{zigzag(480, 150, 100, 40)};
    SignatureRules lenient;
    lenient.min_ink = 100;
    lenient.min_width = 50;
    lenient.min_height = 10;
    CHECK(check_signature(small, lenient).ok());
    CHECK(check_signature(small, SignatureRules{}).error() == Refusal::SignatureTooSmall);
}
