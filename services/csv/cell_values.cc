#include "services/csv/cell_values.h"

#include <charconv>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "services/csv/csv_reader.h"

namespace orgtree::csv {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2999;
constexpr std::string_view kYear = "年";
constexpr std::string_view kMonth = "月";
constexpr std::string_view kDay = "日";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// A field of `min_len`..`max_len` ASCII digits.
std::optional<int> Number(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len || !AllDigits(s)) return std::nullopt;
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Splits "2020-6-1" / "2020/6" / "2020年6月1日" into numeric fields (not yet checked). Returns
// no fields for mixed or unknown separators, so "2020-6/1" is rejected rather than guessed.
std::vector<std::string_view> SplitDateFields(std::string_view cell) {
  if (size_t y = cell.find(kYear); y != std::string_view::npos) {
    std::vector<std::string_view> fields = {cell.substr(0, y)};
    std::string_view rest = cell.substr(y + kYear.size());
    size_t m = rest.find(kMonth);
    if (m == std::string_view::npos) return {};
    fields.push_back(rest.substr(0, m));
    rest.remove_prefix(m + kMonth.size());
    if (!rest.empty()) {
      if (rest.ends_with(kDay)) rest.remove_suffix(kDay.size());
      fields.push_back(rest);
    }
    return fields;
  }
  for (char sep : {'-', '/', '.'}) {
    if (cell.find(sep) != std::string_view::npos) return Split(cell, sep);
  }
  return {};
}

std::optional<int> Year(std::string_view s) {
  std::optional<int> y = Number(s, 4, 4);
  if (!y || *y < kMinYear || *y > kMaxYear) return std::nullopt;
  return y;
}

// The digits of `s` with thousands separators removed; the separators must group by three.
std::optional<std::string> UngroupedDigits(std::string_view s) {
  std::vector<std::string_view> groups = Split(s, ',');
  std::string digits;
  for (size_t g = 0; g < groups.size(); ++g) {
    // "3,5" is a European decimal and "30,00" a typo; reading either as an integer is wrong.
    bool ok = g == 0 ? groups.size() == 1 || groups[g].size() <= 3 : groups[g].size() == 3;
    if (!ok || !AllDigits(groups[g])) return std::nullopt;
    digits.append(groups[g]);
  }
  return digits;
}

// True for Excel's rendering of a large number, e.g. "3.60102E+17".
bool IsScientificNotation(std::string_view s) {
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  std::string_view mantissa = s.substr(0, e);
  std::string_view exponent = s.substr(e + 1);
  if (exponent.starts_with('+')) exponent.remove_prefix(1);
  size_t dot = mantissa.find('.');
  bool mantissa_ok = dot == std::string_view::npos ? AllDigits(mantissa)
                                                   : AllDigits(mantissa.substr(0, dot)) &&
                                                         AllDigits(mantissa.substr(dot + 1));
  return mantissa_ok && AllDigits(exponent);
}

// "-07": dates are formatted by hand because an import formats a few for every one of a million
// rows, and absl::StrFormat's generic machinery was a visible share of the parse.
void AppendTwoDigits(int v, std::string* out) {
  out->push_back('-');
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

// "2024-07" for a year of four digits (Year() accepts no other).
std::string YearMonth(int y, int m) {
  std::string out = std::to_string(y);
  AppendTwoDigits(m, &out);
  return out;
}

}  // namespace

// The value of a cell already in the canonical form ("2024-07-01"), or nullopt for anything
// else. Most cells of a file exported by this service or by a careful officer are, and an import
// reads three dates a row.
static std::optional<std::string> CanonicalDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return std::nullopt;
  }
  const auto two = [&](size_t i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); };
  const int y = two(0) * 100 + two(2), m = two(5), d = two(8);
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return std::nullopt;
  }
  return std::string(s);
}

std::optional<std::string> NormalizeDate(std::string_view cell) {
  if (auto canonical = CanonicalDate(cell)) return canonical;
  std::vector<std::string_view> f = SplitDateFields(TrimCell(cell));
  if (f.size() != 3) return std::nullopt;
  std::optional<int> y = Year(f[0]);
  std::optional<int> m = Number(f[1], 1, 2);
  std::optional<int> d = Number(f[2], 1, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > DaysInMonth(*y, *m)) {
    return std::nullopt;
  }
  std::string out = YearMonth(*y, *m);
  AppendTwoDigits(*d, &out);
  return out;
}

std::optional<std::string> NormalizeMonth(std::string_view cell) {
  std::vector<std::string_view> f = SplitDateFields(TrimCell(cell));
  if (f.size() != 2) return std::nullopt;
  std::optional<int> y = Year(f[0]);
  std::optional<int> m = Number(f[1], 1, 2);
  if (!y || !m || *m < 1 || *m > 12) return std::nullopt;
  return YearMonth(*y, *m);
}

absl::StatusOr<std::string> NormalizeNationalIdCell(std::string_view cell) {
  std::string_view s = TrimCell(cell);
  // Officers type a leading ' to stop Excel turning the ID into a number.
  if (s.starts_with('\'')) s = TrimCell(s.substr(1));
  if (s.empty()) return absl::InvalidArgumentError("national ID is empty");

  // IDs are personal data and errors end up in logs, so messages leave the value out. The
  // scientific form has already lost most digits, so showing it is safe and helps recognise it.
  if (IsScientificNotation(s)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "national ID \"%s\" was converted to a number by Excel, which dropped digits; format the "
        "column as text and enter the full 18-character ID again",
        s));
  }
  if (s.size() == 15 && AllDigits(s)) {
    return absl::InvalidArgumentError(
        "15-digit national IDs (old format) are not accepted; enter the 18-digit ID");
  }
  std::string id(s);
  if (id.size() == 18 && id.back() == 'x') id.back() = 'X';
  if (id.size() != 18 || !AllDigits(std::string_view(id).substr(0, 17)) ||
      !(IsDigit(id.back()) || id.back() == 'X')) {
    return absl::InvalidArgumentError(
        "national ID must be 18 characters: 17 digits and a check digit or X");
  }
  return id;
}

std::optional<int64_t> ParseYuanToFen(std::string_view cell) {
  std::string_view s = TrimCell(cell);
  std::string_view whole = s;
  std::string_view fraction;
  if (size_t dot = s.find('.'); dot != std::string_view::npos) {
    whole = s.substr(0, dot);
    fraction = s.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 2 || !AllDigits(fraction)) return std::nullopt;
  }
  std::optional<std::string> digits = UngroupedDigits(whole);
  // 15 digits of yuan is far beyond any dues or salary and keeps fen well inside int64.
  if (!digits || digits->size() > 15) return std::nullopt;
  int64_t fen = 0;
  for (char c : *digits) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (!fraction.empty()) {
    fen += (fraction[0] - '0') * 10;
    if (fraction.size() == 2) fen += fraction[1] - '0';
  }
  return fen;
}

std::optional<int64_t> ParseInteger(std::string_view cell) {
  std::string_view s = TrimCell(cell);
  std::string_view digits = s.starts_with('-') ? s.substr(1) : s;
  // from_chars would stop quietly at the first non-digit ("4.0" → 4); require digits only.
  if (!AllDigits(digits)) return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;  // Overflow.
  return n;
}

}  // namespace orgtree::csv
