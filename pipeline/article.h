// RawArticle: one article as read from the input, before analysis.
//
// The reader (reader.h) produces RawArticles in input order from files,
// folders and JSON Lines streams; the analyzer turns each into an analyzed
// article. A RawArticle that could not be read carries its error instead of
// text, so that it is still reported in order. Plain value type.
#ifndef NEWSLINE_PIPELINE_ARTICLE_H_
#define NEWSLINE_PIPELINE_ARTICLE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace newsline {

struct RawArticle {
  // Stable identifier: the input's "id" field, else derived from where the
  // article came from ("corpus/seed-fr.txt", "feed.jsonl:12").
  std::string id;
  // Where it came from, for messages: a path, "path:line", or "-:line".
  std::string source;
  std::string url;        // "" when unknown
  std::string title;      // "" when unknown
  std::string lang;       // "" = detect
  std::string published;  // ISO 8601 as given; "" when unknown
  // Exactly one of text and html is used: html when is_html.
  std::string text;
  std::string html;
  bool is_html = false;
  // The HTTP Content-Type the page came with, for its charset; "" if none.
  std::string content_type;
  // Set when the article could not be read or parsed; text/html are empty.
  std::optional<Error> error;
  // Problems that did not stop the article (e.g. invalid UTF-8 replaced).
  std::vector<Error> warnings;
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_ARTICLE_H_
