// Article text and metadata from an HTML page.
//
// The analyzer calls ExtractHtml for every RawArticle read from an .html file,
// given as "html" in JSON or fetched over HTTP. It refuses what is not a page
// (PDF, images, JSON, binary data), decodes the page to UTF-8 (DecodeHtml in
// pipeline/decode.h: BOM, HTTP charset, <meta>, UTF-8, ICU's detector), parses
// it once with libxml2's forgiving HTML parser (no network, no entities) and
// returns the main text, one block (paragraph, heading, list item, table row,
// quote ...) per line, without page chrome: navigation, ads, cookie banners,
// share widgets, related links, comments, footers, captions, bylines, date
// lines and closing lines that promote the site. The article is found by
// Readability-style scoring of its paragraphs (text, commas, link density,
// class and id hints), widened to the sections around it that read as prose;
// headings are kept only when text follows them. Metadata comes from what
// pages declare (JSON-LD, Open Graph, <meta>, microdata, <time>) and, failing
// that, from visible lines and the URL. docs/EXTRACTION.md describes the
// heuristics and their measured quality.
//
// Thread-safe: ExtractHtml keeps no state between calls.
//
// Example:
//   Result<HtmlArticle> page = ExtractHtml(raw.html, raw.source,
//                                          {.url = url, .content_type = ct});
//   if (!page) return page.error();
//   Analyze(page->text, page->lang, page->published);
#ifndef NEWSLINE_PIPELINE_HTML_H_
#define NEWSLINE_PIPELINE_HTML_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace newsline {

// All fields are UTF-8; "" when the page does not say.
struct HtmlArticle {
  // The headline the page shows: its <h1> (the one og:title,
  // twitter:title, JSON-LD headline or <title> name, else the first
  // visible), else the first of those, else the <h2> that opens the
  // article; less kicker and a " | Site" suffix.
  std::string title;
  // Blocks separated by "\n", whitespace collapsed. Omits a heading equal
  // to the title, since the analyzer handles the title separately.
  std::string text;
  std::string lang;  // primary language subtag, lower case: "fr"
  // ISO 8601, "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[±hh:mm]" as precise as
  // the page says: "2024-06-05T08:30:00+02:00".
  std::string published;
  std::string modified;  // last update, same form as `published`
  std::string author;    // several authors joined with ", "
  std::string canonical_url;
  std::string description;
  std::string site_name;
};

// What the page's transport says about it, when it came over HTTP.
struct HtmlHints {
  std::string_view url;           // the page's URL (final, after redirects)
  std::string_view content_type;  // the HTTP Content-Type header, as sent
};

// Extracts the article from a whole page. `where` names the page in errors.
// Broken markup is repaired, never fatal. Returns kInvalidInput "not an HTML
// page: ..." for content that is not a page (by Content-Type or magic bytes:
// PDF, images, archives, JSON, binary data) and "no article text found in
// HTML" when the page holds no text outside page chrome. `hints.url` lets the
// extractor read a date in the URL and recognise the site's name in titles;
// `hints.content_type` gives the charset the server declared.
// The caller caps the size of `html_bytes` (the reader and fetcher do).
Result<HtmlArticle> ExtractHtml(std::string_view html_bytes,
                                std::string_view where,
                                const HtmlHints& hints = {});

// The charset that the page declares by a BOM, <meta charset>, <meta
// http-equiv="Content-Type"> or an XML declaration within its first 4 KiB,
// lower-cased and mapped as browsers do ("iso-8859-1" and "us-ascii" mean
// "windows-1252"); "" if it declares none. Exposed for tests.
std::string SniffHtmlCharset(std::string_view html_bytes);

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_HTML_H_
