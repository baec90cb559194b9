#include "services/reports/office_facts.h"

#include <set>

#include "services/common/status_macros.h"
#include "services/officers/officer_queries.h"

namespace orgtree::reports {

absl::StatusOr<OfficeRecords> ReadOfficeRecords(const storage::RecordReader& reader,
                                                uint64_t org_id) {
  OfficeRecords records;
  ASSIGN_OR_RETURN(records.current, officers::OrgOfficers(reader, org_id, false));
  ASSIGN_OR_RETURN(auto last, officers::LastElection(reader, org_id));
  if (last) records.term_ends_on = ParseDate(last->term_ends_on());
  return records;
}

OfficeFacts FactsOf(const OfficeRecords& records, const OfficerFilter& counts) {
  OfficeFacts facts;
  std::set<uint64_t> seated;  // a secretary who is also a committee member holds one seat
  for (const v1::Officer& o : records.current) {
    if (counts && !counts(o)) continue;
    switch (o.position()) {
      case v1::POSITION_SECRETARY:
        seated.insert(o.member_id());
        if (!facts.secretary) facts.secretary = o;
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
  facts.term_ends_on = records.term_ends_on;
  return facts;
}

}  // namespace orgtree::reports
