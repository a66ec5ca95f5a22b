// Fuzz target for URL normalization: any bytes give a URL or an error, and a
// normalized URL is a fixed point that parses for fetching.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fetch/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const newsline::Result<std::string>& url :
       {newsline::NormalizeUrl(input),
        newsline::ResolveUrl("https://news.example/a/b.html?x=1", input)}) {
    if (!url) continue;
    const newsline::Result<std::string> again = newsline::NormalizeUrl(*url);
    if (!again || *again != *url) std::abort();
    const newsline::Result<newsline::UrlParts> parts =
        newsline::ParseHttpUrl(*url);
    if (!parts || parts->host.empty() || newsline::UrlOrigin(*url).empty()) {
      std::abort();
    }
  }
  return 0;
}
