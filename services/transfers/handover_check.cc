#include "services/transfers/handover_check.h"

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/rules/member_rules.h"

namespace orgtree::transfers {

absl::StatusOr<HandoverCheck> CheckHandover(const v1::Member& m, bool has_community,
                                            const dues::DuesLedger* dues) {
  if (!rules::IsCurrent(m.status())) {
    return HandoverCheck{v1::HANDOVER_NOT_ACTIVE, "member is " + EnumWord(m.status())};
  }
  if (!m.in_transit_serial().empty()) {
    return HandoverCheck{v1::HANDOVER_OPEN_TRANSFER, "open letter " + m.in_transit_serial()};
  }
  if (m.employment() != v1::RETIRED) {
    return HandoverCheck{v1::HANDOVER_NOT_RETIRED, "employment is " + EnumWord(m.employment())};
  }
  if (dues) {
    v1::GetMemberDuesRequest req;
    req.set_member_no(m.member_no());
    ASSIGN_OR_RETURN(v1::MemberDues d, dues->GetMemberDues(req));
    if (d.arrears_fen() > 0) {
      std::string months;
      for (int i = 0; i < d.arrears_months_size() && i < 6; ++i) {
        months += (i ? ", " : "") + d.arrears_months(i);
      }
      if (d.arrears_months_size() > 6) months += ", …";
      return HandoverCheck{v1::HANDOVER_UNPAID_DUES,
                           std::to_string(d.arrears_fen()) + " fen unpaid (" + months + ")"};
    }
  }
  if (!has_community) {
    return HandoverCheck{v1::HANDOVER_NO_MAPPING, "no receiving community organisation given"};
  }
  return HandoverCheck{};
}

}  // namespace orgtree::transfers
