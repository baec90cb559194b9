#include "services/registry/registry.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <spdlog/spdlog.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"
#include "services/registry/org_ref.h"

namespace orgtree::registry {
namespace {

// Changes with at least this many events log how long they took to decide and to write.
constexpr int64_t kLogChangesFromEvents = 10000;

}  // namespace

Registry::Registry(std::unique_ptr<storage::RocksStore> store, const Clock* clock,
                   const RegistryOptions& options)
    : store_(std::move(store)),
      reader_(store_.get()),
      clock_(clock),
      listing_cache_(options.list_cache_bytes) {}

Registry::~Registry() = default;

absl::StatusOr<std::unique_ptr<Registry>> Registry::Open(const storage::StoreOptions& options,
                                                         const Clock* clock,
                                                         const RegistryOptions& registry_options) {
  ASSIGN_OR_RETURN(auto store, storage::RocksStore::Open(options));
  std::unique_ptr<Registry> registry(new Registry(std::move(store), clock, registry_options));
  RETURN_IF_ERROR(registry->Load());
  return registry;
}

absl::Status Registry::Load() {
  ASSIGN_OR_RETURN(auto meta, reader_.GetMeta());
  if (meta) {
    if (meta->schema_version() > storage::kSchemaVersion) {
      return absl::FailedPreconditionError(
          "data directory has schema version " + std::to_string(meta->schema_version()) +
          "; this orgtreed understands up to " + std::to_string(storage::kSchemaVersion));
    }
    meta_ = *meta;
  }
  RETURN_IF_ERROR(reader_.ForEachOrg([this](v1::Org&& org) { tree_.Upsert(org); }));
  RETURN_IF_ERROR(
      reader_.ForEachCounters([this](uint64_t id, v1::Counters&& c) { tree_.SetCounters(id, c); }));
  numbers_.Reserve(meta_.last_member_id());
  RETURN_IF_ERROR(
      reader_.ForEachMemberNo([this](std::string_view no, uint64_t id) { numbers_.Add(no, id); }));
  placements_.Reserve(meta_.last_member_id());
  return reader_.ForEachPlacementRecord([this](uint64_t placement, uint64_t member_id,
                                               std::string_view record) {
    ASSIGN_OR_RETURN(storage::MemberFlags flags, storage::RecordReader::ParseMemberFlags(record));
    placements_.Set(member_id, {placement, flags.status});
    return absl::OkStatus();
  });
}

bool Registry::empty() const {
  std::shared_lock lock(tree_mu_);
  return tree_.size() == 0;
}

absl::Status Registry::Flush() { return store_->Flush(); }

std::string Registry::Fingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* field = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  copy->SerializeToCodedStream(&coded);
  coded.Trim();
  return std::string(request.GetDescriptor()->full_name()) + ":" + out;
}

absl::Status Registry::Mutate(const CallMeta& call, std::string_view method,
                              const std::string& fingerprint, bool validate_only,
                              google::protobuf::Message* response,
                              const std::function<absl::Status(Change&)>& decide) {
  std::lock_guard writer(writer_mu_);
  if (!call.request_id.empty()) {
    if (call.request_id.size() > 128) {
      return absl::InvalidArgumentError("request_id: at most 128 characters");
    }
    ASSIGN_OR_RETURN(auto previous, reader_.GetRequest(call.request_id));
    if (previous) {
      if (previous->method() != method || previous->request_fingerprint() != fingerprint) {
        return absl::InvalidArgumentError("request_id: '" + call.request_id +
                                          "' was already used for a different request");
      }
      if (!response->ParseFromString(previous->response())) {
        return absl::DataLossError("storage: corrupt idempotency record");
      }
      return absl::OkStatus();
    }
  }
  v1::MetaRecord meta;
  {
    std::shared_lock lock(tree_mu_);
    meta = meta_;
  }
  // The tree and the numbers are only changed under writer_mu_, which we hold: reading them
  // without tree_mu_ is safe.
  Change change(&tree_, &numbers_, store_.get(), meta, call, clock_->NowRfc3339());
  const absl::Time started = absl::Now();
  RETURN_IF_ERROR(decide(change));
  for (const auto& [name, follow] : followers_) RETURN_IF_ERROR(follow(change));
  if (validate_only || change.empty()) return absl::OkStatus();

  v1::IdempotencyRecord record;
  record.set_method(std::string(method));
  record.set_request_fingerprint(fingerprint);
  record.set_response(response->SerializeAsString());
  record.set_event_seq(change.last_seq());
  const absl::Time decided = absl::Now();
  // Cached list pages: a write they read begins before the commit and ends after the publish (or
  // a failed commit), whatever way this returns (listing_cache.h). Other writes (dues, say) leave
  // the cache in use.
  const bool lists = change.changes_listings();
  if (lists) listing_cache_.BeginWrite();
  absl::Cleanup end_write = [&] {
    if (lists) listing_cache_.EndWrite(change.listings_written(), change.wrote_all_listings());
  };
  RETURN_IF_ERROR(change.Commit(record));
  if (change.events() >= kLogChangesFromEvents) {
    // Bulk changes (imports, large restructurings) say where their time went.
    spdlog::info("{}: {} events; decided in {:.2f} s, written in {:.2f} s", method, change.events(),
                 absl::ToDoubleSeconds(decided - started),
                 absl::ToDoubleSeconds(absl::Now() - decided));
  }
  std::unique_lock lock(tree_mu_);
  change.Publish(&tree_, &numbers_, &placements_);
  meta_ = change.meta();
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Registry::ResolveOrg(const v1::OrgRef& ref, std::string_view field) const {
  return ResolveOrgRef(
      ref, field, [this](uint64_t id) { return tree_.Find(id) != nullptr; },
      [this](std::string_view code) { return tree_.FindByCode(code); });
}

absl::StatusOr<v1::Member> Registry::ResolveMember(const v1::MemberRef& ref,
                                                   std::string_view field) const {
  ASSIGN_OR_RETURN(std::optional<uint64_t> id, MemberIdOf(ref, field));
  v1::Member member;
  bool found = false;
  if (id) {
    ASSIGN_OR_RETURN(found, reader_.ReadMember(*id, &member));
  }
  if (!found) return NoSuchMember(ref, field);
  return member;
}

absl::StatusOr<std::optional<uint64_t>> Registry::MemberIdOf(const v1::MemberRef& ref,
                                                             std::string_view field) const {
  // Messages are built only on failure: this is the path of every point read.
  const absl::string_view f(field.data(), field.size());
  switch (ref.ref_case()) {
    case v1::MemberRef::kId:
      return std::optional<uint64_t>(ref.id());
    case v1::MemberRef::kMemberNo:
      if (ref.member_no().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(f, ": member_no is empty"));
      }
      return numbers_.Find(ref.member_no());
    case v1::MemberRef::kNationalId:
      if (ref.national_id().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(f, ": national_id is empty"));
      }
      return reader_.MemberIdByNationalId(ref.national_id());
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(f, ": required (id, member_no or national_id)"));
  }
}

absl::Status Registry::NoSuchMember(const v1::MemberRef& ref, std::string_view field) {
  const absl::string_view f(field.data(), field.size());
  switch (ref.ref_case()) {
    case v1::MemberRef::kId:
      return absl::NotFoundError(absl::StrCat(f, ": no member with id ", ref.id()));
    case v1::MemberRef::kMemberNo:
      return absl::NotFoundError(
          absl::StrCat(f, ": no member with member number '", ref.member_no(), "'"));
    default:  // never echo an ID number
      return absl::NotFoundError(absl::StrCat(f, ": no member with that national ID"));
  }
}

}  // namespace orgtree::registry
