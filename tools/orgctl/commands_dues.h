#pragma once

// Helpers shared by the dues commands (commands_dues.cc, commands_dues_statement.cc).

#include <string>

#include "orgtree/v1/dues.grpc.pb.h"

namespace orgctl {

// Fen as yuan with two decimals: 150 → "1.50" (integers only, never floating point).
std::string Yuan(int64_t fen);

std::string DuesProblemText(const orgtree::v1::DuesProblem& problem);

}  // namespace orgctl
