#pragma once

// How long an elected term may be: one bound shared by the server's election check, its
// --term-years-* flags and orgctl's --term-years option.

namespace orgtree::rules {

// The longest term, in years, an election or a default may give (the usual terms are 5 years for a
// committee and 3 for a general branch or branch).
inline constexpr int kMaxTermYears = 10;

}  // namespace orgtree::rules
