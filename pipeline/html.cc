#include "pipeline/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <climits>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/unicode.h"
#include "pipeline/decode.h"

namespace newsline {
namespace {

using nlohmann::json;

// Pages declare their charset near the top; browsers look at 1 KiB, but some
// CMSs put long comments or scripts first.
constexpr size_t kCharsetScanBytes = 4096;
// Real pages nest a few dozen levels; deeper markup is generated junk, and
// stopping there keeps the recursive walks bounded.
constexpr int kMaxDepth = 256;
constexpr int kMaxJsonDepth = 16;

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Trims all Unicode white space (no-break spaces are common around blocks).
std::string_view TrimUnicode(std::string_view s) {
  auto is_space = [](char32_t c) {
    return c == 0xFEFF || u_isUWhiteSpace(static_cast<UChar32>(c));
  };
  size_t begin = 0;
  while (begin < s.size()) {
    size_t len = 0;
    if (!is_space(DecodeAt(s, begin, &len))) break;
    begin += len;
  }
  size_t end = s.size();
  while (end > begin) {
    size_t start = 0;
    if (!is_space(DecodeBefore(s, end, &start))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

using Attributes = std::vector<std::pair<std::string, std::string>>;

// Reads tag attributes from s[*pos] up to the closing '>' (a simplified form
// of the HTML prescan algorithm); names are lower-cased.
Attributes ReadAttributes(std::string_view s, size_t* pos) {
  Attributes attrs;
  size_t i = *pos;
  while (i < s.size()) {
    while (i < s.size() && (IsAsciiSpace(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size() || s[i] == '>' || s[i] == '<') break;
    const size_t name_start = i;
    while (i < s.size() && !IsAsciiSpace(s[i]) && s[i] != '=' && s[i] != '>' &&
           s[i] != '/') {
      ++i;
    }
    std::string name = AsciiLower(s.substr(name_start, i - name_start));
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && IsAsciiSpace(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char quote = s[i++];
        size_t end = s.find(quote, i);
        if (end == std::string_view::npos) end = s.size();
        value.assign(s.substr(i, end - i));
        i = std::min(end + 1, s.size());
      } else {
        const size_t start = i;
        while (i < s.size() && !IsAsciiSpace(s[i]) && s[i] != '>') ++i;
        value.assign(s.substr(start, i - start));
      }
    }
    attrs.emplace_back(std::move(name), std::move(value));
  }
  *pos = i;
  return attrs;
}

std::string_view FindAttribute(const Attributes& attrs, std::string_view name) {
  for (const auto& [key, value] : attrs) {
    if (key == name) return value;
  }
  return {};
}

// Maps a charset label as browsers do (WHATWG Encoding): pages that say
// ISO-8859-1 or ASCII are in practice windows-1252, and a <meta> that claims
// UTF-16 in a byte-oriented page is wrong.
std::string NormalizeCharset(std::string_view label) {
  std::string name = AsciiLower(TrimAscii(label));
  while (!name.empty() && (name.back() == ';' || name.back() == ',')) {
    name.pop_back();
  }
  if (name == "utf8" || name == "utf-8" || name == "unicode-1-1-utf-8" ||
      name == "utf-16" || name == "utf-16le" || name == "utf-16be" ||
      name == "unicode") {
    return "utf-8";
  }
  if (name == "iso-8859-1" || name == "iso8859-1" || name == "iso_8859-1" ||
      name == "latin1" || name == "l1" || name == "us-ascii" ||
      name == "ascii" || name == "cp1252" || name == "x-cp1252" ||
      name == "cp819" || name == "ibm819" || name == "x-user-defined") {
    return "windows-1252";
  }
  if (name == "iso-8859-9" || name == "latin5") return "windows-1254";
  return name;
}

// "text/html; charset=ISO-8859-1" → "ISO-8859-1".
std::string_view CharsetFromContentType(std::string_view content) {
  const std::string lower = AsciiLower(content);
  const size_t at = lower.find("charset");
  if (at == std::string::npos) return {};
  size_t i = at + 7;
  while (i < content.size() && IsAsciiSpace(content[i])) ++i;
  if (i >= content.size() || content[i] != '=') return {};
  ++i;
  while (i < content.size() && IsAsciiSpace(content[i])) ++i;
  if (i < content.size() && (content[i] == '"' || content[i] == '\'')) ++i;
  const size_t start = i;
  while (i < content.size() && content[i] != ';' && content[i] != '"' &&
         content[i] != '\'' && !IsAsciiSpace(content[i])) {
    ++i;
  }
  return content.substr(start, i - start);
}

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

// Returns the page as valid UTF-8: BOM first, then the declared charset,
// then UTF-8 if the bytes are valid UTF-8, else windows-1252 (the usual
// charset of undeclared legacy Western pages).
std::string DecodePage(std::string_view bytes, std::string_view where) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "\xFF\xFE"sv) || StartsWith(bytes, "\xFE\xFF"sv)) {
    Result<std::string> text = ConvertCharset(
        bytes.substr(2), bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", where);
    if (text) return std::move(*text);
  }
  std::string_view body = bytes;
  bool declared_utf8 = false;
  if (StartsWith(bytes, "\xEF\xBB\xBF"sv)) {
    body.remove_prefix(3);
    declared_utf8 = true;
  } else {
    const std::string charset = SniffHtmlCharset(body);
    if (charset == "utf-8") {
      declared_utf8 = true;
    } else if (!charset.empty()) {
      // An unknown label is treated as no label: the page must still parse.
      Result<std::string> text = ConvertCharset(body, charset, where);
      if (text) return std::move(*text);
    }
  }
  if (FindInvalidUtf8(body) == std::string_view::npos) return std::string(body);
  if (!declared_utf8) {
    Result<std::string> text = ConvertCharset(body, "windows-1252", where);
    if (text) return std::move(*text);
  }
  return ReplaceInvalidUtf8(body, nullptr, nullptr);
}

DocPtr ParseHtml(const std::string& utf8) {
  static std::once_flag init;
  std::call_once(init, xmlInitParser);
  if (utf8.empty() || utf8.size() > INT_MAX) return nullptr;
  return DocPtr(htmlReadMemory(
      utf8.data(), static_cast<int>(utf8.size()), /*URL=*/nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
          HTML_PARSE_NONET | HTML_PARSE_COMPACT));
}

std::string_view Name(const xmlNode* node) {
  return node->name == nullptr ? std::string_view()
                               : reinterpret_cast<const char*>(node->name);
}

const xmlAttr* FindAttr(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr &&
        EqualsIgnoreCase(reinterpret_cast<const char*>(a->name), name)) {
      return a;
    }
  }
  return nullptr;
}

// The HTML parser stores each attribute value as one decoded text node.
std::string_view Attr(const xmlNode* node, std::string_view name) {
  const xmlAttr* a = FindAttr(node, name);
  if (a == nullptr || a->children == nullptr ||
      a->children->content == nullptr) {
    return {};
  }
  return reinterpret_cast<const char*>(a->children->content);
}

// Whether a space-separated attribute value (class, rel, itemprop) holds
// `token`.
bool HasToken(std::string_view value, std::string_view token) {
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && IsAsciiSpace(value[i])) ++i;
    const size_t start = i;
    while (i < value.size() && !IsAsciiSpace(value[i])) ++i;
    if (i > start && EqualsIgnoreCase(value.substr(start, i - start), token)) {
      return true;
    }
  }
  return false;
}

// Appends the text of the node's text and CDATA children (script bodies).
std::string ChildText(const xmlNode* node) {
  std::string text;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content != nullptr) {
      text += reinterpret_cast<const char*>(c->content);
    }
  }
  return text;
}

// Elements that never hold article text.
bool IsNonContent(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kTags = {
      "script",   "style", "template", "svg",      "math",   "head",
      "link",     "meta",  "title",    "iframe",   "frame",  "frameset",
      "object",   "embed", "canvas",   "audio",    "video",  "select",
      "textarea", "input", "map",      "datalist", "applet", "button"};
  for (std::string_view tag : kTags) {
    if (name == tag) return true;
  }
  return false;
}

// Elements that hold page chrome rather than the article.
bool IsChromeTag(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kTags = {
      "noscript", "nav", "footer", "aside", "menu", "dialog"};
  for (std::string_view tag : kTags) {
    if (name == tag) return true;
  }
  return false;
}

bool IsChromeRole(std::string_view role) {
  static constexpr std::array<std::string_view, 9> kRoles = {
      "navigation", "banner",  "contentinfo", "complementary", "search",
      "menu",       "menubar", "dialog",      "alertdialog"};
  for (std::string_view r : kRoles) {
    if (EqualsIgnoreCase(role, r)) return true;
  }
  return false;
}

// Splits a class or id value into lower-case words, also at camelCase
// boundaries: "relatedPosts share-bar" → related, posts, share, bar.
std::vector<std::string> SplitWords(std::string_view value) {
  std::vector<std::string> words;
  std::string word;
  char prev = 0;
  for (char c : value) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
    const bool camel_break =
        (c >= 'A' && c <= 'Z') && (prev >= 'a' && prev <= 'z');
    if ((!alnum || camel_break) && !word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
    if (alnum) word += LowerAscii(c);
    prev = c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Whether a class or id names page chrome rather than content. Words are
// matched whole ("ad" but not "header"); "has-sidebar" and "no-comments"
// describe a layout around the content, so a word after has/with/no does not
// count.
bool NamesChrome(std::string_view value) {
  if (value.empty()) return false;
  static constexpr std::array<std::string_view, 44> kWords = {
      "cookie",      "cookies",   "consent",  "gdpr",          "share",
      "sharing",     "shares",    "sharebar", "social",        "socials",
      "related",     "comment",   "comments", "newsletter",    "newsletters",
      "subscribe",   "advert",    "adverts",  "advertisement", "advertisements",
      "advertising", "ad",        "ads",      "adsbygoogle",   "adslot",
      "sponsored",   "outbrain",  "taboola",  "breadcrumb",    "breadcrumbs",
      "menu",        "menus",     "nav",      "navbar",        "navigation",
      "footer",      "sidebar",   "widget",   "widgets",       "promo",
      "promos",      "promotion", "popup",    "modal"};
  const std::vector<std::string> words = SplitWords(value);
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && (words[i - 1] == "has" || words[i - 1] == "with" ||
                  words[i - 1] == "no" || words[i - 1] == "without")) {
      continue;
    }
    const std::string& w = words[i];
    // Text for screen readers only ("Share on Facebook", "Advertisement").
    if (i + 1 < words.size() &&
        ((w == "sr" && words[i + 1] == "only") ||
         (w == "screen" && words[i + 1] == "reader") ||
         (w == "visually" && words[i + 1] == "hidden"))) {
      return true;
    }
    for (std::string_view chrome : kWords) {
      if (w == chrome) return true;
    }
  }
  return false;
}

bool ContainsElement(const xmlNode* node, std::string_view name, int depth) {
  if (depth > kMaxDepth) return false;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (Name(c) == name || ContainsElement(c, name, depth + 1)) return true;
  }
  return false;
}

struct SkipRules {
  // Inside an <article>, a <header> holds the headline and byline; elsewhere
  // it is the site's banner.
  bool in_article = false;
  // Whether class and id words count.
  bool use_names = true;
  // Skip only what never holds text: the last resort for pages that libxml2
  // nests oddly (a whole page inside an unclosed <noscript> or <aside>).
  bool lenient = false;
};

bool IsSkipped(const xmlNode* node, std::string_view name,
               const SkipRules& rules) {
  if (IsNonContent(name)) return true;
  if (rules.lenient) return name == "nav" || name == "menu";
  if (IsChromeTag(name)) return true;
  if (name == "header" && !rules.in_article) return true;
  // Some CMSs (ASP.NET) wrap the whole page in one <form>.
  if (name == "form" && !ContainsElement(node, "p", 0)) return true;
  if (FindAttr(node, "hidden") != nullptr) return true;
  if (EqualsIgnoreCase(TrimAscii(Attr(node, "aria-hidden")), "true")) {
    return true;
  }
  if (IsChromeRole(TrimAscii(Attr(node, "role")))) return true;
  if (const std::string_view style = Attr(node, "style"); !style.empty()) {
    std::string compact;
    for (char c : style) {
      if (!IsAsciiSpace(c)) compact += LowerAscii(c);
    }
    if (compact.find("display:none") != std::string::npos ||
        compact.find("visibility:hidden") != std::string::npos) {
      return true;
    }
  }
  return rules.use_names &&
         (NamesChrome(Attr(node, "class")) || NamesChrome(Attr(node, "id")));
}

bool IsArticleElement(const xmlNode* node, std::string_view name) {
  return name == "article" || HasToken(Attr(node, "itemprop"), "articleBody");
}

bool IsBlock(std::string_view name) {
  static constexpr std::array<std::string_view, 43> kBlocks = {
      "address",    "article", "blockquote", "body",   "center",  "dd",
      "details",    "dir",     "div",        "dl",     "dt",      "fieldset",
      "figcaption", "figure",  "h1",         "h2",     "h3",      "h4",
      "h5",         "h6",      "header",     "hgroup", "hr",      "li",
      "main",       "ol",      "p",          "pre",    "section", "summary",
      "table",      "tbody",   "thead",      "tfoot",  "tr",      "ul",
      "caption",    "legend",  "form",       "html",   "listing", "xmp",
      "plaintext"};
  for (std::string_view b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

// Accumulates text as blocks separated by "\n", collapsing white space
// inside a block as CSS does (ASCII white space only: no-break spaces are
// kept, e.g. in French "12\u00a0000").
class TextBuilder {
 public:
  // The first heading block equal to `drop` is left out (see EndHeading).
  explicit TextBuilder(std::string drop = "") : drop_(std::move(drop)) {}

  void AddText(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (IsAsciiSpace(c)) {
        space_ = true;
        continue;
      }
      // Invisible characters that would split words: soft hyphen, zero
      // width space, BOM.
      if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xAD') {
        ++i;
        continue;
      }
      if ((c == '\xE2' && s.substr(i, 3) == "\xE2\x80\x8B") ||
          (c == '\xEF' && s.substr(i, 3) == "\xEF\xBB\xBF")) {
        i += 2;
        continue;
      }
      if (!line_.empty()) {
        if (cell_) {
          line_ += " | ";
        } else if (space_) {
          line_ += ' ';
        }
      }
      space_ = false;
      cell_ = false;
      line_ += c;
    }
  }

  // <pre> keeps its line breaks as block breaks.
  void AddPreformatted(std::string_view s) {
    size_t start = 0;
    while (true) {
      const size_t nl = s.find('\n', start);
      AddText(s.substr(start, nl - start));
      if (nl == std::string_view::npos) break;
      EndBlock();
      start = nl + 1;
    }
  }

  // Table cells of one row share a line, separated by " | ".
  void StartCell() { cell_ = true; }

  void EndBlock() {
    const std::string_view block = TrimUnicode(line_);
    if (!block.empty()) {
      if (!out_.empty()) out_ += '\n';
      out_ += block;
    }
    line_.clear();
    space_ = false;
    cell_ = false;
  }

  // Ends a heading block, leaving it out if it is the title: the analyzer
  // puts the title first itself.
  void EndHeading() {
    if (!dropped_ && !drop_.empty() && TrimUnicode(line_) == drop_) {
      line_.clear();
      dropped_ = true;
    }
    EndBlock();
  }

  std::string Finish() {
    EndBlock();
    return std::move(out_);
  }

 private:
  std::string drop_;
  bool dropped_ = false;
  std::string out_;
  std::string line_;
  bool space_ = false;
  bool cell_ = false;
};

// Collapses white space in a one-line value (a title, a meta content).
std::string Collapse(std::string_view s) {
  TextBuilder builder;
  builder.AddText(s);
  return builder.Finish();
}

void WalkText(const xmlNode* parent, int depth, SkipRules rules, bool pre,
              TextBuilder* out) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* node = parent->children; node != nullptr;
       node = node->next) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content == nullptr) continue;
      const std::string_view text =
          reinterpret_cast<const char*>(node->content);
      if (pre) {
        out->AddPreformatted(text);
      } else {
        out->AddText(text);
      }
      continue;
    }
    if (node->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = Name(node);
    if (IsSkipped(node, name, rules)) continue;
    SkipRules inner = rules;
    inner.in_article = rules.in_article || IsArticleElement(node, name);
    const bool inner_pre = pre || name == "pre";
    if (name == "br") {
      out->EndBlock();
    } else if (name == "td" || name == "th") {
      out->StartCell();
      WalkText(node, depth + 1, inner, inner_pre, out);
    } else if (name == "h1") {
      out->EndBlock();
      WalkText(node, depth + 1, inner, inner_pre, out);
      out->EndHeading();
    } else if (IsBlock(name)) {
      out->EndBlock();
      WalkText(node, depth + 1, inner, inner_pre, out);
      out->EndBlock();
    } else {
      WalkText(node, depth + 1, inner, inner_pre, out);
    }
  }
}

std::string ExtractText(const xmlNode* root, SkipRules rules,
                        std::string drop_heading) {
  TextBuilder builder(std::move(drop_heading));
  WalkText(root, 0, rules, Name(root) == "pre", &builder);
  return builder.Finish();
}

// The text of one element on a single line (for a heading used as title).
std::string InlineText(const xmlNode* node) {
  std::string text = ExtractText(node, SkipRules{true, true}, "");
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// Elements that say "the article is here", best first.
enum CandidateKind { kArticleBody = 0, kArticle = 1, kMain = 2, kKinds = 3 };

struct Candidates {
  std::array<std::vector<const xmlNode*>, kKinds> clean;
  // Inside page chrome: an <aside> of teasers, or libxml2's nesting of a
  // page whose markup browsers would repair differently.
  std::array<std::vector<const xmlNode*>, kKinds> in_chrome;
};

void FindCandidates(const xmlNode* parent, int depth, bool in_chrome,
                    Candidates* out) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* node = parent->children; node != nullptr;
       node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = Name(node);
    if (IsNonContent(name)) continue;
    const bool chrome =
        in_chrome || IsSkipped(node, name, SkipRules{true, true, false});
    auto& lists = chrome ? out->in_chrome : out->clean;
    if (HasToken(Attr(node, "itemprop"), "articleBody")) {
      lists[kArticleBody].push_back(node);
    } else if (name == "article") {
      lists[kArticle].push_back(node);
    } else if (name == "main" ||
               EqualsIgnoreCase(TrimAscii(Attr(node, "role")), "main")) {
      lists[kMain].push_back(node);
    }
    FindCandidates(node, depth + 1, chrome, out);
  }
}

const xmlNode* FindFirst(const xmlNode* parent, std::string_view name,
                         int depth, SkipRules rules) {
  if (depth > kMaxDepth) return nullptr;
  for (const xmlNode* node = parent->children; node != nullptr;
       node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    const std::string_view node_name = Name(node);
    if (IsSkipped(node, node_name, rules)) continue;
    if (node_name == name) return node;
    SkipRules inner = rules;
    inner.in_article = rules.in_article || IsArticleElement(node, node_name);
    if (const xmlNode* found = FindFirst(node, name, depth + 1, inner)) {
      return found;
    }
  }
  return nullptr;
}

struct PageMeta {
  std::string html_lang;
  std::string title;
  // <meta> name/property/itemprop/http-equiv (lower case) and content, in
  // document order.
  std::vector<std::pair<std::string, std::string>> metas;
  std::string canonical;
  std::vector<std::string> json_ld;
  std::string microdata_published;
  std::string first_time;

  std::string_view Meta(std::string_view key) const {
    for (const auto& [k, v] : metas) {
      if (k == key && !v.empty()) return v;
    }
    return {};
  }
};

void CollectMeta(const xmlNode* node, int depth, PageMeta* meta) {
  if (depth > kMaxDepth || node->type != XML_ELEMENT_NODE) return;
  const std::string_view name = Name(node);
  if (name == "html" && meta->html_lang.empty()) {
    meta->html_lang = Attr(node, "lang");
    if (meta->html_lang.empty()) meta->html_lang = Attr(node, "xml:lang");
  } else if (name == "title" && meta->title.empty()) {
    meta->title = Collapse(ChildText(node));
  } else if (name == "meta") {
    std::string_view key = Attr(node, "property");
    if (key.empty()) key = Attr(node, "name");
    if (key.empty()) key = Attr(node, "itemprop");
    if (key.empty()) key = Attr(node, "http-equiv");
    const std::string_view content = TrimAscii(Attr(node, "content"));
    if (!key.empty() && !content.empty()) {
      meta->metas.emplace_back(AsciiLower(TrimAscii(key)),
                               std::string(content));
    }
    return;
  } else if (name == "link") {
    if (meta->canonical.empty() && HasToken(Attr(node, "rel"), "canonical")) {
      meta->canonical = TrimAscii(Attr(node, "href"));
    }
    return;
  } else if (name == "script") {
    if (EqualsIgnoreCase(TrimAscii(Attr(node, "type")),
                         "application/ld+json")) {
      meta->json_ld.push_back(ChildText(node));
    }
    return;
  } else if (name == "style") {
    return;
  }
  if (meta->microdata_published.empty() &&
      HasToken(Attr(node, "itemprop"), "datePublished")) {
    std::string_view value = Attr(node, "datetime");
    if (value.empty()) value = Attr(node, "content");
    meta->microdata_published =
        value.empty() ? InlineText(node) : std::string(TrimAscii(value));
  }
  if (name == "time" && meta->first_time.empty()) {
    meta->first_time = TrimAscii(Attr(node, "datetime"));
  }
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    CollectMeta(c, depth + 1, meta);
  }
}

struct JsonLd {
  // From objects whose @type is an article; `any_` from any other object.
  std::string published, any_published;
  std::vector<std::string> authors, any_authors;
  std::string publisher;
  std::string description;
};

bool IsArticleType(const json& type) {
  auto matches = [](std::string_view t) {
    return t.find("Article") != std::string_view::npos || t == "BlogPosting" ||
           t == "LiveBlogPosting" || t == "Report" || t == "SocialMediaPosting";
  };
  if (type.is_string()) return matches(type.get_ref<const std::string&>());
  if (type.is_array()) {
    for (const json& t : type) {
      if (t.is_string() && matches(t.get_ref<const std::string&>())) {
        return true;
      }
    }
  }
  return false;
}

void AddAuthors(const json& value, int depth, std::vector<std::string>* out) {
  if (depth > 4) return;
  if (value.is_string()) {
    std::string name = Collapse(value.get_ref<const std::string&>());
    // Some sites give the author's profile URL instead of a name.
    if (!name.empty() && !StartsWith(name, "http")) {
      out->push_back(std::move(name));
    }
  } else if (value.is_object()) {
    if (auto it = value.find("name"); it != value.end()) {
      AddAuthors(*it, depth + 1, out);
    }
  } else if (value.is_array()) {
    for (const json& v : value) AddAuthors(v, depth + 1, out);
  }
}

std::string_view StringField(const json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

void VisitJsonLd(const json& value, int depth, JsonLd* info) {
  if (depth > kMaxJsonDepth) return;
  if (value.is_array()) {
    for (const json& v : value) VisitJsonLd(v, depth + 1, info);
    return;
  }
  if (!value.is_object()) return;
  auto type = value.find("@type");
  const bool article = type != value.end() && IsArticleType(*type);
  std::string& published = article ? info->published : info->any_published;
  if (published.empty()) {
    published = TrimAscii(StringField(value, "datePublished"));
  }
  std::vector<std::string>& authors =
      article ? info->authors : info->any_authors;
  if (auto it = value.find("author"); it != value.end() && authors.empty()) {
    AddAuthors(*it, 0, &authors);
  }
  if (auto it = value.find("publisher");
      it != value.end() && it->is_object() && info->publisher.empty()) {
    info->publisher = Collapse(StringField(*it, "name"));
  }
  if (article && info->description.empty()) {
    info->description = Collapse(StringField(value, "description"));
  }
  for (std::string_view key : {"@graph", "mainEntity"}) {
    if (auto it = value.find(key); it != value.end()) {
      VisitJsonLd(*it, depth + 1, info);
    }
  }
}

JsonLd ParseJsonLd(const std::vector<std::string>& scripts) {
  JsonLd info;
  for (const std::string& script : scripts) {
    std::string text(TrimAscii(script));
    // Raw line breaks inside strings are invalid JSON but common; outside
    // strings they are white space anyway.
    for (char& c : text) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    std::string_view body = TrimAscii(text);
    if (StartsWith(body, "<!--")) body.remove_prefix(4);
    if (EndsWith(body, "-->")) body.remove_suffix(3);
    const json value = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) continue;
    VisitJsonLd(value, 0, &info);
  }
  return info;
}

// "fr-FR", "fr_FR", "FR" → "fr"; "" for anything that is not a language tag.
std::string LanguageSubtag(std::string_view tag) {
  tag = TrimAscii(tag);
  size_t end = 0;
  while (end < tag.size() && ((tag[end] >= 'a' && tag[end] <= 'z') ||
                              (tag[end] >= 'A' && tag[end] <= 'Z'))) {
    ++end;
  }
  if (end < 2 || end > 3) return "";
  if (end < tag.size() && tag[end] != '-' && tag[end] != '_' &&
      tag[end] != ',' && tag[end] != ';' && !IsAsciiSpace(tag[end])) {
    return "";
  }
  return AsciiLower(tag.substr(0, end));
}

// Removes the site name that titles often carry: "Headline | Site",
// "Headline - Site". A " - " part is removed only from <title> (og:title
// rarely has one) and only when it is short, since headlines have dashes too.
std::string StripSiteName(std::string_view title, std::string_view site,
                          bool is_title_tag) {
  static constexpr std::array<std::string_view, 8> kSeparators = {
      " | ",  " - ",      " \u2013 ", " \u2014 ",
      " :: ", " \u00b7 ", " \u00bb ", " \u203a "};
  if (!site.empty()) {
    for (std::string_view sep : kSeparators) {
      const std::string suffix = std::string(sep) + std::string(site);
      if (title.size() > suffix.size() && EndsWith(title, suffix)) {
        return std::string(
            TrimUnicode(title.substr(0, title.size() - suffix.size())));
      }
      const std::string prefix = std::string(site) + std::string(sep);
      if (title.size() > prefix.size() && StartsWith(title, prefix)) {
        return std::string(TrimUnicode(title.substr(prefix.size())));
      }
    }
  }
  if (const size_t bar = title.rfind(" | ");
      bar != std::string_view::npos && bar > 0) {
    return std::string(TrimUnicode(title.substr(0, bar)));
  }
  if (!is_title_tag) return std::string(title);
  for (std::string_view sep : {" - ", " \u2013 ", " \u2014 "}) {
    const size_t at = title.rfind(sep);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view suffix = title.substr(at + sep.size());
    size_t words = 1;
    for (char c : suffix) words += c == ' ';
    if (words <= 3 && suffix.size() <= 30 && at > suffix.size()) {
      return std::string(TrimUnicode(title.substr(0, at)));
    }
  }
  return std::string(title);
}

// The element holding the article: the one with the most text among the
// best kind of candidate (several <article>s usually mean teasers around the
// real one), else `body`.
const xmlNode* FindArticleRoot(const xmlNode* body) {
  Candidates candidates;
  FindCandidates(body, 0, false, &candidates);
  for (const auto* lists : {&candidates.clean, &candidates.in_chrome}) {
    for (const auto& kind : *lists) {
      const xmlNode* root = nullptr;
      size_t best = 0;
      for (const xmlNode* node : kind) {
        const size_t size = ExtractText(node, SkipRules{true, true}, "").size();
        if (size > best) {
          best = size;
          root = node;
        }
      }
      if (root != nullptr) return root;
    }
  }
  return body;
}

std::string PickLanguage(const PageMeta& meta) {
  for (std::string_view tag :
       {std::string_view(meta.html_lang), meta.Meta("og:locale"),
        meta.Meta("content-language"), meta.Meta("language")}) {
    std::string lang = LanguageSubtag(tag);
    if (!lang.empty()) return lang;
  }
  return "";
}

// The first ISO date among the places pages put it, most reliable first.
std::string PickPublished(const PageMeta& meta, const JsonLd& json_ld,
                          const xmlNode* root) {
  std::string root_time;
  if (const xmlNode* time = FindFirst(root, "time", 0, SkipRules{true, true})) {
    root_time = TrimAscii(Attr(time, "datetime"));
  }
  for (std::string_view value : {
           std::string_view(json_ld.published),
           std::string_view(json_ld.any_published),
           meta.Meta("article:published_time"),
           meta.Meta("og:article:published_time"),
           meta.Meta("date"),
           meta.Meta("pubdate"),
           meta.Meta("dc.date"),
           meta.Meta("dc.date.issued"),
           meta.Meta("datepublished"),
           std::string_view(meta.microdata_published),
           meta.Meta("publishdate"),
           meta.Meta("publish-date"),
           meta.Meta("publish_date"),
           meta.Meta("publication_date"),
           meta.Meta("dcterms.date"),
           meta.Meta("dcterms.issued"),
           meta.Meta("dcterms.created"),
           meta.Meta("dc.date.created"),
           meta.Meta("og:published_time"),
           meta.Meta("sailthru.date"),
           meta.Meta("parsely-pub-date"),
           meta.Meta("citation_publication_date"),
           std::string_view(root_time),
           std::string_view(meta.first_time),
       }) {
    value = TrimAscii(value);
    if (ParseIsoDate(value)) return std::string(value);
  }
  return "";
}

std::string JoinAuthors(const PageMeta& meta, const JsonLd& json_ld) {
  std::vector<std::string> authors =
      !json_ld.authors.empty() ? json_ld.authors : json_ld.any_authors;
  if (authors.empty()) {
    for (std::string_view key : {"author", "article:author", "dc.creator",
                                 "parsely-author", "sailthru.author"}) {
      std::string name = Collapse(meta.Meta(key));
      if (!name.empty() && !StartsWith(name, "http")) {
        authors.push_back(std::move(name));
        break;
      }
    }
  }
  std::string joined;
  for (size_t i = 0; i < authors.size(); ++i) {
    if (std::find(authors.begin(), authors.begin() + i, authors[i]) !=
        authors.begin() + i) {
      continue;
    }
    if (!joined.empty()) joined += ", ";
    joined += authors[i];
  }
  return joined;
}

}  // namespace

std::string SniffHtmlCharset(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "\xEF\xBB\xBF"sv)) return "utf-8";
  if (StartsWith(bytes, "\xFF\xFE"sv)) return "utf-16le";
  if (StartsWith(bytes, "\xFE\xFF"sv)) return "utf-16be";
  const std::string_view head = bytes.substr(0, kCharsetScanBytes);
  if (head.size() > 5 && EqualsIgnoreCase(head.substr(0, 5), "<?xml")) {
    size_t pos = 5;
    const Attributes attrs = ReadAttributes(head, &pos);
    const std::string_view encoding = FindAttribute(attrs, "encoding");
    if (!encoding.empty()) return NormalizeCharset(encoding);
  }
  size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (head.substr(i, 4) == "<!--") {
      const size_t end = head.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (i + 5 < head.size() &&
        EqualsIgnoreCase(head.substr(i + 1, 4), "meta") &&
        (IsAsciiSpace(head[i + 5]) || head[i + 5] == '/')) {
      size_t pos = i + 5;
      const Attributes attrs = ReadAttributes(head, &pos);
      std::string_view charset = FindAttribute(attrs, "charset");
      if (charset.empty() &&
          EqualsIgnoreCase(TrimAscii(FindAttribute(attrs, "http-equiv")),
                           "content-type")) {
        charset = CharsetFromContentType(FindAttribute(attrs, "content"));
      }
      if (!TrimAscii(charset).empty()) return NormalizeCharset(charset);
      i = pos;
      continue;
    }
    ++i;
  }
  return "";
}

Result<HtmlArticle> ExtractHtml(std::string_view html_bytes,
                                std::string_view where,
                                const HtmlHints& hints) {
  auto no_text = [&] {
    return MakeError(ErrorCode::kInvalidInput, std::string(where),
                     "no article text found in HTML");
  };
  const std::string page = DecodePage(html_bytes, where);
  if (page.size() > INT_MAX) {
    return MakeError(ErrorCode::kUnsupported, std::string(where),
                     "HTML page is too large to parse");
  }
  const DocPtr doc = ParseHtml(page);
  if (doc == nullptr) return no_text();
  const xmlNode* html = xmlDocGetRootElement(doc.get());
  if (html == nullptr) return no_text();
  const xmlNode* body = html;
  for (const xmlNode* c = html->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && Name(c) == "body") body = c;
  }

  PageMeta meta;
  CollectMeta(html, 0, &meta);
  const JsonLd json_ld = ParseJsonLd(meta.json_ld);

  const xmlNode* root = FindArticleRoot(body);
  const bool in_article =
      root != body && (Name(root) == "article" ||
                       HasToken(Attr(root, "itemprop"), "articleBody"));

  HtmlArticle article;
  article.site_name = Collapse(meta.Meta("og:site_name"));
  if (article.site_name.empty()) article.site_name = json_ld.publisher;
  if (article.site_name.empty()) {
    article.site_name = Collapse(meta.Meta("application-name"));
  }

  if (const std::string og = Collapse(meta.Meta("og:title")); !og.empty()) {
    article.title = StripSiteName(og, article.site_name, false);
  } else {
    const xmlNode* h1 = FindFirst(root, "h1", 0, SkipRules{in_article, true});
    if (h1 == nullptr && root != body) {
      h1 = FindFirst(body, "h1", 0, SkipRules{false, true});
    }
    if (h1 != nullptr) article.title = InlineText(h1);
    if (article.title.empty()) {
      article.title = StripSiteName(meta.title, article.site_name, true);
    }
  }

  article.text = ExtractText(root, SkipRules{in_article, true}, article.title);
  if (article.text.empty() && root != body) {
    article.text = ExtractText(body, SkipRules{false, true}, article.title);
  }
  if (article.text.empty()) {
    // Last resort for pages whose wrappers carry chrome-like class names,
    // or that libxml2 nests inside chrome.
    article.text =
        ExtractText(body, SkipRules{false, false, true}, article.title);
  }
  if (article.text.empty()) {
    // The page is only its headline: better that than nothing.
    article.text = ExtractText(body, SkipRules{false, false, true}, "");
  }
  if (article.text.empty()) return no_text();

  article.lang = PickLanguage(meta);
  article.published = PickPublished(meta, json_ld, root);
  article.author = JoinAuthors(meta, json_ld);
  article.canonical_url = meta.canonical;
  if (article.canonical_url.empty()) {
    article.canonical_url = TrimAscii(meta.Meta("og:url"));
  }
  for (std::string_view key :
       {"description", "og:description", "twitter:description"}) {
    article.description = Collapse(meta.Meta(key));
    if (!article.description.empty()) break;
  }
  if (article.description.empty()) article.description = json_ld.description;
  return article;
}

}  // namespace newsline
