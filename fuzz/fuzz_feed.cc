// Fuzz target for ParseFeed and DiscoverFeeds: any bytes must give items
// with unique absolute http(s) URLs and valid UTF-8 text, or an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "core/unicode.h"
#include "crawl/feeds.h"

namespace {

bool IsHttpUrl(std::string_view url) {
  return (url.starts_with("http://") || url.starts_with("https://")) &&
         newsline::FindInvalidUtf8(url) == std::string_view::npos;
}

bool IsText(std::string_view text) {
  return newsline::FindInvalidUtf8(text) == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kUrl = "https://fuzz.example.com/news/feed.xml";
  auto feed = newsline::ParseFeed(bytes, kUrl);
  if (feed) {
    std::set<std::string> seen;
    if (!IsText(feed->title) || feed->skipped < 0 || feed->duplicates < 0) {
      std::abort();
    }
    for (const newsline::FeedItem& item : feed->items) {
      if (!IsHttpUrl(item.url) || !seen.insert(item.url).second ||
          !IsText(item.title) || !IsText(item.published) ||
          !IsText(item.updated)) {
        std::abort();
      }
    }
  } else if (feed.error().message.empty() || feed.error().where != kUrl ||
             !IsText(feed.error().message)) {
    std::abort();
  }
  std::set<std::string> seen;
  for (const std::string& url : newsline::DiscoverFeeds(bytes, kUrl)) {
    if (!IsHttpUrl(url) || !seen.insert(url).second) std::abort();
  }
  return 0;
}
