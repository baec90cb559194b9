#pragma once

// Reads of the org tree that page through every page, shared by tree, org children, org path.

#include <grpcpp/support/status.h>

#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "tools/orgctl/session.h"

namespace orgctl {

struct OrgListing {
  std::vector<orgtree::v1::Org> orgs;
  std::vector<int> depths;  // parallel to orgs; 0 for child listings
};

// Every page of ListSubtreeOrgs. `org` null = the request leaves `org` unset.
grpc::Status ListWholeSubtree(Session& session, const orgtree::v1::OrgRef* org,
                              bool include_dissolved, OrgListing* out);

// Every page of ListChildOrgs. `org` null = the request leaves `org` unset.
grpc::Status ListAllChildren(Session& session, const orgtree::v1::OrgRef* org,
                             bool include_dissolved, OrgListing* out);

// The org's current members over its subtree (GetOrgStats.current_members).
grpc::Status CurrentMembers(Session& session, const std::string& code, int64_t* out);

}  // namespace orgctl
