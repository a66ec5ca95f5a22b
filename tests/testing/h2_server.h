// A real HTTP/2 server over TLS on 127.0.0.1 for tests: nghttpd, from
// Debian's nghttp2-server package (scripts/setup.sh installs it), serving
// the files of a temporary folder with the test certificate in
// tests/fetch/data/tls (self-signed for 127.0.0.1; clients trust it through
// FetchOptions::ca_file). cpp-httplib speaks only HTTP/1.1.
//
// Tests run from the source folder (gtest_discover_tests' WORKING_DIRECTORY),
// so the certificate's relative path holds. Header-only, test code only.
#ifndef NEWSLINE_TESTS_TESTING_H2_SERVER_H_
#define NEWSLINE_TESTS_TESTING_H2_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace newsline::testing {

inline constexpr const char* kTestCertificate = "tests/fetch/data/tls/cert.pem";
inline constexpr const char* kTestKey = "tests/fetch/data/tls/key.pem";

class TestH2Server {
 public:
  TestH2Server(const TestH2Server&) = delete;
  TestH2Server& operator=(const TestH2Server&) = delete;
  ~TestH2Server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  // Serves `files` (path under the root -> contents). Null, with *why set,
  // when nghttpd is missing or does not come up.
  static std::unique_ptr<TestH2Server> Start(
      const std::map<std::string, std::string>& files, std::string* why) {
    if (!InPath("nghttpd")) {
      *why = "nghttpd not found (package nghttp2-server; run scripts/setup.sh)";
      return nullptr;
    }
    std::unique_ptr<TestH2Server> server(new TestH2Server());
    server->root_ = std::filesystem::temp_directory_path() /
                    ("newsline-h2-" + std::to_string(getpid()) + "-" +
                     std::to_string(reinterpret_cast<uintptr_t>(server.get())));
    std::filesystem::create_directories(server->root_);
    for (const auto& [path, contents] : files) {
      std::ofstream(server->root_ / path, std::ios::binary) << contents;
    }
    // A port the kernel just handed out is almost surely still free; try a
    // few in case another process took it meanwhile.
    for (int attempt = 0; attempt < 5; ++attempt) {
      const int port = FreePort();
      if (port <= 0) break;
      const pid_t pid = fork();
      if (pid < 0) break;
      if (pid == 0) {
        const std::string root = server->root_.string();
        const std::string port_arg = std::to_string(port);
        execlp("nghttpd", "nghttpd", "--address=127.0.0.1", "-d", root.c_str(),
               port_arg.c_str(), kTestKey, kTestCertificate,
               static_cast<char*>(nullptr));
        _exit(127);
      }
      bool exited = false;
      if (WaitUntilListening(pid, port, &exited)) {
        server->pid_ = pid;
        server->port_ = port;
        return server;
      }
      if (!exited) {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
      }
    }
    *why = "nghttpd did not start";
    return nullptr;
  }

  std::string base_url() const {
    return "https://127.0.0.1:" + std::to_string(port_);
  }

 private:
  TestH2Server() = default;

  static bool InPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t colon = dirs.find(':', start);
      if (colon == std::string::npos) colon = dirs.size();
      const std::string dir = dirs.substr(start, colon - start);
      if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) {
        return true;
      }
      start = colon + 1;
    }
    return false;
  }

  static int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    close(fd);
    return port;
  }

  // Polls until the port accepts connections, the child exits (reaped;
  // *exited set), or 10 s pass (sanitizer builds start slowly).
  static bool WaitUntilListening(pid_t pid, int port, bool* exited) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid, nullptr, WNOHANG) == pid) {
        *exited = true;
        return false;
      }
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) return false;
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(port));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool up =
          connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      close(fd);
      if (up) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  std::filesystem::path root_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_TESTING_H2_SERVER_H_
