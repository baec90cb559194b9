#include "services/registry/change.h"

#include <algorithm>

#include "services/registry/counters.h"
#include "services/registry/org_ref.h"
#include "services/rules/member_rules.h"

namespace orgtree::registry {

Change::Change(const OrgTree* tree, const MemberNumbers* numbers, storage::RocksStore* store,
               const v1::MetaRecord& meta, CallMeta call, std::string now)
    : tree_(tree),
      numbers_(numbers),
      store_(store),
      reader_(store),
      batch_(store),
      meta_(meta),
      call_(std::move(call)),
      now_(std::move(now)) {}

const v1::Org* Change::FindOrg(uint64_t id) const {
  auto it = orgs_.find(id);
  if (it != orgs_.end()) return &it->second;
  const OrgNode* n = tree_->Find(id);
  return n ? &n->org : nullptr;
}

std::optional<uint64_t> Change::FindOrgByCode(std::string_view code) const {
  auto it = new_codes_.find(code);
  if (it != new_codes_.end()) return it->second;
  return tree_->FindByCode(code);
}

v1::Counters Change::CountersOf(uint64_t id) const {
  auto it = counters_.find(id);
  v1::Counters c;
  if (it != counters_.end()) {
    c = it->second;
  } else if (const OrgNode* n = tree_->Find(id)) {
    c = n->counters;
  }
  EnsureCounterSize(&c);
  return c;
}

std::vector<uint64_t> Change::PathTo(uint64_t id) const {
  std::vector<uint64_t> path;
  for (const v1::Org* o = FindOrg(id); o != nullptr; o = FindOrg(o->parent_id())) {
    path.push_back(o->id());
    if (o->parent_id() == 0 || path.size() > tree_->size() + orgs_.size()) break;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<const v1::Org*> Change::ActiveChildren(uint64_t id) const {
  std::vector<const v1::Org*> out;
  std::set<uint64_t> seen;
  if (const OrgNode* n = tree_->Find(id)) {
    for (uint64_t child : n->children) {
      const v1::Org* o = FindOrg(child);
      seen.insert(child);
      if (o->parent_id() == id && o->state() == v1::ORG_ACTIVE) out.push_back(o);
    }
  }
  for (const auto& [oid, o] : orgs_) {
    if (!seen.count(oid) && o.parent_id() == id && o.state() == v1::ORG_ACTIVE) {
      out.push_back(&o);
    }
  }
  return out;
}

absl::StatusOr<uint64_t> Change::ResolveOrg(const v1::OrgRef& ref, std::string_view field) const {
  return ResolveOrgRef(
      ref, field, [this](uint64_t id) { return FindOrg(id) != nullptr; },
      [this](std::string_view code) { return FindOrgByCode(code); });
}

std::optional<uint64_t> Change::MemberIdByNo(std::string_view no) const {
  auto it = new_member_nos_.find(absl::string_view(no.data(), no.size()));
  if (it != new_member_nos_.end()) return it->second;
  // Complete up to the change published before this one, and changes are decided one at a time.
  return numbers_->Find(no);
}

absl::StatusOr<std::optional<uint64_t>> Change::MemberIdByNationalId(std::string_view nid) const {
  if (bulk_registered_) {
    return absl::InternalError(
        "registry: a change that registered members in bulk cannot look up ID numbers");
  }
  auto it = new_national_ids_.find(absl::string_view(nid.data(), nid.size()));
  if (it != new_national_ids_.end()) return std::optional<uint64_t>(it->second);
  return reader_.MemberIdByNationalId(nid);
}

absl::StatusOr<std::string> Change::MemberNoOf(uint64_t id) const {
  for (const auto& [no, mid] : new_member_nos_) {
    if (mid == id) return no;
  }
  auto m = reader_.GetMember(id);
  if (!m.ok()) return m.status();
  if (!m->has_value()) return absl::DataLossError("storage: index names a missing member");
  return (*m)->member_no();
}

v1::Event Change::NewEvent(std::string type, std::string effective_date, std::string reason) {
  v1::Event e;
  meta_.set_last_event_seq(meta_.last_event_seq() + 1);
  e.set_seq(meta_.last_event_seq());
  if (first_seq_ == 0) first_seq_ = e.seq();
  ++events_;
  e.set_time(now_);
  e.set_actor(call_.actor);
  e.set_request_id(call_.request_id);
  e.set_type(std::move(type));
  e.set_effective_date(std::move(effective_date));
  e.set_reason(std::move(reason));
  return e;
}

v1::Counters* Change::MutableCounters(uint64_t id) {
  auto it = counters_.find(id);
  if (it == counters_.end()) it = counters_.emplace(id, CountersOf(id)).first;
  return &it->second;
}

void Change::AddAlongPath(uint64_t org_id, const v1::Counters& delta, int sign) {
  if (org_id == 0) return;
  for (uint64_t id : PathTo(org_id)) AddCounters(MutableCounters(id), delta, sign);
}

uint64_t Change::RecordOrgEvent(std::string type, const v1::Org* before, const v1::Org& after,
                                std::string effective_date, std::string reason) {
  v1::Event e = NewEvent(std::move(type), std::move(effective_date), std::move(reason));
  e.set_entity_type(v1::ENTITY_ORG);
  e.set_entity_id(after.id());
  e.set_entity_key(after.code());
  if (before) *e.mutable_org_before() = *before;
  *e.mutable_org_after() = after;

  // Apply. Counters: an org counts itself and rolls up; a move carries its whole subtree's counters
  // from the old ancestors to the new ones.
  v1::Counters self;
  if (before == nullptr) {
    orgs_[after.id()] = after;
    new_codes_[after.code()] = after.id();
    AddOrg(&self, after, +1);
    AddAlongPath(after.id(), self, +1);
  } else {
    v1::Org old = e.org_before();
    if (old.parent_id() != after.parent_id()) {
      v1::Counters subtree = CountersOf(after.id());
      AddAlongPath(old.parent_id(), subtree, -1);
      orgs_[after.id()] = after;
      AddAlongPath(after.parent_id(), subtree, +1);
    }
    orgs_[after.id()] = after;
    if (old.state() != after.state() || old.type() != after.type()) {
      AddOrg(&self, old, -1);
      AddOrg(&self, after, +1);
      AddAlongPath(after.id(), self, +1);
    }
  }
  batch_.PutEvent(e);
  return e.seq();
}

uint64_t Change::RecordMemberEvent(std::string type, const v1::Member* before,
                                   const v1::Member& after, std::string effective_date,
                                   std::string reason, const ExtendFn& extend) {
  v1::Counters counts;
  const uint64_t seq = WriteMemberEvent(std::move(type), before, after, std::move(effective_date),
                                        std::move(reason), extend, &counts);
  AddAlongPath(Placement(after), counts, +1);
  return seq;
}

uint64_t Change::RecordNewMember(std::string type, const v1::Member& member,
                                 std::string effective_date, std::string reason,
                                 v1::Counters* counts) {
  bulk_registered_ = true;
  return WriteMemberEvent(std::move(type), nullptr, member, std::move(effective_date),
                          std::move(reason), nullptr, counts);
}

uint64_t Change::WriteMemberEvent(std::string type, const v1::Member* before,
                                  const v1::Member& after, std::string effective_date,
                                  std::string reason, const ExtendFn& extend,
                                  v1::Counters* after_counts) {
  v1::Event e = NewEvent(std::move(type), std::move(effective_date), std::move(reason));
  e.set_entity_type(v1::ENTITY_MEMBER);
  e.set_entity_id(after.id());
  e.set_entity_key(after.member_no());
  if (before) *e.mutable_member_before() = *before;

  if (before == nullptr) {
    batch_.PutMemberNo(after.member_no(), after.id());
    batch_.PutNationalId(after.national_id(), after.id());
    new_member_nos_[after.member_no()] = after.id();
    // A bulk registration has checked every ID before recording any: a million-entry index
    // nobody would read is left out.
    if (!bulk_registered_) new_national_ids_[after.national_id()] = after.id();
  } else {
    if (Placement(*before) != Placement(after)) {
      batch_.DeletePlacement(Placement(*before), after.id());
      listings_written_.push_back(Placement(*before));
    }
    v1::Counters old_delta;
    AddMember(&old_delta, *before, +1);
    AddAlongPath(Placement(*before), old_delta, -1);
  }
  if (before != nullptr && rules::IsCurrent(before->status()) &&
      (!rules::IsCurrent(after.status()) || Placement(*before) != Placement(after))) {
    departures_[after.id()] = Departure{after, e.effective_date()};
  }
  const std::string record = batch_.PutMember(Placement(after), after);
  placed_.push_back({after.id(), {Placement(after), after.status()}});
  if (!bulk_registered_) listings_written_.push_back(Placement(after));
  AddMember(after_counts, after, +1);
  if (extend) {
    *e.mutable_member_after() = after;
    extend(e, batch_);
    batch_.PutEvent(e);
  } else {
    // The event carries the record as it was just stored, without copying and serialising the
    // member a second time.
    batch_.PutEvent(e, record);
  }
  return e.seq();
}

std::vector<const v1::Org*> Change::DissolvedOrgs() const {
  std::vector<const v1::Org*> out;
  for (const auto& [id, org] : orgs_) {
    if (org.state() != v1::ORG_DISSOLVED) continue;
    const OrgNode* was = tree_->Find(id);
    if (was == nullptr || was->org.state() != v1::ORG_DISSOLVED) out.push_back(&org);
  }
  return out;
}

uint64_t Change::RecordEvent(v1::Event event, const ApplyFn& apply) {
  v1::Event stamped = NewEvent(event.type(), event.effective_date(), event.reason());
  event.set_seq(stamped.seq());
  event.set_time(stamped.time());
  event.set_actor(stamped.actor());
  event.set_request_id(stamped.request_id());
  apply(event, batch_);
  batch_.PutEvent(event);
  return event.seq();
}

absl::Status Change::Commit(const std::optional<v1::IdempotencyRecord>& idempotency) {
  for (const auto& [id, org] : orgs_) batch_.PutOrg(org);
  for (const auto& [id, c] : counters_) batch_.PutCounters(id, c);
  meta_.set_schema_version(storage::kSchemaVersion);
  batch_.PutMeta(meta_);
  if (idempotency && !call_.request_id.empty()) batch_.PutRequest(call_.request_id, *idempotency);
  if (bulk_) {
    if (!batch_.status().ok()) return batch_.status();
    return bulk_->Ingest();
  }
  return store_->Write(batch_.raw());
}

absl::Status Change::WriteThroughBulkLoad(const std::vector<storage::Cf>& streamed) {
  if (events_ > 0 || bulk_) {
    return absl::InternalError("a change switches to a bulk load before its first event");
  }
  bulk_ = std::make_unique<storage::BulkLoad>(store_, streamed);
  batch_.SendTo(bulk_.get());
  return absl::OkStatus();
}

void Change::Publish(OrgTree* tree, MemberNumbers* numbers, MemberPlacements* placements) {
  // Parents before children is not needed: the tree adopts orphans when their parent arrives.
  for (const auto& [id, org] : orgs_) tree->Upsert(org);
  for (const auto& [id, c] : counters_) tree->SetCounters(id, c);
  numbers->AddAll(std::move(new_member_nos_));
  placements->SetAll(placed_);
}

}  // namespace orgtree::registry
