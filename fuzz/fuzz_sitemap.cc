// Fuzz target for ParseSitemap: any bytes (gzipped or not) must give
// entries with unique absolute http(s) URLs and valid UTF-8 text, or an
// error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "core/unicode.h"
#include "crawl/feeds.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kUrl = "https://fuzz.example.com/sitemap.xml";
  auto sitemap = newsline::ParseSitemap(bytes, kUrl);
  const auto is_text = [](std::string_view s) {
    return newsline::FindInvalidUtf8(s) == std::string_view::npos;
  };
  if (!sitemap) {
    if (sitemap.error().message.empty() || sitemap.error().where != kUrl ||
        !is_text(sitemap.error().message)) {
      std::abort();
    }
    return 0;
  }
  std::set<std::string> seen;
  for (const newsline::SitemapEntry& e : sitemap->entries) {
    if (!(e.url.starts_with("http://") || e.url.starts_with("https://")) ||
        !seen.insert(e.url).second || !is_text(e.url) || !is_text(e.lastmod) ||
        !is_text(e.news_title) || !is_text(e.news_published) ||
        !is_text(e.news_language)) {
      std::abort();
    }
  }
  return 0;
}
