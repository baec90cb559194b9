#pragma once

// A test fixture for orgctl end-to-end tests: the real orgtreed with the demo organisation on a
// loopback port (today 2026-11-25), and helpers to run orgctl against it.

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/server_process.h"

namespace orgtree::testing {

// The first line of `text` containing every one of `needles`, or "" when there is none: finds a
// row of orgctl's text output whatever its column widths.
inline std::string LineWith(const std::string& text, const std::vector<std::string>& needles) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    bool all = true;
    for (const auto& n : needles) all = all && line.find(n) != std::string::npos;
    if (all) return line;
  }
  return "";
}

class DemoServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() + "/data", "2026-11-25",
                                              std::vector<std::string>{"--demo"});
  }
  CommandResult Run(const std::vector<std::string>& args) {
    return RunOrgctl(server_->address(), args);
  }
  // Writes `content` to a file in the test's directory and returns its path.
  std::string File(const std::string& name, const std::string& content) {
    std::string path = dir_.path() + "/" + name;
    WriteFile(path, content);
    return path;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace orgtree::testing
