#include "kiosk/sync/hub_client.hpp"

#include "kiosk/config/hub_url.hpp"

#include <curl/curl.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <vector>

namespace jiayi::sync {

std::string_view code(TransportFailure kind) {
    switch (kind) {
        case TransportFailure::Unreachable:
            return "unreachable";
        case TransportFailure::ConnectionLost:
            return "connection-lost";
        case TransportFailure::Timeout:
            return "timeout";
        case TransportFailure::Certificate:
            return "certificate";
        case TransportFailure::NotHttp:
            return "not-http";
        case TransportFailure::Credential:
            return "credential";
        case TransportFailure::Setup:
            return "setup";
        case TransportFailure::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

namespace {

// curl_global_init is not thread-safe and must run once per process; the
// handles need it before their first use.
void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDelete {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDelete {
    void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct ListDelete {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Headers = std::unique_ptr<curl_slist, ListDelete>;

void add_header(Headers& headers, const std::string& line) {
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (grown != nullptr) {
        headers.release();
        headers.reset(grown);
    }
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// The answer's headers the sync reads: ETag (the teams' cache) and Date
// (the hub's clock, for `jiayi doctor`).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* out) {
    const std::string_view line(data, size * count);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return size * count;
    }
    std::string name(line.substr(0, colon));
    for (char& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
        value.remove_suffix(1);
    }
    auto& answer = *static_cast<HubAnswer*>(out);
    if (name == "etag") {
        answer.etag = std::string(value);
    } else if (name == "date") {
        answer.date = std::string(value);
    }
    return size * count;
}

TransportFailure failure_of(CURLcode rc) {
    switch (rc) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return TransportFailure::Unreachable;
        case CURLE_OPERATION_TIMEDOUT:
            return TransportFailure::Timeout;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
            return TransportFailure::Certificate;
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_HTTP2:
            return TransportFailure::NotHttp;
        case CURLE_ABORTED_BY_CALLBACK:
            return TransportFailure::Cancelled;
        case CURLE_URL_MALFORMAT:
        case CURLE_NOT_BUILT_IN:
        case CURLE_UNKNOWN_OPTION:
            return TransportFailure::Setup;
        default:
            return TransportFailure::ConnectionLost;
    }
}

// The token: the file's first line, without surrounding blanks.
std::optional<std::string> read_token(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return std::nullopt;
    }
    std::string token;
    std::getline(in, token);
    const auto first = token.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return std::nullopt;
    }
    const auto last = token.find_last_not_of(" \t\r\n");
    return token.substr(first, last - first + 1);
}

}  // namespace

// One easy handle reused for every request (its connection is kept alive)
// inside one multi handle, whose poll another thread can wake.
struct HubClient::Curl {
    std::unique_ptr<CURLM, MultiDelete> multi{curl_multi_init()};
    std::unique_ptr<CURL, EasyDelete> easy{curl_easy_init()};
};

// What a client and its siblings share: the flag, and each one's multi
// handle to wake.
struct HubClient::Cancel {
    std::atomic<bool> cancelled{false};
    std::mutex mutex;
    std::vector<CURLM*> multis;
};

HubClient::HubClient(HubEndpoint endpoint)
    : HubClient(std::move(endpoint), std::make_shared<Cancel>()) {}

HubClient::HubClient(HubEndpoint endpoint, std::shared_ptr<Cancel> cancel)
    : endpoint_(std::move(endpoint)), cancel_(std::move(cancel)) {
    init_curl_once();
    curl_ = std::make_unique<Curl>();
    if (curl_->multi) {
        std::lock_guard lock(cancel_->mutex);
        cancel_->multis.push_back(curl_->multi.get());
    }
}

HubClient::~HubClient() {
    std::lock_guard lock(cancel_->mutex);
    std::erase(cancel_->multis, curl_->multi.get());
}

std::unique_ptr<HubClient> HubClient::sibling() {
    return std::unique_ptr<HubClient>(new HubClient(endpoint_, cancel_));
}

void HubClient::cancel() {
    cancel_->cancelled = true;
    std::lock_guard lock(cancel_->mutex);
    for (CURLM* multi : cancel_->multis) {
        curl_multi_wakeup(multi);
    }
}

Result<HubAnswer, TransportError> HubClient::get(std::string_view path,
                                                 std::string_view if_none_match) {
    return perform("GET", path, {},
                   if_none_match.empty() ? "" : "If-None-Match: " + std::string(if_none_match));
}

Result<HubAnswer, TransportError> HubClient::put(std::string_view path, std::string_view body,
                                                 std::string_view if_match) {
    return perform("PUT", path, body, if_match.empty() ? "" : "If-Match: " + std::string(if_match));
}

Result<HubAnswer, TransportError> HubClient::post(std::string_view path, std::string_view body) {
    return perform("POST", path, body, "");
}

Result<HubAnswer, TransportError> HubClient::perform(const char* method, std::string_view path,
                                                     std::string_view body,
                                                     std::string_view header) {
    if (cancel_->cancelled) {
        return fail(TransportError{TransportFailure::Cancelled, "the sync is stopping"});
    }
    if (auto refused = config::check_hub_url(endpoint_.base_url)) {
        return fail(TransportError{TransportFailure::Setup, "the hub URL " + *refused});
    }
    if (!curl_->multi || !curl_->easy) {
        return fail(TransportError{TransportFailure::Setup, "libcurl could not start"});
    }
    const auto token = read_token(endpoint_.credential_file);
    if (!token) {
        return fail(
            TransportError{TransportFailure::Credential, "the kiosk's credential file " +
                                                             endpoint_.credential_file.string() +
                                                             " is missing, unreadable or empty"});
    }
    std::string url = endpoint_.base_url;
    if (!path.empty()) {
        if (!url.ends_with('/')) {
            url += '/';
        }
        url += path;
    }

    CURL* easy = curl_->easy.get();
    curl_easy_reset(easy);
    Headers headers;
    add_header(headers, "Accept: application/fhir+json");
    add_header(headers, "Authorization: Bearer " + *token);
    if (!header.empty()) {
        add_header(headers, std::string(header));
    }
    if (std::string_view(method) != "GET") {
        add_header(headers, "Content-Type: application/fhir+json");
        // No "Expect: 100-continue" (curl adds it to bodies over 1 MB): the
        // hub does not answer it, and curl would wait a second per Bundle.
        add_header(headers, "Expect:");
    }
    HubAnswer answer;
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
    if (std::string_view(method) != "GET") {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &answer);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(endpoint_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(endpoint_.transfer_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    // No redirects: a hub that sends the kiosk elsewhere is misconfigured,
    // and the token must not follow it.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!endpoint_.ca_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, endpoint_.ca_file.c_str());
    }
    if (!endpoint_.pinned_key.empty()) {
        curl_easy_setopt(easy, CURLOPT_PINNEDPUBLICKEY, endpoint_.pinned_key.c_str());
    }
    char error_text[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_text);

    CURLM* multi = curl_->multi.get();
    curl_multi_add_handle(multi, easy);
    CURLcode result = CURLE_OK;
    bool finished = false;
    while (!finished) {
        int running = 0;
        if (curl_multi_perform(multi, &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
            if (message->msg == CURLMSG_DONE) {
                result = message->data.result;
                finished = true;
            }
        }
        if (finished) {
            break;
        }
        if (cancel_->cancelled) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    curl_multi_remove_handle(multi, easy);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);

    if (result != CURLE_OK) {
        const TransportFailure kind = failure_of(result);
        std::string message = curl_easy_strerror(result);
        if (error_text[0] != '\0') {
            message += ": ";
            message += error_text;
        }
        return fail(TransportError{kind, message});
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    answer.status = static_cast<int>(status);
    return answer;
}

}  // namespace jiayi::sync
