// Bulk imports: a whole file of orgs or members in one atomic change, one event per record.
// Every row is checked; any error → nothing is written and every bad row is reported.

#include <malloc.h>

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "services/common/date.h"
#include "services/common/parallel.h"
#include "services/common/status_macros.h"
#include "services/registry/member_placement.h"
#include "services/registry/record_helpers.h"
#include "services/registry/registry.h"
#include "services/rules/member_rules.h"
#include "services/rules/org_rules.h"

namespace orgtree::registry {

// What one imported member adds to the change's batch (record, placement copy, two unique indexes,
// the event and its index), with a margin: the batch is sized once instead of growing by doubling.
constexpr size_t kBatchBytesPerMember = 1024;  // ~700 measured on gen-demo data
// How often a member import returns freed heap pages to the system (glibc malloc_trim).
constexpr int64_t kTrimEveryMembers = 65536;
namespace {

constexpr auto Problem = MakeProblem<>;

// Messages name the field first ("parent: …", "member.org_code: …"): split that into the column.
v1::ImportProblem ProblemFromStatus(int line, const absl::Status& s) {
  std::string msg(s.message());
  std::string column;
  auto colon = msg.find(": ");
  if (colon != std::string::npos && msg.find(' ') > colon) {
    column = msg.substr(0, colon);
    if (column.rfind("member.", 0) == 0) column = column.substr(7);
    if (column == "parent") column = "parent_code";
    msg = msg.substr(colon + 2);
  }
  return Problem(line, column, msg);
}

std::string ImportFingerprint(std::string_view kind, uint64_t fingerprint, bool validate_only) {
  return std::string(kind) + ":" + std::to_string(fingerprint) + (validate_only ? ":dry" : "");
}

}  // namespace

absl::StatusOr<ImportOutcome> Registry::ImportOrgs(const CallMeta& call,
                                                   std::vector<ImportRow<v1::Org>> rows,
                                                   bool validate_only, uint64_t fingerprint) {
  ImportOutcome outcome;
  const Date today = clock_->Today();
  v1::ImportReport report;  // what a retry with the same request_id gets back
  absl::Status s = Mutate(
      call, "ImportOrgs", ImportFingerprint("orgs", fingerprint, validate_only), validate_only,
      &report, [&](Change& c) {
        // Parents may come later in the file than their children: place rows whose parent is
        // known, and repeat until no row can be placed.
        std::vector<bool> done(rows.size(), false);
        std::map<std::string, int> first_line_of_code;
        for (auto& row : rows) {
          auto [it, inserted] = first_line_of_code.emplace(row.record.code(), row.line);
          if (!inserted) {
            outcome.errors.push_back(Problem(row.line, "code",
                                             "code '" + row.record.code() +
                                                 "' appears again (first on line " +
                                                 std::to_string(it->second) + ")"));
          }
        }
        for (bool progress = true; progress;) {
          progress = false;
          for (size_t i = 0; i < rows.size(); ++i) {
            if (done[i]) continue;
            auto& row = rows[i];
            const v1::Org* parent = nullptr;
            if (!row.parent_code.empty()) {
              auto pid = c.FindOrgByCode(row.parent_code);
              if (!pid) continue;  // maybe a later row creates it
              parent = c.FindOrg(*pid);
            }
            done[i] = true;
            progress = true;
            v1::Org org = row.record;
            if (auto existing = c.FindOrgByCode(org.code())) {
              if (first_line_of_code[org.code()] == row.line) {
                outcome.errors.push_back(
                    Problem(row.line, "code", "org code '" + org.code() + "' already exists"));
              }
              continue;
            }
            if (auto st = rules::CheckParent(org, parent); !st.ok()) {
              outcome.errors.push_back(ProblemFromStatus(row.line, st));
              continue;
            }
            if (org.established_on().empty()) org.set_established_on(FormatDate(today));
            if (auto d = ParseDate(org.established_on()); d && *d > today) {
              outcome.errors.push_back(Problem(row.line, "established_on", "is after today"));
              continue;
            }
            org.set_id(c.NextOrgId());
            org.set_state(v1::ORG_ACTIVE);
            org.set_etag("1");
            if (parent) {
              org.set_parent_id(parent->id());
              org.set_parent_code(parent->code());
            }
            c.RecordOrgEvent("OrgCreated", nullptr, org, org.established_on(), "import");
            ++outcome.imported;
          }
        }
        for (size_t i = 0; i < rows.size(); ++i) {
          if (!done[i]) {
            outcome.errors.push_back(
                Problem(rows[i].line, "parent_code",
                        "no org '" + rows[i].parent_code +
                            "' in the registry or among this file's valid rows"));
          }
        }
        if (!outcome.errors.empty()) {
          return absl::InvalidArgumentError("import has errors");
        }
        outcome.first_seq = c.first_seq();
        outcome.last_seq = c.last_seq();
        report.set_applied(!validate_only);
        report.set_rows(static_cast<int64_t>(rows.size()));
        report.set_imported(outcome.imported);
        report.set_first_event_seq(validate_only ? 0 : outcome.first_seq);
        report.set_last_event_seq(validate_only ? 0 : outcome.last_seq);
        return absl::OkStatus();
      });
  if (!s.ok() && outcome.errors.empty()) return s;
  // The report says what was written (fresh, dry run or replayed from a retry record); after
  // errors it is empty: nothing was imported and no event exists.
  outcome.imported = report.imported();
  outcome.first_seq = report.first_event_seq();
  outcome.last_seq = report.last_event_seq();
  std::sort(outcome.errors.begin(), outcome.errors.end(),
            [](const auto& a, const auto& b) { return a.line() < b.line(); });
  return outcome;
}

namespace {

using MemberRows = std::vector<ImportRow<v1::Member>>;

// The checks of a row's own fields, which need no state: rows that fail them are reported and
// dropped, the rest kept in place, in file order (a second vector of a million rows would be ~200
// MB). Rows are independent here: checked on every core.
void KeepRowsWithValidFields(MemberRows* rows, const Date& today,
                             std::vector<v1::ImportProblem>* errors) {
  std::vector<absl::Status> checks(rows->size());
  RunInChunks(rows->size(), [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      checks[i] = rules::ValidateNewMember(&(*rows)[i].record, today);
    }
  });
  size_t kept = 0;
  for (size_t i = 0; i < rows->size(); ++i) {
    if (!checks[i].ok()) {
      errors->push_back(ProblemFromStatus((*rows)[i].line, checks[i]));
    } else {
      if (kept != i) (*rows)[kept] = std::move((*rows)[i]);
      ++kept;
    }
  }
  rows->erase(rows->begin() + static_cast<std::ptrdiff_t>(kept), rows->end());
}

// The checks against the file and the registry, reported in file order (so that "first on line N"
// is the earlier line): numbers and IDs repeated within the file, then placement and numbers or
// IDs already registered. Returns the rows that passed, placed (org and group ids filled in).
std::vector<ImportRow<v1::Member>*> PlaceRows(const Change& c, MemberRows& rows,
                                              std::vector<v1::ImportProblem>* errors) {
  // Where each row goes and whether the registry already has its number or ID depend on nothing
  // but the change as it stands: checked on all cores first.
  std::vector<absl::Status> placements(rows.size());
  RunInChunks(rows.size(), [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      placements[i] = PlaceNewMember(c, &rows[i].record, "");
    }
  });
  // Keys point into the rows, which outlive this pass.
  absl::flat_hash_map<std::string_view, int> line_of_no, line_of_nid;
  line_of_no.reserve(rows.size());
  line_of_nid.reserve(rows.size());
  std::vector<ImportRow<v1::Member>*> placed;
  placed.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ImportRow<v1::Member>& row = rows[i];
    const v1::Member& m = row.record;
    auto [no_it, no_new] = line_of_no.emplace(m.member_no(), row.line);
    if (!no_new) {
      errors->push_back(Problem(row.line, "member_no",
                                "'" + m.member_no() + "' appears again (first on line " +
                                    std::to_string(no_it->second) + ")"));
      continue;
    }
    auto [nid_it, nid_new] = line_of_nid.emplace(m.national_id(), row.line);
    if (!nid_new) {
      errors->push_back(Problem(row.line, "national_id",
                                "the same ID number as line " + std::to_string(nid_it->second)));
      continue;
    }
    if (!placements[i].ok()) {
      errors->push_back(ProblemFromStatus(row.line, placements[i]));
      continue;
    }
    placed.push_back(&row);
  }
  return placed;
}

// Registers the placed members, one event each, grouped by placement (file order within one), so
// that new ids, placement keys and event seqs all rise together: a bulk load streams each of those
// families to disk in key order instead of holding it. Each placement's counts go up the tree
// once. Returns how many were registered.
int64_t RecordMembers(Change& c, std::vector<ImportRow<v1::Member>*> placed,
                      const std::string& effective) {
  std::stable_sort(placed.begin(), placed.end(), [](const auto* a, const auto* b) {
    return Change::Placement(a->record) < Change::Placement(b->record);
  });
  int64_t recorded = 0;
  v1::Counters counts;
  uint64_t counted = 0;
  for (auto* row : placed) {
    v1::Member& m = row->record;
    if (Change::Placement(m) != counted) {
      c.AddMemberCounts(counted, counts);
      counts.Clear();
      counted = Change::Placement(m);
    }
    m.set_id(c.NextMemberId());
    m.set_status(v1::ACTIVE);
    m.set_status_date(m.joined_on());
    m.set_etag("1");
    c.RecordNewMember("MemberRegistered", m, effective, "import", &counts);
    ++recorded;
    // The batch or the files hold the record now; on a large file the parsed copies would
    // otherwise double what the import keeps in memory. Freed small blocks stay in the heap, so
    // hand the pages back from time to time.
    m = v1::Member();
    if (recorded % kTrimEveryMembers == 0) malloc_trim(0);
  }
  c.AddMemberCounts(counted, counts);
  return recorded;
}

}  // namespace

absl::StatusOr<ImportOutcome> Registry::ImportMembers(const CallMeta& call, MemberRows rows,
                                                      bool validate_only, uint64_t fingerprint) {
  ImportOutcome outcome;
  const Date today = clock_->Today();
  const size_t row_count = rows.size();
  // Before taking the writer lock. Rows that fail are left out of the checks below, which still
  // run so that every bad row is reported at once.
  KeepRowsWithValidFields(&rows, today, &outcome.errors);

  v1::ImportReport report;
  absl::Status s =
      Mutate(call, "ImportMembers", ImportFingerprint("members", fingerprint, validate_only),
             validate_only, &report, [&](Change& c) {
               std::vector<ImportRow<v1::Member>*> placed = PlaceRows(c, rows, &outcome.errors);
               // Nothing is recorded unless every row has passed.
               if (!outcome.errors.empty()) return absl::InvalidArgumentError("import has errors");
               report.set_applied(!validate_only);
               report.set_rows(static_cast<int64_t>(row_count));
               if (validate_only) {
                 // Every check has passed: a dry run stops here. Recording the events would only
                 // build a batch as large as the file's records, to be thrown away.
                 report.set_imported(static_cast<int64_t>(placed.size()));
                 return absl::OkStatus();
               }
               c.ReserveNewMembers(placed.size());
               const int64_t bulk_min = store_->options().bulk_load_min_records;
               if (bulk_min > 0 && static_cast<int64_t>(placed.size()) >= bulk_min) {
                 RETURN_IF_ERROR(
                     c.WriteThroughBulkLoad({storage::Cf::kMembers, storage::Cf::kMemberByPlacement,
                                             storage::Cf::kEvents, storage::Cf::kEventsByEntity}));
               } else {
                 c.ReserveBatch(placed.size() * kBatchBytesPerMember);
               }
               outcome.imported = RecordMembers(c, std::move(placed), FormatDate(today));
               // The emptied rows (a few hundred bytes each) need not stay for the write.
               MemberRows().swap(rows);
               malloc_trim(0);
               report.set_imported(outcome.imported);
               report.set_first_event_seq(c.first_seq());
               report.set_last_event_seq(c.last_seq());
               return absl::OkStatus();
             });
  if (!s.ok() && outcome.errors.empty()) return s;
  outcome.imported = report.imported();
  outcome.first_seq = report.first_event_seq();
  outcome.last_seq = report.last_event_seq();
  // Field errors were found before the rest: report them all in line order.
  std::stable_sort(outcome.errors.begin(), outcome.errors.end(),
                   [](const auto& a, const auto& b) { return a.line() < b.line(); });
  return outcome;
}

}  // namespace orgtree::registry
