// Article text and metadata from an HTML page.
//
// The analyzer calls ExtractHtml for every RawArticle read from an .html file
// or given as "html" in JSON: it decodes the page (BOM, <meta charset>, else
// UTF-8, else windows-1252), parses it with libxml2's forgiving HTML parser
// (no network, no entity loading) and returns the main text, one block
// (paragraph, heading, list item, table row ...) per line, without page chrome
// (scripts, navigation, share buttons, cookie banners, comments ...), plus the
// metadata that pages declare: title, language, publication date, author.
// Boilerplate removal is deliberately simple: it prefers the page's own
// <article> / articleBody / <main> and skips elements marked as chrome.
//
// Thread-safe: ExtractHtml keeps no state between calls.
//
// Example:
//   Result<HtmlArticle> page = ExtractHtml(raw.html, raw.source);
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
  // og:title, else the first <h1>, else <title>; less a " | Site" suffix.
  std::string title;
  // Blocks separated by "\n", whitespace collapsed. Omits an <h1> equal to
  // the title, since the analyzer handles the title separately.
  std::string text;
  std::string lang;       // primary language subtag, lower case: "fr"
  std::string published;  // ISO 8601 as found: "2024-06-05T08:30:00+02:00"
  std::string author;     // several authors joined with ", "
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
// Broken markup is repaired, never fatal. Returns kInvalidInput "no article
// text found in HTML" when the page holds no text outside page chrome.
// The caller caps the size of `html_bytes` (the reader does).
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
