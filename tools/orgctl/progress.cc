#include "tools/orgctl/progress.h"

#include <unistd.h>

#include <cstdio>

namespace orgctl {

Progress::Progress(std::string verb, uint64_t total)
    : verb_(std::move(verb)), total_(total), enabled_(isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  // End the line the carriage returns kept rewriting, so the next output starts clean.
  if (printed_) std::fputc('\n', stderr);
}

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  printed_ = true;
  auto d = static_cast<unsigned long long>(done);
  if (total_ > 0) {
    std::fprintf(stderr, "\r%s %llu / %llu bytes (%llu%%)", verb_.c_str(), d,
                 static_cast<unsigned long long>(total_), d * 100 / total_);
  } else {
    std::fprintf(stderr, "\r%s %llu bytes", verb_.c_str(), d);
  }
  std::fflush(stderr);
}

}  // namespace orgctl
