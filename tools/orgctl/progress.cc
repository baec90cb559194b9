#include "tools/orgctl/progress.h"

#include <unistd.h>

#include <cstdio>

namespace orgctl {

Progress::Progress(std::string verb, uint64_t total, std::string unit)
    : verb_(std::move(verb)),
      total_(total),
      unit_(std::move(unit)),
      enabled_(isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  // End the line the carriage returns kept rewriting, so the next output starts clean.
  if (printed_) std::fputc('\n', stderr);
}

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  printed_ = true;
  auto d = static_cast<unsigned long long>(done);
  if (total_ > 0) {
    std::fprintf(stderr, "\r%s %llu / %llu %s (%llu%%)", verb_.c_str(), d,
                 static_cast<unsigned long long>(total_), unit_.c_str(), d * 100 / total_);
  } else {
    std::fprintf(stderr, "\r%s %llu %s", verb_.c_str(), d, unit_.c_str());
  }
  std::fflush(stderr);
}

}  // namespace orgctl
