// orgctl end to end: the real CLI against the real orgtreed (demo data, CSV import/export).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/rules/national_id.h"
#include "tests/demo_server_test.h"
#include "tests/server_process.h"
#include "tests/test_data.h"

namespace orgtree {
namespace {

using testing::CommandResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ServerProcess;
using ::testing::StartsWith;
using testing::TempDir;
using testing::ToGb18030;

std::string Id(const std::string& birth, int seq) { return testing::TestNationalId(birth, seq); }

class OrgctlTest : public testing::DemoServerTest {
 protected:
  int64_t CurrentMembers(const std::string& code) {
    auto r = Run({"org", "stats", code, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out).at("current_members").get<int64_t>();
  }
};

TEST_F(OrgctlTest, TreeShowsTheDemoOrganisationWithCounts) {
  auto r = Run({"tree"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("G0001 集团党委 (committee) — 36 members\n"));
  EXPECT_THAT(r.out, HasSubstr("\n      S0001-Z01-B01 一车间党支部 (branch) — 6 members\n"));
  auto j = Run({"tree", "S0001", "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto doc = nlohmann::json::parse(j.out);
  ASSERT_TRUE(doc.contains("items"));
  EXPECT_EQ(doc["items"][0]["code"], "S0001");
  EXPECT_EQ(doc["items"][0]["type"], "committee");
  EXPECT_EQ(doc["items"][0]["current_members"], 18);
  EXPECT_EQ(doc["next_page_token"], "");
}

TEST_F(OrgctlTest, CheckAnswersYesAndNoWithExitZero) {
  auto yes = Run({"check", "M00013", "S0001"});
  EXPECT_EQ(yes.exit_code, 0);
  EXPECT_THAT(yes.out, HasSubstr("yes:"));
  auto no = Run({"check", "M00013", "S0002"});
  EXPECT_EQ(no.exit_code, 0);
  EXPECT_THAT(no.out, HasSubstr("no:"));
  auto missing = Run({"check", "NOBODY", "S0002"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("error: NOT_FOUND:"));
}

TEST_F(OrgctlTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({"org", "move", "S0001"}).exit_code, 2);
  EXPECT_EQ(Run({"member", "status", "M00001", "flying"}).exit_code, 2);
  EXPECT_EQ(Run({"org", "move", "S0001", "G0001", "--date", "2026-13-01"}).exit_code, 2);
}

TEST_F(OrgctlTest, ImportWithABadRowWritesNothingAndNamesEveryBadLine) {
  const std::string before = Run({"events", "--json", "--page-size", "1000"}).out;
  auto path =
      File("members.csv",
           "member_no,name,national_id,org_code,category,joined_on,confirmed_on,employment\n"
           "N1,甲," +
               Id("19900101", 11) +
               ",S0002-B01,full,2015-01-01,2016-01-01,employed\n"
               "N2,乙,110101199001010011,S0002-B01,full,2015-01-01,2016-01-01,employed\n"
               "N3,丙," +
               Id("19900101", 13) +
               ",NO-SUCH-ORG,full,2015-01-01,2016-01-01,employed\n"
               "N4,丁," +
               Id("19900101", 15) + ",S0002-B01,probationary,2026-01-01,,employed\n");
  auto r = Run({"import", "members", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("error: INVALID_ARGUMENT:"));
  EXPECT_THAT(r.err, HasSubstr("line 3, column national_id"));
  EXPECT_THAT(r.err, HasSubstr("line 4, column org_code"));
  EXPECT_THAT(r.err, Not(HasSubstr("line 2,")));
  EXPECT_THAT(r.err, Not(HasSubstr("line 5,")));
  EXPECT_EQ(CurrentMembers("S0002-B01"), 6);
  EXPECT_EQ(Run({"events", "--json", "--page-size", "1000"}).out, before);
}

TEST_F(OrgctlTest, ImportsGbkFileWithChineseHeadersAndValues) {
  std::string csv =
      "序号,组织编码,组织名称,组织类型,上级组织编码,成立日期\r\n"
      "1,S0003,第三分公司党委,党委,G0001,2020年6月1日\r\n"
      "2,S0003-B01,第三分公司第一党支部,党支部,S0003,2020/6/1\r\n";
  auto orgs = File("orgs.csv", ToGb18030(csv));
  auto r = Run({"import", "orgs", orgs});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("imported: 2"));
  EXPECT_THAT(r.out, HasSubstr("序号"));  // the unknown column is reported as ignored

  std::string members =
      "党员编号,姓名,身份证号,性别,所在组织编码,党员类别,入党日期,转正日期,就业状态\r\n"
      "P1,赵一,'" +
      Id("19850505", 21) +
      ",男,S0003-B01,正式党员,2010年7月1日,2011年7月1日,在职\r\n"
      "P2,钱二," +
      Id("19860606", 22) + ",女,S0003-B01,预备党员,2026-3-1,,离退休\r\n";
  r = Run({"import", "members", File("members.csv", ToGb18030(members))});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CurrentMembers("S0003"), 2);
  EXPECT_EQ(CurrentMembers("G0001"), 38);

  auto got = Run({"member", "get", "P2", "--json"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  auto m = nlohmann::json::parse(got.out);
  EXPECT_EQ(m["category"], "probationary");
  EXPECT_EQ(m["employment"], "retired");
  EXPECT_EQ(m["gender"], "female");
  EXPECT_EQ(m["joined_on"], "2026-03-01");
  EXPECT_EQ(m["national_id_masked"], true);
}

TEST_F(OrgctlTest, ExportThenReimportOrgsIntoAFreshServer) {
  auto r = Run({"export", "orgs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "code,name,type,parent_code,established_on,units,labels");
  EXPECT_THAT(r.out, HasSubstr("S0002-B01,项目部联合党支部,branch,S0002,2015-07-01,3,\n"));

  // Members export masks ID numbers; re-importing them is refused.
  auto members = Run({"export", "members", "--org", "S0002"});
  ASSERT_EQ(members.exit_code, 0) << members.err;
  EXPECT_THAT(members.out, HasSubstr("********"));

  TempDir other;
  ServerProcess fresh(other.path() + "/data", "2026-11-25");
  auto orgs_file = File("export-orgs.csv", r.out);
  auto imported = testing::RunOrgctl(fresh.address(), {"import", "orgs", orgs_file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("imported: 12"));
  auto again = testing::RunOrgctl(fresh.address(), {"export", "orgs"});
  EXPECT_EQ(again.out, r.out);

  auto masked = testing::RunOrgctl(fresh.address(),
                                   {"import", "members", File("export-members.csv", members.out)});
  EXPECT_EQ(masked.exit_code, 1);
  EXPECT_THAT(masked.err, HasSubstr("masked"));
}

TEST_F(OrgctlTest, MoveWithDryRunThenForReal) {
  auto dry = Run({"org", "move", "S0001-Z01", "S0002", "--dry-run", "--json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  auto plan = nlohmann::json::parse(dry.out);
  EXPECT_EQ(plan["applied"], false);
  EXPECT_EQ(plan["members_moved"], 12);
  EXPECT_EQ(CurrentMembers("S0002"), 6);

  auto real = Run({"org", "move", "S0001-Z01", "S0002", "--reason", "调整隶属关系"});
  ASSERT_EQ(real.exit_code, 0) << real.err;
  EXPECT_EQ(CurrentMembers("S0002"), 18);
  EXPECT_EQ(CurrentMembers("S0001"), 6);
  EXPECT_EQ(CurrentMembers("G0001"), 36);

  auto events = Run({"events", "--org", "S0001-Z01", "--json"});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  auto doc = nlohmann::json::parse(events.out);
  ASSERT_EQ(doc["items"].size(), 2u);  // created, moved
  EXPECT_EQ(doc["items"][1]["type"], "OrgMoved");
  EXPECT_EQ(doc["items"][1]["reason"], "调整隶属关系");
}

TEST_F(OrgctlTest, MemberLifecycleThroughTheCli) {
  // M00018 is the demo's probationary member of S0001-Z01-B01 (joined five months ago).
  auto early = Run({"member", "confirm", "M00018"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("FAILED_PRECONDITION"));
  ASSERT_EQ(Run({"member", "extend", "M00018", "6", "--reason", "考察"}).exit_code, 0);
  EXPECT_EQ(Run({"member", "extend", "M00018", "6"}).exit_code, 1);  // only once

  auto lost = Run({"member", "status", "M00001", "lost_contact_reported", "--date", "2026-11-01"});
  ASSERT_EQ(lost.exit_code, 0) << lost.err;
  auto left = Run({"member", "status", "M00002", "resigned", "--json"});
  ASSERT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(nlohmann::json::parse(left.out)["status"], "left");
  auto stats = nlohmann::json::parse(Run({"org", "stats", "G0001-JG-B01", "--json"}).out);
  EXPECT_EQ(stats["current_members"], 5);
  EXPECT_EQ(stats["members_by_status"]["left"], 1);
  EXPECT_EQ(stats["members_by_status"]["lost_contact"], 1);
  auto list = Run({"member", "list", "G0001-JG-B01", "--all-statuses"});
  EXPECT_THAT(list.out, HasSubstr("M00002"));
  auto current = Run({"member", "list", "G0001-JG-B01"});
  EXPECT_THAT(current.out, Not(HasSubstr("M00002")));
  // The CLI shows the whole record, not a list's default basic view.
  auto listed = nlohmann::json::parse(Run({"member", "list", "G0001-JG-B01", "--json"}).out);
  ASSERT_FALSE(listed["items"].empty());
  for (const auto& member : listed["items"]) {
    EXPECT_NE(member["joined_on"], "") << member;
    EXPECT_NE(member["national_id"], "") << member;
    EXPECT_NE(member["etag"], "") << member;
  }
  // Asked for, the basic view: no ID numbers, dates or etags, and a table without those columns.
  auto basic = nlohmann::json::parse(
      Run({"member", "list", "G0001-JG-B01", "--view", "basic", "--json"}).out);
  ASSERT_EQ(basic["items"].size(), listed["items"].size());
  for (const auto& member : basic["items"]) {
    EXPECT_NE(member["member_no"], "") << member;
    EXPECT_EQ(member["national_id"], "") << member;
    EXPECT_EQ(member["joined_on"], "") << member;
    EXPECT_EQ(member["etag"], "") << member;
  }
  auto table = Run({"member", "list", "G0001-JG-B01", "--view", "basic"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("STATUS"));
  EXPECT_THAT(table.out, Not(HasSubstr("JOINED")));
  EXPECT_EQ(Run({"member", "list", "G0001-JG-B01", "--view", "everything"}).exit_code, 2);

  // Named fields only (a read mask): a phone list, in JSON and as a table of those columns.
  auto phones = nlohmann::json::parse(
      Run({"member", "list", "G0001-JG-B01", "--fields", "member_no,name,phone", "--json"}).out);
  ASSERT_EQ(phones["items"].size(), listed["items"].size());
  for (size_t i = 0; i < phones["items"].size(); ++i) {
    const auto& full = listed["items"][i];
    nlohmann::json expected = {
        {"member_no", full["member_no"]}, {"name", full["name"]}, {"phone", full["phone"]}};
    EXPECT_EQ(phones["items"][i], expected);
    EXPECT_NE(full["phone"], "") << full;
  }
  auto phone_table = Run({"member", "list", "G0001-JG-B01", "--fields", "name,phone"});
  ASSERT_EQ(phone_table.exit_code, 0) << phone_table.err;
  EXPECT_THAT(phone_table.out, HasSubstr("NAME"));
  EXPECT_THAT(phone_table.out, HasSubstr("PHONE"));
  EXPECT_THAT(phone_table.out, HasSubstr(listed["items"][0]["phone"].get<std::string>()));
  EXPECT_THAT(phone_table.out, Not(HasSubstr("STATUS")));
  auto typo = Run({"member", "list", "G0001-JG-B01", "--fields", "name,phon"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_THAT(typo.err, HasSubstr("read_mask.paths[1]: \"phon\" is not a field of Member"));
  EXPECT_EQ(
      Run({"member", "list", "G0001-JG-B01", "--fields", "name", "--view", "basic"}).exit_code, 2);

  // One member's named fields: the ID number comes masked, with its flag.
  const auto& first = listed["items"][0];
  const std::string member_no = first["member_no"];
  auto one = Run({"member", "get", member_no, "--fields", "name,national_id", "--json"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(nlohmann::json::parse(one.out),
            (nlohmann::json{{"name", first["name"]},
                            {"national_id", first["national_id"]},
                            {"national_id_masked", first["national_id_masked"]}}));
  auto one_table = Run({"member", "get", member_no, "--fields", "phone"});
  ASSERT_EQ(one_table.exit_code, 0) << one_table.err;
  EXPECT_THAT(one_table.out, HasSubstr("PHONE"));
  EXPECT_THAT(one_table.out, HasSubstr(first["phone"].get<std::string>()));
  EXPECT_THAT(one_table.out, Not(HasSubstr(first["name"].get<std::string>())));
  auto bad_get = Run({"member", "get", member_no, "--fields", "nmae"});
  EXPECT_EQ(bad_get.exit_code, 1);
  EXPECT_THAT(bad_get.err, HasSubstr("read_mask.paths[0]: \"nmae\" is not a field of Member"));
}

TEST_F(OrgctlTest, OrgAndMemberMaintenanceThroughTheCli) {
  auto created = Run({"org", "create", "--code", "S0002-B02", "--name", "新建党支部", "--type",
                      "branch", "--parent", "S0002", "--established", "2026-11-01", "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(nlohmann::json::parse(created.out)["parent_code"], "S0002");
  auto dup = Run({"org", "create", "--code", "S0002-B02", "--name", "x", "--type", "branch",
                  "--parent", "S0002"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_THAT(dup.err, HasSubstr("error: ALREADY_EXISTS:"));

  auto updated = Run({"org", "update", "S0002-B02", "--name", "项目二部党支部", "--label",
                      "示范党支部", "--json"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  auto org = nlohmann::json::parse(updated.out);
  EXPECT_EQ(org["name"], "项目二部党支部");
  EXPECT_EQ(org["labels"][0], "示范党支部");
  EXPECT_EQ(org["etag"], "2");
  auto stale = Run({"org", "update", "S0002-B02", "--name", "x", "--etag", "1"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("error: ABORTED:"));

  auto reg = Run({"member",       "register",   "--member-no",   "Q1",
                  "--name",       "孙七",       "--national-id", Id("19920304", 41),
                  "--org",        "S0002-B02",  "--category",    "full",
                  "--joined",     "2015-05-01", "--confirmed",   "2016-05-01",
                  "--employment", "employed",   "--education",   "本科",
                  "--ethnicity",  "回族",       "--json"});
  ASSERT_EQ(reg.exit_code, 0) << reg.err;
  EXPECT_EQ(nlohmann::json::parse(reg.out)["gender"], "male");
  auto again = Run({"member", "register", "--member-no", "Q2", "--name", "孙七", "--national-id",
                    Id("19920304", 41), "--org", "S0002-B02", "--category", "full", "--joined",
                    "2015-05-01", "--confirmed", "2016-05-01", "--employment", "employed"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("already registered as member Q1"));
  auto phone = Run({"member", "update", "Q1", "--phone", "13900000000", "--json"});
  ASSERT_EQ(phone.exit_code, 0) << phone.err;
  EXPECT_EQ(nlohmann::json::parse(phone.out)["phone"], "13900000000");

  // Dissolving is refused while the branch has a current member, naming them.
  auto refused = Run({"org", "dissolve", "S0002-B02"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(refused.err, HasSubstr("Q1"));
  ASSERT_EQ(Run({"member", "status", "Q1", "died"}).exit_code, 0);
  auto dissolved = Run({"org", "dissolve", "S0002-B02", "--reason", "撤销", "--json"});
  ASSERT_EQ(dissolved.exit_code, 0) << dissolved.err;
  EXPECT_EQ(nlohmann::json::parse(dissolved.out)["state"], "dissolved");
  auto late = Run({"member", "register", "--member-no", "Q3", "--name", "x", "--national-id",
                   Id("19920304", 43), "--org", "S0002-B02", "--category", "full", "--joined",
                   "2015-05-01", "--confirmed", "2016-05-01", "--employment", "employed"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("dissolved"));
  // The dissolved org stays readable, and shows in the tree with --all only.
  EXPECT_THAT(Run({"tree", "S0002"}).out, Not(HasSubstr("S0002-B02")));
  EXPECT_THAT(Run({"tree", "S0002", "--all"}).out, HasSubstr("S0002-B02"));
}

TEST_F(OrgctlTest, ExcelExportIsGb18030WithChineseHeaders) {
  auto r = Run({"export", "members", "--org", "S0002", "--excel"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind(ToGb18030("党员编号,姓名,身份证号"), 0), 0u);
  EXPECT_THAT(r.out, HasSubstr(ToGb18030("正式党员")));
}

// gen-demo data of `members` members imported through the real server with `server_flags`; the
// counts come out whole, and (with `restart`) the same after a restart, with a member readable by
// number.
// A server holding a gen-demo organisation (seed 5), imported through orgctl.
struct GeneratedOrganisation {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
};

void ImportGenerated(const std::vector<std::string>& server_flags, int members,
                     GeneratedOrganisation* out) {
  const std::string& dir = out->dir.path();
  auto gen =
      testing::RunOrgctl("127.0.0.1:1", {"gen-demo", "--members", std::to_string(members), "--seed",
                                         "5", "--out", dir, "--today", "2026-11-25"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  out->server = std::make_unique<ServerProcess>(dir + "/data", "2026-11-25", server_flags);
  auto orgs = testing::RunOrgctl(out->server->address(), {"import", "orgs", dir + "/orgs.csv"});
  ASSERT_EQ(orgs.exit_code, 0) << orgs.err;
  auto imported =
      testing::RunOrgctl(out->server->address(), {"import", "members", dir + "/members.csv"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("imported: " + std::to_string(members)));
}

void ImportGeneratedOrganisation(const std::vector<std::string>& server_flags, bool restart,
                                 int members = 3000) {
  GeneratedOrganisation generated;
  ASSERT_NO_FATAL_FAILURE(ImportGenerated(server_flags, members, &generated));
  const TempDir& dir = generated.dir;
  std::unique_ptr<ServerProcess>& server = generated.server;
  if (restart) {
    server.reset();
    server = std::make_unique<ServerProcess>(dir.path() + "/data", "2026-11-25", server_flags);
  }
  auto stats = nlohmann::json::parse(
      testing::RunOrgctl(server->address(), {"org", "stats", "G0001", "--json"}).out);
  EXPECT_EQ(stats["current_members"], members);
  // ~28% retired, ~3% probationary.
  EXPECT_NEAR(stats["members_by_employment"]["retired"].get<double>(), 0.28 * members,
              10 + members / 200);
  EXPECT_NEAR(stats["probationary"].get<double>(), 0.03 * members, 0.015 * members);
  // The group committee and a secondary one per 2,500 members (rounded, at least one).
  EXPECT_EQ(stats["orgs_by_type"]["committee"], 1 + std::max(1, (members + 1250) / 2500));
  // The file's last member, by number.
  std::ifstream in(dir.path() + "/members.csv");
  const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string last_line = csv.substr(csv.rfind('\n', csv.size() - 2) + 1, std::string::npos);
  const std::string member_no = last_line.substr(0, last_line.find(','));
  auto member = testing::RunOrgctl(server->address(), {"member", "get", member_no, "--json"});
  ASSERT_EQ(member.exit_code, 0) << member.err;
  EXPECT_EQ(nlohmann::json::parse(member.out)["member_no"], member_no);
}

// The benchmark suite's load tool drives every operation against a real server, in turns with the
// health check, and reports each with its calls and no errors (the figures themselves are the
// suite's output, not something a test can assert). It puts back the org it moves.
TEST(LoadToolTest, MeasuresEveryOperationAgainstTheHealthCheck) {
  GeneratedOrganisation generated;  // two secondary committees: reads on S0002, S0001 moves
  ASSERT_NO_FATAL_FAILURE(ImportGenerated({}, 6000, &generated));
  const std::string address = generated.server->address();
  const std::string table_path = generated.dir.path() + "/load.md";
  auto run = testing::RunLoadTool(
      address, {"--duration-ms", "200", "--warmup-ms", "0", "--rounds", "2", "--in-flight", "4",
                "--server-pid", std::to_string(generated.server->pid()), "--out", table_path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("dataset: 6000 members; reads on S0002"));
  // Every member read once before the figures (1,000 a call).
  EXPECT_THAT(run.err, HasSubstr("read every member once first (6 calls"));

  std::ifstream in(table_path);
  std::vector<std::string> operations;
  double server_cpu_us = 0, client_cpu_us = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| ", 0) != 0 || line.rfind("| operation ", 0) == 0) continue;
    // operation, dataset, in flight, QPS, p50, p90, p99, ceiling QPS, two ratios, server and
    // client CPU per call, notes.
    std::vector<std::string> cells = absl::StrSplit(line, " | ");
    ASSERT_EQ(cells.size(), 13u) << line;
    operations.push_back(cells[0].substr(2));
    EXPECT_GT(std::stod(cells[3]), 0) << line;
    EXPECT_GT(std::stod(cells[7]), 0) << line;
    // CPU per call is read from /proc in clock ticks: a short turn may count none, but it is a
    // figure, and over all operations the server and the client did work.
    server_cpu_us += std::stod(cells[10]);
    client_cpu_us += std::stod(cells[11]);
    EXPECT_THAT(cells[12], Not(HasSubstr("errors"))) << line;
  }
  EXPECT_GT(server_cpu_us, 0);
  EXPECT_GT(client_cpu_us, 0);
  EXPECT_THAT(
      operations,
      ElementsAre("Health/Check (ceiling)", "GetMember (by member_no)",
                  "CheckMembership (secondary committee, with path)",
                  "CheckMembership (secondary committee, omit_org_path)", "GetOrgStats (root)",
                  "GetOrgStats (secondary committee)", "GetOrgPath (branch)",
                  "ListMembers first page (50, subtree, default view: basic)",
                  StartsWith("ListMembers page "),
                  "ListMembers first page (50, subtree, full view)",
                  StartsWith("ListMembers page "),
                  "ListMembers first page (50, subtree, read_mask: id, member_no, name, org_code, "
                  "phone)",
                  "ListMembers first page (50, whole tree, default view: basic)",
                  "ListMembers of a branch (50, a different branch each call, default view: basic)",
                  "BatchGetMembers (1000 ids)", "MoveOrg (secondary committee, back and forth)"));

  auto moved = testing::RunOrgctl(address, {"org", "get", "S0001", "--json"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(nlohmann::json::parse(moved.out)["parent_code"], "G0001");

  auto remote = testing::RunLoadTool("10.0.0.1:50051", {});
  EXPECT_EQ(remote.exit_code, 2);
  EXPECT_THAT(remote.err, HasSubstr("--server must be a loopback address"));
}

TEST(OrgctlGenDemoTest, GeneratedOrganisationImportsWhole) {
  ImportGeneratedOrganisation({}, /*restart=*/false);
}

// 20,000 members (2.5 MB): the file is read in pieces and its rows checked on all cores.
TEST(OrgctlGenDemoTest, LargerOrganisationReadInPiecesImportsWhole) {
  ImportGeneratedOrganisation({}, /*restart=*/true, 20000);
}

// Bad rows early, in the middle and at the end of a file read in pieces are each reported with
// their own line, and nothing is imported.
TEST(OrgctlGenDemoTest, BadRowsAcrossALargeFileAreEachReportedByLine) {
  TempDir dir;
  auto gen = testing::RunOrgctl("127.0.0.1:1", {"gen-demo", "--members", "20000", "--seed", "5",
                                                "--out", dir.path(), "--today", "2026-11-25"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::ifstream in(dir.path() + "/members.csv");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 20001u);
  // Line numbers as the spreadsheet shows them: the header is line 1.
  auto replace_cell = [&](size_t line_no, int cell, const std::string& value) {
    std::vector<std::string> cells = absl::StrSplit(lines[line_no - 1], ',');
    cells[cell] = value;
    lines[line_no - 1] = absl::StrJoin(cells, ",");
  };
  replace_cell(3, 5, "NO-SUCH-BRANCH");          // org_code
  replace_cell(10007, 2, "110101198003151238");  // national_id with a wrong check digit
  replace_cell(15000, 5, "G0001");               // a committee holds no members
  replace_cell(19999, 0, lines[1].substr(0, lines[1].find(',')));  // line 2's member_no again
  std::ofstream out(dir.path() + "/bad.csv");
  for (const auto& line : lines) out << line << "\r\n";
  out.close();
  auto server = std::make_unique<ServerProcess>(dir.path() + "/data", "2026-11-25",
                                                std::vector<std::string>{});
  ASSERT_EQ(
      testing::RunOrgctl(server->address(), {"import", "orgs", dir.path() + "/orgs.csv"}).exit_code,
      0);
  auto r = testing::RunOrgctl(server->address(), {"import", "members", dir.path() + "/bad.csv"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("4 problem(s)"));
  EXPECT_THAT(r.err, HasSubstr("line 3, column org_code: no org 'NO-SUCH-BRANCH'"));
  EXPECT_THAT(r.err, HasSubstr("line 10007, column national_id"));
  EXPECT_THAT(r.err, HasSubstr("line 15000, column org_code: G0001 is a committee"));
  EXPECT_THAT(r.err, HasSubstr("line 19999, column member_no"));
  EXPECT_THAT(r.err, HasSubstr("first on line 2"));
  auto stats = nlohmann::json::parse(
      testing::RunOrgctl(server->address(), {"org", "stats", "G0001", "--json"}).out);
  EXPECT_EQ(stats.value("current_members", 0), 0);
}

// Bad sizes and thresholds are refused at start, naming the flag, before the data directory is
// touched. (The data directory given is a file: were the flag accepted, orgtreed would still exit,
// failing to open it, with a message that does not name the flag.)
TEST(OrgctlGenDemoTest, OrgtreedRefusesNegativeStoreSizes) {
  TempDir dir;
  const std::string not_a_dir = dir.path() + "/data";
  testing::WriteFile(not_a_dir, "x");
  for (const char* flag : {"--bulk-load-min-records", "--row-cache-mb", "--list-cache-mb"}) {
    auto r = testing::RunOrgtreed({"--listen", "127.0.0.1:0", "--data-dir", not_a_dir, flag, "-5"});
    EXPECT_NE(r.exit_code, 0) << flag;
    EXPECT_THAT(r.err + r.out, HasSubstr(flag));
  }
  std::ifstream in(not_a_dir);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), "x");
}

// The same file written as SST files and ingested (the path of imports of 10,000+ members).
TEST(OrgctlGenDemoTest, GeneratedOrganisationImportsWholeAsIngestedFiles) {
  ImportGeneratedOrganisation({"--bulk-load-min-records", "1"}, /*restart=*/true);
}

}  // namespace
}  // namespace orgtree
