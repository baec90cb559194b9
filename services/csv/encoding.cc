#include "services/csv/encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace orgtree::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Owns an iconv descriptor so every exit path (including errors mid-conversion) closes it.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// Where a conversion stopped and why; `offset` indexes the input.
struct ConvertError {
  enum Kind { kNone, kInvalid, kTruncated, kUnavailable } kind = kNone;
  size_t offset = 0;
};

// Converts all of `in`, growing the output as needed. On failure returns the partial output and
// fills `err`; callers turn that into a message in their own terms.
std::string Convert(const char* to, const char* from, std::string_view in, ConvertError& err) {
  err = {};
  Iconv cd(to, from);
  if (!cd.ok()) {
    err.kind = ConvertError::kUnavailable;
    return {};
  }
  std::string out(in.size() * 2 + 16, '\0');
  // iconv's prototype takes char** but never writes through the input pointer.
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const auto grow = [&] {
    size_t used = static_cast<size_t>(out_ptr - out.data());
    out.resize(out.size() * 2);
    out_ptr = out.data() + used;
    out_left = out.size() - used;
  };
  constexpr size_t kFailed = static_cast<size_t>(-1);
  while (in_left > 0) {
    if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) != kFailed) continue;
    if (errno == E2BIG) {
      grow();
      continue;
    }
    err.kind = errno == EINVAL ? ConvertError::kTruncated : ConvertError::kInvalid;
    err.offset = static_cast<size_t>(in_ptr - in.data());
    out.resize(static_cast<size_t>(out_ptr - out.data()));
    return out;
  }
  // Flushes any shift state. GB18030 and UTF-8 have none, but this keeps Convert correct for
  // stateful encodings at no cost.
  while (iconv(cd.get(), nullptr, nullptr, &out_ptr, &out_left) == kFailed && errno == E2BIG) {
    grow();
  }
  out.resize(static_cast<size_t>(out_ptr - out.data()));
  return out;
}

// 1-based line of byte `offset`. Counting 0x0A is safe in GB18030 too: its multi-byte sequences
// never use bytes below 0x30.
int LineAt(std::string_view bytes, size_t offset) {
  offset = std::min(offset, bytes.size());
  return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 if it is invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // Allowed range of the second byte.
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // Overlong.
    if (b0 == 0xED) hi = 0x9F;  // Surrogates.
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // Overlong.
    if (b0 == 0xF4) hi = 0x8F;  // Above U+10FFFF.
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

// Offset of the first byte that is not part of valid UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // Most of a roster is ASCII (numbers, dates, codes): pass eight such bytes at a time.
    uint64_t word;
    if (i + sizeof(word) <= s.size()) {
      std::memcpy(&word, s.data() + i, sizeof(word));
      if ((word & 0x8080808080808080ull) == 0) {
        i += sizeof(word);
        continue;
      }
    }
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

// UTF-8 input needs no conversion: its text is the bytes after the BOM.
absl::StatusOr<std::string_view> CheckUtf8(std::string_view bytes) {
  const size_t skip = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  std::string_view body = bytes.substr(skip);
  size_t bad = FirstInvalidUtf8(body);
  if (bad != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "line %d: invalid UTF-8 at byte offset %d; save the file as \"CSV UTF-8\" or import it "
        "as GB18030",
        LineAt(bytes, skip + bad), skip + bad));
  }
  return body;
}

absl::StatusOr<std::string> DecodeGb18030(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) {
    // Decoding would "succeed" and produce mojibake; the BOM says plainly what the file is.
    return absl::InvalidArgumentError(
        "line 1: file starts with a UTF-8 byte-order mark but GB18030 was requested; import it "
        "as UTF-8");
  }
  ConvertError err;
  std::string out = Convert("UTF-8", "GB18030", bytes, err);
  switch (err.kind) {
    case ConvertError::kNone:
      break;
    case ConvertError::kInvalid:
      return absl::InvalidArgumentError(
          absl::StrFormat("line %d: bytes at offset %d are not valid GB18030 text",
                          LineAt(bytes, err.offset), err.offset));
    case ConvertError::kTruncated:
      return absl::InvalidArgumentError(
          absl::StrFormat("line %d: file ends in the middle of a GB18030 character (offset %d)",
                          LineAt(bytes, err.offset), err.offset));
    case ConvertError::kUnavailable:
      return absl::InternalError("iconv cannot convert GB18030 to UTF-8 on this system");
  }
  // GB18030 has its own encoding of U+FEFF (84 31 95 33); drop it like the UTF-8 BOM.
  if (out.starts_with(kUtf8Bom)) out.erase(0, kUtf8Bom.size());
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  return FirstInvalidUtf8(bytes) == std::string_view::npos;
}

absl::StatusOr<std::string_view> DecodeToUtf8(std::string_view bytes, Encoding enc,
                                              std::string* converted) {
  auto convert = [&]() -> absl::StatusOr<std::string_view> {
    absl::StatusOr<std::string> gb = DecodeGb18030(bytes);
    if (!gb.ok()) return gb.status();
    *converted = *std::move(gb);
    return std::string_view(*converted);
  };
  switch (enc) {
    case Encoding::kUtf8:
      return CheckUtf8(bytes);
    case Encoding::kGb18030:
      return convert();
    case Encoding::kAuto:
      break;
  }
  // A BOM is an explicit claim of UTF-8, so a bad byte after it is an error, not a hint to try
  // GB18030. Without one, valid UTF-8 wins: GBK text of any length is very unlikely to be valid
  // UTF-8 by accident, while plain ASCII is the same in both.
  if (bytes.starts_with(kUtf8Bom)) return CheckUtf8(bytes);
  if (IsValidUtf8(bytes)) return bytes;
  absl::StatusOr<std::string_view> gb = convert();
  if (!gb.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("file is neither UTF-8 nor GB18030/GBK: ", gb.status().message()));
  }
  return gb;
}

absl::StatusOr<std::string> DecodeToUtf8(std::string_view bytes, Encoding enc) {
  std::string converted;
  absl::StatusOr<std::string_view> text = DecodeToUtf8(bytes, enc, &converted);
  if (!text.ok()) return text.status();
  if (text->data() == converted.data()) return converted;
  return std::string(*text);
}

absl::StatusOr<std::string> EncodeGb18030(std::string_view utf8) {
  size_t bad = FirstInvalidUtf8(utf8);
  if (bad != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrFormat("line %d: invalid UTF-8 at byte offset %d", LineAt(utf8, bad), bad));
  }
  ConvertError err;
  std::string out = Convert("GB18030", "UTF-8", utf8, err);
  if (err.kind == ConvertError::kUnavailable) {
    return absl::InternalError("iconv cannot convert UTF-8 to GB18030 on this system");
  }
  if (err.kind != ConvertError::kNone) {
    // GB18030 covers all of Unicode and the input was validated above, so this is iconv's fault.
    return absl::InternalError(
        absl::StrFormat("iconv failed to convert UTF-8 to GB18030 at byte offset %d", err.offset));
  }
  return out;
}

}  // namespace orgtree::csv
