#pragma once

// Rolled-up counters: what one org, member or subtree adds to its ancestors' Counters.

#include <cstdint>
#include <string>

#include "orgtree/v1/orgtree.pb.h"
#include "orgtree/v1/storage.pb.h"

namespace orgtree::registry {

// Sizes every repeated field to its enum's range so that indexing by enum number is safe.
void EnsureCounterSize(v1::Counters* c);

// Adds (sign = +1) or removes (-1) one member / one org / a whole subtree's counters.
void AddMember(v1::Counters* c, const v1::Member& member, int sign);
void AddOrg(v1::Counters* c, const v1::Org& org, int sign);
void AddCounters(v1::Counters* dst, const v1::Counters& src, int sign);

int64_t CurrentMembers(const v1::Counters& c);
// Current full / probationary members (0 for counters not yet sized).
int64_t FullMembers(const v1::Counters& c);
int64_t ProbationaryMembers(const v1::Counters& c);
int64_t AllMembers(const v1::Counters& c);
int64_t ActiveOrgs(const v1::Counters& c);

// Appends an org's OrgStats, serialised: every status, employment and org type with its count
// (zeros included). GetOrgStats answers with these bytes: building the three maps as messages and
// serialising them was most of the call's server time.
void AppendOrgStats(const v1::Org& org, const v1::Counters& c, std::string* out);

}  // namespace orgtree::registry
