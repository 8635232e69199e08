// The receipt document and the informed notice's words, in both catalogs.

#include <doctest/doctest.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "kiosk/receipt/receipt.hpp"
#include "support/receipts.hpp"

using namespace jiayi;

namespace {

const std::filesystem::path kStrings = std::filesystem::path(JIAYI_SOURCE_DIR) / "assets/strings";

const text::Catalog& catalog() {
    static const text::Catalog loaded = [] {
        auto c = text::Catalog::load(kStrings);
        REQUIRE_MESSAGE(c.ok(), c.error());
        return std::move(c).value();
    }();
    return loaded;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

const receipt::Line* find_line(const receipt::Receipt& r, const std::string& key) {
    for (const auto& l : r.lines) {
        if (l.key == key) {
            return &l;
        }
    }
    return nullptr;
}

// What the notice must not promise (seed 000, §五: avoid "签约服务等于上门服务、
// 免费服务"), nor what the kiosk cannot do yet (booking specialists).
constexpr const char* kForbidden[] = {
    "免费",    "上门",      "预约",       "专家",    "挂号", "不花钱",      "不要钱",     "free",
    "no cost", "no charge", "home visit", "at home", "book", "appointment", "specialist",
};

// Every string a declining resident reads: the [notice] section, whatever
// keys it grows, and the notice's titles and buttons elsewhere.
std::vector<std::pair<std::string, std::string>> notice_strings(const char* language) {
    const auto table = toml::parse_file((kStrings / (std::string(language) + ".toml")).string());
    std::vector<std::pair<std::string, std::string>> out;
    const auto* notice = table["notice"].as_table();
    REQUIRE(notice != nullptr);
    for (const auto& [key, value] : *notice) {
        REQUIRE(value.is_string());
        out.emplace_back("notice." + std::string(key.str()), *value.value<std::string>());
    }
    for (const char* path : {"title.notice", "action.sign_notice", "receipt.title.notice",
                             "receipt.kind.notice", "thanks.declined"}) {
        const auto text = table.at_path(path).value<std::string>();
        REQUIRE_MESSAGE(text.has_value(), path);
        out.emplace_back(path, *text);
    }
    return out;
}

}  // namespace

TEST_CASE("the informed notice promises nothing signing does not give, in either language") {
    for (const char* language : {"zh-CN", "en"}) {
        const auto strings = notice_strings(language);
        CHECK(strings.size() >= 7);
        for (const auto& [key, text] : strings) {
            for (const char* word : kForbidden) {
                CAPTURE(language);
                CAPTURE(key);
                CHECK_MESSAGE(lower(text).find(word) == std::string::npos,
                              "\"" << word << "\" in " << text);
            }
        }
    }
    // What it does say: what signing is, and that it has a personal share.
    CHECK(catalog().text(text::Language::ZhCN, "notice.later").find("个人支付") !=
          std::string::npos);
    CHECK(catalog().text(text::Language::En, "notice.later").find("part by you") !=
          std::string::npos);
}

TEST_CASE("the printed notice carries the notice's text and nothing it must not say") {
    const auto receipts = test::sample_receipts();
    const receipt::Receipt& notice = receipts.back();
    REQUIRE(notice.kind == receipt::Kind::Notice);
    CHECK(find_line(notice, "notice.body") != nullptr);
    CHECK(find_line(notice, "notice.later") != nullptr);
    for (auto language : {text::Language::ZhCN, text::Language::En}) {
        for (const std::string& line : receipt::render_text(notice, catalog(), language)) {
            for (const char* word : kForbidden) {
                CAPTURE(line);
                CHECK(lower(line).find(word) == std::string::npos);
            }
        }
    }
}

TEST_CASE("a contract receipt shows the total and each payer's share") {
    const auto receipts = test::sample_receipts();
    const receipt::Receipt& signing = receipts.front();
    // Basic 36 (12 insurance + 12 public health + 12 personal) and TCM 80 (personal).
    const receipt::Line* total = find_line(signing, "receipt.total");
    REQUIRE(total != nullptr);
    CHECK(total->args == std::vector<std::string>{"116.00"});
    std::vector<std::string> payers;
    for (const auto& l : signing.lines) {
        if (l.key == "receipt.payer") {
            payers.push_back(l.args[0] + "=" + l.args[1]);
        }
    }
    CHECK(payers ==
          std::vector<std::string>{"payer.insurance-fund=12.00", "payer.public-health=12.00"});
    const receipt::Line* you_pay = find_line(signing, "receipt.you_pay");
    REQUIRE(you_pay != nullptr);
    CHECK(you_pay->args == std::vector<std::string>{"92.00"});

    const auto zh = receipt::render_text(signing, catalog(), text::Language::ZhCN);
    CHECK(std::find(zh.begin(), zh.end(), "合计 116.00 元") != zh.end());
    const auto en = receipt::render_text(signing, catalog(), text::Language::En);
    CHECK(std::find(en.begin(), en.end(), "Total ¥116.00") != en.end());

    // Kept for reprints, the total comes back with the rest.
    auto again = receipt::from_json(receipt::to_json(signing));
    REQUIRE(again.ok());
    REQUIRE(find_line(*again, "receipt.total") != nullptr);
    CHECK(find_line(*again, "receipt.total")->args == total->args);
}

TEST_CASE("a contract receipt says the center's word just above the record's id") {
    for (const bool confirmed : {true, false}) {
        CAPTURE(confirmed);
        receipt::Receipt signing = test::sample_receipts().front();
        const std::size_t before = signing.lines.size();
        receipt::add_center_word(signing, confirmed);
        REQUIRE(signing.lines.size() == before + 1);
        const auto record =
            std::find_if(signing.lines.begin(), signing.lines.end(),
                         [](const receipt::Line& l) { return l.key == "receipt.record"; });
        REQUIRE(record != signing.lines.begin());
        REQUIRE(record != signing.lines.end());
        CHECK(std::prev(record)->key ==
              (confirmed ? "receipt.center_confirmed" : "receipt.center_kept"));
        const auto zh = receipt::render_text(signing, catalog(), text::Language::ZhCN);
        CHECK(std::find(zh.begin(), zh.end(),
                        confirmed ? "区里已确认。" : "已记录在本机，联网后由区里确认。") !=
              zh.end());
        auto again = receipt::from_json(receipt::to_json(signing));
        REQUIRE(again.ok());
        CHECK(find_line(*again, confirmed ? "receipt.center_confirmed" : "receipt.center_kept") !=
              nullptr);
    }
}

// Booking words (seed 000 §三: family-doctor-only slots; §五: never "free"):
// the voucher, the booking screens and their messages promise no free or
// home service and no guarantee, and the voucher says the hospital charges.
TEST_CASE("the voucher and the booking screens promise nothing free, in either language") {
    constexpr const char* kNeverPromised[] = {"免费",       "不花钱",   "不要钱",  "上门",
                                              "保证",       "free",     "no cost", "no charge",
                                              "home visit", "guarantee"};
    const receipt::Receipt voucher = test::sample_voucher();
    CHECK(voucher.kind == receipt::Kind::Voucher);
    CHECK(voucher.qr == "jiayi:booking:" + voucher.record_id);
    CHECK(find_line(voucher, "voucher.fees") != nullptr);
    CHECK(find_line(voucher, "voucher.bring") != nullptr);
    for (const char* language : {"zh-CN", "en"}) {
        const auto table =
            toml::parse_file((kStrings / (std::string(language) + ".toml")).string());
        std::vector<std::pair<std::string, std::string>> strings;
        for (const char* section : {"booking", "voucher"}) {
            const auto* t = table[section].as_table();
            REQUIRE(t != nullptr);
            for (const auto& [key, value] : *t) {
                strings.emplace_back(std::string(section) + "." + std::string(key.str()),
                                     *value.value<std::string>());
            }
        }
        for (const char* path :
             {"message.booking-offline", "message.booking-not-signed", "message.slot-taken-next",
              "message.slot-past-deadline", "message.booking-limit-list", "message.no-free-slots",
              "message.booking-cancelled", "message.booking-not-found", "thanks.booking",
              "receipt.title.voucher", "action.book", "action.book_confirm"}) {
            const auto text = table.at_path(path).value<std::string>();
            REQUIRE_MESSAGE(text.has_value(), path);
            strings.emplace_back(path, *text);
        }
        for (const auto& [key, text] : strings) {
            for (const char* word : kNeverPromised) {
                CAPTURE(language);
                CAPTURE(key);
                CHECK_MESSAGE(lower(text).find(word) == std::string::npos,
                              "\"" << word << "\" in " << text);
            }
        }
    }
    // The fees line says who charges, in both languages.
    CHECK(catalog().text(text::Language::ZhCN, "voucher.fees").find("收取") != std::string::npos);
    CHECK(catalog().text(text::Language::En, "voucher.fees").find("charges") != std::string::npos);
    // Kept for reprints, a voucher comes back as a voucher.
    auto again = receipt::from_json(receipt::to_json(voucher));
    REQUIRE(again.ok());
    CHECK(again->kind == receipt::Kind::Voucher);
    CHECK(again->qr == voucher.qr);
}
