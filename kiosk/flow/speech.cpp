#include "kiosk/flow/speech.hpp"

namespace jiayi::flow {

// First cut: the screen's title as its sentence, without pinyin, until the
// catalogs carry a spoken sentence per screen.
std::optional<Speech> speech_for(const View& view, const text::Catalog& catalog) {
    if (view.title.empty() || !catalog.has(view.title)) {
        return std::nullopt;
    }
    return Speech{view.title, view.language, catalog.text(view.language, view.title), {}};
}

}  // namespace jiayi::flow
