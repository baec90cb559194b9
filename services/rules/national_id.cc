#include "services/rules/national_id.h"

#include <algorithm>

namespace orgtree::rules {

char NationalIdCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

absl::Status ValidateNationalId(std::string_view field, std::string_view id) {
  const std::string f(field);
  if (id.empty()) return absl::InvalidArgumentError(f + ": required");
  if (IsMaskedNationalId(id)) {
    return absl::InvalidArgumentError(f + ": is masked; the full ID number is needed");
  }
  if (id.size() != 18) {
    return absl::InvalidArgumentError(
        f + ": must be 18 characters (17 digits and a check digit or X), got " +
        std::to_string(id.size()));
  }
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') {
      return absl::InvalidArgumentError(f + ": character " + std::to_string(i + 1) +
                                        " must be a digit");
    }
  }
  if (!ParseDate(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                 std::string(id.substr(12, 2)))) {
    return absl::InvalidArgumentError(f + ": digits 7–14 are not a valid birth date");
  }
  char expected = NationalIdCheckChar(id.substr(0, 17));
  if (id[17] != expected) {
    return absl::InvalidArgumentError(f + ": check character is wrong (expected " +
                                      std::string(1, expected) + ")");
  }
  return absl::OkStatus();
}

Date NationalIdBirthDate(std::string_view id) {
  return Date(std::stoi(std::string(id.substr(6, 4))), std::stoi(std::string(id.substr(10, 2))),
              std::stoi(std::string(id.substr(12, 2))));
}

v1::Gender NationalIdGender(std::string_view id) {
  return ((id[16] - '0') % 2 == 1) ? v1::MALE : v1::FEMALE;
}

std::string MaskNationalId(std::string_view id) {
  std::string masked(id);
  MaskNationalIdInPlace(masked.data(), masked.size());
  return masked;
}

void MaskNationalIdInPlace(char* id, size_t size) {
  // An 18-character ID keeps its region code (6) and its last four; anything else is all stars.
  if (size != 18) {
    std::fill_n(id, size, '*');
    return;
  }
  std::fill_n(id + 6, 8, '*');
}

bool IsMaskedNationalId(std::string_view id) { return id.find('*') != std::string_view::npos; }

}  // namespace orgtree::rules
