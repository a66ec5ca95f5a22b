// Reading what news sites publish about their articles: feeds (RSS 2.0,
// Atom, RSS 1.0/RDF), sitemaps (urlset, sitemap index, Google News
// sitemaps, gzipped or not) and the feed links an HTML page advertises.
//
// The crawler calls these on fetched bodies to find article URLs. Input is
// untrusted: documents are parsed by libxml2 with no network access, no DTD
// loading and no entity substitution (external entities are never resolved,
// and entity-expansion bombs expand to nothing), and gzip is inflated with a
// cap on the output. Every URL returned is resolved against the document's
// URL and normalized (fetch/url.h); items without a usable http(s) URL are
// counted in `skipped`, not returned.
//
// Thread-safe: no state.
#ifndef NEWSLINE_CRAWL_FEEDS_H_
#define NEWSLINE_CRAWL_FEEDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace newsline {

struct FeedItem {
  std::string url;        // normalized, absolute
  std::string title;      // plain text ("" if none)
  std::string published;  // ISO 8601 when the date parses, else as given
  std::string updated;    // Atom <updated>, else ""
};

struct Feed {
  enum class Format { kRss, kAtom, kRdf };
  Format format = Format::kRss;
  std::string title;
  std::vector<FeedItem> items;  // in document order
  int skipped = 0;              // items with no usable link
};

// Parses an RSS 2.0, Atom 1.0 or RSS 1.0 (RDF) document. `url` is where it
// came from: the base for relative links and the `where` of errors. Fails
// with kInvalidInput when the bytes are not one of these formats.
Result<Feed> ParseFeed(std::string_view bytes, std::string_view url);

struct SitemapEntry {
  std::string url;      // normalized, absolute
  std::string lastmod;  // as given ("" if none)
  // From a Google News sitemap's <news:news>, else "".
  std::string news_title;
  std::string news_published;
  std::string news_language;
};

struct Sitemap {
  // A sitemap index lists other sitemaps (in `entries`); a urlset lists pages.
  bool is_index = false;
  std::vector<SitemapEntry> entries;
  int skipped = 0;
};

// Most bytes a gzipped sitemap may inflate to (the sitemaps.org limit is
// 50 MB uncompressed); more fails with kInvalidInput, as a gzip bomb.
inline constexpr int64_t kMaxSitemapBytes = 64 << 20;

// Parses a sitemap (urlset or sitemapindex), inflating it first if it is
// gzipped (by its magic bytes, whatever the URL or Content-Type says).
Result<Sitemap> ParseSitemap(std::string_view bytes, std::string_view url);

// The feeds an HTML page links to with <link rel="alternate"> and an RSS,
// Atom or RDF type, resolved against `page_url` and normalized, in page
// order without duplicates.
std::vector<std::string> DiscoverFeeds(std::string_view html,
                                       std::string_view page_url);

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_FEEDS_H_
