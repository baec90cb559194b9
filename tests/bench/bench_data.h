#pragma once

// Synthetic data for the in-process benchmarks: the org shape `orgctl gen-demo` writes (one group
// committee G0001, a secondary committee per ~2,500 members with 1–4 general branches, branches of
// 3–120 members and one retirees' branch each), built in memory so that benchmarks need no files.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"
#include "services/common/clock.h"
#include "services/registry/registry.h"

namespace orgtree::bench {

// A unique temp directory, removed with everything in it on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One branch of the demo shape and how many members it gets.
struct DemoBranch {
  std::string code;
  int64_t members = 0;
};

struct DemoOrgs {
  std::vector<v1::Org> orgs;  // parents before children; ids 1..n, parent_id and parent_code set
  std::vector<DemoBranch> branches;
};

// The org tree of an organisation of `members` members, deterministic for `seed`.
DemoOrgs MakeDemoOrgs(int64_t members, uint64_t seed);

// Member number `n` (from 1) placed in `branch`: valid fields and a national ID unique per `n`.
v1::Member MakeDemoMember(int64_t n, const std::string& branch);

// A registry in `dir` holding the demo organisation of `members` members, loaded through the
// import path (two atomic batches). The clock must outlive the registry.
std::unique_ptr<registry::Registry> OpenDemoRegistry(
    const std::string& dir, int64_t members, const Clock* clock,
    const registry::RegistryOptions& registry_options = {});

}  // namespace orgtree::bench
