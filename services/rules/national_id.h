#pragma once

// Resident ID numbers (居民身份证号码), GB 11643-1999: 6-digit area code, 8-digit birth date,
// 3-digit sequence (odd = male), and a check character by ISO 7064 MOD 11-2 (0–9 or X).

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "orgtree/v1/orgtree.pb.h"
#include "services/common/date.h"

namespace orgtree::rules {

// The check character for the first 17 digits (which must be digits).
char NationalIdCheckChar(std::string_view first17);

// OK when `id` is 18 characters, 17 digits + the right check character (uppercase X), with a real
// birth date; otherwise INVALID_ARGUMENT saying which part is wrong. `field` names the request
// field.
absl::Status ValidateNationalId(std::string_view field, std::string_view id);

// For a valid id: the embedded birth date and gender.
Date NationalIdBirthDate(std::string_view id);
v1::Gender NationalIdGender(std::string_view id);

// "110101********123X": area code and the last four kept, the birth date and sequence hidden.
std::string MaskNationalId(std::string_view id);
// MaskNationalId in place, over `size` bytes at `id` (the mask has the length of the ID): for the
// paths that copy a stored record onto the wire and patch the copy instead of building strings.
void MaskNationalIdInPlace(char* id, size_t size);
bool IsMaskedNationalId(std::string_view id);

}  // namespace orgtree::rules
