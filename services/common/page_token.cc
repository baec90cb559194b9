#include "services/common/page_token.h"

#include "absl/strings/escaping.h"

namespace orgtree {

std::string EncodePageToken(const std::vector<uint64_t>& cursor) {
  std::string raw;
  for (uint64_t v : cursor) {
    for (int i = 7; i >= 0; --i) raw.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::vector<uint64_t>> DecodePageToken(std::string_view token,
                                                      size_t expected_size) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw) ||
      raw.size() != expected_size * 8) {
    return absl::InvalidArgumentError("page_token: not a token this list returned");
  }
  std::vector<uint64_t> out(expected_size, 0);
  for (size_t i = 0; i < raw.size(); ++i) {
    out[i / 8] = (out[i / 8] << 8) | static_cast<uint8_t>(raw[i]);
  }
  return out;
}

absl::StatusOr<int> CheckPageSize(int page_size, int default_size, int max_size) {
  if (page_size < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (page_size > max_size) {
    return absl::InvalidArgumentError("page_size: at most " + std::to_string(max_size));
  }
  return page_size == 0 ? default_size : page_size;
}

}  // namespace orgtree
