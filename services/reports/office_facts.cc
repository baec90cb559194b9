#include "services/reports/office_facts.h"

#include <set>

#include "services/common/status_macros.h"
#include "services/officers/officer_queries.h"

namespace orgtree::reports {

absl::StatusOr<OfficeFacts> ReadOfficeFacts(const storage::RecordReader& reader, uint64_t org_id,
                                            const OfficerFilter& counts) {
  OfficeFacts facts;
  ASSIGN_OR_RETURN(std::vector<v1::Officer> current, officers::OrgOfficers(reader, org_id, false));
  std::set<uint64_t> seated;  // a secretary who is also a committee member holds one seat
  for (v1::Officer& o : current) {
    if (counts && !counts(o)) continue;
    switch (o.position()) {
      case v1::POSITION_SECRETARY:
        seated.insert(o.member_id());
        if (!facts.secretary) facts.secretary = std::move(o);
        break;
      case v1::POSITION_DEPUTY_SECRETARY:
      case v1::POSITION_COMMITTEE_MEMBER:
        seated.insert(o.member_id());
        break;
      default:
        break;
    }
  }
  facts.committee_seats = static_cast<int64_t>(seated.size());
  ASSIGN_OR_RETURN(auto last, officers::LastElection(reader, org_id));
  if (last) facts.term_ends_on = ParseDate(last->term_ends_on());
  return facts;
}

}  // namespace orgtree::reports
