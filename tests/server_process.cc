#include "tests/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace orgtree::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

ServerProcess::ServerProcess(const std::string& data_dir, const std::string& today,
                             const std::vector<std::string>& extra) {
  const std::string out_path = data_dir + ".stdout";
  log_path_ = data_dir + ".stderr";
  std::vector<std::string> args = {ORGTREED_PATH, "--listen", "127.0.0.1:0", "--data-dir", data_dir,
                                   "--today",     today,      "--log-level", "info"};
  args.insert(args.end(), extra.begin(), extra.end());
  // A previous run's "listening on" line must not be mistaken for this one's.
  std::filesystem::remove(out_path);
  pid_ = fork();
  if (pid_ == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Wait (bounded) for the first stdout line: "orgtreed listening on HOST:PORT".
  for (int i = 0; i < 600 && address_.empty(); ++i) {
    std::string out = ReadAll(out_path);
    auto nl = out.find('\n');
    if (nl != std::string::npos) {
      address_ = out.substr(out.rfind(' ', nl) + 1, nl - out.rfind(' ', nl) - 1);
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("orgtreed exited at start: " + ReadAll(log_path_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (address_.empty()) throw std::runtime_error("orgtreed did not start: " + ReadAll(log_path_));
  channel_ = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
}

ServerProcess::~ServerProcess() { Stop(); }

int ServerProcess::Stop() {
  if (pid_ <= 0) return 0;
  // Close our connection first: an idle client that never answers the server's goodbye makes a
  // graceful shutdown wait for it.
  channel_.reset();
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  channel_.reset();
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::Log() const { return ReadAll(log_path_); }

namespace {

// Runs `binary` with `args`, capturing stdout and stderr.
CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args) {
  TempDir dir;
  std::string cmd = ShellQuote(binary);
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  cmd += " >" + dir.path() + "/out 2>" + dir.path() + "/err </dev/null";
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadAll(dir.path() + "/out");
  r.err = ReadAll(dir.path() + "/err");
  return r;
}

}  // namespace

CommandResult RunOrgctl(const std::string& server, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--server", server};
  all.insert(all.end(), args.begin(), args.end());
  return RunCommand(ORGCTL_PATH, all);
}

CommandResult RunOrgtreed(const std::vector<std::string>& args) {
  return RunCommand(ORGTREED_PATH, args);
}

CommandResult RunLoadTool(const std::string& server, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--server", server};
  all.insert(all.end(), args.begin(), args.end());
  return RunCommand(ORGTREE_LOAD_PATH, all);
}

}  // namespace orgtree::testing
