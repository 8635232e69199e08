// Declining: the informed notice (知情告知书) signed, the opt-out written.

#include "kiosk/domain/mask.hpp"
#include "kiosk/flow/flow_internal.hpp"
#include "kiosk/flow/journey.hpp"
#include "kiosk/flow/signature.hpp"

namespace jiayi::flow {

using namespace detail;

std::optional<Committed> ContractJourney::commit_decline() {
    const auto& config = ctx_.config;
    auto opt_out = domain::decline(resident_.facts, s_.choice.signer, true, config.notice_version,
                                   s_.choice.channel, config.rules, ctx_.today(), ctx_.ids());
    if (!opt_out) {
        refuse(opt_out.error());
        return std::nullopt;
    }
    store::OptOutRecord record{
        resident_.record, opt_out.value(),
        ctx_.ids(),       {strokes_json(s_.strokes), strokes_png(s_.strokes)},
        config.kiosk.id,  ctx_.staff};
    if (auto written = ctx_.store.record_opt_out(record, ctx_.now); !written) {
        ctx_.nav.show("store-failed");
        return std::nullopt;
    }
    if (ctx_.assisted()) {
        ctx_.audit("assisted-decline", opt_out->id);
    }
    receipt::NoticeFacts facts;
    facts.masked_name = domain::mask_name(resident_.record.name);
    facts.masked_id = domain::mask_id(resident_.record.document.number, config.rules.mask);
    facts.signer_role = std::string(domain::code(s_.choice.signer.role));
    facts.printed_at = local_time(ctx_.now, config.kiosk.utc_offset_minutes, true);
    facts.kiosk_id = config.kiosk.id;
    return Committed{opt_out->id, receipt::notice_receipt(ctx_.ids(), *opt_out, facts)};
}

}  // namespace jiayi::flow
