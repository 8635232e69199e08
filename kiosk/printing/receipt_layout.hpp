#pragma once
// Receipts as ESC/POS bytes for one printer profile: the signing, renewal,
// switch and informed-notice receipts (kiosk/receipt) in the language of the
// day, each line in its style, wrapped to the paper's columns, with the
// record's QR code. The driver's page (drivers/printer/page.hpp) decides text
// or raster per line. Pure: bytes out, no I/O.

#include "common/image/typeface.hpp"
#include "drivers/printer/page.hpp"
#include "drivers/printer/profile.hpp"
#include "kiosk/receipt/receipt.hpp"
#include "kiosk/text/catalog.hpp"

namespace jiayi::printing {

drivers::printer::Bytes layout_receipt(const receipt::Receipt& receipt,
                                       const text::Catalog& catalog, text::Language language,
                                       const drivers::printer::Profile& profile,
                                       const image::Typeface& face,
                                       drivers::printer::PageStats* stats = nullptr);

}  // namespace jiayi::printing
