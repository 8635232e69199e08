#pragma once
// A flow's view in words, for a terminal: what the kiosk's screen would say,
// each sentence from the string catalogs in the view's language. It reads
// the view and decides nothing (STYLE.md, "Draw, don't decide").

#include <string>
#include <vector>

#include "kiosk/flow/view_model.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::cli {

// The heading, a message or countdown if one covers the screen, the screen's
// content, and its buttons ("[Next]", the primary one starred).
std::vector<std::string> view_text(const flow::View& view, const text::Catalog& catalog);

}  // namespace jiayi::cli
