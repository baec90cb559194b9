#include "services/registry/counters.h"

#include <string>
#include <vector>

#include "services/rules/member_rules.h"
#include "storage/wire_fields.h"

namespace orgtree::registry {
namespace {

void Resize(google::protobuf::RepeatedField<int64_t>* f, int size) {
  while (f->size() < size) f->Add(0);
}

int64_t Sum(const google::protobuf::RepeatedField<int64_t>& f) {
  int64_t total = 0;
  for (int64_t v : f) total += v;
  return total;
}

// The count at `i`, or 0 past the end of counters stored before an enum grew.
int64_t At(const google::protobuf::RepeatedField<int64_t>& f, int i) {
  return i < f.size() ? f[i] : 0;
}

// Appends counts by enum value as their OrgStats message (MemberStatusCounts, …), whose field
// numbers are the enum's: the non-zero counts of values 1 … kSize - 1 (a count past the end of
// counters stored before an enum grew is 0). The message itself is always written, so that an
// answer always has its breakdowns. `scratch` holds the message while its length is not known.
template <int kSize>
void AppendCounts(uint32_t number, const google::protobuf::RepeatedField<int64_t>& f,
                  std::string* scratch, std::string* out) {
  scratch->clear();
  for (int i = 1; i < kSize; ++i) {
    if (const int64_t n = At(f, i); n != 0) {
      storage::AppendVarintField(static_cast<uint32_t>(i), static_cast<uint64_t>(n), scratch);
    }
  }
  storage::AppendBytesField(number, *scratch, out);
}

// A proto3 scalar: written only when it is not zero.
void AppendCount(uint32_t number, int64_t value, std::string* out) {
  if (value != 0) storage::AppendVarintField(number, static_cast<uint64_t>(value), out);
}

}  // namespace

void EnsureCounterSize(v1::Counters* c) {
  Resize(c->mutable_members_by_status(), v1::MemberStatus_ARRAYSIZE);
  Resize(c->mutable_current_by_category(), v1::MemberCategory_ARRAYSIZE);
  Resize(c->mutable_current_by_employment(), v1::Employment_ARRAYSIZE);
  Resize(c->mutable_active_orgs_by_type(), v1::OrgType_ARRAYSIZE);
}

void AddMember(v1::Counters* c, const v1::Member& m, int sign) {
  EnsureCounterSize(c);
  (*c->mutable_members_by_status())[m.status()] += sign;
  if (rules::IsCurrent(m.status())) {
    (*c->mutable_current_by_category())[m.category()] += sign;
    (*c->mutable_current_by_employment())[m.employment()] += sign;
    if (!m.in_transit_serial().empty()) c->set_in_transit(c->in_transit() + sign);
  }
}

void AddOrg(v1::Counters* c, const v1::Org& org, int sign) {
  EnsureCounterSize(c);
  if (org.state() == v1::ORG_DISSOLVED) {
    c->set_dissolved_orgs(c->dissolved_orgs() + sign);
  } else {
    (*c->mutable_active_orgs_by_type())[org.type()] += sign;
  }
}

void AddCounters(v1::Counters* dst, const v1::Counters& src, int sign) {
  EnsureCounterSize(dst);
  auto add = [sign](google::protobuf::RepeatedField<int64_t>* d,
                    const google::protobuf::RepeatedField<int64_t>& s) {
    for (int i = 0; i < s.size() && i < d->size(); ++i) (*d)[i] += sign * s[i];
  };
  add(dst->mutable_members_by_status(), src.members_by_status());
  add(dst->mutable_current_by_category(), src.current_by_category());
  add(dst->mutable_current_by_employment(), src.current_by_employment());
  add(dst->mutable_active_orgs_by_type(), src.active_orgs_by_type());
  dst->set_dissolved_orgs(dst->dissolved_orgs() + sign * src.dissolved_orgs());
  dst->set_in_transit(dst->in_transit() + sign * src.in_transit());
}

int64_t CurrentMembers(const v1::Counters& c) { return Sum(c.current_by_category()); }
int64_t FullMembers(const v1::Counters& c) {
  return c.current_by_category_size() > v1::FULL ? c.current_by_category(v1::FULL) : 0;
}
int64_t ProbationaryMembers(const v1::Counters& c) {
  return c.current_by_category_size() > v1::PROBATIONARY ? c.current_by_category(v1::PROBATIONARY)
                                                         : 0;
}
int64_t AllMembers(const v1::Counters& c) { return Sum(c.members_by_status()); }
int64_t ActiveOrgs(const v1::Counters& c) { return Sum(c.active_orgs_by_type()); }

void AppendOrgStats(const v1::Org& org, const v1::Counters& c, std::string* out) {
  using S = v1::OrgStats;
  AppendCount(S::kOrgIdFieldNumber, static_cast<int64_t>(org.id()), out);
  if (!org.code().empty()) storage::AppendBytesField(S::kOrgCodeFieldNumber, org.code(), out);
  AppendCount(S::kCurrentMembersFieldNumber, CurrentMembers(c), out);
  AppendCount(S::kProbationaryFieldNumber, ProbationaryMembers(c), out);
  AppendCount(S::kFullFieldNumber, FullMembers(c), out);
  std::string counts;  // one buffer for the three breakdowns: this is every GetOrgStats call
  AppendCounts<v1::MemberStatus_ARRAYSIZE>(S::kMembersByStatusFieldNumber, c.members_by_status(),
                                           &counts, out);
  AppendCounts<v1::Employment_ARRAYSIZE>(S::kMembersByEmploymentFieldNumber,
                                         c.current_by_employment(), &counts, out);
  AppendCounts<v1::OrgType_ARRAYSIZE>(S::kOrgsByTypeFieldNumber, c.active_orgs_by_type(), &counts,
                                      out);
  AppendCount(S::kDissolvedOrgsFieldNumber, c.dissolved_orgs(), out);
  AppendCount(S::kInTransitFieldNumber, c.in_transit(), out);
}

}  // namespace orgtree::registry
