#pragma once
// Which listening addresses count as loopback, for the one case the hub
// serves plain HTTP: a developer's machine, or a TLS-terminating proxy on the
// same host (protocols/hub-fhir.md, "Security": TLS always on the network).

#include <string_view>

namespace jiayi::hub::http {

// A numeric IPv4 address in 127.0.0.0/8, or IPv6 ::1 (also written
// [::1]). Names are not loopback here, "localhost" included: a name resolves
// through /etc/hosts and DNS, which a safety check must not trust.
bool is_loopback_address(std::string_view address);

}  // namespace jiayi::hub::http
