// Reading what news sites publish about their articles: feeds (RSS 2.0,
// Atom, RSS 1.0/RDF, JSON Feed), sitemaps (urlset, sitemap index, Google News
// sitemaps, gzipped or not) and the feed links an HTML page advertises.
//
// The crawler calls these on fetched bodies to find article URLs. Input is
// untrusted: documents are parsed by libxml2 with no network access, no DTD
// loading and no entity substitution. External and parameter entities are
// never resolved; the only entities expanded are short plain-text ones that
// the document declares and HTML's named ones (&eacute;), so entity bombs
// expand to nothing. Gzip is inflated with a cap on the output. Every string
// returned is valid UTF-8. Every URL returned is resolved against the
// document's URL and normalized (fetch/url.h); items without a usable http(s)
// URL are counted in `skipped`, not returned, and repeated URLs in `duplicates`
// (the first one is kept).
//
// JSON Feed is parsed by nlohmann/json: malformed JSON is an error that
// gives the line and column.
//
// Broken XML is read as far as libxml2's recovery goes: a truncated feed or
// sitemap gives the items whose end tag was parsed, never a half-read one.
// Only a document without a root element of the right kind is an error.
//
// Thread-safe: no state.
//
// Example:
//   Result<Feed> feed = ParseFeed(response.body, response.url);
//   if (!feed) return std::unexpected(feed.error());
//   for (const FeedItem& item : feed->items) Enqueue(item.url);
#ifndef NEWSLINE_CRAWL_FEEDS_H_
#define NEWSLINE_CRAWL_FEEDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace newsline {

struct FeedItem {
  // Normalized, absolute. RSS: feedburner:origLink, else <link>, else a
  // permalink <guid>. Atom: the alternate <link> to HTML (or of no type),
  // else another alternate link. RDF: <link>, else rdf:about. JSON Feed:
  // "url", else "external_url", else "id" when it is an absolute URL.
  std::string url;
  std::string title;  // plain text ("" if none)
  // ISO 8601 when the date parses ("2024-06-05T10:00:00+02:00", "...Z"),
  // else as given. RSS <pubDate> or dc:date; Atom <published> ("" when an
  // entry has only <updated>); RDF dc:date; JSON Feed "date_published".
  std::string published;
  // Atom <updated>, JSON Feed "date_modified", as ISO 8601; else "".
  std::string updated;
};

struct Feed {
  enum class Format { kRss, kAtom, kRdf, kJson };
  Format format = Format::kRss;
  std::string title;
  std::vector<FeedItem> items;  // in document order
  int skipped = 0;              // items with no usable link
  int duplicates = 0;           // items whose URL an earlier item had
};

// Parses an RSS 0.9x/2.0, Atom 1.0 (or 0.3), RSS 1.0 (RDF) or JSON Feed
// (1.0, 1.1) document, gzipped or not. A document whose first character is
// "{" is read as JSON Feed; any other as XML. `url` is where it came from:
// the base for relative links (with Atom's xml:base) and the `where` of
// errors. Fails with kInvalidInput when the bytes are not one of these
// formats, saying what they are: "not a feed: root element <html>", "not a
// feed: JSON, but not a JSON Feed (...)", "not a feed: malformed JSON (parse
// error at line 3, column 7: ...)", "not a feed: empty document".
Result<Feed> ParseFeed(std::string_view bytes, std::string_view url);

struct SitemapEntry {
  std::string url;      // normalized, absolute
  std::string lastmod;  // as given ("" if none)
  // From a Google News sitemap's <news:news>, else "": the title as plain
  // text, the publication date as ISO 8601 (as given if it does not
  // parse), the language as given ("en", "zh-cn").
  std::string news_title;
  std::string news_published;
  std::string news_language;
};

struct Sitemap {
  // A sitemap index lists other sitemaps (in `entries`); a urlset lists pages.
  bool is_index = false;
  std::vector<SitemapEntry> entries;
  int skipped = 0;     // entries with no usable <loc>
  int duplicates = 0;  // entries whose URL an earlier entry had
};

// Most bytes a gzipped sitemap (or feed) may inflate to, and the most a
// plain sitemap may hold (the sitemaps.org limit is 50 MB uncompressed);
// more fails with kInvalidInput, as a gzip bomb.
inline constexpr int64_t kMaxSitemapBytes = 64 << 20;

// Parses a sitemap (urlset or sitemapindex, in the sitemaps.org namespace,
// Google's older ones or none), inflating it first if it is gzipped (by its
// magic bytes, whatever the URL or Content-Type says). Fails with
// kInvalidInput for other documents ("not a sitemap: root element <rss>"),
// corrupt or truncated gzip data and gzip bombs.
Result<Sitemap> ParseSitemap(std::string_view bytes, std::string_view url);

// The feeds an HTML page links to with <link rel="alternate"> in its <head>
// and an RSS, Atom, RDF or JSON Feed (application/feed+json) type, resolved
// against the page's <base href> or `page_url` and normalized, in page order
// without duplicates. Never fails: a page that is not HTML has no feeds.
std::vector<std::string> DiscoverFeeds(std::string_view html,
                                       std::string_view page_url);

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_FEEDS_H_
