// The event log as an audit trail: ListEvents, optionally for one entity and a time range.

#include "services/common/date.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/registry/registry.h"

namespace orgtree::registry {
namespace {

// Event times are RFC 3339 strings with a fixed +08:00 offset, so they order as strings; a bare
// date "YYYY-MM-DD" orders before every time on that day.
bool InRange(const v1::Event& e, const std::string& from, const std::string& to) {
  if (!from.empty() && e.time() < from) return false;
  if (!to.empty() && e.time() >= to) return false;
  return true;
}

// A bound is a date "YYYY-MM-DD" or an RFC 3339 time that starts with one.
absl::Status CheckTimeBound(std::string_view field, const std::string& bound) {
  if (bound.empty()) return absl::OkStatus();
  if (!ParseDate(bound.substr(0, 10)) || (bound.size() > 10 && bound[10] != 'T')) {
    return absl::InvalidArgumentError(std::string(field) + ": '" + bound +
                                      "' is not a date YYYY-MM-DD or an RFC 3339 time");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ListEventsResponse> Registry::ListEvents(
    const v1::ListEventsRequest& req) const {
  ASSIGN_OR_RETURN(int page_size, CheckPageSize(req.page_size(), kDefaultPageSize, kMaxPageSize));
  RETURN_IF_ERROR(CheckTimeBound("time_from", req.time_from()));
  RETURN_IF_ERROR(CheckTimeBound("time_to", req.time_to()));
  uint64_t after = req.after_seq();
  if (!req.page_token().empty()) {
    ASSIGN_OR_RETURN(auto cursor, DecodePageToken(req.page_token(), 1));
    after = std::max(after, cursor[0]);
  }
  v1::ListEventsResponse out;
  bool more = false;
  auto take = [&](v1::Event&& e) {
    if (!InRange(e, req.time_from(), req.time_to())) return true;
    if (out.events_size() == page_size) {
      more = true;
      return false;
    }
    *out.add_events() = std::move(e);
    return true;
  };

  const bool by_entity = req.entity_id() != 0 || !req.entity_key().empty();
  if (by_entity) {
    uint64_t entity_id = req.entity_id();
    if (req.entity_type() == v1::ENTITY_ORG) {
      if (entity_id == 0) {
        std::shared_lock lock(tree_mu_);
        v1::OrgRef ref;
        ref.set_code(req.entity_key());
        ASSIGN_OR_RETURN(entity_id, ResolveOrg(ref, "entity_key"));
      }
    } else if (req.entity_type() == v1::ENTITY_MEMBER) {
      if (entity_id == 0) {
        v1::MemberRef ref;
        ref.set_member_no(req.entity_key());
        ASSIGN_OR_RETURN(v1::Member m, ResolveMember(ref, "entity_key"));
        entity_id = m.id();
      }
    } else {
      return absl::InvalidArgumentError("entity_type: required with entity_id or entity_key");
    }
    // Read the entity's seqs in slices and fetch each slice with one MultiGet.
    bool done = false;
    while (!done && !more) {
      std::vector<uint64_t> seqs;
      RETURN_IF_ERROR(
          reader_.ScanEntityEventSeqs(req.entity_type(), entity_id, after, [&](uint64_t seq) {
            seqs.push_back(seq);
            return seqs.size() < 256;
          }));
      if (seqs.empty()) break;
      done = seqs.size() < 256;
      after = seqs.back();
      ASSIGN_OR_RETURN(auto events, reader_.GetEvents(seqs));
      for (auto& e : events) {
        if (!take(std::move(e))) break;
      }
    }
  } else {
    RETURN_IF_ERROR(reader_.ScanEvents(after, take));
  }
  if (more) out.set_next_page_token(EncodePageToken({out.events().rbegin()->seq()}));
  return out;
}

}  // namespace orgtree::registry
