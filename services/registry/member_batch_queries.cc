// BatchGetMembers: many members in two RocksDB MultiGets (member numbers → ids, ids → members), so
// bulk readers pay the per-call and per-lookup overhead once per batch instead of once per member.

#include <string>
#include <vector>

#include "services/common/status_macros.h"
#include "services/registry/member_view.h"
#include "services/registry/registry.h"

namespace orgtree::registry {
namespace {

// The field an over-long batch is reported against: the one the caller used, or both.
std::string BatchFieldName(const v1::BatchGetMembersRequest& req) {
  if (req.member_nos().empty()) return "ids";
  if (req.ids().empty()) return "member_nos";
  return "ids + member_nos";
}

}  // namespace

absl::StatusOr<v1::BatchGetMembersResponse> Registry::BatchGetMembers(
    const v1::BatchGetMembersRequest& req) const {
  const int total = req.ids_size() + req.member_nos_size();
  if (total == 0) {
    return absl::InvalidArgumentError("ids, member_nos: give at least one id or member number");
  }
  if (total > kMaxBatchGet) {
    return absl::InvalidArgumentError(BatchFieldName(req) + ": " + std::to_string(total) +
                                      " references; at most " + std::to_string(kMaxBatchGet) +
                                      " per call");
  }
  RETURN_IF_ERROR(CheckMemberView(req.view(), "view"));
  const auto& nos = req.member_nos();
  std::vector<std::optional<uint64_t>> no_ids(static_cast<size_t>(nos.size()));
  for (int i = 0; i < nos.size(); ++i) {
    if (nos[i].empty()) {
      return absl::InvalidArgumentError("member_nos[" + std::to_string(i) + "]: empty");
    }
    no_ids[static_cast<size_t>(i)] = numbers_.Find(nos[i]);
  }

  // One MultiGet for every id: the requested ones first, then those the numbers resolved to.
  std::vector<uint64_t> ids(req.ids().begin(), req.ids().end());
  std::vector<size_t> no_slot(no_ids.size(), SIZE_MAX);  // index into `ids`; SIZE_MAX = unknown
  for (size_t i = 0; i < no_ids.size(); ++i) {
    if (!no_ids[i]) continue;
    no_slot[i] = ids.size();
    ids.push_back(*no_ids[i]);
  }
  ASSIGN_OR_RETURN(auto members, reader_.GetMembers(ids));

  v1::BatchGetMembersResponse out;
  for (int i = 0; i < req.ids_size(); ++i) {
    auto& m = members[static_cast<size_t>(i)];
    if (m) {
      *out.add_members() = InView(std::move(*m), req.view());
    } else {
      out.add_missing_ids(req.ids(i));
    }
  }
  for (size_t i = 0; i < no_ids.size(); ++i) {
    // A number whose member record is gone counts as missing too (the index is never ahead of
    // the records in a committed batch, but a reader must not trust that blindly).
    if (no_slot[i] != SIZE_MAX && members[no_slot[i]]) {
      *out.add_members() = InView(std::move(*members[no_slot[i]]), req.view());
    } else {
      out.add_missing_member_nos(nos[static_cast<int>(i)]);
    }
  }
  return out;
}

}  // namespace orgtree::registry
