// BatchGetMembers: many members in two lookups (member numbers from memory, then one RocksDB
// MultiGet for the records), so bulk readers pay the per-call and per-lookup overhead once per
// batch instead of once per member. The stored records pass into the answer as GetMember's do.

#include <string>
#include <vector>

#include "services/common/status_macros.h"
#include "services/registry/member_view.h"
#include "services/registry/record_helpers.h"
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
  return ParsedAnswer<v1::BatchGetMembersResponse>("BatchGetMembers", [&](std::string* wire) {
    return BatchGetMembers(req, /*mask_national_ids=*/false, wire);
  });
}

absl::Status Registry::BatchGetMembers(const v1::BatchGetMembersRequest& req,
                                       bool mask_national_ids, std::string* wire) const {
  const int total = req.ids_size() + req.member_nos_size();
  if (total == 0) {
    return absl::InvalidArgumentError("ids, member_nos: give at least one id or member number");
  }
  if (total > kMaxBatchGet) {
    return absl::InvalidArgumentError(BatchFieldName(req) + ": " + std::to_string(total) +
                                      " references; at most " + std::to_string(kMaxBatchGet) +
                                      " per call");
  }
  ASSIGN_OR_RETURN(const MemberFields fields,
                   MemberFields::Requested(req.view(), req.read_mask(), v1::MEMBER_VIEW_FULL));
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
  ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> records, reader_.ReadMemberRecords(ids));

  using Response = v1::BatchGetMembersResponse;
  size_t bytes = 0;
  for (const auto& record : records) bytes += record ? record->size() + 4 : 0;
  wire->reserve(bytes + 64);
  std::string member;
  auto append = [&](const std::string& record) {
    member.clear();
    RETURN_IF_ERROR(AppendMember(record, fields, mask_national_ids, &member));
    storage::AppendBytesField(Response::kMembersFieldNumber, member, wire);
    return absl::OkStatus();
  };
  std::vector<uint64_t> missing_ids;
  for (int i = 0; i < req.ids_size(); ++i) {
    if (const auto& record = records[static_cast<size_t>(i)]) {
      RETURN_IF_ERROR(append(*record));
    } else {
      missing_ids.push_back(req.ids(i));
    }
  }
  std::vector<int> missing_nos;
  for (size_t i = 0; i < no_ids.size(); ++i) {
    // A number whose member record is gone counts as missing too (the index is never ahead of
    // the records in a committed batch, but a reader must not trust that blindly).
    if (no_slot[i] != SIZE_MAX && records[no_slot[i]]) {
      RETURN_IF_ERROR(append(*records[no_slot[i]]));
    } else {
      missing_nos.push_back(static_cast<int>(i));
    }
  }
  storage::AppendPackedVarintField(Response::kMissingIdsFieldNumber, missing_ids, wire);
  for (int i : missing_nos) {
    storage::AppendBytesField(Response::kMissingMemberNosFieldNumber, nos[i], wire);
  }
  return absl::OkStatus();
}

}  // namespace orgtree::registry
