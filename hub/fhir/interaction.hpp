#pragma once
// One FHIR REST interaction, as the HTTP layer hands it to the hub's service
// and as the service answers it (protocols/hub-fhir.md). The HTTP layer
// (hub/http) knows TLS, bearer tokens, sizes and threads, nothing of FHIR
// resources; the service (hub/store) knows FHIR and the rules, nothing of
// sockets. Both sides are tested on their own and together through a real
// jiayi-hub process.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/fhir/terminology.hpp"

namespace jiayi::hub::fhir {

// The kiosk a request comes from, found from its bearer token.
struct Caller {
    std::string kiosk;     // the Device's id, e.g. "hc-310115-01"
    std::string township;  // the only township it may write for
};

enum class Method { get, put, post, delete_ };

struct Request {
    Method method = Method::get;
    // The path below the FHIR base, without a leading '/': "Patient/abc",
    // "Slot", "metadata", "" for a Bundle posted to the base.
    std::string path;
    // Search parameters, percent-decoded, in the order sent.
    std::vector<std::pair<std::string, std::string>> query;
    std::optional<std::string> if_match;       // W/"3"
    std::optional<std::string> if_none_match;  // W/"3" on reads and searches
    std::string body;                          // JSON text as received; the service parses it
};

struct Answer {
    int status = 200;
    nlohmann::json body;              // a resource, a Bundle or an OperationOutcome; null for 304
    std::optional<std::string> etag;  // W/"3"
    std::optional<std::string> location;       // Patient/abc/_history/3
    std::optional<std::string> last_modified;  // RFC 1123 date
};

// The refusal codes of hub-fhir.md, carried in OperationOutcome
// issue.details.coding (system kRefusalSystem) for the kiosk to map to a
// sentence for the resident. One terminology for the kiosk and the hub:
// every URI is defined once, in kiosk/fhir/terminology.hpp.
using ::jiayi::fhir::kRefusalSystem;

class Service {
  public:
    virtual ~Service() = default;
    // Thread-safe: the server calls it from every worker thread at once.
    virtual Answer handle(const Caller& caller, const Request& request) = 0;
};

}  // namespace jiayi::hub::fhir
