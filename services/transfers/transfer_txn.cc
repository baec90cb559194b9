#include "services/transfers/transfer_txn.h"

#include <cstdlib>

#include "services/common/enum_words.h"
#include "services/common/status_macros.h"
#include "services/registry/record_helpers.h"
#include "storage/key_codec.h"

namespace orgtree::transfers {

namespace {

bool HasDeadline(const v1::Transfer& t) {
  return t.kind() == v1::TRANSFER_INTERNAL && IsOpen(t.state()) && ParseDate(t.valid_until());
}

std::string DeadlineKey(const v1::Transfer& t) {
  return storage::DaySerialKey(DayNumber(*ParseDate(t.valid_until())), t.serial());
}

}  // namespace

void WriteTransfer(storage::RecordBatch& batch, const v1::Transfer* before,
                   const v1::Transfer& after) {
  v1::Transfer stored = after;
  stored.clear_overdue();  // computed on read
  batch.Put(storage::Cf::kTransfers, stored.serial(), stored);
  if (before == nullptr) {
    batch.PutRaw(storage::Cf::kTransfersByMember,
                 storage::MemberSerialKey(stored.member_id(), stored.serial()), "");
  } else if (HasDeadline(*before)) {
    batch.Delete(storage::Cf::kTransferDeadlines, DeadlineKey(*before));
  }
  if (HasDeadline(stored)) batch.PutRaw(storage::Cf::kTransferDeadlines, DeadlineKey(stored), "");
}

absl::StatusOr<v1::Member> TransferTxn::Member(const v1::MemberRef& ref, std::string_view field) {
  ASSIGN_OR_RETURN(v1::Member m, registry_->FindMember(ref, field));
  auto it = members_.find(m.id());
  return it != members_.end() ? it->second : m;
}

absl::StatusOr<v1::Member> TransferTxn::MemberById(uint64_t id) {
  auto it = members_.find(id);
  if (it != members_.end()) return it->second;
  ASSIGN_OR_RETURN(auto m, registry_->reader().GetMember(id));
  if (!m)
    return absl::DataLossError("storage: a transfer names missing member " + std::to_string(id));
  return *std::move(m);
}

absl::StatusOr<v1::Transfer> TransferTxn::Transfer(std::string_view serial,
                                                   std::string_view field) {
  if (serial.empty()) return absl::InvalidArgumentError(std::string(field) + ": required");
  auto it = transfers_.find(serial);
  if (it != transfers_.end()) return it->second;
  ASSIGN_OR_RETURN(auto t, registry_->reader().Get<v1::Transfer>(storage::Cf::kTransfers, serial));
  if (!t) {
    return absl::NotFoundError(std::string(field) + ": no transfer letter '" + std::string(serial) +
                               "'");
  }
  return *std::move(t);
}

absl::StatusOr<const v1::Org*> TransferTxn::IssuingCommittee(uint64_t org_id) {
  std::vector<uint64_t> path = change_.PathTo(org_id);
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    const v1::Org* o = change_.FindOrg(*it);
    if (o->type() == v1::COMMITTEE) return o;
  }
  const v1::Org* org = change_.FindOrg(org_id);
  return absl::FailedPreconditionError("org " + (org ? org->code() : std::to_string(org_id)) +
                                       " has no committee above it to issue the letter");
}

absl::StatusOr<std::string> TransferTxn::NextSerial(const v1::Org& committee, int year) {
  const auto key = std::make_pair(committee.id(), year);
  auto it = last_serials_.find(key);
  if (it == last_serials_.end()) {
    ASSIGN_OR_RETURN(auto raw, registry_->reader().store()->Get(
                                   storage::Cf::kTransferSerials,
                                   storage::CommitteeYearKey(committee.id(), year)));
    int64_t last = 0;
    if (raw) {
      auto v = storage::GetFixed64BE(*raw);
      if (!v) return absl::DataLossError("storage: corrupt serial counter");
      last = static_cast<int64_t>(*v);
    }
    it = last_serials_.emplace(key, last).first;
  }
  return FormatSerial(committee.code(), year, it->second + 1);
}

void TransferTxn::Record(std::string type, const v1::Member* member_before,
                         const v1::Member& member_after, const v1::Transfer* before,
                         v1::Transfer after, std::string effective_date, std::string reason) {
  after.clear_overdue();
  std::optional<std::pair<std::pair<uint64_t, int>, int64_t>> serial_used;
  if (before == nullptr) {
    // The serial's number becomes the committee's last number for the year.
    const std::string& s = after.serial();
    const size_t dash = s.rfind('-');
    const int year = std::atoi(s.substr(dash - 4, 4).c_str());
    const int64_t number = std::atoll(s.substr(dash + 1).c_str());
    serial_used = {{after.issuing_committee_id(), year}, number};
    last_serials_[serial_used->first] = number;
  }
  auto write = [&](storage::RecordBatch& batch) {
    WriteTransfer(batch, before, after);
    if (serial_used) {
      std::string v;
      storage::PutFixed64BE(&v, static_cast<uint64_t>(serial_used->second));
      batch.PutRaw(storage::Cf::kTransferSerials,
                   storage::CommitteeYearKey(serial_used->first.first, serial_used->first.second),
                   v);
    }
  };
  auto attach = [&](v1::Event& e) {
    if (before) *e.mutable_transfer()->mutable_before() = *before;
    *e.mutable_transfer()->mutable_after() = after;
  };
  if (member_before == nullptr ||
      member_before->SerializeAsString() != member_after.SerializeAsString()) {
    change_.RecordMemberEvent(std::move(type), member_before, member_after,
                              std::move(effective_date), std::move(reason),
                              [&](v1::Event& e, storage::RecordBatch& batch) {
                                attach(e);
                                write(batch);
                              });
  } else {
    v1::Event e;
    e.set_type(std::move(type));
    e.set_entity_type(v1::ENTITY_MEMBER);
    e.set_entity_id(member_after.id());
    e.set_entity_key(member_after.member_no());
    e.set_effective_date(std::move(effective_date));
    e.set_reason(std::move(reason));
    attach(e);
    change_.RecordEvent(std::move(e),
                        [&](const v1::Event&, storage::RecordBatch& batch) { write(batch); });
  }
  Remember(member_after);
  transfers_[after.serial()] = after;
}

absl::Status TransferTxn::Expire(v1::Transfer t) {
  const v1::Transfer before = t;
  t = AsOf(std::move(t), today_);
  t.set_etag(registry::NextEtag(before.etag()));
  ASSIGN_OR_RETURN(v1::Member m, MemberById(t.member_id()));
  v1::Member after = m;
  if (after.in_transit_serial() == t.serial()) {
    after.clear_in_transit_serial();
    after.clear_in_transit_until();
    after.set_etag(registry::NextEtag(m.etag()));
  }
  Record("TransferExpired", &m, after, &before, t, t.ended_on(), t.end_reason());
  return absl::OkStatus();
}

absl::StatusOr<int> TransferTxn::ExpireDue() {
  std::vector<std::string> due;
  RETURN_IF_ERROR(registry_->reader().store()->Scan(
      storage::Cf::kTransferDeadlines, "", storage::DayPrefix(DayNumber(today_)),
      [&](std::string_view key, std::string_view) {
        due.emplace_back(storage::SerialOfDaySerialKey(key));
        return true;
      }));
  int expired = 0;
  for (const std::string& serial : due) {
    ASSIGN_OR_RETURN(v1::Transfer t, Transfer(serial, "serial"));
    if (!IsExpiredOn(t, today_) || t.state() == v1::TRANSFER_EXPIRED) continue;
    RETURN_IF_ERROR(Expire(std::move(t)));
    ++expired;
  }
  return expired;
}

absl::Status TransferTxn::ExpireIfDue(const v1::Member& member) {
  if (member.in_transit_serial().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(v1::Transfer t, Transfer(member.in_transit_serial(), "serial"));
  if (t.state() != v1::TRANSFER_EXPIRED && IsExpiredOn(t, today_)) return Expire(std::move(t));
  return absl::OkStatus();
}

}  // namespace orgtree::transfers
