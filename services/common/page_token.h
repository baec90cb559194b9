#pragma once

// Opaque page tokens: a few unsigned integers (a cursor position), web-safe base64 encoded.
// Clients must treat them as opaque; the server rejects a token it cannot read.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace orgtree {

std::string EncodePageToken(const std::vector<uint64_t>& cursor);
// INVALID_ARGUMENT("page_token: …") unless `token` decodes to exactly `expected_size` integers.
absl::StatusOr<std::vector<uint64_t>> DecodePageToken(std::string_view token, size_t expected_size);

// page_size 0 → default; negative or above the maximum → INVALID_ARGUMENT.
absl::StatusOr<int> CheckPageSize(int page_size, int default_size, int max_size);

}  // namespace orgtree
