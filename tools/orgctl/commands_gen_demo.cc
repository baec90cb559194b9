// `gen-demo --members N --seed S --out DIR`: writes orgs.csv and members.csv of a synthetic
// organisation for demos and benchmarks. Works offline: it talks to no server.

#include <filesystem>
#include <iostream>

#include "services/common/clock.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/demo_generator.h"
#include "tools/orgctl/errors.h"

namespace orgctl {
namespace {

struct GenDemoOptions {
  int64_t members = 10000;
  uint64_t seed = 1;
  std::string out = ".";
  std::string today;
};

int RunGenDemo(Session&, const GenDemoOptions& o) {
  DemoShape shape;
  shape.members = o.members;
  shape.seed = o.seed;
  shape.today = orgtree::Clock().Today();
  if (!o.today.empty()) {
    auto d = orgtree::ParseDate(o.today);
    if (!d) throw UsageError("--today: '" + o.today + "' is not a date YYYY-MM-DD");
    shape.today = *d;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) throw LocalError("cannot create " + o.out + ": " + ec.message());
  DemoCounts counts = GenerateDemo(shape, o.out);
  std::cout << "wrote " << counts.orgs << " orgs to " << o.out << "/orgs.csv and " << counts.members
            << " members to " << o.out << "/members.csv\n";
  return 0;
}

}  // namespace

void AddGenDemoCommand(CLI::App& app, Action* action) {
  auto o = std::make_shared<GenDemoOptions>();
  CLI::App* cmd =
      app.add_subcommand("gen-demo", "write orgs.csv and members.csv of a synthetic organisation");
  cmd->add_option("--members", o->members, "how many members")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}));
  cmd->add_option("--seed", o->seed, "random seed (same seed, same files)")->capture_default_str();
  cmd->add_option("--out", o->out, "output directory")->capture_default_str();
  cmd->add_option("--today", o->today, "latest date to generate (default: today)");
  BindAction(cmd, action, o, &RunGenDemo);
}

}  // namespace orgctl
