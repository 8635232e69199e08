// Conformance (protocols/hub-fhir.md, "Checking conformance"): every
// resource and Bundle the mapping writes for made-up residents is checked by
// the official R4 JSON schema and by @medplum/core's validateResource
// (tests/fhir/validate.mjs, installed by scripts/install-fhir-validators),
// and a resource known to be invalid is refused, so the check can fail.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "support/fhir_samples.hpp"
#include "support/temp_dir.hpp"

using namespace jiayi;
using namespace jiayi::test::fhir_samples;
using nlohmann::json;

namespace {

// Everything the mapping emits, by file name.
std::vector<std::pair<std::string, json>> emitted() {
    std::vector<std::pair<std::string, json>> out;
    out.emplace_back("signing-bundle", fhir::signing_bundle(new_signing()));
    out.emplace_back("renewal-bundle", fhir::signing_bundle(renewal()));
    out.emplace_back("switch-bundle", fhir::signing_bundle(switch_team()));
    out.emplace_back("guardian-bundle", fhir::signing_bundle(guardian_signing()));
    out.emplace_back("back-fill-bundle", fhir::signing_bundle(back_fill()));
    out.emplace_back("decline-bundle", fhir::opt_out_bundle(decline()));
    Contract ended = contract("0a7e5c2a-0000-4000-8000-000000000161", adult(), ContractType::New);
    ended.status = ContractStatus::Terminated;
    ended.end_reason = EndReason::Other;
    ended.end_note = "moved abroad";
    out.emplace_back("terminated-episode",
                     fhir::to_episode_of_care({ended, std::nullopt}, "Patient/p1"));
    const std::string patient = fhir::patient_search(adult().document);
    out.emplace_back("booking-bundle",
                     fhir::booking_bundle(slot(), referral(), booking(), patient));
    out.emplace_back("cancellation-bundle", fhir::cancellation_bundle(booking(), "1", patient));
    out.emplace_back("schedule", fhir::to_schedule(schedule()));
    out.emplace_back("slot", fhir::to_slot(slot()));
    out.emplace_back("feedback", fhir::to_questionnaire_response(feedback()));
    out.emplace_back("feedback-unanswered",
                     fhir::to_questionnaire_response(
                         {"fb-2", "Consent/c1", Feedback{std::nullopt, false}, kSignedAt}));
    out.emplace_back("device-heartbeat", fhir::to_device(heartbeat()));
    out.emplace_back("team", fhir::to_organization(team()));
    out.emplace_back("flag", fhir::to_flag(flag(), "Patient/p1"));
    out.emplace_back("refusal", fhir::refusal_outcome("team-full", "business-rule",
                                                      "the team is full", "Bundle.entry[2]"));
    return out;
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Validation {
    int status = -1;
    std::string output;
};

Validation validate(const test::TempDir& dir, const std::vector<std::string>& files) {
    const std::filesystem::path installed =
        std::filesystem::path(JIAYI_SOURCE_DIR) / "tests/fhir/node_modules/@medplum/core";
    INFO("the validators are missing: run scripts/install-fhir-validators");
    REQUIRE(std::filesystem::exists(installed));
    std::string command = "node " + std::string(JIAYI_SOURCE_DIR) + "/tests/fhir/validate.mjs";
    for (const auto& f : files) {
        command += " " + (dir / f).string();
    }
    command += " >" + (dir / "out").string() + " 2>&1";
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out")};
}

void write(const test::TempDir& dir, const std::string& name, const json& resource) {
    std::ofstream(dir / name) << resource.dump(2);
}

}  // namespace

TEST_CASE("fhir conformance: every resource and Bundle the mapping writes passes both validators") {
    test::TempDir dir;
    std::vector<std::string> files;
    for (const auto& [name, resource] : emitted()) {
        write(dir, name + ".json", resource);
        files.push_back(name + ".json");
    }
    const Validation v = validate(dir, files);
    INFO(v.output);
    CHECK(v.status == 0);
    CHECK(v.output.find("ERROR") == std::string::npos);
    CHECK(v.output.find("Provenance/") !=
          std::string::npos);  // Bundle entries were checked one by one
}

TEST_CASE(
    "fhir conformance: the validators refuse an Appointment without start (app-3), alone or inside "
    "a Bundle") {
    test::TempDir dir;
    json broken = fhir::to_appointment(booking(), "Patient/p1");
    broken.erase("start");  // and end: without both, app-3 (a booked Appointment has times)
    broken.erase("end");
    write(dir, "broken.json", broken);
    json bundle = fhir::booking_bundle(slot(), referral(), booking(), "Patient/p1");
    bundle["entry"][2]["resource"].erase("start");
    bundle["entry"][2]["resource"].erase("end");
    write(dir, "broken-bundle.json", bundle);
    const Validation v = validate(dir, {"broken.json", "broken-bundle.json"});
    INFO(v.output);
    CHECK(v.status == 1);
    CHECK(v.output.find("broken.json: Appointment/" + booking().id + " ERROR medplum") !=
          std::string::npos);
    CHECK(v.output.find("app-3") != std::string::npos);
    // The entry is named: medplum passes the Bundle itself, without
    // checking its entries, which is why validate.mjs checks each entry.
    CHECK(v.output.find("broken-bundle.json: Appointment/" + booking().id + " ERROR") !=
          std::string::npos);
    CHECK(v.output.find("broken-bundle.json: Slot/slot-0001 ok") != std::string::npos);
}
