#include "tests/bench/bench_data.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "absl/strings/str_format.h"
#include "services/rules/national_id.h"

namespace orgtree::bench {
namespace {

// The registry logs bulk changes at info; in the benchmark's output those lines would land in the
// middle of the figures.
[[maybe_unused]] const bool kQuietLogs = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

}  // namespace

ScratchDir::ScratchDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "orgtree_bench_XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

DemoOrgs MakeDemoOrgs(int64_t members, uint64_t seed) {
  constexpr int64_t kMembersPerSecondary = 2500;
  constexpr double kRetiredShare = 0.28;
  std::mt19937_64 rng(seed);
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  DemoOrgs out;
  auto add = [&out](const std::string& code, v1::OrgType type, const v1::Org* parent) {
    v1::Org org;
    org.set_id(out.orgs.size() + 1);
    org.set_code(code);
    org.set_name("组织 " + code);
    org.set_type(type);
    org.set_state(v1::ORG_ACTIVE);
    org.set_established_on("2010-07-01");
    if (parent != nullptr) {
      org.set_parent_id(parent->id());
      org.set_parent_code(parent->code());
    }
    out.orgs.push_back(org);
    return org;
  };
  const v1::Org root = add("G0001", v1::COMMITTEE, nullptr);
  const int64_t secondaries =
      std::max<int64_t>(1, (members + kMembersPerSecondary / 2) / kMembersPerSecondary);
  int64_t remaining = members;
  for (int64_t s = 1; s <= secondaries; ++s) {
    const int64_t quota = s == secondaries ? remaining : members / secondaries;
    remaining -= quota;
    const v1::Org committee = add(absl::StrFormat("S%04d", s), v1::COMMITTEE, &root);
    const auto retirees = static_cast<int64_t>(static_cast<double>(quota) * kRetiredShare);
    if (retirees > 0) {
      add(committee.code() + "-R01", v1::BRANCH, &committee);
      out.branches.push_back({committee.code() + "-R01", retirees});
    }
    std::vector<v1::Org> generals;
    const int64_t general_count = uniform(1, 4);
    for (int64_t g = 1; g <= general_count; ++g) {
      generals.push_back(
          add(absl::StrFormat("%s-Z%02d", committee.code(), g), v1::GENERAL_BRANCH, &committee));
    }
    int64_t left = quota - retirees;
    for (int b = 1; left > 0; ++b) {
      const int64_t size = std::min(left, uniform(3, 120));
      const int64_t g = uniform(0, general_count);  // 0: directly under the committee
      const v1::Org& parent = g == 0 ? committee : generals[static_cast<size_t>(g - 1)];
      const v1::Org branch =
          add(absl::StrFormat("%s-B%03d", committee.code(), b), v1::BRANCH, &parent);
      out.branches.push_back({branch.code(), size});
      left -= size;
    }
  }
  return out;
}

v1::Member MakeDemoMember(int64_t n, const std::string& branch) {
  // Birth date and sequence both derive from `n`, so ID numbers never repeat (up to ~3.6M).
  const Date birth = Date(1960, 1, 1) + static_cast<int>(n / 1000);
  const std::string first17 =
      absl::StrFormat("110101%04d%02d%02d%03d", birth.year(), birth.month(), birth.day(), n % 1000);
  v1::Member m;
  m.set_member_no(absl::StrFormat("M%07d", n));
  m.set_name("党员" + std::to_string(n));
  m.set_national_id(first17 + rules::NationalIdCheckChar(first17));
  m.set_org_code(branch);
  m.set_category(v1::FULL);
  m.set_joined_on("2005-07-01");
  m.set_confirmed_on("2006-07-01");
  m.set_employment(v1::EMPLOYED);
  m.set_phone(absl::StrFormat("1%010d", 3000000000 + n));
  m.set_education("本科");
  m.set_ethnicity("汉族");
  return m;
}

std::unique_ptr<registry::Registry> OpenDemoRegistry(
    const std::string& dir, int64_t members, const Clock* clock,
    const registry::RegistryOptions& registry_options) {
  storage::StoreOptions options;
  options.path = dir + "/db";
  auto opened = registry::Registry::Open(options, clock, registry_options);
  if (!opened.ok()) throw std::runtime_error(std::string(opened.status().message()));
  std::unique_ptr<registry::Registry> reg = std::move(*opened);

  const DemoOrgs demo = MakeDemoOrgs(members, 1);
  std::vector<registry::ImportRow<v1::Org>> org_rows;
  int line = 1;
  for (const v1::Org& org : demo.orgs) {
    registry::ImportRow<v1::Org> row;
    row.line = ++line;
    row.record = org;
    row.record.clear_id();
    row.record.clear_parent_id();
    row.record.clear_state();
    row.parent_code = org.parent_code();
    org_rows.push_back(std::move(row));
  }
  auto orgs = reg->ImportOrgs({"bench", "bench-orgs"}, std::move(org_rows), false, 1);
  if (!orgs.ok() || !orgs->errors.empty()) throw std::runtime_error("bench: importing orgs failed");

  std::vector<registry::ImportRow<v1::Member>> member_rows;
  int64_t n = 0;
  line = 1;
  for (const DemoBranch& b : demo.branches) {
    for (int64_t i = 0; i < b.members; ++i) {
      member_rows.push_back({++line, MakeDemoMember(++n, b.code), ""});
    }
  }
  auto imported = reg->ImportMembers({"bench", "bench-members"}, std::move(member_rows), false, 2);
  if (!imported.ok() || !imported->errors.empty()) {
    throw std::runtime_error("bench: importing members failed");
  }
  return reg;
}

}  // namespace orgtree::bench
