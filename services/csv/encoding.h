#pragma once

// Byte-level encoding of uploaded spreadsheets. Chinese Excel saves "CSV" as GBK (a subset of
// GB18030) and "CSV UTF-8" with a byte-order mark, so imports must accept both and everything
// downstream works on UTF-8 only.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace orgtree::csv {

enum class Encoding {
  kAuto,     // UTF-8 if the bytes are valid UTF-8 (or start with a UTF-8 BOM), else GB18030.
  kUtf8,     // UTF-8, optional BOM.
  kGb18030,  // GB18030, which includes GBK and GB2312.
};

// Converts an uploaded file to UTF-8 without a BOM. Errors are INVALID_ARGUMENT and name the
// 1-based line and the byte offset of the first bad byte.
absl::StatusOr<std::string> DecodeToUtf8(std::string_view bytes, Encoding enc);
// The same without a copy of UTF-8 input: the text is a view into `bytes` (after any BOM), or
// into `*converted` when it had to be converted from GB18030.
absl::StatusOr<std::string_view> DecodeToUtf8(std::string_view bytes, Encoding enc,
                                              std::string* converted);

// Converts UTF-8 to GB18030 for files meant to be opened by Excel with a Chinese locale.
// INVALID_ARGUMENT if `utf8` is not valid UTF-8.
absl::StatusOr<std::string> EncodeGb18030(std::string_view utf8);

// Strict UTF-8: rejects overlong forms, UTF-16 surrogates and code points above U+10FFFF.
bool IsValidUtf8(std::string_view bytes);

}  // namespace orgtree::csv
