// Fuzz target for robots.txt parsing and matching: any bytes give rules, and
// the rules answer consistently. The first line is the path to test, the
// rest the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fetch/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t eol = input.find('\n');
  const std::string_view path =
      eol == std::string_view::npos ? "/" : input.substr(0, eol);
  const std::string_view body =
      eol == std::string_view::npos ? input : input.substr(eol + 1);
  for (const char* agent : {"newsline/0.1", "*", ""}) {
    const newsline::RobotsRules rules =
        newsline::RobotsRules::Parse(body, agent);
    const bool allowed = rules.IsAllowed(path);
    if (rules.IsAllowed(path) != allowed) std::abort();
    if (!rules.IsAllowed("/robots.txt")) std::abort();
    if (rules.crawl_delay_ms() && *rules.crawl_delay_ms() < 0) std::abort();
  }
  return 0;
}
