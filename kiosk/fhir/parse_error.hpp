#pragma once
// Why a FHIR resource could not be read into the domain: the element at
// fault, as a FHIRPath-like path ("EpisodeOfCare.extension[2].valueMoney.value"),
// and what was wrong with it. Never carries the element's value (it may be
// personal data), so it can be logged.

#include <string>

namespace jiayi::fhir {

struct ParseError {
    std::string path;
    std::string problem;
};

}  // namespace jiayi::fhir
