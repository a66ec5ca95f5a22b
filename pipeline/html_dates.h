// Dates as web pages write them, for the HTML extractor.
//
// Pages state their publication date in metadata (ISO 8601 in many variants,
// RFC 822 in some feeds' habits), in the URL path (/2024/06/05/) and in
// visible lines for people ("5 juin 2024", "June 5, 2024", "05.06.2024").
// These functions turn each form into ISO 8601. Internal to pipeline/html.cc;
// exposed for its tests. Thread-safe: no state.
#ifndef NEWSLINE_PIPELINE_HTML_DATES_H_
#define NEWSLINE_PIPELINE_HTML_DATES_H_

#include <string>
#include <string_view>

namespace newsline {

// Normalizes a machine-readable date to "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS"
// or "YYYY-MM-DDTHH:MM:SS±hh:mm" (Z and GMT become +00:00, fractions of
// seconds are dropped, "+0100" becomes "+01:00"). Accepts ISO 8601 with "T"
// or a space (also unpadded, "2024-6-5 22:17"), compact "20240605", RFC 822
// with its time and zone ("Wed, 05 Jun 2024 08:30:00 GMT") and, as a last
// resort, any date FindVisibleDate reads (the day only). Returns "" for
// anything else or an impossible date.
std::string NormalizeDate(std::string_view value);

// The first date written for people in `text` (a short line: a byline or a
// date element): numeric day-first "05.06.2024" / "5/6/2024" (day first is
// the convention of all the languages below except English, where a first
// number above 12 decides) or with a month name in English, French, German,
// Spanish, Italian or Portuguese, either order ("5 juin 2024", "June 5th,
// 2024", "5. Juni 2024", "5 de junio de 2024"). Month names and their
// abbreviations come from ICU's DateFormatSymbols for those languages, also
// without accents ("fevrier"). No-break and thin spaces count as spaces.
// Returns "YYYY-MM-DD" or "".
std::string FindVisibleDate(std::string_view text);

// A date in a URL path: /2024/06/05/, /2024-06-05/, /20240605/ or
// /2024/06/ (day 1 is not assumed: "" then). Returns "YYYY-MM-DD" or "".
std::string DateFromUrl(std::string_view url);

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_HTML_DATES_H_
