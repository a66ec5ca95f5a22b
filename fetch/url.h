// URL parsing, resolution and normalization for fetching and deduplication.
//
// The fetcher, the crawler and the feed and sitemap readers call these to
// turn the URLs they meet (absolute or relative, with tracking parameters,
// odd case, default ports) into one canonical spelling, so that one article
// is fetched and emitted once. Built on libcurl's URL API (CURLU).
//
// Thread-safe: no state.
#ifndef NEWSLINE_FETCH_URL_H_
#define NEWSLINE_FETCH_URL_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace newsline {

// Canonical form of an absolute http or https URL: scheme and host lower
// case, default port dropped, empty path as "/", dot segments resolved,
// fragment dropped, tracking query parameters (utm_*, fbclid, gclid, ...)
// removed, the remaining parameters kept in their order. Fails with
// kInvalidInput for a URL that does not parse, a scheme other than http and
// https, or a missing host.
Result<std::string> NormalizeUrl(std::string_view url);

// Resolves `ref` (absolute or relative) against `base` and normalizes it.
Result<std::string> ResolveUrl(std::string_view base, std::string_view ref);

// "scheme://host[:port]" of a normalized URL ("" if it does not parse).
std::string UrlOrigin(std::string_view url);

// Host of a URL, lower case ("" if it does not parse).
std::string UrlHost(std::string_view url);

}  // namespace newsline

#endif  // NEWSLINE_FETCH_URL_H_
