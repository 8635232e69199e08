#pragma once
// The kiosk's HTTP client to the hub (protocols/hub-fhir.md, "Security"):
// libcurl over OpenSSL, the only kiosk code that touches the network. TLS
// is verified against the configured CA file (the system's CAs when none),
// optionally pinned to the hub's public key; plain http only to this
// machine (127.0.0.1, localhost, [::1]) for tests. The kiosk's bearer token
// is read from its credential file at each request, so a rotated token is
// picked up without a restart. Connect and transfer timeouts bound every
// request; cancel() ends one in flight at once (curl_multi_wakeup), so the
// sync thread stops promptly even while the hub does not answer.
//
// Threading: one thread at a time uses a HubClient (the sync worker's, or
// the thread of a Bundle in flight while the worker waits for it); cancel()
// is the one member another thread may call at any time. sibling() makes a client of the same
// hub on a connection of its own, for a second request in flight on
// another thread; cancelling either cancels both (the sync's pusher keeps
// two Bundles in flight, push.hpp).

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace jiayi::sync {

struct HubEndpoint {
    std::string base_url;                   // the FHIR base: ".../fhir"
    std::filesystem::path ca_file;          // empty: the system's CAs
    std::string pinned_key;                 // CURLOPT_PINNEDPUBLICKEY ("sha256//…" or a file)
    std::filesystem::path credential_file;  // the kiosk's bearer token
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds transfer_timeout{60000};
};

struct HubAnswer {
    int status = 0;
    std::string body;
    std::string etag;
    std::string date;  // the Date header (RFC 9110 IMF-fixdate), as sent
};

// Why no HTTP answer came. Every kind is worth a retry later except Setup
// (the configuration itself is wrong) and Cancelled (the worker stops).
enum class TransportFailure {
    Unreachable,     // no connection (refused, no route, name unknown)
    ConnectionLost,  // the connection broke before the answer ended
    Timeout,         // connect or transfer timeout
    Certificate,     // TLS: not signed by the configured CA, wrong name, pin mismatch
    NotHttp,         // the answer is not HTTP at all
    Credential,      // the credential file is missing or empty
    Setup,           // a URL the kiosk must not use, curl refused an option
    Cancelled,
};

struct TransportError {
    TransportFailure kind = TransportFailure::Unreachable;
    std::string message;  // curl's words and ours: no request or response body
};

std::string_view code(TransportFailure kind);

class HubClient {
  public:
    explicit HubClient(HubEndpoint endpoint);
    ~HubClient();
    HubClient(const HubClient&) = delete;
    HubClient& operator=(const HubClient&) = delete;

    // `path` is relative to the FHIR base ("EpisodeOfCare/123"); "" is the
    // base itself, where transaction Bundles are POSTed.
    Result<HubAnswer, TransportError> get(std::string_view path,
                                          std::string_view if_none_match = {});
    Result<HubAnswer, TransportError> put(std::string_view path, std::string_view body,
                                          std::string_view if_match = {});
    Result<HubAnswer, TransportError> post(std::string_view path, std::string_view body);

    // From any thread: the request in flight ends with Cancelled, and so does
    // every later one — this client's and its siblings'.
    void cancel();

    // The same endpoint on a connection of its own, cancelled with this one.
    std::unique_ptr<HubClient> sibling();

    const HubEndpoint& endpoint() const { return endpoint_; }

  private:
    struct Curl;
    struct Cancel;
    HubClient(HubEndpoint endpoint, std::shared_ptr<Cancel> cancel);
    Result<HubAnswer, TransportError> perform(const char* method, std::string_view path,
                                              std::string_view body, std::string_view header);

    HubEndpoint endpoint_;
    std::unique_ptr<Curl> curl_;
    std::shared_ptr<Cancel> cancel_;
};

}  // namespace jiayi::sync
