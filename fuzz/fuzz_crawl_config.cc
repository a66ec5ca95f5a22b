// Fuzz target: a crawl.json document (crawl/config.h), and the --every
// duration parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawl/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = newsline::ParseCrawlConfig(text, "fuzz.json");
  if (config && config->sources.empty()) __builtin_trap();  // never accepted
  (void)newsline::ParseDurationSeconds(text.substr(0, 64));
  return 0;
}
