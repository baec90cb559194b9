#include "services/common/clock.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace orgtree {
namespace {

const absl::TimeZone& ChinaStandardTime() {
  static const absl::TimeZone* tz = new absl::TimeZone(absl::FixedTimeZone(8 * 3600));
  return *tz;
}

}  // namespace

Date Clock::Today() const {
  if (fixed_today_) return *fixed_today_;
  return absl::ToCivilDay(absl::Now(), ChinaStandardTime());
}

std::string Clock::NowRfc3339() const {
  absl::Time now = absl::Now();
  absl::CivilSecond cs = absl::ToCivilSecond(now, ChinaStandardTime());
  Date day = fixed_today_ ? *fixed_today_ : absl::CivilDay(cs);
  int64_t millis = absl::ToInt64Milliseconds(now - absl::FromUnixSeconds(absl::ToUnixSeconds(now)));
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%03d+08:00", day.year(), day.month(),
                         day.day(), cs.hour(), cs.minute(), cs.second(), millis);
}

}  // namespace orgtree
