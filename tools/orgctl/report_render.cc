#include "tools/orgctl/report_render.h"

#include <set>

#include "services/common/enum_words.h"
#include "tools/orgctl/errors.h"

namespace orgctl {
namespace {

// The inside of a DOT double-quoted string. Graphviz reads "\n" inside one as a line break, so
// real line breaks in names become that escape rather than ending the string.
std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string Quoted(const std::string& text) { return '"' + Escaped(text) + '"'; }

}  // namespace

ReportFormat ChooseReportFormat(const Session& session, bool csv, bool dot) {
  if (static_cast<int>(csv) + static_cast<int>(dot) + static_cast<int>(session.json()) > 1) {
    throw UsageError("give only one of --csv, --json" + std::string(dot ? ", --dot" : ""));
  }
  if (csv) return ReportFormat::kCsv;
  if (dot) return ReportFormat::kDot;
  return session.json() ? ReportFormat::kJson : ReportFormat::kText;
}

std::string TreeDot(const orgtree::v1::TreeReport& report) {
  std::string out = "digraph orgtree {\n  node [shape=box];\n";
  std::set<std::string> shown;
  for (const auto& n : report.nodes()) {
    shown.insert(n.code());
    // Lines of the box, joined by DOT's "\n" escape.
    std::string label = Escaped(n.code() + " " + n.name()) + "\\n" + orgtree::EnumWord(n.type()) +
                        ", " + std::to_string(n.current_members()) + " members (" +
                        std::to_string(n.full()) + " full, " + std::to_string(n.probationary()) +
                        " probationary)";
    if (!n.secretary().empty()) label += "\\nsecretary: " + Escaped(n.secretary());
    out += "  " + Quoted(n.code()) + " [label=\"" + label + "\"];\n";
  }
  for (const auto& n : report.nodes()) {
    if (shown.count(n.parent_code()) > 0) {
      out += "  " + Quoted(n.parent_code()) + " -> " + Quoted(n.code()) + ";\n";
    }
  }
  return out + "}\n";
}

}  // namespace orgctl
