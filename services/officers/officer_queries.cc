#include "services/officers/officer_queries.h"

#include <string>

#include "services/common/status_macros.h"
#include "storage/key_codec.h"

namespace orgtree::officers {

using storage::Cf;

absl::StatusOr<std::vector<v1::Officer>> OrgOfficers(const storage::RecordReader& reader,
                                                     uint64_t org_id, bool include_ended) {
  std::vector<v1::Officer> out;
  const std::string prefix = storage::IdKey(org_id);
  RETURN_IF_ERROR(reader.ScanRecords<v1::Officer>(Cf::kOfficers, prefix,
                                                  storage::PrefixUpperBound(prefix),
                                                  [&](std::string_view, v1::Officer&& o) {
                                                    if (include_ended || o.end_date().empty())
                                                      out.push_back(std::move(o));
                                                    return true;
                                                  }));
  return out;
}

absl::StatusOr<std::optional<v1::Officer>> CurrentSecretary(const storage::RecordReader& reader,
                                                            uint64_t org_id) {
  ASSIGN_OR_RETURN(std::vector<v1::Officer> current, OrgOfficers(reader, org_id, false));
  for (v1::Officer& o : current) {
    if (o.position() == v1::POSITION_SECRETARY) return std::move(o);
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<v1::Officer>> CurrentPositionsOf(const storage::RecordReader& reader,
                                                            uint64_t member_id) {
  std::vector<std::string> keys;
  const std::string prefix = storage::IdKey(member_id);
  RETURN_IF_ERROR(reader.store()->Scan(
      Cf::kOfficersByMember, prefix, storage::PrefixUpperBound(prefix),
      [&](std::string_view key, std::string_view) {
        if (auto p = storage::DecodeOfficerByMemberKey(key)) {
          keys.push_back(storage::OfficerKey(p->org_id, p->position, p->day, member_id));
        }
        return true;
      }));
  std::vector<v1::Officer> out;
  for (const std::string& key : keys) {
    ASSIGN_OR_RETURN(auto o, reader.Get<v1::Officer>(Cf::kOfficers, key));
    if (!o) return absl::DataLossError("storage: an officer index names a missing position");
    out.push_back(*std::move(o));
  }
  return out;
}

absl::StatusOr<std::optional<v1::PartyWorker>> PartyWorkerOf(const storage::RecordReader& reader,
                                                             uint64_t member_id) {
  return reader.Get<v1::PartyWorker>(Cf::kPartyWorkers, storage::IdKey(member_id));
}

absl::StatusOr<std::map<uint64_t, v1::PartyWorker>> CurrentPartyWorkers(
    const storage::RecordReader& reader) {
  std::map<uint64_t, v1::PartyWorker> out;
  RETURN_IF_ERROR(reader.ScanRecords<v1::PartyWorker>(
      Cf::kPartyWorkers, "", "", [&](std::string_view, v1::PartyWorker&& w) {
        if (w.kind() == v1::PARTY_WORKER_FULL_TIME || w.kind() == v1::PARTY_WORKER_PART_TIME) {
          out.emplace(w.member_id(), std::move(w));
        }
        return true;
      }));
  return out;
}

absl::StatusOr<std::vector<v1::Election>> OrgElections(const storage::RecordReader& reader,
                                                       uint64_t org_id) {
  std::vector<v1::Election> out;
  const std::string prefix = storage::IdKey(org_id);
  RETURN_IF_ERROR(reader.ScanRecords<v1::Election>(Cf::kElections, prefix,
                                                   storage::PrefixUpperBound(prefix),
                                                   [&](std::string_view, v1::Election&& e) {
                                                     out.push_back(std::move(e));
                                                     return true;
                                                   }));
  return out;
}

absl::StatusOr<std::optional<v1::Election>> LastElection(const storage::RecordReader& reader,
                                                         uint64_t org_id) {
  // Keys run by date: the last record scanned is the latest (only it is kept).
  std::optional<v1::Election> last;
  const std::string prefix = storage::IdKey(org_id);
  RETURN_IF_ERROR(reader.ScanRecords<v1::Election>(Cf::kElections, prefix,
                                                   storage::PrefixUpperBound(prefix),
                                                   [&](std::string_view, v1::Election&& e) {
                                                     last = std::move(e);
                                                     return true;
                                                   }));
  return last;
}

}  // namespace orgtree::officers
