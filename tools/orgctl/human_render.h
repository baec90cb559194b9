#pragma once

// Plain-text output: key/value records, aligned tables and the one-line forms of orgs, events
// and import problems. Stable so that scripts and end-to-end tests can parse it.

#include <google/protobuf/message.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "orgtree/v1/orgtree.pb.h"

namespace orgctl {

// Terminal columns `utf8` occupies: CJK characters take two, so Chinese names still line up.
std::size_t DisplayWidth(std::string_view utf8);

// Columns separated by two spaces and padded by display width; empty cells print as "-" so every
// row splits into the same number of words.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// One "field: value" line per field (nested messages as "field.sub: value", lists joined with
// ", ", maps as "key=value" pairs), in proto field order, keys aligned.
void PrintRecord(const google::protobuf::Message& message, std::ostream& out);

// "CODE name (type)".
std::string OrgLabel(const orgtree::v1::Org& org);

// " [dissolved]" for a dissolved org, else "": appended last so line prefixes stay fixed.
std::string DissolvedMark(const orgtree::v1::Org& org);

// "line N, column NAME: reason" as the CSV conventions word it.
std::string ProblemText(const orgtree::v1::ImportProblem& problem);

// 4056 → "4,056", -1234567 → "-1,234,567": counts as officers read them in reports.
std::string WithThousands(int64_t n);

// `text`, or "-" when empty.
std::string OrDash(const std::string& text);

}  // namespace orgctl
