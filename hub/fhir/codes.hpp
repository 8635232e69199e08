#pragma once
// The systems and extension URLs the hub writes and reads
// (protocols/hub-fhir.md "Resources"). kiosk/fhir maps the kiosk's records
// with the same ones; a change here is a change of the wire contract.

#include <string_view>

namespace jiayi::hub::fhir {

// The resident ID number (居民身份证号), as Chinese CDA documents name it.
inline constexpr std::string_view kResidentIdSystem = "urn:oid:2.16.156.10011.1.3";

inline constexpr std::string_view kOrganizationTypeSystem =
    "https://jiayi.example.org/fhir/CodeSystem/organization-type";
inline constexpr std::string_view kTeamType = "team";

// On a team's Organization, filled by the hub from its own count at every read.
inline constexpr std::string_view kTeamCapacityExtension =
    "https://jiayi.example.org/fhir/StructureDefinition/team-capacity";
inline constexpr std::string_view kTeamSignedExtension =
    "https://jiayi.example.org/fhir/StructureDefinition/team-signed";

// Slot.serviceCategory: the family-doctor pool (号源池) or the hospital's own list.
inline constexpr std::string_view kSlotCategorySystem =
    "https://jiayi.example.org/fhir/CodeSystem/slot-category";
inline constexpr std::string_view kPoolCategory = "family-doctor-pool";
inline constexpr std::string_view kGeneralCategory = "general";

// EpisodeOfCare.type: new / renewal / switch (domain::code(ContractType)).
inline constexpr std::string_view kContractTypeSystem =
    "https://jiayi.example.org/fhir/CodeSystem/contract-type";

}  // namespace jiayi::hub::fhir
