#include "tools/orgctl/org_queries.h"

#include <set>
#include <string>

#include "tools/orgctl/args.h"

namespace orgctl {
namespace {

// The proto's maximum page size: fewest round trips.
constexpr int kPageSize = 1000;

template <typename Request, typename Call>
grpc::Status ListAll(Session& session, const orgtree::v1::OrgRef* org, bool include_dissolved,
                     Call call, OrgListing* out) {
  Request request;
  if (org != nullptr) *request.mutable_org() = *org;
  request.set_include_dissolved(include_dissolved);
  request.set_page_size(kPageSize);
  std::set<std::string> seen_tokens;  // a server handing back an old token must not loop forever
  while (true) {
    orgtree::v1::ListOrgsResponse response;
    auto context = session.NewContext();
    grpc::Status status = call(context.get(), request, &response);
    if (!status.ok()) return status;
    for (int i = 0; i < response.orgs_size(); ++i) {
      out->orgs.push_back(response.orgs(i));
      out->depths.push_back(i < response.depths_size() ? response.depths(i) : 0);
    }
    const std::string& token = response.next_page_token();
    if (token.empty() || !seen_tokens.insert(token).second) return grpc::Status::OK;
    request.set_page_token(token);
  }
}

}  // namespace

grpc::Status ListWholeSubtree(Session& session, const orgtree::v1::OrgRef* org,
                              bool include_dissolved, OrgListing* out) {
  auto call = [&session](grpc::ClientContext* context,
                         const orgtree::v1::ListSubtreeOrgsRequest& request,
                         orgtree::v1::ListOrgsResponse* response) {
    return session.orgs().ListSubtreeOrgs(context, request, response);
  };
  return ListAll<orgtree::v1::ListSubtreeOrgsRequest>(session, org, include_dissolved, call, out);
}

grpc::Status ListAllChildren(Session& session, const orgtree::v1::OrgRef* org,
                             bool include_dissolved, OrgListing* out) {
  auto call = [&session](grpc::ClientContext* context,
                         const orgtree::v1::ListChildOrgsRequest& request,
                         orgtree::v1::ListOrgsResponse* response) {
    return session.orgs().ListChildOrgs(context, request, response);
  };
  return ListAll<orgtree::v1::ListChildOrgsRequest>(session, org, include_dissolved, call, out);
}

grpc::Status CurrentMembers(Session& session, const std::string& code, int64_t* out) {
  orgtree::v1::GetOrgStatsRequest request;
  *request.mutable_org() = OrgByCode(code);
  orgtree::v1::OrgStats stats;
  auto context = session.NewContext();
  grpc::Status status = session.orgs().GetOrgStats(context.get(), request, &stats);
  if (status.ok()) *out = stats.current_members();
  return status;
}

}  // namespace orgctl
