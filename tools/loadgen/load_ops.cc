#include "tools/loadgen/load_ops.h"

#include <atomic>
#include <functional>

#include "absl/strings/str_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "orgtree/v1/orgtree.grpc.pb.h"

namespace orgtree::loadgen {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// Spreads call numbers over [1, n] without a shared RNG (splitmix64), so requests differ per call
// but every run asks for the same members.
uint64_t Pick(uint64_t seq, int64_t n) {
  uint64_t z = seq + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return 1 + z % static_cast<uint64_t>(std::max<int64_t>(1, n));
}

std::string MemberNo(uint64_t n) { return absl::StrFormat("M%07d", n); }

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Every member placed in the org's subtree, whatever their status.
int64_t AllMembers(const v1::OrgStats& stats) {
  const v1::MemberStatusCounts& counts = stats.members_by_status();
  const auto* descriptor = counts.GetDescriptor();
  int64_t n = 0;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    n += counts.GetReflection()->GetInt64(counts, descriptor->field(i));
  }
  return n;
}

template <typename Fn>
grpc::Status Call(Fn fn) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return fn(&ctx);
}

}  // namespace

struct Operations::Stubs {
  std::vector<std::unique_ptr<Health::Stub>> health;
  std::vector<std::unique_ptr<v1::MemberService::Stub>> members;
  std::vector<std::unique_ptr<v1::OrgService::Stub>> orgs;
};

Operations::Operations(std::vector<std::shared_ptr<grpc::Channel>> channels)
    : stubs_(std::make_unique<Stubs>()) {
  for (auto& ch : channels) {
    stubs_->health.push_back(Health::NewStub(ch));
    stubs_->members.push_back(v1::MemberService::NewStub(ch));
    stubs_->orgs.push_back(v1::OrgService::NewStub(ch));
  }
}

Operations::~Operations() = default;

absl::StatusOr<Dataset> Operations::Discover() {
  v1::OrgService::Stub& orgs = *stubs_->orgs[0];
  v1::MemberService::Stub& members = *stubs_->members[0];
  auto stats_of = [&](const std::string& code) -> absl::StatusOr<v1::OrgStats> {
    v1::GetOrgStatsRequest req;
    req.mutable_org()->set_code(code);
    v1::OrgStats stats;
    auto s = Call([&](grpc::ClientContext* ctx) { return orgs.GetOrgStats(ctx, req, &stats); });
    if (!s.ok()) return absl::NotFoundError("GetOrgStats " + code + ": " + s.error_message());
    return stats;
  };
  Dataset data;
  auto root = stats_of("G0001");
  if (!root.ok()) return root.status();
  data.members = AllMembers(*root);
  // The reads use S0002 and the move uses S0001 when there are two; a 1-committee tree is read
  // through S0001 and has no secondary move.
  auto second = stats_of("S0002");
  data.secondary = second.ok() ? "S0002" : "S0001";
  data.moved = second.ok() ? "S0001" : "";
  auto secondary = second.ok() ? second : stats_of("S0001");
  if (!secondary.ok()) return secondary.status();
  data.secondary_members = AllMembers(*secondary);

  // Every org of `code`'s subtree with its depth below it, in tree order, page by page.
  auto each_subtree_org = [&](const std::string& code,
                              const std::function<void(const v1::Org&, int)>& fn) -> absl::Status {
    v1::ListSubtreeOrgsRequest req;
    req.mutable_org()->set_code(code);
    req.set_page_size(1000);
    while (true) {
      v1::ListOrgsResponse resp;
      auto s =
          Call([&](grpc::ClientContext* ctx) { return orgs.ListSubtreeOrgs(ctx, req, &resp); });
      if (!s.ok()) return absl::UnavailableError("ListSubtreeOrgs: " + s.error_message());
      for (int i = 0; i < resp.orgs_size(); ++i) fn(resp.orgs(i), resp.depths(i));
      if (resp.next_page_token().empty()) return absl::OkStatus();
      req.set_page_token(resp.next_page_token());
    }
  };
  // A branch two levels below the secondary committee (under a general branch), else its first.
  std::string first_branch;
  auto walked = each_subtree_org(data.secondary, [&](const v1::Org& org, int depth) {
    if (org.type() != v1::BRANCH) return;
    if (first_branch.empty()) first_branch = org.code();
    if (depth == 2 && data.deep_branch.empty()) data.deep_branch = org.code();
  });
  if (!walked.ok()) return walked;
  if (data.deep_branch.empty()) data.deep_branch = first_branch;
  // Every branch of the tree.
  walked = each_subtree_org("G0001", [&](const v1::Org& org, int) {
    if (org.type() == v1::BRANCH) data.branches.push_back(org.code());
  });
  if (!walked.ok()) return walked;
  {  // The token of a page half-way through the secondary committee's subtree.
    v1::ListMembersRequest req;
    req.mutable_org()->set_code(data.secondary);
    req.set_include_subtree(true);
    req.set_page_size(50);
    const int64_t target = std::max<int64_t>(1, data.secondary_members / 50 / 2);
    for (int page = 1; page <= target; ++page) {
      v1::ListMembersResponse resp;
      auto s = Call([&](grpc::ClientContext* ctx) { return members.ListMembers(ctx, req, &resp); });
      if (!s.ok()) return absl::UnavailableError("ListMembers: " + s.error_message());
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
      data.deep_page_token = resp.next_page_token();
      data.deep_page_number = page + 1;
    }
  }
  return data;
}

std::vector<Operation> Operations::Build(const Dataset& data, bool include_whole_tree_move) {
  Stubs* st = stubs_.get();
  const std::string all = Thousands(data.members) + " members";
  const std::string sec = data.secondary + " (" + Thousands(data.secondary_members) + " members)";
  std::vector<Operation> ops;

  ops.push_back({"Health/Check (ceiling)", "-",
                 Unary<HealthCheckRequest, HealthCheckResponse>(
                     [](uint64_t, HealthCheckRequest*) {},
                     [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
                       st->health[ch]->async()->Check(ctx, req, resp, std::move(cb));
                     })});
  ops.back().is_ceiling = true;

  const int64_t n = data.members;
  ops.push_back({"GetMember (by member_no)", all,
                 Unary<v1::GetMemberRequest, v1::Member>(
                     [n](uint64_t seq, v1::GetMemberRequest* req) {
                       req->mutable_member()->set_member_no(MemberNo(Pick(seq, n)));
                     },
                     [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
                       st->members[ch]->async()->GetMember(ctx, req, resp, std::move(cb));
                     })});

  const std::string secondary = data.secondary;
  auto check = [st, n, secondary](bool omit_path) {
    return Unary<v1::CheckMembershipRequest, v1::CheckMembershipResponse>(
        [n, secondary, omit_path](uint64_t seq, v1::CheckMembershipRequest* req) {
          req->mutable_member()->set_member_no(MemberNo(Pick(seq, n)));
          req->mutable_org()->set_code(secondary);
          req->set_omit_org_path(omit_path);
        },
        [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
          st->members[ch]->async()->CheckMembership(ctx, req, resp, std::move(cb));
        });
  };
  ops.push_back({"CheckMembership (secondary committee, with path)", sec, check(false)});
  ops.push_back({"CheckMembership (secondary committee, omit_org_path)", sec, check(true)});

  auto stats = [st](const std::string& code) {
    return Unary<v1::GetOrgStatsRequest, v1::OrgStats>(
        [code](uint64_t, v1::GetOrgStatsRequest* req) { req->mutable_org()->set_code(code); },
        [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
          st->orgs[ch]->async()->GetOrgStats(ctx, req, resp, std::move(cb));
        });
  };
  ops.push_back({"GetOrgStats (root)", "G0001 (" + all + ")", stats("G0001")});
  ops.push_back({"GetOrgStats (secondary committee)", sec, stats(secondary)});

  const std::string branch = data.deep_branch;
  ops.push_back(
      {"GetOrgPath (branch)", branch,
       Unary<v1::GetOrgPathRequest, v1::OrgPath>(
           [branch](uint64_t, v1::GetOrgPathRequest* req) { req->mutable_org()->set_code(branch); },
           [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
             st->orgs[ch]->async()->GetOrgPath(ctx, req, resp, std::move(cb));
           })});

  // ListMembers calls, each request filled by `fill`.
  auto list_members = [st](std::function<void(uint64_t seq, v1::ListMembersRequest*)> fill) {
    return Unary<v1::ListMembersRequest, v1::ListMembersResponse>(
        std::move(fill), [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
          st->members[ch]->async()->ListMembers(ctx, req, resp, std::move(cb));
        });
  };
  // A page of 50 of `code`'s subtree from `token` in `view`, or with the fields `read_mask` names.
  auto list = [&list_members](const std::string& code, const std::string& token,
                              v1::MemberView view, std::vector<std::string> read_mask = {}) {
    return list_members([code, token, view, read_mask](uint64_t, v1::ListMembersRequest* req) {
      req->mutable_org()->set_code(code);
      req->set_include_subtree(true);
      req->set_page_size(50);
      req->set_page_token(token);
      req->set_view(view);
      for (const std::string& path : read_mask) req->mutable_read_mask()->add_paths(path);
    });
  };
  // As callers ask: the view left unset (a list's default, the basic view), and the whole record
  // asked for.
  for (auto [view, label] : {std::pair{v1::MEMBER_VIEW_UNSPECIFIED, "default view: basic"},
                             std::pair{v1::MEMBER_VIEW_FULL, "full view"}}) {
    ops.push_back({absl::StrFormat("ListMembers first page (50, subtree, %s)", label), sec,
                   list(secondary, "", view)});
    if (!data.deep_page_token.empty()) {
      ops.push_back(
          {absl::StrFormat("ListMembers page %d (50, subtree, %s)", data.deep_page_number, label),
           sec, list(secondary, data.deep_page_token, view)});
    }
  }
  // What a caller needing a field beyond the basic view asks instead of the full record: a phone
  // directory's fields, cut from the cached full listing.
  ops.push_back(
      {"ListMembers first page (50, subtree, read_mask: id, member_no, name, org_code, "
       "phone)",
       sec,
       list(secondary, "", v1::MEMBER_VIEW_UNSPECIFIED,
            {"id", "member_no", "name", "org_code", "phone"})});
  // The whole tree's first page: a page's cost must not grow with the size of the subtree listed.
  ops.push_back({"ListMembers first page (50, whole tree, default view: basic)",
                 "G0001 (" + all + ")", list("G0001", "", v1::MEMBER_VIEW_UNSPECIFIED)});

  // A different branch's first page each call, over every branch of the tree: what a portal's
  // branch pages ask, and a working set the member list cache cannot hold whole at 1M members.
  auto branches = std::make_shared<const std::vector<std::string>>(data.branches);
  if (!branches->empty()) {
    ops.push_back(
        {"ListMembers of a branch (50, a different branch each call, default view: basic)",
         Thousands(static_cast<int64_t>(branches->size())) + " branches",
         list_members([branches](uint64_t seq, v1::ListMembersRequest* req) {
           const int64_t count = static_cast<int64_t>(branches->size());
           req->mutable_org()->set_code((*branches)[Pick(seq, count) - 1]);
           req->set_page_size(50);
         })});
  }

  constexpr int kBatch = 1000;
  Operation batch{"BatchGetMembers (1000 ids)", all,
                  Unary<v1::BatchGetMembersRequest, v1::BatchGetMembersResponse>(
                      [n](uint64_t seq, v1::BatchGetMembersRequest* req) {
                        for (int i = 0; i < kBatch; ++i) req->add_ids(Pick(seq * kBatch + i, n));
                      },
                      [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
                        st->members[ch]->async()->BatchGetMembers(ctx, req, resp, std::move(cb));
                      })};
  batch.items_per_call = kBatch;
  // Each call carries ~1,000 members each way; 32 of them in flight would only measure queueing.
  batch.max_in_flight = 4;
  ops.push_back(std::move(batch));

  // Moves alternate between two parents; one at a time, since two concurrent moves of the same
  // org would race to the same parent and the loser would (rightly) fail.
  auto move = [st](const std::string& org, const std::string& home, const std::string& away) {
    auto away_next = std::make_shared<std::atomic<bool>>(true);
    return Unary<v1::MoveOrgRequest, v1::MoveOrgResponse>(
        [org, home, away, away_next](uint64_t, v1::MoveOrgRequest* req) {
          req->mutable_org()->set_code(org);
          req->mutable_new_parent()->set_code(away_next->exchange(!*away_next) ? away : home);
          req->set_reason("orgtree_load");
        },
        [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
          st->orgs[ch]->async()->MoveOrg(ctx, req, resp, std::move(cb));
        });
  };
  if (!data.moved.empty()) {
    ops.push_back({"MoveOrg (secondary committee, back and forth)",
                   data.moved + " ↔ under " + secondary, move(data.moved, "G0001", secondary), 1});
  }
  if (include_whole_tree_move) {
    // The root cannot move back to "no parent", so the whole tree swings between two extra roots.
    // This changes the tree for good: it runs last, on a scratch data dir.
    Operation whole{"MoveOrg (whole tree, back and forth)", "G0001 (" + all + ")",
                    move("G0001", "LOADGEN-X", "LOADGEN-Y"), 1};
    whole.setup = [st]() -> absl::Status {
      for (const char* code : {"LOADGEN-X", "LOADGEN-Y"}) {
        v1::CreateOrgRequest req;
        req.set_code(code);
        req.set_name(std::string("load test root ") + code);
        req.set_type(v1::COMMITTEE);
        req.set_established_on("2010-07-01");
        v1::Org org;
        auto s =
            Call([&](grpc::ClientContext* ctx) { return st->orgs[0]->CreateOrg(ctx, req, &org); });
        if (!s.ok() && s.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
          return absl::UnavailableError("CreateOrg " + std::string(code) + ": " +
                                        s.error_message());
        }
      }
      v1::GetOrgRequest get;
      get.mutable_org()->set_code("G0001");
      v1::Org root;
      Call([&](grpc::ClientContext* ctx) { return st->orgs[0]->GetOrg(ctx, get, &root); });
      if (root.parent_code() == "LOADGEN-X") return absl::OkStatus();
      if (root.parent_code() == "LOADGEN-Y") {
        return absl::FailedPreconditionError("G0001 sits under LOADGEN-Y; use a fresh data dir");
      }
      v1::MoveOrgRequest req;
      req.mutable_org()->set_code("G0001");
      req.mutable_new_parent()->set_code("LOADGEN-X");
      v1::MoveOrgResponse resp;
      auto s =
          Call([&](grpc::ClientContext* ctx) { return st->orgs[0]->MoveOrg(ctx, req, &resp); });
      if (!s.ok()) return absl::UnavailableError("MoveOrg G0001: " + s.error_message());
      return absl::OkStatus();
    };
    ops.push_back(std::move(whole));
  }
  return ops;
}

StartCall Operations::ReadEveryMember(const Dataset& data) {
  const auto n = static_cast<uint64_t>(data.members);
  auto* st = stubs_.get();
  return Unary<v1::BatchGetMembersRequest, v1::BatchGetMembersResponse>(
      [n](uint64_t seq, v1::BatchGetMembersRequest* req) {
        const uint64_t first = seq * kMaxBatch + 1;
        for (uint64_t id = first; id < first + kMaxBatch && id <= n; ++id) req->add_ids(id);
        // Only the server's caches are wanted, not the members.
        req->mutable_read_mask()->add_paths("id");
      },
      [st](size_t ch, auto* ctx, auto* req, auto* resp, auto cb) {
        st->members[ch]->async()->BatchGetMembers(ctx, req, resp, std::move(cb));
      });
}

void Operations::Restore(const Dataset& data) {
  if (data.moved.empty()) return;
  v1::GetOrgRequest get;
  get.mutable_org()->set_code(data.moved);
  v1::Org org;
  Call([&](grpc::ClientContext* ctx) { return stubs_->orgs[0]->GetOrg(ctx, get, &org); });
  if (org.parent_code() == "G0001") return;
  v1::MoveOrgRequest req;
  req.mutable_org()->set_code(data.moved);
  req.mutable_new_parent()->set_code("G0001");
  v1::MoveOrgResponse resp;
  Call([&](grpc::ClientContext* ctx) { return stubs_->orgs[0]->MoveOrg(ctx, req, &resp); });
}

}  // namespace orgtree::loadgen
