#include "services/transfers/handover_check.h"

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/officers/officer_queries.h"
#include "services/rules/member_rules.h"

namespace orgtree::transfers {

absl::StatusOr<HandoverCheck> CheckHandover(const storage::RecordReader& reader,
                                            const v1::Member& m, bool has_community,
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
  // A retiree still in a post hands it over first: the org would otherwise lose an officeholder
  // to a community it does not manage.
  ASSIGN_OR_RETURN(std::vector<v1::Officer> posts, officers::CurrentPositionsOf(reader, m.id()));
  if (!posts.empty()) {
    std::string held;
    for (const v1::Officer& o : posts) {
      held += (held.empty() ? "" : ", ") + EnumWord(o.position()) + " of " + o.org_code();
    }
    return HandoverCheck{v1::HANDOVER_HOLDS_POSITION, "still holds " + held};
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
