// Scores ExtractHtml against a labelled page set.
//
// Usage: html_eval [--failures] [--show PAGE] DIR
// --failures lists, per page, the snippets and fields that did not match;
// --show PAGE prints what ExtractHtml returns for one page of DIR.
// DIR holds gold.json and pages/<name>.html.gz (or .html). gold.json maps
// each page name to {"url", "with": [snippets the text must contain],
// "without": [snippets it must not contain], "title", "author", "date"}.
// The comparison rules are in docs/EXTRACTION.md; in short: text and
// snippets are compared with white space collapsed, case-sensitively; titles
// are equal after collapsing; authors are equal as sets of names, ignoring
// case and a leading "By"; dates compare the YYYY-MM-DD of `published`.
// A field counts on pages whose gold has that key; a second figure leaves
// out those where its value is empty.
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/unicode.h"
#include "pipeline/html.h"

namespace newsline {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadPage(const fs::path& path) {
  const std::string name = path.string();
  if (path.extension() != ".gz") {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kIo, name, "cannot open");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  gzFile file = gzopen(name.c_str(), "rb");
  if (file == nullptr) return MakeError(ErrorCode::kIo, name, "cannot open");
  std::string out;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, n);
  const bool failed = n < 0;
  gzclose(file);
  if (failed) return MakeError(ErrorCode::kIo, name, "corrupt gzip data");
  return out;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v' || c == 0xA0 || c == 0x2007 || c == 0x2009 || c == 0x202F ||
         c == 0x200B || c == 0xFEFF;
}

// Collapses runs of white space (including no-break and thin spaces) to one
// ASCII space and trims the ends.
std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 1;
    const char32_t c = DecodeAt(s, i, &len);
    if (len == 0) len = 1;
    if (c == 0xAD) {
      // A soft hyphen is invisible: pages differ in where they put them.
    } else if (IsSpace(c)) {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string Lower(std::string_view s) { return ToLower(Collapse(s)); }

// "By Ann Lee and Bo Chan" → {"ann lee", "bo chan"}.
std::set<std::string> AuthorNames(std::string_view value) {
  std::string s = " " + Lower(value) + " ";
  for (std::string_view sep :
       {" and ", " und ", " et ", " y ", " e ", " & ", ";", "/", ",", "|"}) {
    size_t at = 0;
    while ((at = s.find(sep, at)) != std::string::npos) {
      s.replace(at, sep.size(), ",");
      ++at;
    }
  }
  std::set<std::string> names;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    std::string name = Collapse(s.substr(start, end - start));
    for (std::string_view prefix : {"by ", "von ", "par ", "por ", "di "}) {
      if (name.starts_with(prefix)) name.erase(0, prefix.size());
    }
    if (!name.empty()) names.insert(name);
    start = end + 1;
  }
  return names;
}

struct Count {
  int right = 0;
  int total = 0;
  void Add(bool ok) {
    right += ok;
    ++total;
  }
};

int Show(const fs::path& dir, const std::string& name) {
  const Result<std::string> gold_text = ReadPage(dir / "gold.json");
  std::string url;
  if (gold_text) {
    const nlohmann::json gold =
        nlohmann::json::parse(*gold_text, nullptr, false);
    if (gold.is_object() && gold.contains(name) && gold[name].is_object()) {
      url = gold[name].value("url", "");
    }
  }
  const Result<std::string> bytes = ReadPage(dir / "pages" / name);
  if (!bytes) {
    std::cerr << bytes.error().ToString() << "\n";
    return 1;
  }
  HtmlHints hints;
  if (url.starts_with("http")) hints.url = url;
  const Result<HtmlArticle> article = ExtractHtml(*bytes, name, hints);
  if (!article) {
    std::cout << "error: " << article.error().ToString() << "\n";
    return 0;
  }
  std::cout << "title:     " << article->title << "\n"
            << "author:    " << article->author << "\n"
            << "published: " << article->published << "\n"
            << "modified:  " << article->modified << "\n"
            << "lang:      " << article->lang << "\n"
            << "site:      " << article->site_name << "\n"
            << "canonical: " << article->canonical_url << "\n\n"
            << article->text << "\n";
  return 0;
}

int Run(const fs::path& dir, bool show_failures) {
  const Result<std::string> gold_text = ReadPage(dir / "gold.json");
  if (!gold_text) {
    std::cerr << gold_text.error().ToString() << "\n";
    return 1;
  }
  const nlohmann::json gold =
      nlohmann::json::parse(*gold_text, nullptr, /*allow_exceptions=*/false);
  if (!gold.is_object()) {
    std::cerr << (dir / "gold.json").string()
              << ": not a JSON object of pages\n";
    return 1;
  }
  int tp = 0, fn = 0, fp = 0, negatives = 0, errors = 0;
  // Every page whose gold has the key, and those where its value is not
  // empty: the data's README calls the fields "where known", so an empty
  // value may mean "unknown" rather than "none on the page".
  Count title, author, date, title_known, author_known, date_known;
  for (const auto& [name, entry] : gold.items()) {
    if (!entry.is_object()) continue;
    const Result<std::string> bytes = ReadPage(dir / "pages" / name);
    if (!bytes) {
      std::cerr << bytes.error().ToString() << "\n";
      return 1;
    }
    const std::string url = entry.value("url", "");
    HtmlHints hints;
    if (url.starts_with("http://") || url.starts_with("https://")) {
      hints.url = url;
    }
    const Result<HtmlArticle> article = ExtractHtml(*bytes, name, hints);
    if (!article) ++errors;
    const std::string text = article ? Collapse(article->text) : "";
    std::vector<std::string> failures;
    if (!article) failures.push_back("error: " + article.error().message);
    for (const auto& snippet : entry.value("with", nlohmann::json::array())) {
      if (!snippet.is_string()) continue;
      if (text.find(Collapse(snippet.get<std::string>())) !=
          std::string::npos) {
        ++tp;
      } else {
        ++fn;
        failures.push_back("missing: " + snippet.get<std::string>());
      }
    }
    for (const auto& snippet :
         entry.value("without", nlohmann::json::array())) {
      if (!snippet.is_string()) continue;
      ++negatives;
      if (text.find(Collapse(snippet.get<std::string>())) !=
          std::string::npos) {
        ++fp;
        failures.push_back("leaked: " + snippet.get<std::string>());
      }
    }
    if (entry.contains("title") && entry["title"].is_string()) {
      const std::string want = Collapse(entry["title"].get<std::string>());
      const std::string got = article ? Collapse(article->title) : "";
      title.Add(got == want);
      if (!want.empty()) title_known.Add(got == want);
      if (got != want) {
        failures.push_back("title: got \"" + got + "\", want \"" + want + "\"");
      }
    }
    if (entry.contains("author") && entry["author"].is_string()) {
      const std::string want = entry["author"].get<std::string>();
      const std::string got = article ? article->author : "";
      const bool ok = AuthorNames(got) == AuthorNames(want);
      author.Add(ok);
      if (!want.empty()) author_known.Add(ok);
      if (!ok) {
        failures.push_back("author: got \"" + got + "\", want \"" + want +
                           "\"");
      }
    }
    if (entry.contains("date") && entry["date"].is_string()) {
      const std::string want = entry["date"].get<std::string>();
      const std::string got =
          article ? article->published.substr(0, 10) : std::string();
      date.Add(got == want);
      if (!want.empty()) date_known.Add(got == want);
      if (got != want) {
        failures.push_back("date: got \"" +
                           (article ? article->published : "") + "\", want \"" +
                           want + "\"");
      }
    }
    if (show_failures && !failures.empty()) {
      std::cout << "== " << name << " (" << url << ")\n";
      for (const std::string& f : failures) std::cout << "  " << f << "\n";
    }
  }
  const double precision = tp + fp == 0 ? 0 : double(tp) / (tp + fp);
  const double recall = tp + fn == 0 ? 0 : double(tp) / (tp + fn);
  const double f1 = precision + recall == 0
                        ? 0
                        : 2 * precision * recall / (precision + recall);
  auto ratio = [](const Count& c) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f (%d/%d)",
                  c.total == 0 ? 0.0 : double(c.right) / c.total, c.right,
                  c.total);
    return std::string(buffer);
  };
  std::printf("pages      %zu (%d extraction errors)\n", gold.size(), errors);
  std::printf(
      "snippets   with: %d found, %d missing; without: %d leaked of %d\n", tp,
      fn, fp, negatives);
  std::printf("precision  %.3f\nrecall     %.3f\nF1         %.3f\n", precision,
              recall, f1);
  std::printf(
      "title      %s; where the gold is not empty: %s\n"
      "author     %s; where the gold is not empty: %s\n"
      "date       %s; where the gold is not empty: %s\n",
      ratio(title).c_str(), ratio(title_known).c_str(), ratio(author).c_str(),
      ratio(author_known).c_str(), ratio(date).c_str(),
      ratio(date_known).c_str());
  return 0;
}

}  // namespace
}  // namespace newsline

int main(int argc, char** argv) {
  bool failures = false;
  std::string dir;
  std::string show;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--failures") {
      failures = true;
    } else if (arg == "--show" && i + 1 < argc) {
      show = argv[++i];
    } else if (arg.starts_with("-") || !dir.empty()) {
      std::cerr << "usage: html_eval [--failures] [--show PAGE] DIR\n";
      return 2;
    } else {
      dir = arg;
    }
  }
  if (dir.empty()) {
    std::cerr << "usage: html_eval [--failures] [--show PAGE] DIR\n";
    return 2;
  }
  if (!show.empty()) return newsline::Show(dir, show);
  return newsline::Run(dir, failures);
}
