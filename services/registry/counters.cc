#include "services/registry/counters.h"

#include "services/common/enum_words.h"
#include "services/rules/member_rules.h"

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

v1::OrgStats ToOrgStats(const v1::Org& org, const v1::Counters& raw) {
  v1::Counters c = raw;
  EnsureCounterSize(&c);
  v1::OrgStats s;
  s.set_org_id(org.id());
  s.set_org_code(org.code());
  s.set_current_members(CurrentMembers(c));
  s.set_probationary(c.current_by_category(v1::PROBATIONARY));
  s.set_full(c.current_by_category(v1::FULL));
  for (int i = 1; i < v1::MemberStatus_ARRAYSIZE; ++i) {
    (*s.mutable_members_by_status())[EnumWord(static_cast<v1::MemberStatus>(i))] =
        c.members_by_status(i);
  }
  for (int i = 1; i < v1::Employment_ARRAYSIZE; ++i) {
    (*s.mutable_members_by_employment())[EnumWord(static_cast<v1::Employment>(i))] =
        c.current_by_employment(i);
  }
  for (int i = 1; i < v1::OrgType_ARRAYSIZE; ++i) {
    (*s.mutable_orgs_by_type())[EnumWord(static_cast<v1::OrgType>(i))] = c.active_orgs_by_type(i);
  }
  s.set_dissolved_orgs(c.dissolved_orgs());
  s.set_in_transit(c.in_transit());
  return s;
}

}  // namespace orgtree::registry
