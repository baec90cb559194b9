// Read-only navigation of the org tree: `tree`, `org children`, `org path`.

#include <iostream>
#include <string>

#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/org_queries.h"

namespace orgctl {
namespace {

using orgtree::v1::Org;
using orgtree::v1::OrgRef;

struct TreeOptions {
  std::string code;
  bool all = false;
};

// The whole forest when no code is given. The API does not say what an unset `org` means, so
// ask for the forest in one listing first and, if the server insists on an org, list the roots
// (children of nothing) and walk each.
OrgListing ListForest(Session& session, bool include_dissolved) {
  OrgListing forest;
  grpc::Status status = ListWholeSubtree(session, nullptr, include_dissolved, &forest);
  if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
    Check(status);
    return forest;
  }
  OrgListing roots;
  Check(ListAllChildren(session, nullptr, include_dissolved, &roots));
  forest = {};
  for (const Org& root : roots.orgs) {
    OrgRef ref = OrgByCode(root.code());
    Check(ListWholeSubtree(session, &ref, include_dissolved, &forest));
  }
  return forest;
}

int RunTree(Session& session, const TreeOptions& options) {
  OrgListing listing;
  if (options.code.empty()) {
    listing = ListForest(session, options.all);
  } else {
    OrgRef ref = OrgByCode(options.code);
    Check(ListWholeSubtree(session, &ref, options.all, &listing));
  }
  Json items = Json::array();
  for (std::size_t i = 0; i < listing.orgs.size(); ++i) {
    const Org& org = listing.orgs[i];
    int64_t members = 0;
    grpc::Status status = CurrentMembers(session, org.code(), &members);
    // A dissolved org has no current members; a server that refuses its stats changes nothing.
    if (org.state() != orgtree::v1::ORG_DISSOLVED) Check(status);
    if (session.json()) {
      Json item = MessageToJson(org);
      item["depth"] = listing.depths[i];
      item["current_members"] = members;
      items.push_back(std::move(item));
    } else {
      std::cout << std::string(2 * static_cast<std::size_t>(std::max(listing.depths[i], 0)), ' ')
                << OrgLabel(org) << " — " << members << " members" << DissolvedMark(org) << '\n';
    }
  }
  if (session.json()) PrintJson(ListJson(std::move(items), ""));
  return 0;
}

struct ChildrenOptions {
  std::string code;
  bool all = false;
};

int RunChildren(Session& session, const ChildrenOptions& options) {
  OrgRef ref = OrgByCode(options.code);
  OrgListing listing;
  Check(ListAllChildren(session, &ref, options.all, &listing));
  if (session.json()) {
    Json items = Json::array();
    for (const Org& org : listing.orgs) items.push_back(MessageToJson(org));
    PrintJson(ListJson(std::move(items), ""));
  } else {
    for (const Org& org : listing.orgs) std::cout << OrgLabel(org) << DissolvedMark(org) << '\n';
  }
  return 0;
}

struct PathOptions {
  std::string code;
};

int RunPath(Session& session, const PathOptions& options) {
  orgtree::v1::GetOrgPathRequest request;
  *request.mutable_org() = OrgByCode(options.code);
  orgtree::v1::OrgPath path;
  auto context = session.NewContext();
  Check(session.orgs().GetOrgPath(context.get(), request, &path));
  if (session.json()) {
    Json items = Json::array();
    for (const Org& org : path.orgs()) items.push_back(MessageToJson(org));
    PrintJson(ListJson(std::move(items), ""));
  } else {
    // Indented like `tree`: the root first, the org itself last and deepest.
    for (int i = 0; i < path.orgs_size(); ++i) {
      std::cout << std::string(2 * static_cast<std::size_t>(i), ' ') << OrgLabel(path.orgs(i))
                << DissolvedMark(path.orgs(i)) << '\n';
    }
  }
  return 0;
}

}  // namespace

void AddTreeCommand(CLI::App& app, Action* action) {
  auto options = std::make_shared<TreeOptions>();
  CLI::App* cmd = app.add_subcommand("tree", "print the org tree with current member counts");
  cmd->add_option("code", options->code, "root of the subtree (default: every root)");
  cmd->add_flag("--all", options->all, "include dissolved orgs (marked [dissolved])");
  BindAction(cmd, action, options, &RunTree);
}

void AddOrgNavigationCommands(CLI::App& org, Action* action) {
  auto children = std::make_shared<ChildrenOptions>();
  CLI::App* cmd = org.add_subcommand("children", "list an org's direct children");
  cmd->add_option("code", children->code, "org code")->required();
  cmd->add_flag("--all", children->all, "include dissolved orgs");
  BindAction(cmd, action, children, &RunChildren);

  auto path = std::make_shared<PathOptions>();
  cmd = org.add_subcommand("path", "list the orgs from the root down to an org");
  cmd->add_option("code", path->code, "org code")->required();
  BindAction(cmd, action, path, &RunPath);
}

}  // namespace orgctl
