// The in-memory HostState: what a single `newsline fetch` run needs.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "fetch/fetcher.h"

namespace newsline {
namespace {

// One entry per origin and per host ever fetched: bounded by the sites a
// run touches, not by the URLs.
class MemoryHostState final : public HostState {
 public:
  std::optional<Robots> GetRobots(const std::string& origin) override {
    auto it = robots_.find(origin);
    if (it == robots_.end()) return std::nullopt;
    return it->second;
  }
  void PutRobots(const std::string& origin, const Robots& robots) override {
    robots_[origin] = robots;
  }
  int64_t NextAllowedMs(const std::string& host) override {
    auto it = next_allowed_.find(host);
    return it == next_allowed_.end() ? 0 : it->second;
  }
  void SetNextAllowedMs(const std::string& host, int64_t unix_ms) override {
    next_allowed_[host] = unix_ms;
  }

 private:
  std::unordered_map<std::string, Robots> robots_;
  std::unordered_map<std::string, int64_t> next_allowed_;
};

}  // namespace

std::unique_ptr<HostState> NewMemoryHostState() {
  return std::make_unique<MemoryHostState>();
}

}  // namespace newsline
