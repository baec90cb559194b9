#pragma once

// Data helpers shared by the tests: valid national IDs and GB18030 bytes, built independently of
// the code under test.

#include <iconv.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "services/rules/national_id.h"

namespace orgtree::testing {

// A valid 18-character ID for a birth date "YYYYMMDD" and a sequence number (odd = male).
inline std::string TestNationalId(std::string_view yyyymmdd, int seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "110101%.8s%03d", std::string(yyyymmdd).c_str(), seq % 1000);
  return std::string(buf) + rules::NationalIdCheckChar(buf);
}

// UTF-8 → GB18030 with glibc's iconv (an empty string if iconv fails).
inline std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string in = utf8;
  std::string out(in.size() * 4 + 16, '\0');
  char* in_ptr = in.data();
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return "";
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace orgtree::testing
