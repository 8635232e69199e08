#pragma once
// Every URI jiayi's FHIR mapping writes, defined once (protocols/hub-fhir.md,
// "Resources"): identifier systems, our CodeSystems and our extensions. The
// kiosk's sync and the hub both read them from here, so a URI is never spelt
// twice. Our own URIs live under kBase; a district that runs its own
// terminology server keeps them (they are names, not addresses fetched).
// Codes inside our CodeSystems are the domain's own code() strings.

#include <string_view>

namespace jiayi::fhir {

inline constexpr std::string_view kBase = "https://jiayi.example.org/fhir";

// --- Identifier systems (Patient.identifier, Reference.identifier) ---

// 居民身份证: the OID Chinese CDA documents use for the resident ID number (de facto).
inline constexpr std::string_view kResidentIdSystem = "urn:oid:2.16.156.10011.1.3";
// 港澳台居民居住证 and the two generations of 外国人永久居留身份证: no public OID
// is known for them, so they get ours.
inline constexpr std::string_view kHmtPermitSystem =
    "https://jiayi.example.org/fhir/sid/hmt-residence-permit";
inline constexpr std::string_view kForeigner2017System =
    "https://jiayi.example.org/fhir/sid/foreigner-permanent-residence-2017";
inline constexpr std::string_view kForeigner2023System =
    "https://jiayi.example.org/fhir/sid/foreigner-permanent-residence-2023";
// A passport or another document a nurse typed in.
inline constexpr std::string_view kOtherDocumentSystem =
    "https://jiayi.example.org/fhir/sid/other-document";
// The kiosk's own UUID for a resident (ResidentRecord::id), carried beside the
// document so the hub can name the kiosk's record in its answers.
inline constexpr std::string_view kKioskResidentSystem =
    "https://jiayi.example.org/fhir/sid/kiosk-resident";
// A staff member's id (the nurse who assisted or back-filled).
inline constexpr std::string_view kStaffSystem = "https://jiayi.example.org/fhir/sid/staff";
// A paper contract form's number (back-fill).
inline constexpr std::string_view kPaperFormSystem =
    "https://jiayi.example.org/fhir/sid/paper-form";

// --- Our CodeSystems ---

// Organization.type: team | health-center | hospital.
inline constexpr std::string_view kOrganizationTypeSystem =
    "https://jiayi.example.org/fhir/CodeSystem/organization-type";
inline constexpr std::string_view kTeamType = "team";
// Slot.serviceCategory / Appointment.serviceCategory: the family-doctor-only pool.
inline constexpr std::string_view kServiceCategorySystem =
    "https://jiayi.example.org/fhir/CodeSystem/service-category";
inline constexpr std::string_view kPoolCategory = "family-doctor-pool";
// A hospital's own slot, outside the pool (imported with the pool's, or
// released to the general list the day before).
inline constexpr std::string_view kGeneralCategory = "general";
// Flag.code: domain::Population codes.
inline constexpr std::string_view kPopulationSystem =
    "https://jiayi.example.org/fhir/CodeSystem/population";
// OperationOutcome.issue.details: the refusal codes of hub-fhir.md (the
// domain::Refusal codes, plus the hub's invalid, conflict, forbidden,
// unknown-token, too-large). hub/fhir/interaction.hpp uses this one.
inline constexpr std::string_view kRefusalSystem =
    "https://jiayi.example.org/fhir/CodeSystem/refusal";
// EpisodeOfCare.type: domain::ContractType codes (new | renewal | switch).
inline constexpr std::string_view kContractTypeSystem =
    "https://jiayi.example.org/fhir/CodeSystem/contract-type";
// domain::ContractStatus, EndReason, Channel, SignerRole, Payer codes.
inline constexpr std::string_view kContractStatusSystem =
    "https://jiayi.example.org/fhir/CodeSystem/contract-status";
inline constexpr std::string_view kEndReasonSystem =
    "https://jiayi.example.org/fhir/CodeSystem/end-reason";
inline constexpr std::string_view kChannelSystem =
    "https://jiayi.example.org/fhir/CodeSystem/channel";
inline constexpr std::string_view kSignerRoleSystem =
    "https://jiayi.example.org/fhir/CodeSystem/signer-role";
inline constexpr std::string_view kPayerSystem = "https://jiayi.example.org/fhir/CodeSystem/payer";
// A service package's id in the district's catalogue.
inline constexpr std::string_view kServicePackageSystem =
    "https://jiayi.example.org/fhir/CodeSystem/service-package";
// Consent.policyRule: the version of the informed notice (知情告知书) or of the
// privacy notice the resident signed.
inline constexpr std::string_view kNoticeSystem =
    "https://jiayi.example.org/fhir/CodeSystem/notice";
// Device.property.type: what a kiosk's heartbeat reports.
inline constexpr std::string_view kKioskPropertySystem =
    "https://jiayi.example.org/fhir/CodeSystem/kiosk-property";
// The feedback questionnaire (satisfaction and awareness, 满意度 and 知晓率).
inline constexpr std::string_view kFeedbackQuestionnaire =
    "https://jiayi.example.org/fhir/Questionnaire/feedback";

// --- Extensions (StructureDefinition URLs) ---

inline constexpr std::string_view kExtPackage =
    "https://jiayi.example.org/fhir/StructureDefinition/service-package";
// Complex: package (valueCoding), payer (valueCode), amount (valueMoney).
inline constexpr std::string_view kExtFeeLine =
    "https://jiayi.example.org/fhir/StructureDefinition/fee-line";
inline constexpr std::string_view kExtChannel =
    "https://jiayi.example.org/fhir/StructureDefinition/channel";
// Complex: role (valueCode), relation (valueString), document (valueIdentifier).
inline constexpr std::string_view kExtSigner =
    "https://jiayi.example.org/fhir/StructureDefinition/signer";
inline constexpr std::string_view kExtPreviousEpisode =
    "https://jiayi.example.org/fhir/StructureDefinition/previous-episode";
// Complex: secondary, tertiary (valueReference Organization): 1+1+1.
inline constexpr std::string_view kExtHospitals =
    "https://jiayi.example.org/fhir/StructureDefinition/hospitals";
inline constexpr std::string_view kExtContractStatus =
    "https://jiayi.example.org/fhir/StructureDefinition/contract-status";
// Complex: reason (valueCode), note (valueString).
inline constexpr std::string_view kExtEndReason =
    "https://jiayi.example.org/fhir/StructureDefinition/end-reason";
inline constexpr std::string_view kExtCrossRegion =
    "https://jiayi.example.org/fhir/StructureDefinition/cross-region";
// Complex: signed-on (valueDate), form (valueIdentifier), entered-by (valueIdentifier).
inline constexpr std::string_view kExtBackFill =
    "https://jiayi.example.org/fhir/StructureDefinition/back-fill";
inline constexpr std::string_view kExtTeamCapacity =
    "https://jiayi.example.org/fhir/StructureDefinition/team-capacity";
inline constexpr std::string_view kExtTeamSigned =
    "https://jiayi.example.org/fhir/StructureDefinition/team-signed";
inline constexpr std::string_view kExtSpecialty =
    "https://jiayi.example.org/fhir/StructureDefinition/team-specialty";
inline constexpr std::string_view kExtVillage =
    "https://jiayi.example.org/fhir/StructureDefinition/team-village";
inline constexpr std::string_view kExtHospital =
    "https://jiayi.example.org/fhir/StructureDefinition/hospital";
// Where to go for a pool Schedule's slots (building, floor, desk): a
// valueString, its English in a translation extension like the names'.
inline constexpr std::string_view kExtPlace =
    "https://jiayi.example.org/fhir/StructureDefinition/place";
// On a pool Schedule as the hub's Schedule search answers it: how many of
// its pool slots are free from the hub's now on (valueInteger). Counted
// at each search, never stored.
inline constexpr std::string_view kExtFreeSlots =
    "https://jiayi.example.org/fhir/StructureDefinition/free-pool-slots";
// FHIR's own: a primitive's text in another language (on "_display" …).
inline constexpr std::string_view kExtTranslation =
    "http://hl7.org/fhir/StructureDefinition/translation";
inline constexpr std::string_view kExtLastSync =
    "https://jiayi.example.org/fhir/StructureDefinition/last-sync";
inline constexpr std::string_view kExtHeartbeatAt =
    "https://jiayi.example.org/fhir/StructureDefinition/heartbeat-at";
// When the oldest record still waiting in the kiosk's outbox was made.
inline constexpr std::string_view kExtOldestQueued =
    "https://jiayi.example.org/fhir/StructureDefinition/oldest-queued";

// --- Standard systems we use ---

inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kSignatureTypeSystem = "urn:iso-astm:E1762-95:2013";
inline constexpr std::string_view kProvenanceAgentTypeSystem =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
inline constexpr std::string_view kConsentScopeSystem =
    "http://terminology.hl7.org/CodeSystem/consentscope";
inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kActCodeSystem =
    "http://terminology.hl7.org/CodeSystem/v3-ActCode";

}  // namespace jiayi::fhir
