// orgtreed: the orgtree server on an embedded RocksDB.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/synchronization/mutex.h"
#include "services/api/server.h"
#include "services/common/clock.h"
#include "services/registry/registry.h"
#include "services/rules/term_limits.h"
#include "tools/orgtreed/demo_data.h"

namespace {

struct Flags {
  std::string listen = "127.0.0.1:50051";
  std::string data_dir = "./data";
  size_t block_cache_mb = orgtree::storage::StoreOptions().block_cache_mb;
  size_t row_cache_mb = orgtree::storage::StoreOptions().row_cache_mb;
  int64_t bulk_load_min_records = orgtree::storage::StoreOptions().bulk_load_min_records;
  size_t list_cache_mb = orgtree::registry::RegistryOptions().list_cache_bytes >> 20;
  bool demo = false;
  std::string today;
  std::string log_level = "info";
  bool reveal_national_ids = false;
  int shutdown_grace_ms = 10000;
  std::string dues_config;  // JSON file; empty = the 2008 regulation's defaults
  int transfer_validity_days = 30;
  int handover_chunk = 100;
  int handover_pause_ms = 0;
  int term_years_committee = 5;
  int term_years_branch = 3;
};

int Run(const Flags& flags) {
  std::optional<orgtree::Date> today;
  if (!flags.today.empty()) {
    today = orgtree::ParseDate(flags.today);
    if (!today) {
      std::fprintf(stderr, "error: --today: '%s' is not a date YYYY-MM-DD\n", flags.today.c_str());
      return 2;
    }
  }
  orgtree::Clock clock(today);

  // The Debian build of Abseil is not an NDEBUG build, so absl::Mutex (which gRPC locks on every
  // call) would keep a lock graph for deadlock detection: a few percent of every call's CPU.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block the stop signals in every thread; the main thread waits for them with sigwait().
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  orgtree::storage::StoreOptions store_options;
  store_options.path = flags.data_dir;
  store_options.block_cache_mb = flags.block_cache_mb;
  store_options.row_cache_mb = flags.row_cache_mb;
  store_options.bulk_load_min_records = flags.bulk_load_min_records;
  orgtree::registry::RegistryOptions registry_options;
  registry_options.list_cache_bytes = flags.list_cache_mb << 20;
  auto registry = orgtree::registry::Registry::Open(store_options, &clock, registry_options);
  if (!registry.ok()) {
    spdlog::error("cannot open data directory {}: {}", flags.data_dir,
                  std::string(registry.status().message()));
    return 1;
  }
  if (flags.demo && (*registry)->empty()) {
    if (auto s = orgtree::demo::LoadDemoOrganisation(registry->get()); !s.ok()) {
      spdlog::error("loading the demo organisation failed: {}", std::string(s.message()));
      return 1;
    }
    spdlog::info("loaded the demo organisation into {}", flags.data_dir);
  }

  orgtree::api::ServiceOptions options;
  options.reveal_national_ids = flags.reveal_national_ids;
  options.transfer_options.default_validity_days = flags.transfer_validity_days;
  options.transfer_options.handover_chunk = flags.handover_chunk;
  options.officer_options.terms.committee = flags.term_years_committee;
  options.officer_options.terms.branch = flags.term_years_branch;
  options.handover_pause_ms = flags.handover_pause_ms;
  if (!flags.dues_config.empty()) {
    std::ifstream in(flags.dues_config);
    std::stringstream text;
    text << in.rdbuf();
    auto config = orgtree::dues::ParseConfigJson(text.str());
    if (!in || !config.ok()) {
      std::fprintf(stderr, "error: --dues-config %s: %s\n", flags.dues_config.c_str(),
                   in ? std::string(config.status().message()).c_str() : "cannot read the file");
      return 2;
    }
    options.dues_config = *config;
  }
  auto server = orgtree::api::OrgtreeServer::Start(flags.listen, registry->get(), options);
  if (!server.ok()) {
    spdlog::error("{}", std::string(server.status().message()));
    return 1;
  }
  // Tests and scripts read the bound address from this line.
  std::printf("orgtreed listening on %s\n", (*server)->address().c_str());
  std::fflush(stdout);
  spdlog::info("serving; data dir {}, today {}", flags.data_dir,
               orgtree::FormatDate(clock.Today()));

  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("signal {}: shutting down", signal);
  (*server)->Shutdown(flags.shutdown_grace_ms);
  server->reset();
  if (auto s = (*registry)->Flush(); !s.ok()) {
    spdlog::error("flush at shutdown failed: {}", std::string(s.message()));
  }
  registry->reset();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"orgtreed — the orgtree server (org tree and member registry on RocksDB)"};
  app.add_option("--listen", flags.listen, "address to listen on; 127.0.0.1:0 picks a free port")
      ->capture_default_str();
  app.add_option("--data-dir", flags.data_dir, "RocksDB data directory")->capture_default_str();
  app.add_option("--block-cache-mb", flags.block_cache_mb, "RocksDB block cache size in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--row-cache-mb", flags.row_cache_mb,
                 "RocksDB row cache size in MiB, for point reads of members; 0 = none")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("--list-cache-mb", flags.list_cache_mb,
                 "memory for member list pages (each listed org's members as a page shows them), "
                 "in MiB; 0 = read every page from RocksDB")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  app.add_option("--bulk-load-min-records", flags.bulk_load_min_records,
                 "imports of at least this many members are written as SST files and ingested "
                 "instead of through one write batch; 0 = never")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--demo", flags.demo, "load a small demo organisation when the data dir is empty");
  app.add_option("--today", flags.today, "fix the server's date (YYYY-MM-DD), for tests and demos");
  app.add_option("--log-level", flags.log_level, "trace|debug|info|warn|error|off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.add_flag("--reveal-national-ids", flags.reveal_national_ids,
               "let callers see national ID numbers and look members up by them (until "
               "authentication exists)");
  app.add_option("--shutdown-grace-ms", flags.shutdown_grace_ms,
                 "how long in-flight calls may run after SIGTERM")
      ->capture_default_str();
  app.add_option("--dues-config", flags.dues_config,
                 "JSON file with the dues rules (brackets, rounding, farmer amount, payment "
                 "window); default: the 2008 regulation");
  app.add_option("--transfer-validity-days", flags.transfer_validity_days,
                 "default validity of transfer letters, in days (at most 90)")
      ->capture_default_str()
      ->check(CLI::Range(1, 90));
  app.add_option("--handover-chunk", flags.handover_chunk,
                 "letters a handover batch issues per atomic write")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--term-years-committee", flags.term_years_committee,
                 "default term of a committee, in years (an election may give its own)")
      ->capture_default_str()
      ->check(CLI::Range(1, orgtree::rules::kMaxTermYears));
  app.add_option("--term-years-branch", flags.term_years_branch,
                 "default term of a general branch or branch, in years")
      ->capture_default_str()
      ->check(CLI::Range(1, orgtree::rules::kMaxTermYears));
  app.add_option("--handover-pause-ms", flags.handover_pause_ms,
                 "pause between handover chunks (leaves the writer to interactive staff)")
      ->capture_default_str()
      ->check(CLI::Range(0, 60000));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  // Logs go to stderr; stdout carries only the "listening on" line.
  spdlog::set_default_logger(spdlog::stderr_color_mt("orgtreed"));
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  return Run(flags);
}
