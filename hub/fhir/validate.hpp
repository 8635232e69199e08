#pragma once
// What a resource must carry before the hub looks at it: the right
// resourceType for the URL, the URL's id, and the elements each type needs
// (FHIR R4's cardinalities 1..* plus what the hub's rules read, e.g. an
// EpisodeOfCare's managingOrganization — the team). Pure: no SQL.

#include <optional>
#include <span>
#include <string_view>

#include "hub/fhir/outcome.hpp"

namespace jiayi::hub::fhir {

// The resource types the hub keeps (protocols/hub-fhir.md "Resources").
std::span<const std::string_view> kept_types();
bool is_kept_type(std::string_view type);

// nullopt when `resource` may be stored as `type`/`id`; `id` empty for a
// conditional update (the hub assigns it). A refusal's expression names the
// missing or wrong element ("EpisodeOfCare.managingOrganization").
std::optional<Refusal> check_resource(const nlohmann::json& resource, std::string_view type,
                                      std::string_view id);

// "Organization/abc" → "abc" when the reference is to `type`; else nullopt.
std::optional<std::string> reference_id(const nlohmann::json& reference, std::string_view type);

}  // namespace jiayi::hub::fhir
