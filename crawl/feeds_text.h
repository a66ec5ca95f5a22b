// Text helpers of the feed and sitemap readers (crawl/feeds.cc): the dates
// feeds write and the titles they mangle. Internal to crawl/; exposed in a
// header so that tests can check them case by case.
//
// Thread-safe: no state.
#ifndef NEWSLINE_CRAWL_FEEDS_TEXT_H_
#define NEWSLINE_CRAWL_FEEDS_TEXT_H_

#include <string>
#include <string_view>

namespace newsline {

// A feed date as ISO 8601: "2024-06-05T10:00:00+02:00", "...Z" for UTC,
// no offset when the date names none or an unknown zone, "2024-06-05" for
// a date without time. Reads RFC 822 / RFC 2822 dates (RSS <pubDate>: with
// or without weekday, two- or four-digit years, seconds optional, numeric
// offsets and the named zones of RFC 822 plus common European and Asian
// ones) and ISO 8601 / RFC 3339 dates (Atom, dc:date, sitemaps). Returns
// `text` trimmed, unchanged, when it is neither or names an impossible date:
// a wrong weekday is ignored, since feeds often get it wrong.
std::string NormalizeFeedDate(std::string_view text);

// Plain text of a title: with `html`, tags are removed and HTML character
// references decoded (RSS titles are often escaped HTML, sometimes twice);
// whitespace, including no-break spaces, is collapsed to single spaces and
// trimmed either way.
std::string CleanTitle(std::string_view text, bool html);

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_FEEDS_TEXT_H_
