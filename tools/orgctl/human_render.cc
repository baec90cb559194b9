#include "tools/orgctl/human_render.h"

#include <algorithm>

#include "services/common/enum_words.h"
#include "tools/orgctl/json_render.h"

namespace orgctl {
namespace {

// East Asian wide and fullwidth ranges (Unicode EastAsianWidth W/F), enough for names and
// punctuation officers type.
bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// A JSON value as it reads in a "key: value" line.
std::string ValueText(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const Json& item : value) {
      if (!out.empty()) out += ", ";
      out += item.is_object() ? item.dump() : ValueText(item);
    }
    return out;
  }
  if (value.is_object()) {
    std::string out;
    for (const auto& [key, item] : value.items()) {
      if (!out.empty()) out += ' ';
      out += key + "=" + ValueText(item);
    }
    return out;
  }
  return value.dump();
}

// Flattens nested messages into dotted keys. Maps (objects whose proto field is a map) stay one
// line; they are told apart from messages by the descriptor.
void Flatten(const google::protobuf::Message& message, const Json& json, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>* lines) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (const auto& [key, value] : json.items()) {
    const auto* field = descriptor->FindFieldByName(key);
    bool nested = field != nullptr && !field->is_repeated() &&
                  field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE &&
                  value.is_object();
    if (nested) {
      Flatten(reflection->GetMessage(message, field), value, prefix + key + ".", lines);
    } else {
      lines->emplace_back(prefix + key, ValueText(value));
    }
  }
}

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char lead = static_cast<unsigned char>(utf8[i]);
    int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1   ? lead
                 : length == 2 ? lead & 0x1F
                 : length == 3 ? lead & 0x0F
                               : lead & 0x07;
    for (int k = 1; k < length && i + k < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    width += IsWide(c) ? 2 : 1;
    i += length;
  }
  return width;
}

void Table::Print(std::ostream& out) const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(OrDash(row[c])));
    }
  }
  for (const auto& row : rows_) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string cell = OrDash(row[c]);
      line += cell;
      // No trailing blanks after the last column.
      if (c + 1 < row.size()) line += std::string(widths[c] - DisplayWidth(cell) + 2, ' ');
    }
    out << line << '\n';
  }
}

void PrintRecord(const google::protobuf::Message& message, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> lines;
  Flatten(message, MessageToJson(message), "", &lines);
  std::size_t width = 0;
  for (const auto& line : lines) width = std::max(width, line.first.size());
  for (const auto& [key, value] : lines) {
    std::string head = key + ":";
    if (value.empty()) {
      out << head << '\n';
    } else {
      out << head << std::string(width + 2 - head.size(), ' ') << value << '\n';
    }
  }
}

std::string OrgLabel(const orgtree::v1::Org& org) {
  return org.code() + " " + org.name() + " (" + orgtree::EnumWord(org.type()) + ")";
}

std::string DissolvedMark(const orgtree::v1::Org& org) {
  return org.state() == orgtree::v1::ORG_DISSOLVED ? " [dissolved]" : "";
}

std::string ProblemText(const orgtree::v1::ImportProblem& problem) {
  std::string where;
  if (problem.line() > 0) where = "line " + std::to_string(problem.line());
  if (!problem.column().empty()) {
    where += (where.empty() ? "" : ", ") + std::string("column ") + problem.column();
  }
  return where.empty() ? problem.reason() : where + ": " + problem.reason();
}

std::string WithThousands(int64_t n) {
  const uint64_t abs = n < 0 ? -static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(abs);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

}  // namespace orgctl
