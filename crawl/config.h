// The crawl configuration: what `newsline crawl --config crawl.json` reads.
//
// A crawl.json names the sources to poll (feeds, sitemaps, single article
// URLs, sites whose feeds are discovered), the politeness and transfer limits
// handed to the Fetcher, and the analysis options. Every key is checked:
// unknown keys, repeated keys and bad values fail with the key's JSON path,
// so that a typo never silently falls back to a default. docs/CRAWL.md is the
// reference.
//
// Thread-safe: no state.
//
// Example:
//   Result<CrawlConfig> config = LoadCrawlConfig("crawl.json");
//   if (!config) { Report(config.error()); return 2; }
//   // "crawl.json: politeness.per_host_delay_ms: expected a non-negative
//   // integer"
#ifndef NEWSLINE_CRAWL_CONFIG_H_
#define NEWSLINE_CRAWL_CONFIG_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "fetch/fetcher.h"
#include "pipeline/analyzer.h"

namespace newsline {

struct CrawlSource {
  enum class Kind {
    kFeed,     // RSS 2.0, Atom, RSS 1.0 (RDF) or JSON Feed
    kSitemap,  // urlset or sitemap index, gzipped or not
    kUrl,      // one article page
    // A home page whose <link rel="alternate"> feeds are polled; failing
    // those, its robots.txt sitemaps or a feed or sitemap at a usual place.
    kSite,
  };
  Kind kind = Kind::kFeed;
  std::string url;  // normalized (fetch/url.h)
};

// "feed", "sitemap", "url" or "site": the key that names the kind in JSON.
std::string_view SourceKindName(CrawlSource::Kind kind);

struct CrawlConfig {
  // user_agent, politeness.* and limits.* (transfer limits) end up here.
  FetchOptions fetch;
  std::vector<CrawlSource> sources;  // in file order, without duplicates
  // analysis.lang and analysis.reference_date.
  AnalyzeOptions analysis;
  // limits.max_articles_per_pass: at most this many article pages are
  // fetched per pass; the rest wait for the next pass (0 = no limit).
  int64_t max_articles_per_pass = 10'000;
  // limits.sitemap_max_age_days: sitemap entries (and child sitemaps) whose
  // lastmod or news publication date is older than this are skipped
  // (0 = keep all). Entries without a date are always kept.
  int sitemap_max_age_days = 0;
  // limits.sitemap_max_depth: how deep sitemap indexes may nest (an index of
  // urlsets is depth 1).
  int sitemap_max_depth = 3;
};

// Parses a crawl.json document. `where` names it in errors ("crawl.json").
// Fails with kInvalidInput "where: key.path: message" on malformed JSON, a
// key repeated within one object ("politeness.per_host_delay_ms: duplicate
// key", "sources[1].feed: duplicate key"), an unknown key, a value of the wrong
// type or range, a source that is not an http(s) URL or does not have exactly
// one of feed/sitemap/url/site, or no sources at all.
Result<CrawlConfig> ParseCrawlConfig(std::string_view json,
                                     std::string_view where);

// Reads and parses the file at `path` (kIo when it cannot be read; files over
// 1 MiB are refused as not being a configuration).
Result<CrawlConfig> LoadCrawlConfig(const std::string& path);

// Parses a `--every` interval: one or more number+unit pairs, units s, m, h
// and d ("30s", "15m", "1h30m", "1d"). Returns the seconds, from 1 second to
// 30 days; kInvalidInput otherwise.
Result<int64_t> ParseDurationSeconds(std::string_view text);

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_CONFIG_H_
