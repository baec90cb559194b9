#pragma once

// The one injectable clock: the server's "today" and event timestamps come from here and nowhere
// else, so tests and demos can fix the date with a flag.

#include <optional>
#include <string>

#include "services/common/date.h"

namespace orgtree {

// Thread-safe: immutable after construction.
class Clock {
 public:
  // `fixed_today` set: Today() always returns it, and timestamps fall on that day (the real time of
  // day is kept so that event times still advance).
  explicit Clock(std::optional<Date> fixed_today = std::nullopt) : fixed_today_(fixed_today) {}

  Date Today() const;
  // RFC 3339 timestamp with the +08:00 offset, millisecond precision.
  std::string NowRfc3339() const;

 private:
  std::optional<Date> fixed_today_;
};

}  // namespace orgtree
