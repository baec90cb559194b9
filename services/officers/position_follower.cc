#include "services/officers/position_follower.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/officers/office_write.h"
#include "services/officers/officer_queries.h"
#include "services/rules/member_rules.h"

namespace orgtree::officers {
namespace {

// One event per org, end date and reason.
using EventKey = std::tuple<uint64_t, std::string, std::string>;

class Ending {
 public:
  // Ends `o` on `on` (not before its start) for `reason`, once.
  void Add(const v1::Officer& o, const std::string& on, const std::string& reason) {
    auto key = std::make_tuple(o.org_id(), o.position(), o.start_date(), o.member_id());
    if (!seen_.insert(key).second) return;
    const std::string date = std::max(on, o.start_date());  // both YYYY-MM-DD
    groups_[EventKey{o.org_id(), date, reason}].push_back(Ended(o, *ParseDate(date), reason));
  }

  void Record(registry::Change& c) const {
    for (const auto& [key, ended] : groups_) {
      const auto& [org_id, date, reason] = key;
      RecordOfficersEvent(c, "OfficersEnded", *c.FindOrg(org_id), date, reason, ended, {});
    }
  }

 private:
  std::set<std::tuple<uint64_t, int, std::string, uint64_t>> seen_;
  std::map<EventKey, std::vector<v1::Officer>> groups_;
};

}  // namespace

bool PositionEnds(const registry::Change& c, const v1::Officer& o) {
  const v1::Org* org = c.FindOrg(o.org_id());
  if (org == nullptr || org->state() == v1::ORG_DISSOLVED) return true;
  auto d = c.departures().find(o.member_id());
  return d != c.departures().end() && !MayHold(c, d->second.after, o.org_id());
}

absl::Status EndPositionsLeftBehind(const storage::RecordReader& reader, registry::Change& c) {
  Ending ending;
  // An org's dissolution explains its positions' end before its holders' moves do (a merge moves
  // every member out of the org it dissolves).
  for (const v1::Org* org : c.DissolvedOrgs()) {
    ASSIGN_OR_RETURN(std::vector<v1::Officer> current, OrgOfficers(reader, org->id(), false));
    for (const v1::Officer& o : current) ending.Add(o, org->dissolved_on(), "org dissolved");
  }
  for (const auto& [member_id, d] : c.departures()) {
    ASSIGN_OR_RETURN(std::vector<v1::Officer> held, CurrentPositionsOf(reader, member_id));
    for (const v1::Officer& o : held) {
      if (MayHold(c, d.after, o.org_id())) continue;
      const std::string reason = rules::IsCurrent(d.after.status())
                                     ? "holder moved to " + d.after.org_code()
                                     : "holder " + EnumWord(d.after.status());
      ending.Add(o, d.effective_date, reason);
    }
  }
  ending.Record(c);
  return absl::OkStatus();
}

}  // namespace orgtree::officers
