#include "hub/http/address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

namespace jiayi::hub::http {

bool is_loopback_address(std::string_view address) {
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    const std::string text(address);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        return IN6_IS_ADDR_LOOPBACK(&v6);
    }
    return false;
}

}  // namespace jiayi::hub::http
