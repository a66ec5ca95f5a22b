// URL parsing, resolution and normalization for fetching and deduplication.
//
// The fetcher, the crawler and the feed and sitemap readers call these to
// turn the URLs they meet (absolute or relative, with tracking parameters,
// odd case, default ports) into one canonical spelling, so that one article
// is fetched and emitted once. Built on libcurl's URL API (CURLU).
//
// Thread-safe: no state.
//
// Example:
//   Result<std::string> url = ResolveUrl(feed_url, item_href);
//   if (url && seen.insert(*url).second) fetcher.Add({.url = *url});
#ifndef NEWSLINE_FETCH_URL_H_
#define NEWSLINE_FETCH_URL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace newsline {

// URLs longer than this are rejected: no real page needs more, and feeds
// are untrusted.
inline constexpr size_t kMaxUrlBytes = 16 * 1024;

// Canonical form of an absolute http or https URL: scheme and host lower
// case, default port dropped, empty path as "/", dot segments resolved,
// fragment dropped, tracking query parameters (utm_*, fbclid, gclid, ...)
// removed, the remaining parameters kept in their order. Internationalized
// host names become punycode (UTS #46); spaces in the path or query become
// %20 / '+' as browsers send them, and leading or trailing whitespace is
// ignored. Fails with kInvalidInput for a URL that does not parse, a scheme
// other than http and https, a missing or invalid host, or a URL longer than
// kMaxUrlBytes; the error's `where` is the URL (shortened when long).
Result<std::string> NormalizeUrl(std::string_view url);

// Resolves `ref` (absolute or relative) against `base` and normalizes it.
Result<std::string> ResolveUrl(std::string_view base, std::string_view ref);

// "scheme://host[:port]" of a normalized URL ("" if it does not parse).
std::string UrlOrigin(std::string_view url);

// Host of a URL, lower case ("" if it does not parse).
std::string UrlHost(std::string_view url);

// An http(s) URL taken apart for fetching. Unlike NormalizeUrl, `url` keeps
// the query exactly (tracking parameters included): it is what the server
// is asked for.
struct UrlParts {
  std::string url;             // absolute, no fragment, punycode host
  std::string scheme;          // "http" or "https"
  std::string host;            // lower case; IPv6 in brackets
  std::string origin;          // "scheme://host[:port]", as UrlOrigin
  std::string path_and_query;  // "/a/b?c=d", what robots.txt rules match
};

// Parses `ref`, resolved against `base` when `base` is not empty. Fails like
// NormalizeUrl; a well-formed URL of another scheme fails with a message
// naming that scheme (`unsupported URL scheme "ftp"`).
Result<UrlParts> ParseHttpUrl(std::string_view ref, std::string_view base = {});

// Whether `name` (a query parameter name, case-insensitive) only tracks
// readers: utm_*, fbclid, gclid ... The list lives in url.cc.
bool IsTrackingParameter(std::string_view name);

}  // namespace newsline

#endif  // NEWSLINE_FETCH_URL_H_
