// From an HTTP response to an article the analyzer can read.
//
// `newsline fetch` and the crawler both fetch pages and must decide what each
// response is: an HTML page (analyzed with its Content-Type, so that the
// charset it declares is used), plain text (decoded here), or something that
// is not an article: a fetch error, an HTTP error status, robots.txt
// refusing the URL, a PDF or image. The decision is made once, here.
//
// Thread-safe: no state.
//
// Example:
//   FetchedArticle page = ArticleFromFetch(std::move(result));
//   if (page.outcome == FetchOutcome::kArticle) Analyze(std::move(page.raw));
//   else Report(*page.raw.error);
#ifndef NEWSLINE_CRAWL_FETCHED_ARTICLE_H_
#define NEWSLINE_CRAWL_FETCHED_ARTICLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetcher.h"
#include "pipeline/article.h"

namespace newsline {

enum class FetchOutcome {
  kArticle,      // raw holds html (is_html) or decoded text
  kNotModified,  // 304 to a conditional request: nothing new
  kDisallowed,   // robots.txt refuses the URL (nothing was fetched)
  kGone,         // 404 or 410
  kFailed,       // network error, timeout, other HTTP error status
  kNotArticle,   // a response that is not a page: its content type, or empty
};

struct FetchedArticle {
  FetchOutcome outcome = FetchOutcome::kFailed;
  // id, source and url are the requested URL; url becomes the final URL
  // after redirects. For every outcome but kArticle, raw.error says why
  // (named after the URL); for kNotModified it is "not modified".
  RawArticle raw;
};

FetchedArticle ArticleFromFetch(FetchResult result);

// Fetches each of `urls` with `options` (one Fetcher, so that politeness
// and robots.txt apply across them) and returns one RawArticle per URL, in
// the order given, ready for the Analyzer: those that are not articles
// carry their error. Fails only when the Fetcher refuses `options`.
Result<std::vector<RawArticle>> FetchArticles(
    const std::vector<std::string>& urls, const FetchOptions& options);

// The media type of a Content-Type header, lower case without parameters
// ("text/html; charset=UTF-8" → "text/html"), and its charset parameter
// as given ("" if none).
std::string MediaType(std::string_view content_type);
std::string CharsetParameter(std::string_view content_type);

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_FETCHED_ARTICLE_H_
