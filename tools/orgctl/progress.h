#pragma once

// Progress of imports and exports (bytes) and of server-side batches (members), on stderr and
// only when stderr is a terminal, so scripts and logs never see carriage-return noise.

#include <cstdint>
#include <string>

namespace orgctl {

class Progress {
 public:
  // `total` 0 = unknown (exports: the server does not announce a size); `unit` names what is
  // counted.
  Progress(std::string verb, uint64_t total, std::string unit = "bytes");
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Update(uint64_t done);

 private:
  std::string verb_;
  uint64_t total_;
  std::string unit_;
  bool enabled_;
  bool printed_ = false;
};

}  // namespace orgctl
