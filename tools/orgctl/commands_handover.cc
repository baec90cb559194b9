// `handover` (退休党员社会化管理移交): plans (--dry-run) or runs a batch of outbound letters to
// community organisations, and `handover status`. A run starts the batch and follows it until the
// server has issued every letter; the same command after an interruption resumes the batch (the
// batch id is derived from the selection, so it is the same command). Receipts and the progress
// report are in commands_handover_report.cc.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "services/common/clock.h"
#include "services/common/enum_words.h"
#include "tools/orgctl/args.h"
#include "tools/orgctl/command.h"
#include "tools/orgctl/handover_files.h"
#include "tools/orgctl/human_render.h"
#include "tools/orgctl/json_render.h"
#include "tools/orgctl/output.h"
#include "tools/orgctl/progress.h"

namespace orgctl {
namespace {

namespace v1 = orgtree::v1;

constexpr std::chrono::milliseconds kPollEvery{200};
// A running batch whose counts stay the same this long has stopped (the server logs why).
constexpr std::chrono::minutes kStalledAfter{5};

struct HandoverOptions {
  std::string org;
  std::string members_file;
  std::string mapping_file;
  std::string to;
  std::string to_code;
  std::string batch_id;
  std::string date;
  int validity_days = 0;
  std::string reason;
  std::string encoding = "auto";
  bool dry_run = false;
};

// 32-bit FNV-1a: stable across builds and platforms, unlike std::hash.
uint32_t Fnv1a(const std::string& bytes) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

// The batch id a selection gets when none is given, so that running the same command again
// resumes the same batch: "handover-CODE-YYYYMMDD" for a subtree, "handover-list-" and a hash of
// the sorted member numbers for a list.
std::string DefaultBatchId(const HandoverOptions& o, const v1::StartHandoverRequest& request) {
  if (!o.org.empty()) {
    std::string day = o.date.empty() ? orgtree::FormatDate(orgtree::Clock().Today()) : o.date;
    day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
    return "handover-" + o.org + "-" + day;
  }
  std::vector<std::string> numbers;
  for (const auto& row : request.members()) numbers.push_back(row.member_no());
  std::sort(numbers.begin(), numbers.end());
  std::string joined;
  for (const auto& n : numbers) joined += n + "\n";
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", Fnv1a(joined));
  return std::string("handover-list-") + hex;
}

v1::StartHandoverRequest BuildRequest(Session& session, const HandoverOptions& o) {
  if (o.org.empty() == o.members_file.empty()) {
    throw UsageError("give --org CODE (its retired members) or --members FILE (a list)");
  }
  v1::StartHandoverRequest request;
  request.set_request_id(session.RequestId());
  if (!o.org.empty()) {
    *request.mutable_org() = OrgByCode(o.org);
  } else {
    auto rows = ReadHandoverMembers(o.members_file, o.encoding);
    if (rows.empty()) throw UsageError(o.members_file + ": no members listed");
    *request.mutable_members() = {rows.begin(), rows.end()};
  }
  if (!o.mapping_file.empty()) {
    auto rows = ReadHandoverMapping(o.mapping_file, o.encoding);
    *request.mutable_mapping() = {rows.begin(), rows.end()};
  }
  request.set_default_community_org_name(o.to);
  request.set_default_community_org_code(o.to_code);
  request.set_batch_id(o.batch_id.empty() ? DefaultBatchId(o, request) : o.batch_id);
  request.set_effective_date(o.date);
  request.set_validity_days(o.validity_days);
  request.set_reason(o.reason);
  request.set_validate_only(o.dry_run);
  return request;
}

void PrintWarnings(const v1::HandoverPlan& plan) {
  for (const auto& w : plan.warnings()) std::cout << "warning: " << w << '\n';
}

void PrintPlan(const v1::HandoverPlan& plan) {
  const v1::HandoverJob& job = plan.job();
  std::cout << "batch: " << job.batch_id() << " (dry run: nothing issued)\n"
            << "selection: " << job.selection() << '\n'
            << "total: " << job.total() << '\n'
            << "to_hand_over: " << plan.to_hand_over() << '\n'
            << "exceptions: " << plan.exceptions_size() << '\n';
  if (plan.communities_size() > 0) {
    std::cout << "by community:\n";
    Table t({"COMMUNITY", "CODE", "MEMBERS"});
    for (const auto& c : plan.communities()) {
      t.AddRow({c.community_org_name(), c.community_org_code(), std::to_string(c.members())});
    }
    t.Print(std::cout);
  }
  if (plan.exceptions_size() > 0) {
    std::cout << "exceptions (not handed over):\n";
    Table t({"MEMBER_NO", "NAME", "BRANCH", "EXCEPTION", "DETAIL"});
    for (const auto& item : plan.exceptions()) {
      t.AddRow({item.member_no(), item.member_name(), item.org_code(),
                orgtree::EnumWord(item.exception()), item.exception_detail()});
    }
    t.Print(std::cout);
  }
  PrintWarnings(plan);
}

v1::HandoverJob FetchJob(Session& session, const std::string& batch_id) {
  v1::GetHandoverRequest request;
  request.set_batch_id(batch_id);
  v1::HandoverJob job;
  auto context = session.NewContext();
  Check(session.handovers().GetHandover(context.get(), request, &job));
  return job;
}

// Polls the batch until the server has checked every member; progress on a terminal.
v1::HandoverJob WaitUntilDone(Session& session, const v1::HandoverJob& started) {
  Progress progress("handover " + started.batch_id(), static_cast<uint64_t>(started.total()),
                    "members");
  auto counts = [](const v1::HandoverJob& j) {
    return std::make_tuple(j.processed(), j.issued(), j.exceptions(), j.runs());
  };
  v1::HandoverJob job = started;
  auto last_change = std::chrono::steady_clock::now();
  while (true) {
    const v1::HandoverJob now = FetchJob(session, started.batch_id());
    if (counts(now) != counts(job)) last_change = std::chrono::steady_clock::now();
    job = now;
    progress.Update(static_cast<uint64_t>(std::max(job.processed(), 0)));
    if (job.state() == v1::HANDOVER_DONE) return job;
    if (std::chrono::steady_clock::now() - last_change > kStalledAfter) {
      throw LocalError("handover " + job.batch_id() + " made no progress for " +
                       std::to_string(kStalledAfter.count()) + " minutes (" +
                       std::to_string(job.processed()) + " of " + std::to_string(job.total()) +
                       " checked); the server's log says why; run the same command to resume");
    }
    std::this_thread::sleep_for(kPollEvery);
  }
}

// The members the finished batch did not hand over, with why, as the report lists them.
std::vector<v1::OutstandingMember> Exceptions(Session& session, const std::string& batch_id) {
  v1::GetHandoverReportRequest request;
  request.set_batch_id(batch_id);
  v1::HandoverReport report;
  auto context = session.NewContext(kTransferTimeout);
  Check(session.handovers().GetHandoverReport(context.get(), request, &report));
  std::vector<v1::OutstandingMember> out;
  for (const auto& o : report.outstanding()) {
    if (o.serial().empty()) out.push_back(o);
  }
  return out;
}

void PrintRunSummary(Session& session, const v1::HandoverJob& job,
                     const std::vector<v1::OutstandingMember>& exceptions,
                     const v1::HandoverPlan& plan) {
  if (session.json()) {
    Json doc = Json::object();
    doc["job"] = MessageToJson(job);
    Json items = Json::array();
    for (const auto& e : exceptions) items.push_back(MessageToJson(e));
    doc["exceptions"] = std::move(items);
    doc["warnings"] = MessageToJson(plan)["warnings"];
    PrintJson(doc);
    return;
  }
  std::cout << "batch: " << job.batch_id() << '\n'
            << "selection: " << job.selection() << '\n'
            << "runs: " << job.runs() << '\n'
            << "total: " << job.total() << '\n'
            << "issued: " << job.issued() << '\n'
            << "exceptions: " << job.exceptions() << '\n';
  if (!exceptions.empty()) {
    std::cout << "exceptions (not handed over):\n";
    Table t({"MEMBER_NO", "NAME", "BRANCH", "COMMUNITY", "WHY"});
    for (const auto& e : exceptions) {
      t.AddRow({e.member_no(), e.member_name(), e.org_code(), e.community_org_name(), e.why()});
    }
    t.Print(std::cout);
  }
  PrintWarnings(plan);
}

int RunHandover(Session& session, const HandoverOptions& o) {
  const v1::StartHandoverRequest request = BuildRequest(session, o);
  v1::HandoverPlan plan;
  auto context = session.NewContext(kTransferTimeout);
  Check(session.handovers().StartHandover(context.get(), request, &plan));
  if (o.dry_run) {
    if (session.json()) {
      PrintResult(session, plan);
    } else {
      PrintPlan(plan);
    }
    return 0;
  }
  const v1::HandoverJob job = WaitUntilDone(session, plan.job());
  PrintRunSummary(session, job, Exceptions(session, job.batch_id()), plan);
  return 0;
}

struct StatusOptions {
  std::string batch_id;
};

int RunStatus(Session& session, const StatusOptions& o) {
  PrintResult(session, FetchJob(session, o.batch_id));
  return 0;
}

}  // namespace

void AddHandoverCommands(CLI::App& app, Action* action) {
  auto o = std::make_shared<HandoverOptions>();
  CLI::App* cmd = app.add_subcommand(
      "handover",
      "hand retired members over to community organisations (退休党员社会化管理移交): "
      "outbound letters for a subtree's retirees or a list");
  cmd->require_subcommand(0, 1);
  auto* org =
      cmd->add_option("--org", o->org, "select the retired current members of this subtree");
  cmd->add_option("--members", o->members_file,
                  "select the members of a CSV list: member_no[,community_org_name,"
                  "community_org_code] (党员编号, 接收党组织名称, 接收党组织编码)")
      ->check(CLI::ExistingFile)
      ->excludes(org);
  cmd->add_option("--mapping", o->mapping_file,
                  "receiving communities, CSV: member_no,community_org_name[,community_org_code]")
      ->check(CLI::ExistingFile);
  auto* to = cmd->add_option("--to", o->to, "receiving community for everyone not mapped");
  cmd->add_option("--to-code", o->to_code, "that community's code")->needs(to);
  cmd->add_option("--batch-id", o->batch_id,
                  "the batch's name (default: handover-ORG-YYYYMMDD of --date or today, or "
                  "handover-list-HASH of the listed numbers); the same id resumes a batch");
  AddDateOption(cmd, "--date", &o->date, "issue date of the letters (default: today)");
  cmd->add_option("--validity", o->validity_days, "days the letters are valid (default 30)");
  cmd->add_option("--reason", o->reason, "reason on the letters");
  AddEncodingOption(cmd, &o->encoding);
  cmd->add_flag("--dry-run", o->dry_run,
                "plan only: how many, per community, and every exception; issue nothing");
  // `handover status|receipts|report` bind their own action; only a bare `handover` runs a batch.
  // CLI11 runs this callback after theirs, so it must not overwrite it.
  cmd->callback([cmd, action, o] {
    if (cmd->get_subcommands().empty()) {
      *action = [o](Session& session) { return RunHandover(session, *o); };
    }
  });

  auto status = std::make_shared<StatusOptions>();
  CLI::App* status_cmd = cmd->add_subcommand("status", "a handover batch's progress");
  status_cmd->add_option("batch_id", status->batch_id, "the batch id")->required();
  BindAction(status_cmd, action, status, &RunStatus);

  AddHandoverReportCommands(*cmd, action);
}

}  // namespace orgctl
