#include "pipeline/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "core/date.h"
#include "core/unicode.h"
#include "pipeline/decode.h"
#include "pipeline/html_dates.h"

namespace newsline {
namespace {

using nlohmann::json;

// Real pages nest a few dozen levels; deeper markup is generated junk, and
// stopping there keeps the recursive walks bounded.
constexpr int kMaxDepth = 256;
constexpr int kMaxJsonDepth = 16;

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

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

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
        EqualsIgnoreAsciiCase(reinterpret_cast<const char*>(a->name), name)) {
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

// Elements, classified once so that the walks compare small integers.
enum class Tag : uint8_t {
  kOther,       // inline: span, b, em ...
  kNonContent,  // never holds article text: script, style, svg, button ...
  kChrome,      // page chrome by definition: footer, aside, dialog
  kNoscript,    // the page for browsers without scripts: never its text
  kNav,         // nav, menu: chrome even in the last-resort walk
  kHeader,
  kForm,
  kBr,
  kCell,  // td, th
  kH1,
  kHeading,  // h2 .. h6
  kP,
  kPre,
  kBlockquote,
  kList,  // ul, ol, dl
  kItem,  // li, dt, dd
  kTable,
  kRow,
  kDiv,  // div, section
  kArticle,
  kMain,
  kFigcaption,
  kLink,   // a
  kBlock,  // other block elements
  kBody,
  kTime,
};

Tag ClassifyTag(std::string_view name) {
  static const auto* kTags = new std::unordered_map<std::string_view, Tag>{
      {"script", Tag::kNonContent},
      {"style", Tag::kNonContent},
      {"template", Tag::kNonContent},
      {"svg", Tag::kNonContent},
      {"math", Tag::kNonContent},
      {"head", Tag::kNonContent},
      {"link", Tag::kNonContent},
      {"meta", Tag::kNonContent},
      {"title", Tag::kNonContent},
      {"iframe", Tag::kNonContent},
      {"frame", Tag::kNonContent},
      {"frameset", Tag::kNonContent},
      {"object", Tag::kNonContent},
      {"embed", Tag::kNonContent},
      {"canvas", Tag::kNonContent},
      {"audio", Tag::kNonContent},
      {"video", Tag::kNonContent},
      {"select", Tag::kNonContent},
      {"textarea", Tag::kNonContent},
      {"input", Tag::kNonContent},
      {"map", Tag::kNonContent},
      {"datalist", Tag::kNonContent},
      {"applet", Tag::kNonContent},
      {"button", Tag::kNonContent},
      // Ruby annotations (furigana) are reading aids printed above the
      // text, not part of it.
      {"rt", Tag::kNonContent},
      {"rp", Tag::kNonContent},
      {"noscript", Tag::kNoscript},
      {"nav", Tag::kNav},
      {"footer", Tag::kChrome},
      {"aside", Tag::kChrome},
      {"menu", Tag::kNav},
      {"dialog", Tag::kChrome},
      {"header", Tag::kHeader},
      {"form", Tag::kForm},
      {"br", Tag::kBr},
      {"td", Tag::kCell},
      {"th", Tag::kCell},
      {"h1", Tag::kH1},
      {"h2", Tag::kHeading},
      {"h3", Tag::kHeading},
      {"h4", Tag::kHeading},
      {"h5", Tag::kHeading},
      {"h6", Tag::kHeading},
      {"p", Tag::kP},
      {"pre", Tag::kPre},
      {"listing", Tag::kPre},
      {"xmp", Tag::kPre},
      {"plaintext", Tag::kPre},
      {"blockquote", Tag::kBlockquote},
      {"ul", Tag::kList},
      {"ol", Tag::kList},
      {"dl", Tag::kList},
      {"dir", Tag::kList},
      {"li", Tag::kItem},
      {"dt", Tag::kItem},
      {"dd", Tag::kItem},
      {"table", Tag::kTable},
      {"tr", Tag::kRow},
      {"div", Tag::kDiv},
      {"section", Tag::kDiv},
      {"article", Tag::kArticle},
      {"main", Tag::kMain},
      {"figcaption", Tag::kFigcaption},
      {"a", Tag::kLink},
      {"address", Tag::kBlock},
      {"center", Tag::kBlock},
      {"details", Tag::kBlock},
      {"fieldset", Tag::kBlock},
      {"figure", Tag::kBlock},
      {"hgroup", Tag::kBlock},
      {"hr", Tag::kBlock},
      {"summary", Tag::kBlock},
      {"tbody", Tag::kBlock},
      {"thead", Tag::kBlock},
      {"tfoot", Tag::kBlock},
      {"caption", Tag::kBlock},
      {"legend", Tag::kBlock},
      {"html", Tag::kBlock},
      {"body", Tag::kBody},
      {"time", Tag::kTime},
  };
  auto it = kTags->find(name);
  return it == kTags->end() ? Tag::kOther : it->second;
}

bool IsBlockTag(Tag tag) {
  switch (tag) {
    case Tag::kOther:
    case Tag::kNonContent:
    case Tag::kBr:
    case Tag::kCell:
    case Tag::kLink:
    case Tag::kTime:
      return false;
    default:
      return true;
  }
}

// Whether an inline style hides the element: display:none or
// visibility:hidden, in any spacing and case.
bool HidesElement(std::string_view style) {
  std::string compact;
  for (char c : style) {
    if (!IsAsciiSpace(c)) compact += LowerAscii(c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsChromeRole(std::string_view role) {
  static constexpr std::array<std::string_view, 9> kRoles = {
      "navigation", "banner",  "contentinfo", "complementary", "search",
      "menu",       "menubar", "dialog",      "alertdialog"};
  for (std::string_view r : kRoles) {
    if (EqualsIgnoreAsciiCase(role, r)) return true;
  }
  return false;
}

// What a word of a class or id says about its element.
enum class Word : uint8_t {
  kNone,
  kChrome,    // navigation, ads, sharing ...: never article text
  kComments,  // comment sections: chrome even when large
  kByline,    // the author line: metadata, not text
  kDate,      // the date line: metadata, not text
  kPositive,  // the article's own container
  kNegative,  // likely not the article, but not reliably chrome
  kLayout,    // has/with/no: the next word describes surroundings
  kScreenReader,
  // Chrome (a teaser of another story), unless named as the article's own
  // lead: "teaser-text", "article-teaser", "teaser-detail".
  kTeaser,
};

Word ClassifyWord(std::string_view w) {
  static const auto* kWords = new std::unordered_map<std::string_view, Word>{
      {"cookie", Word::kChrome},
      {"cookies", Word::kChrome},
      {"consent", Word::kChrome},
      {"gdpr", Word::kChrome},
      {"share", Word::kChrome},
      {"sharing", Word::kChrome},
      {"shares", Word::kChrome},
      {"sharebar", Word::kChrome},
      {"sharedaddy", Word::kChrome},
      {"social", Word::kChrome},
      {"socials", Word::kChrome},
      {"related", Word::kChrome},
      {"newsletter", Word::kChrome},
      {"newsletters", Word::kChrome},
      {"subscribe", Word::kChrome},
      {"subscription", Word::kChrome},
      {"advert", Word::kChrome},
      {"adverts", Word::kChrome},
      {"advertisement", Word::kChrome},
      {"advertisements", Word::kChrome},
      {"advertising", Word::kChrome},
      {"ad", Word::kChrome},
      {"ads", Word::kChrome},
      {"adsbygoogle", Word::kChrome},
      {"adslot", Word::kChrome},
      {"sponsored", Word::kChrome},
      {"outbrain", Word::kChrome},
      {"taboola", Word::kChrome},
      {"breadcrumb", Word::kChrome},
      {"breadcrumbs", Word::kChrome},
      {"menu", Word::kChrome},
      {"menus", Word::kChrome},
      {"nav", Word::kChrome},
      {"navbar", Word::kChrome},
      {"navigation", Word::kChrome},
      {"footer", Word::kChrome},
      {"sidebar", Word::kChrome},
      {"widget", Word::kChrome},
      {"widgets", Word::kChrome},
      {"promo", Word::kChrome},
      {"promos", Word::kChrome},
      {"promotion", Word::kChrome},
      {"popup", Word::kChrome},
      {"modal", Word::kChrome},
      {"tags", Word::kChrome},
      {"tagcloud", Word::kChrome},
      {"keywords", Word::kChrome},
      {"caption", Word::kChrome},
      // Image captions in other words: Bildunterschrift, légende,
      // didascalia.
      {"imagedescription", Word::kChrome},
      {"bildunterschrift", Word::kChrome},
      {"bildtext", Word::kChrome},
      {"legende", Word::kChrome},
      {"didascalia", Word::kChrome},
      {"dida", Word::kChrome},
      {"credit", Word::kChrome},
      {"credits", Word::kChrome},
      {"copyright", Word::kChrome},
      {"pagination", Word::kChrome},
      {"pager", Word::kChrome},
      {"toolbar", Word::kChrome},
      {"print", Word::kNegative},
      {"login", Word::kChrome},
      {"signup", Word::kChrome},
      {"recommended", Word::kChrome},
      {"recommendations", Word::kChrome},
      {"teaser", Word::kTeaser},
      {"teasers", Word::kChrome},
      {"banner", Word::kChrome},
      {"masthead", Word::kChrome},
      {"disclaimer", Word::kChrome},
      {"paywall", Word::kChrome},
      {"rating", Word::kChrome},
      {"skip", Word::kChrome},
      {"tooltip", Word::kChrome},
      {"bio", Word::kChrome},
      {"meta", Word::kChrome},
      {"postmeta", Word::kChrome},
      {"sponsor", Word::kChrome},
      // Tables of contents (ez-toc, toc_container) repeat the headings.
      {"toc", Word::kChrome},
      // WordPress's "Posted in ... Bookmark the permalink" blocks.
      {"postmetadata", Word::kChrome},
      {"utility", Word::kChrome},
      {"ratings", Word::kChrome},
      {"flyout", Word::kChrome},
      {"player", Word::kChrome},
      {"comment", Word::kComments},
      {"comments", Word::kComments},
      {"disqus", Word::kComments},
      {"respond", Word::kComments},
      {"byline", Word::kByline},
      {"author", Word::kByline},
      {"authors", Word::kByline},
      {"autor", Word::kByline},
      {"writer", Word::kByline},
      {"contributor", Word::kByline},
      {"date", Word::kDate},
      {"dateline", Word::kDate},
      {"pubdate", Word::kDate},
      {"published", Word::kDate},
      {"timestamp", Word::kDate},
      {"datum", Word::kDate},
      {"fecha", Word::kDate},
      {"time", Word::kDate},
      {"posted", Word::kDate},
      {"article", Word::kPositive},
      {"articlebody", Word::kPositive},
      {"content", Word::kPositive},
      {"entry", Word::kPositive},
      {"post", Word::kPositive},
      {"story", Word::kPositive},
      {"body", Word::kPositive},
      {"text", Word::kPositive},
      {"blog", Word::kPositive},
      {"main", Word::kPositive},
      {"hentry", Word::kPositive},
      {"prose", Word::kPositive},
      {"header", Word::kNegative},
      {"hidden", Word::kNegative},
      {"foot", Word::kNegative},
      {"links", Word::kNegative},
      {"more", Word::kNegative},
      {"shoutbox", Word::kNegative},
      {"extra", Word::kNegative},
      {"agegate", Word::kNegative},
      {"sitemap", Word::kNegative},
      {"overlay", Word::kNegative},
      {"has", Word::kLayout},
      {"with", Word::kLayout},
      {"no", Word::kLayout},
      {"without", Word::kLayout},
  };
  auto it = kWords->find(w);
  return it == kWords->end() ? Word::kNone : it->second;
}

// What the class and id of an element say, combined.
struct NameHints {
  bool chrome = false;
  bool comments = false;
  bool byline = false;
  bool date = false;
  bool screen_reader = false;
  bool positive = false;
  // A teaser or a related-stories box: its dates and bylines are another
  // story's.
  bool other_story = false;
  int weight = 0;  // readability-style class weight: -25, 0 or +25
};

// Splits a class or id value into lower-case words, also at camelCase
// boundaries ("relatedPosts share-bar" → related, posts, share, bar), without
// allocating. Words are matched whole ("ad" but not "header"); a word after
// has/with/no describes the layout around the element and does not count.
void AddNameHints(std::string_view value, NameHints* hints) {
  char word[32];
  size_t len = 0;
  bool overflow = false;
  bool after_layout = false;
  char prev_word[32];
  size_t prev_len = 0;
  bool positive = false, negative = false;
  bool teaser = false, lead = false;
  auto flush = [&] {
    if (len == 0 && !overflow) return;
    const std::string_view w(word, overflow ? 0 : len);
    const Word kind = overflow ? Word::kNone : ClassifyWord(w);
    const std::string_view prev(prev_word, prev_len);
    if ((prev == "sr" && w == "only") || (prev == "screen" && w == "reader") ||
        (prev == "visually" && w == "hidden")) {
      hints->screen_reader = true;
    }
    if (prev == "pop" && w == "up") hints->chrome = true;
    if (!after_layout && (w == "related" || w == "teasers" ||
                          w == "recommended" || w == "recommendations")) {
      hints->other_story = true;
    }
    if (!after_layout) {
      switch (kind) {
        case Word::kChrome:
          hints->chrome = true;
          break;
        case Word::kTeaser:
          teaser = true;
          break;
        case Word::kComments:
          hints->comments = true;
          break;
        case Word::kByline:
          hints->byline = true;
          break;
        case Word::kDate:
          hints->date = true;
          break;
        case Word::kPositive:
          positive = true;
          break;
        case Word::kNegative:
          negative = true;
          break;
        default:
          break;
      }
    }
    lead = lead || w == "text" || w == "article" || w == "detail" ||
           w == "details" || w == "lead" || w == "intro";
    after_layout = kind == Word::kLayout;
    std::memcpy(prev_word, word, overflow ? 0 : len);
    prev_len = overflow ? 0 : len;
    len = 0;
    overflow = false;
  };
  char prev = 0;
  for (char c : value) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (!(lower || upper || digit) || (upper && prev >= 'a' && prev <= 'z')) {
      flush();
      if (IsAsciiSpace(c)) after_layout = false;
    }
    if (lower || upper || digit) {
      if (len < sizeof word) {
        word[len++] = LowerAscii(c);
      } else {
        overflow = true;
      }
    }
    prev = c;
  }
  flush();
  if (teaser && !lead) hints->chrome = hints->other_story = true;
  if (negative) hints->weight -= 25;
  if (positive) hints->weight += 25;
  hints->positive = hints->positive || positive;
}

// Per-element facts, computed once: node->_private holds index + 1.
struct NodeInfo {
  Tag tag = Tag::kOther;
  bool skip = false;          // not article text in strict mode
  bool class_chrome = false;  // skip comes only from class/id words
  bool in_article = false;    // inside <article> or articleBody
  bool has_block_child = false;
  bool article_body = false;  // itemprop=articleBody
  // Holds one <article> or articleBody, or a <main> or <h1>: a layout
  // wrapper, whatever its class says. A box of several articles without a
  // headline is a list of teasers ("related-articles").
  bool wraps_article = false;
  bool wraps_main = false;     // holds a <main> or <h1>
  uint8_t articles_below = 0;  // outermost articles below, up to 2
  bool has_paragraph = false;  // a <p> below
  // hidden, aria-hidden, display:none or a chrome ARIA role.
  bool hidden = false;
  bool main_role = false;        // role="main"
  uint32_t own_chars = 0;        // characters of the element's own text nodes
  uint32_t paragraph_chars = 0;  // raw characters in <p>s below
  NameHints hints;
  // Characters of visible text below, without skipped subtrees; `link`
  // counts those inside <a>; `raw` includes skipped subtrees.
  uint32_t chars = 0;
  uint32_t link_chars = 0;
  uint32_t raw_chars = 0;
  uint32_t commas = 0;
  uint32_t own_commas = 0;  // in the element's own text nodes
  double score = 0;
  bool candidate = false;
  // Characters of the paragraphs below that read as prose (see
  // ScoreCandidates).
  uint32_t good_chars = 0;

  double LinkDensity() const {
    return chars == 0 ? 0.0 : static_cast<double>(link_chars) / chars;
  }
};

class Page {
 public:
  explicit Page(const xmlNode* body) : body_(body) {}

  NodeInfo& Info(const xmlNode* node) {
    return infos_[reinterpret_cast<uintptr_t>(node->_private) - 1];
  }
  bool HasInfo(const xmlNode* node) const { return node->_private != nullptr; }
  const std::vector<const xmlNode*>& elements() const { return elements_; }

  // First pass: classifies every element and counts raw text bottom-up.
  void Annotate() {
    Classify(const_cast<xmlNode*>(body_), 0, false, false, false);
    total_raw_ = infos_.empty() ? 0 : Info(body_).raw_chars;
    Count(body_, 0, false, false);
  }

  const xmlNode* body() const { return body_; }
  const std::vector<const xmlNode*>& bylines() const { return bylines_; }
  const std::vector<const xmlNode*>& date_lines() const { return date_lines_; }

 private:
  // Counts visible characters: UTF-8 lead bytes that are not ASCII space.
  static void CountText(std::string_view s, uint32_t* chars, uint32_t* commas) {
    uint32_t n = 0, c = 0;
    for (char ch : s) {
      const unsigned char u = static_cast<unsigned char>(ch);
      n += !IsAsciiSpace(ch) && (u & 0xC0) != 0x80;
      c += ch == ',';
    }
    // Ideographic and Arabic commas are three and two bytes long; their
    // first byte is enough to count them roughly.
    size_t at = 0;
    while ((at = s.find("\xEF\xBC\x8C", at)) != std::string_view::npos) {
      ++c;
      at += 3;
    }
    at = 0;
    while ((at = s.find("\xE3\x80\x81", at)) != std::string_view::npos) {
      ++c;
      at += 3;
    }
    *chars += n;
    *commas += c;
  }

  void Classify(xmlNode* node, int depth, bool in_article, bool in_comments,
                bool in_form) {
    infos_.emplace_back();
    node->_private = reinterpret_cast<void*>(infos_.size());
    elements_.push_back(node);
    const size_t index = infos_.size() - 1;
    NodeInfo info;
    info.tag = ClassifyTag(Name(node));
    // One pass over the attributes: most elements have none or one.
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      if (a->name == nullptr || a->children == nullptr ||
          a->children->content == nullptr) {
        if (a->name != nullptr &&
            EqualsIgnoreAsciiCase(reinterpret_cast<const char*>(a->name),
                                  "hidden")) {
          info.hidden = true;
        }
        continue;
      }
      const std::string_view name = reinterpret_cast<const char*>(a->name);
      const std::string_view value =
          reinterpret_cast<const char*>(a->children->content);
      if (name == "class") {
        if (info.tag != Tag::kBody) AddNameHints(value, &info.hints);
      } else if (name == "id") {
        // Long ids are slugs of the element's own text (Markdown
        // headings), not names of what the element is.
        if (info.tag != Tag::kBody && value.size() <= 48) {
          AddNameHints(value, &info.hints);
        }
      } else if (name == "itemprop") {
        info.article_body = HasAsciiToken(value, "articleBody");
      } else if (name == "hidden") {
        info.hidden = true;
      } else if (name == "aria-hidden") {
        info.hidden =
            info.hidden || EqualsIgnoreAsciiCase(TrimAscii(value), "true");
      } else if (name == "role") {
        info.hidden = info.hidden || IsChromeRole(TrimAscii(value));
        info.main_role = EqualsIgnoreAsciiCase(TrimAscii(value), "main");
      } else if (name == "style") {
        info.hidden = info.hidden || HidesElement(value);
      }
    }
    info.in_article =
        in_article || info.tag == Tag::kArticle || info.article_body;
    if (info.tag == Tag::kArticle || info.tag == Tag::kMain ||
        info.tag == Tag::kH1 || info.article_body) {
      // The article's own container: its CMS classes (tag-x, author-y)
      // describe the story, not page chrome.
      info.hints.chrome = info.hints.byline = info.hints.date = false;
      info.hints.weight = std::max(info.hints.weight, 0) + 10;
    }
    // Comment sections and forms name their commenters and fields as
    // authors ("Name *"): those are not the article's bylines. Comments
    // also date themselves, not the article.
    in_comments = in_comments || info.hints.comments;
    in_form = in_form || info.tag == Tag::kForm;
    if (info.hints.byline && !in_comments && !in_form && bylines_.size() < 16) {
      bylines_.push_back(node);
    }
    if ((info.hints.date || info.tag == Tag::kTime) && !in_comments &&
        date_lines_.size() < 16) {
      date_lines_.push_back(node);
    }
    uint32_t raw = 0, commas = 0, child_raw = 0;
    bool has_block_child = false, wraps_main = false, has_paragraph = false;
    int articles_below = 0;
    uint32_t paragraph_chars = 0;
    if (info.tag != Tag::kNonContent && depth < kMaxDepth) {
      for (xmlNode* c = node->children; c != nullptr; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
          if (c->content != nullptr) {
            CountText(reinterpret_cast<const char*>(c->content), &raw, &commas);
          }
        } else if (c->type == XML_ELEMENT_NODE) {
          Classify(c, depth + 1, info.in_article, in_comments, in_form);
          const NodeInfo& child = Info(c);
          raw += child.raw_chars;
          child_raw += child.raw_chars;
          has_block_child = has_block_child || IsBlockTag(child.tag);
          wraps_main = wraps_main || child.wraps_main ||
                       child.tag == Tag::kMain || child.tag == Tag::kH1;
          // Articles nested in an article (its comments) count as one.
          articles_below += child.tag == Tag::kArticle || child.article_body
                                ? 1
                                : child.articles_below;
          has_paragraph =
              has_paragraph || child.has_paragraph || child.tag == Tag::kP;
          paragraph_chars +=
              child.tag == Tag::kP ? child.raw_chars : child.paragraph_chars;
        }
      }
    }
    info.own_chars = raw - child_raw;
    info.raw_chars = raw;
    info.commas = commas;  // own text only; summed in Count
    info.own_commas = commas;
    info.has_block_child = has_block_child;
    info.wraps_main = wraps_main;
    info.articles_below = static_cast<uint8_t>(std::min(articles_below, 2));
    info.wraps_article = wraps_main || articles_below == 1;
    info.has_paragraph = has_paragraph;
    info.paragraph_chars = paragraph_chars;
    infos_[index] = info;
  }

  bool DecideSkip(const NodeInfo& info) {
    // A <header>, <footer>, <noscript> or hidden popup that holds most of
    // the page's paragraphs was never closed: libxml2 nests the rest of the
    // page in it (an unclosed <td> in a site header). It is not chrome.
    const bool swallows_page = info.raw_chars * 2 > total_raw_ &&
                               info.paragraph_chars >= 500 &&
                               info.paragraph_chars * 4 > info.raw_chars;
    switch (info.tag) {
      case Tag::kNonContent:
      case Tag::kNav:
      case Tag::kFigcaption:
        return true;
      case Tag::kNoscript:
        return !swallows_page;
      case Tag::kChrome:
        // An <aside> or <footer> around the headline and its paragraphs
        // is the article in a misused element.
        return !swallows_page &&
               !(info.wraps_main && info.paragraph_chars >= 500);
      case Tag::kHeader:
        if (!info.in_article && !swallows_page) return true;
        break;
      case Tag::kForm:
        // Some CMSs (ASP.NET) wrap the whole page in one <form>.
        if (!info.has_paragraph || info.raw_chars * 2 < total_raw_) {
          return true;
        }
        break;
      default:
        break;
    }
    return info.hidden && !swallows_page;
  }

  // Second pass: decides what is skipped, top-down, and counts the text
  // that remains, bottom-up. A chrome-named element that holds most of the
  // page is a layout wrapper ("content-sidebar-wrap"), not chrome.
  void Count(const xmlNode* node, int depth, bool in_link, bool skipped) {
    NodeInfo& info = Info(node);
    {
      if (DecideSkip(info)) {
        info.skip = true;
      } else if (info.hints.screen_reader ||
                 (info.hints.comments && !info.wraps_article) ||
                 ((info.hints.chrome || info.hints.byline || info.hints.date) &&
                  !info.wraps_article &&
                  // "article-content sticky-sidebar": the article's own
                  // container, named after its layout too.
                  !(info.hints.positive && info.paragraph_chars >= 400) &&
                  !(info.raw_chars > 1000 &&
                    info.raw_chars * 5 > total_raw_ * 2))) {
        info.skip = true;
        info.class_chrome = true;
      }
    }
    const bool hidden = skipped || info.skip;
    const bool link = in_link || info.tag == Tag::kLink;
    uint32_t chars = info.own_chars, link_chars = link ? info.own_chars : 0;
    uint32_t commas = info.commas;
    if (info.tag != Tag::kNonContent && depth < kMaxDepth) {
      for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && HasInfo(c)) {
          Count(c, depth + 1, link, hidden);
          const NodeInfo& child = Info(c);
          if (!child.skip && !hidden) {
            chars += child.chars;
            link_chars += child.link_chars;
            commas += child.commas;
          }
        }
      }
    }
    if (hidden) {
      chars = link_chars = 0;
    }
    info.chars = chars;
    info.link_chars = link_chars;
    info.commas = commas;
  }

  const xmlNode* body_;
  std::vector<NodeInfo> infos_;
  std::vector<const xmlNode*> elements_;
  std::vector<const xmlNode*> bylines_;
  std::vector<const xmlNode*> date_lines_;
  uint32_t total_raw_ = 0;
};

// Accumulates text as blocks separated by "\n", collapsing white space
// inside a block as CSS does (ASCII white space only: no-break spaces are
// kept, e.g. in French "12\u00a0000").
// Whether a block is a dateline ("Erstellt am Dienstag 6. Mai 2014",
// "June 5, 2024 at 10:00"): metadata, not article text.
bool IsDateLine(std::string_view block) {
  if (block.size() > 60 || block.empty()) return false;
  size_t words = 1;
  for (char c : block) words += c == ' ';
  return words <= 7 && !FindVisibleDate(block).empty();
}

// Whether a short block is page metadata rather than text: a reading time
// ("5 min read", "Lesezeit: 3 Minuten"), a byline with a date or a
// copyright line ("© Example 2019").
bool IsMetaLine(std::string_view block) {
  if (block.size() > 80 || block.empty()) return false;
  if (StartsWith(block, "\u00a9") || StartsWith(block, "(c) ") ||
      StartsWith(block, "(C) ") ||
      (block.size() > 10 &&
       EqualsIgnoreAsciiCase(block.substr(0, 10), "copyright "))) {
    return true;
  }
  // "By Ann Lee Feb 8, 2020 5 min read": a byline with its date.
  for (std::string_view by : {"by ", "von ", "par ", "por "}) {
    if (block.size() > by.size() &&
        EqualsIgnoreAsciiCase(block.substr(0, by.size()), by) &&
        !FindVisibleDate(block).empty()) {
      return true;
    }
  }
  if (block.size() > 40 || std::none_of(block.begin(), block.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return false;
  }
  const std::string lower = AsciiLower(block);
  for (std::string_view cue :
       {"min read", "minute read", "minutes read", "reading time", "lesezeit",
        "lesedauer", "de lecture", "de lectura", "tiempo de lectura",
        "di lettura", "de leitura"}) {
    if (lower.find(cue) != std::string::npos) return true;
  }
  return false;
}

class TextBuilder {
 public:
  // The first heading block equal to `drop` is left out (see EndHeading).
  // With `hold_headings`, a heading is written only when text follows it:
  // a heading over a link list that was removed ("Related stories") goes
  // with the list.
  explicit TextBuilder(std::string drop = "", bool hold_headings = false)
      : drop_(std::move(drop)), hold_headings_(hold_headings) {}

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
    std::string_view block = TrimUnicode(line_);
    if (hold_headings_ && (IsDateLine(block) || IsMetaLine(block))) {
      block = {};
    }
    if (!block.empty()) {
      if (!pending_.empty()) {
        Write(pending_);
        pending_.clear();
      }
      Write(block);
    }
    line_.clear();
    space_ = false;
    cell_ = false;
  }

  // Ends a heading block, leaving it out if it is the title: the analyzer
  // puts the title first itself.
  void EndHeading() {
    const std::string_view block = TrimUnicode(line_);
    if (!dropped_ && !drop_.empty() && block == drop_) {
      dropped_ = true;
    } else if (hold_headings_) {
      if (!block.empty()) pending_.assign(block);
    } else {
      EndBlock();
      return;
    }
    line_.clear();
    space_ = false;
    cell_ = false;
  }

  std::string Finish() {
    EndBlock();
    return std::move(out_);
  }

 private:
  void Write(std::string_view block) {
    if (!out_.empty()) out_ += '\n';
    out_ += block;
  }

  std::string drop_;
  bool hold_headings_;
  bool dropped_ = false;
  std::string out_;
  std::string line_;
  std::string pending_;
  bool space_ = false;
  bool cell_ = false;
};

// Collapses white space in a one-line value (a title, a meta content).
std::string Collapse(std::string_view s) {
  TextBuilder builder;
  builder.AddText(s);
  return builder.Finish();
}

// How strictly the text walk filters.
enum class Mode {
  kStrict,   // skip chrome, metadata lines and link lists
  kNoNames,  // ignore class and id words: wrappers with chrome-like names
  kLenient,  // skip only what never holds text, and navigation
};

bool IsLinkList(const NodeInfo& info) {
  switch (info.tag) {
    case Tag::kP:
    case Tag::kList:
    case Tag::kItem:
    case Tag::kDiv:
    case Tag::kTable:
    case Tag::kRow:
    case Tag::kBlock:
    case Tag::kHeading:
    case Tag::kCell:
    case Tag::kBlockquote:
      return info.chars > 0 && info.link_chars * 2 > info.chars;
    default:
      return false;
  }
}

// Whether a container is a list of teasers: three or more short blocks,
// nearly each led by a link to another story ("<p><a>Basic income</a> Money
// for all? Pro and contra</p>"). Each block is under half links, so the
// link-list test misses them; together they are more than a third links.
bool IsTeaserList(Page* page, const xmlNode* node, const NodeInfo& info) {
  if (info.chars == 0 || info.link_chars * 3 <= info.chars) return false;
  switch (info.tag) {
    case Tag::kList:
    case Tag::kDiv:
    case Tag::kBlock:
    case Tag::kTable:
      break;
    default:
      return false;
  }
  uint32_t blocks = 0, linked = 0;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !page->HasInfo(c)) continue;
    const NodeInfo& child = page->Info(c);
    // The list's own heading ("More on this") is not a teaser.
    if (child.skip || child.chars == 0 || !IsBlockTag(child.tag) ||
        child.tag == Tag::kHeading) {
      continue;
    }
    ++blocks;
    linked += child.link_chars > 0;
  }
  return blocks >= 3 && linked * 10 >= blocks * 8 && info.chars / blocks < 150;
}

// Whether a paragraph is all bold ("<p><strong>Read also:</strong></p>"):
// such a paragraph is a heading, kept only if text follows it.
bool IsAllBold(const xmlNode* p) {
  bool bold = false;
  for (const xmlNode* c = p->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE) {
      if (c->content != nullptr &&
          !TrimAscii(reinterpret_cast<const char*>(c->content)).empty()) {
        return false;
      }
    } else if (c->type == XML_ELEMENT_NODE) {
      const std::string_view name = Name(c);
      if (name == "strong" || name == "b") {
        bold = true;
      } else if (name != "br") {
        return false;
      }
    }
  }
  return bold;
}

class TextWalker {
 public:
  TextWalker(Page* page, Mode mode, TextBuilder* out)
      : page_(page), mode_(mode), out_(out) {}

  // Writes the text of `node` itself (its own block boundaries included).
  void WalkNode(const xmlNode* node, bool pre) {
    if (node->type != XML_ELEMENT_NODE) return;
    const NodeInfo& info = page_->Info(node);
    Visit(node, info, 0, pre);
  }

  void WalkChildren(const xmlNode* parent, int depth, bool pre) {
    if (depth > kMaxDepth) return;
    for (const xmlNode* node = parent->children; node != nullptr;
         node = node->next) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content == nullptr) continue;
        const std::string_view text =
            reinterpret_cast<const char*>(node->content);
        if (pre) {
          out_->AddPreformatted(text);
        } else {
          out_->AddText(text);
        }
        continue;
      }
      if (node->type != XML_ELEMENT_NODE || !page_->HasInfo(node)) continue;
      const NodeInfo& info = page_->Info(node);
      if (Skipped(node, info)) continue;
      Visit(node, info, depth, pre);
    }
  }

 private:
  bool Skipped(const xmlNode* node, const NodeInfo& info) const {
    switch (mode_) {
      case Mode::kStrict:
        return info.skip || IsLinkList(info) || IsTeaserList(page_, node, info);
      case Mode::kNoNames:
        return info.skip && !info.class_chrome;
      case Mode::kLenient:
        return info.tag == Tag::kNonContent || info.tag == Tag::kNav;
    }
    return false;
  }

  void Visit(const xmlNode* node, const NodeInfo& info, int depth, bool pre) {
    const bool inner_pre = pre || info.tag == Tag::kPre;
    switch (info.tag) {
      case Tag::kBr:
        out_->EndBlock();
        break;
      case Tag::kCell:
        out_->StartCell();
        WalkChildren(node, depth + 1, inner_pre);
        break;
      case Tag::kH1:
      case Tag::kHeading:
        out_->EndBlock();
        WalkChildren(node, depth + 1, inner_pre);
        out_->EndHeading();
        break;
      case Tag::kP:
        out_->EndBlock();
        WalkChildren(node, depth + 1, inner_pre);
        if (mode_ == Mode::kStrict && info.chars < 100 && IsAllBold(node)) {
          out_->EndHeading();
        } else {
          out_->EndBlock();
        }
        break;
      default:
        if (IsBlockTag(info.tag)) {
          out_->EndBlock();
          WalkChildren(node, depth + 1, inner_pre);
          out_->EndBlock();
        } else {
          WalkChildren(node, depth + 1, inner_pre);
        }
    }
  }

  Page* page_;
  Mode mode_;
  TextBuilder* out_;
};

std::string ExtractText(Page* page, const std::vector<const xmlNode*>& parts,
                        Mode mode, std::string drop_heading) {
  TextBuilder builder(std::move(drop_heading), mode == Mode::kStrict);
  TextWalker walker(page, mode, &builder);
  for (const xmlNode* part : parts) {
    walker.WalkNode(part, false);
  }
  return builder.Finish();
}

// The text of one element on a single line (a heading, a byline).
std::string InlineText(Page* page, const xmlNode* node) {
  TextBuilder builder;
  TextWalker walker(page, Mode::kLenient, &builder);
  walker.WalkChildren(node, 0, false);
  std::string text = builder.Finish();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// Readability's scoring: every paragraph of 25 characters or more gives
// 1 + its commas + 1 per 100 characters (at most 3) to its parent, half to
// its grandparent and a sixth to the level above; each candidate starts
// from its tag and class weight, and ends scaled by 1 - link density. The
// best candidate holds the article.
const xmlNode* ScoreCandidates(Page* page, double* best_score) {
  auto init = [&](const xmlNode* node) {
    NodeInfo& info = page->Info(node);
    if (info.candidate) return;
    info.candidate = true;
    switch (info.tag) {
      case Tag::kDiv:
        info.score = 5;
        break;
      case Tag::kPre:
      case Tag::kCell:
      case Tag::kBlockquote:
        info.score = 3;
        break;
      case Tag::kList:
      case Tag::kItem:
      case Tag::kForm:
      case Tag::kBlock:
        info.score = -3;
        break;
      case Tag::kHeading:
      case Tag::kH1:
        info.score = -5;
        break;
      default:
        info.score = 0;
    }
    info.score += info.hints.weight;
  };
  std::vector<const xmlNode*> candidates;
  for (const xmlNode* node : page->elements()) {
    const NodeInfo& info = page->Info(node);
    const bool paragraph = info.tag == Tag::kP || info.tag == Tag::kPre ||
                           info.tag == Tag::kCell ||
                           info.tag == Tag::kBlockquote ||
                           ((info.tag == Tag::kDiv || info.tag == Tag::kItem) &&
                            !info.has_block_child);
    // Text written straight into a <div> between its blocks (lines split
    // by <br>) is paragraphs too: Readability wraps it in <p>s, whose
    // parent is the <div> itself.
    const bool loose_text = !paragraph && !info.skip && info.has_block_child &&
                            info.own_chars >= 25 &&
                            (info.tag == Tag::kDiv || info.tag == Tag::kCell ||
                             info.tag == Tag::kArticle ||
                             info.tag == Tag::kMain || info.tag == Tag::kBlock);
    if (!loose_text && (!paragraph || info.skip || info.chars < 25)) continue;
    const uint32_t chars = loose_text ? info.own_chars : info.chars;
    const uint32_t commas = loose_text ? info.own_commas : info.commas;
    if (loose_text || info.LinkDensity() < 0.3) {
      for (const xmlNode* up = node;
           up != nullptr && up->type == XML_ELEMENT_NODE && page->HasInfo(up);
           up = up->parent) {
        page->Info(up).good_chars += chars;
      }
    }
    const double score = 1.0 + commas + std::min<double>(chars / 100, 3);
    const xmlNode* ancestor = loose_text ? node : node->parent;
    for (int level = 0;
         level < 3 && ancestor != nullptr &&
         ancestor->type == XML_ELEMENT_NODE && page->HasInfo(ancestor);
         ++level, ancestor = ancestor->parent) {
      const bool fresh = !page->Info(ancestor).candidate;
      init(ancestor);
      if (fresh) candidates.push_back(ancestor);
      const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      page->Info(ancestor).score += score / divider;
      if (page->Info(ancestor).tag == Tag::kBody) break;
    }
  }
  const xmlNode* best = nullptr;
  *best_score = 0;
  for (const xmlNode* node : candidates) {
    NodeInfo& info = page->Info(node);
    info.score *= 1.0 - info.LinkDensity();
    if (best == nullptr || info.score > *best_score) {
      best = node;
      *best_score = info.score;
    }
  }
  return best;
}

// The elements whose text is the article: the best candidate, widened to
// its <article> when that adds little else, plus siblings that read like
// more of the article (a lead paragraph outside the body's div).
std::vector<const xmlNode*> ArticleParts(Page* page, const xmlNode* best,
                                         double best_score) {
  // Articles split into several sections (a table or an image between
  // two halves) put their text in siblings further up: widen while what an
  // ancestor adds is mostly prose.
  for (const xmlNode* up = best->parent;
       up != nullptr && up->type == XML_ELEMENT_NODE && page->HasInfo(up);
       up = up->parent) {
    const NodeInfo& inner = page->Info(best);
    const NodeInfo& outer = page->Info(up);
    if (outer.skip) break;
    const uint32_t added_good = outer.good_chars - inner.good_chars;
    const uint32_t added = outer.chars - inner.chars;
    if (added == 0) {
      best = up;
      continue;
    }
    if (added_good * 10 < inner.good_chars * 2 || added_good * 10 < added * 6) {
      break;
    }
    best = up;
  }
  const NodeInfo& best_info = page->Info(best);
  for (const xmlNode* up = best->parent;
       up != nullptr && up->type == XML_ELEMENT_NODE && page->HasInfo(up);
       up = up->parent) {
    const NodeInfo& info = page->Info(up);
    if (info.tag == Tag::kBody || info.skip) break;
    if (info.tag == Tag::kArticle || info.article_body) {
      if (info.chars <= best_info.chars * 2 && info.LinkDensity() < 0.3) {
        best = up;
      }
      break;
    }
  }
  const xmlNode* parent = best->parent;
  if (parent == nullptr || !page->HasInfo(parent)) return {best};
  // An <article> stands alone, except among <article>s that are sections
  // of one story (a long read split into chapters): those are mostly
  // prose without links, where teaser cards are mostly links.
  const bool is_article =
      page->Info(best).tag == Tag::kArticle || page->Info(best).article_body;
  const double threshold = std::max(10.0, best_score * 0.2);
  std::vector<const xmlNode*> parts;
  for (const xmlNode* sibling = parent->children; sibling != nullptr;
       sibling = sibling->next) {
    if (sibling->type != XML_ELEMENT_NODE || !page->HasInfo(sibling)) continue;
    if (sibling == best) {
      parts.push_back(sibling);
      continue;
    }
    const NodeInfo& info = page->Info(sibling);
    if (info.skip || info.chars == 0) continue;
    const double density = info.LinkDensity();
    if (is_article) {
      if (info.tag == Tag::kArticle && info.good_chars >= 200 &&
          info.good_chars * 10 >= info.chars * 7 && density < 0.1) {
        parts.push_back(sibling);
      }
      continue;
    }
    if ((info.candidate && info.score >= threshold) ||
        (info.tag == Tag::kP && info.chars >= 80 && density < 0.25)) {
      parts.push_back(sibling);
    }
  }
  return parts;
}

// The semantic containers, for pages too short to score: articleBody, the
// longest <article>, then <main>.
const xmlNode* SemanticRoot(Page* page) {
  const xmlNode* best[3] = {nullptr, nullptr, nullptr};
  for (const xmlNode* node : page->elements()) {
    const NodeInfo& info = page->Info(node);
    if (info.skip || info.chars == 0) continue;
    const int kind = info.article_body                          ? 0
                     : info.tag == Tag::kArticle                ? 1
                     : info.tag == Tag::kMain || info.main_role ? 2
                                                                : -1;
    if (kind < 0) continue;
    if (best[kind] == nullptr || page->Info(best[kind]).chars < info.chars) {
      best[kind] = node;
    }
  }
  for (const xmlNode* node : best) {
    if (node != nullptr) return node;
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
  std::string microdata_modified;
  std::string microdata_author;
  std::string rel_author;
  std::string first_time;
  std::string pubdate_time;  // <time pubdate datetime=...>
  // The first few <h1>s outside page chrome, in document order; those in
  // a site <header> (skipped as chrome, but some sites put the headline
  // there); and the first <h2>s outside page chrome.
  std::vector<const xmlNode*> h1s;
  std::vector<const xmlNode*> banner_h1s;
  // <h1>s in other skipped elements (breadcrumbs, hidden blocks): a headline
  // only when the metadata repeats it exactly.
  std::vector<const xmlNode*> chrome_h1s;
  std::vector<const xmlNode*> h2s;

  std::string_view Meta(std::string_view key) const {
    for (const auto& [k, v] : metas) {
      if (k == key && !v.empty()) return v;
    }
    return {};
  }
};

// The value of an itemprop element: its datetime or content attribute, or
// its text.
std::string ItemValue(Page* page, const xmlNode* node) {
  std::string_view value = Attr(node, "datetime");
  if (value.empty()) value = Attr(node, "content");
  if (!value.empty()) return std::string(TrimAscii(value));
  if (!page->HasInfo(node)) return Collapse(ChildText(node));
  return InlineText(page, node);
}

// Whether a schema.org type name is a kind of article.
bool IsArticleTypeName(std::string_view t) {
  return t.find("Article") != std::string_view::npos || t == "BlogPosting" ||
         t == "LiveBlogPosting" || t == "Report" || t == "SocialMediaPosting" ||
         t == "Posting" || t == "HowTo";
}

// Whether a microdata itemscope describes something other than the page or
// its article (a Review, an Offer, a Product): its datePublished and author
// are that thing's.
bool IsForeignItem(const xmlNode* node) {
  if (FindAttr(node, "itemscope") == nullptr) return false;
  std::string_view type = TrimAscii(Attr(node, "itemtype"));
  if (type.empty()) return false;
  type = type.substr(type.find_last_of('/') + 1);
  return !IsArticleTypeName(type) && type != "WebPage" && type != "Blog";
}

void CollectMeta(Page* page, const xmlNode* node, int depth, bool hidden,
                 bool in_banner, bool in_item, PageMeta* meta) {
  if (depth > kMaxDepth || node->type != XML_ELEMENT_NODE) return;
  const std::string_view name = Name(node);
  if (name == "html" && meta->html_lang.empty()) {
    meta->html_lang = Attr(node, "lang");
    if (meta->html_lang.empty()) meta->html_lang = Attr(node, "xml:lang");
  } else if (name == "title") {
    if (meta->title.empty()) meta->title = Collapse(ChildText(node));
    return;
  } else if (name == "meta") {
    std::string_view key = Attr(node, "property");
    if (key.empty()) key = Attr(node, "name");
    if (key.empty() && !in_item) key = Attr(node, "itemprop");
    if (key.empty()) key = Attr(node, "http-equiv");
    const std::string_view content = TrimAscii(Attr(node, "content"));
    if (!key.empty() && !content.empty() && meta->metas.size() < 512) {
      meta->metas.emplace_back(AsciiLower(TrimAscii(key)),
                               std::string(content));
    }
    return;
  } else if (name == "link") {
    if (meta->canonical.empty() &&
        HasAsciiToken(Attr(node, "rel"), "canonical")) {
      meta->canonical = TrimAscii(Attr(node, "href"));
    }
    return;
  } else if (name == "script") {
    if (EqualsIgnoreAsciiCase(TrimAscii(Attr(node, "type")),
                              "application/ld+json") &&
        meta->json_ld.size() < 32) {
      meta->json_ld.push_back(ChildText(node));
    }
    return;
  } else if (name == "style") {
    return;
  }
  if (page->HasInfo(node) && page->Info(node).skip) {
    in_banner = !hidden && page->Info(node).tag == Tag::kHeader &&
                !page->Info(node).class_chrome;
    hidden = true;
  }
  const bool visible = page->HasInfo(node) && !hidden;
  const std::string_view itemprop = Attr(node, "itemprop");
  // The item's own properties are read on its element (itemprop and
  // itemscope together), its inner ones are not the page's.
  if (!itemprop.empty() && !in_item) {
    if (meta->microdata_published.empty() &&
        HasAsciiToken(itemprop, "datePublished")) {
      meta->microdata_published = ItemValue(page, node);
    }
    if (meta->microdata_modified.empty() &&
        HasAsciiToken(itemprop, "dateModified")) {
      meta->microdata_modified = ItemValue(page, node);
    }
    if (meta->microdata_author.empty() &&
        (HasAsciiToken(itemprop, "author") ||
         HasAsciiToken(itemprop, "creator"))) {
      // <span itemprop="author" itemscope><span itemprop="name">..</span>
      const xmlNode* name_node = nullptr;
      for (const xmlNode* c = node->children; c != nullptr && !name_node;
           c = c->next) {
        if (c->type == XML_ELEMENT_NODE &&
            HasAsciiToken(Attr(c, "itemprop"), "name")) {
          name_node = c;
        }
      }
      meta->microdata_author =
          ItemValue(page, name_node != nullptr ? name_node : node);
    }
  }
  in_item = in_item || IsForeignItem(node);
  if (name == "a" && meta->rel_author.empty() &&
      HasAsciiToken(Attr(node, "rel"), "author")) {
    meta->rel_author = page->HasInfo(node) ? InlineText(page, node)
                                           : Collapse(ChildText(node));
  }
  if (name == "time") {
    const std::string_view datetime = TrimAscii(Attr(node, "datetime"));
    if (meta->first_time.empty()) meta->first_time = datetime;
    if (meta->pubdate_time.empty() && FindAttr(node, "pubdate") != nullptr) {
      meta->pubdate_time = datetime;
    }
  }
  if (name == "h1" && visible && meta->h1s.size() < 4) {
    meta->h1s.push_back(node);
  }
  if (name == "h1" && !visible && in_banner && meta->banner_h1s.size() < 2) {
    meta->banner_h1s.push_back(node);
  }
  if (name == "h1" && !visible && !in_banner && page->HasInfo(node) &&
      meta->chrome_h1s.size() < 4) {
    meta->chrome_h1s.push_back(node);
  }
  if (name == "h2" && visible && meta->h2s.size() < 4) {
    meta->h2s.push_back(node);
  }
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    CollectMeta(page, c, depth + 1, hidden, in_banner, in_item, meta);
  }
}

struct JsonLd {
  // From objects whose @type is an article; `any_` from any other object.
  // Only an article's datePublished dates the story: the one Yoast and
  // other CMSs put on the WebPage, a Recipe or a Product is when the page
  // was set up, and pages that carry no article usually name no date.
  std::string published;
  std::string modified, any_modified;
  std::string headline;
  std::vector<std::string> authors, any_authors;
  std::string publisher;
  std::string description;
};

bool IsArticleType(const json& type) {
  const auto matches = IsArticleTypeName;
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
    // A publisher named as author is not a byline.
    if (auto type = value.find("@type");
        type != value.end() && type->is_string() &&
        type->get_ref<const std::string&>() == "Organization") {
      return;
    }
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
  if (article && info->published.empty()) {
    info->published = TrimAscii(StringField(value, "datePublished"));
  }
  std::string& modified = article ? info->modified : info->any_modified;
  if (modified.empty()) {
    modified = TrimAscii(StringField(value, "dateModified"));
  }
  if (article && info->headline.empty()) {
    info->headline = Collapse(StringField(value, "headline"));
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
  for (std::string_view key : {"@graph", "mainEntity", "mainEntityOfPage"}) {
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
    if (StartsWith(TrimAscii(body), "//<![CDATA[")) {
      body = TrimAscii(body).substr(11);
    }
    if (EndsWith(TrimAscii(body), "//]]>")) {
      body = TrimAscii(body);
      body.remove_suffix(5);
    }
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

// Lower-case ASCII letters and digits of `s`: "L-Mag" → "lmag",
// "www.l-mag.de" → "wwwlmagde".
std::string Compact(std::string_view s) {
  std::string out;
  for (char c : s) {
    c = LowerAscii(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

// Whether `name` is the site's name as its host spells it ("La Stampa" on
// www.lastampa.it, "FASSETTE.NET" on fassette.net).
bool NamesHost(std::string_view name, std::string_view host) {
  const std::string compact = Compact(name);
  return compact.size() >= 4 &&
         Compact(host).find(compact) != std::string::npos;
}

// The host part of an absolute URL, "" if there is none.
std::string_view HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  return rest.substr(0, rest.find_first_of("/?#:"));
}

// Removes the site name that titles often carry: "Headline | Site",
// "Headline - Site". A " - " part is removed only from <title> (og:title
// rarely has one) and only when it is short, since headlines have dashes too,
// or when it spells the host's name.
std::string StripSiteName(std::string_view title, std::string_view site,
                          bool is_title_tag, std::string_view host = {}) {
  static constexpr std::array<std::string_view, 9> kSeparators = {
      " | ",      " - ",      " \u2013 ", " \u2014 ", " :: ",
      " \u00b7 ", " \u00bb ", " \u203a ", " \u2502 "};
  if (!host.empty()) {
    for (std::string_view sep : kSeparators) {
      const size_t at = title.rfind(sep);
      if (at != std::string_view::npos && at > 0 &&
          NamesHost(title.substr(at + sep.size()), host)) {
        return std::string(TrimUnicode(title.substr(0, at)));
      }
      const size_t first = title.find(sep);
      if (first != std::string_view::npos && first > 0 &&
          NamesHost(title.substr(0, first), host)) {
        return std::string(TrimUnicode(title.substr(first + sep.size())));
      }
    }
  }
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

// A <title> of three or more parts joined by one separator ("Club - Story
// - Section"), left after the site name is removed, names the story in its
// longest part; other titles are returned whole.
std::string LongestTitlePart(const std::string& title) {
  for (std::string_view sep : {" - ", " \u2013 ", " | ", " \u00b7 ", " :: "}) {
    std::vector<std::string_view> parts;
    std::string_view rest = title;
    for (size_t at; (at = rest.find(sep)) != std::string_view::npos;) {
      parts.push_back(rest.substr(0, at));
      rest.remove_prefix(at + sep.size());
    }
    parts.push_back(rest);
    if (parts.size() < 3) continue;
    std::string_view longest;
    for (std::string_view part : parts) {
      if (part.size() > longest.size()) longest = part;
    }
    return std::string(TrimUnicode(longest));
  }
  return title;
}

// Lower-cased words of a line, for comparing titles.
std::vector<std::string> TitleWords(std::string_view s) {
  std::vector<std::string> words;
  const std::string lower = ToLower(s);
  std::string word;
  size_t i = 0;
  while (i <= lower.size()) {
    size_t len = 1;
    const char32_t c = i < lower.size() ? DecodeAt(lower, i, &len) : U' ';
    if (len == 0) len = 1;
    if (i < lower.size() && IsWordChar(c)) {
      word.append(lower, i, len);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
    i += len;
  }
  return words;
}

// Whether two titles name the same story: most words of the shorter one
// appear in the longer one ("Brexit: vote delayed" and "Brexit vote delayed
// again | Site").
bool SameStory(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  std::vector<std::string> x = TitleWords(a);
  std::vector<std::string> y = TitleWords(b);
  if (x.empty() || y.empty()) return false;
  if (x.size() > y.size()) std::swap(x, y);
  size_t shared = 0;
  for (const std::string& w : x) {
    shared += std::find(y.begin(), y.end(), w) != y.end();
  }
  return shared * 10 >= x.size() * 6;
}

// Whether two titles share a word of four letters or more: a section's
// name or a logo in an <h1> shares none with the story's title.
bool SharesWord(std::string_view a, std::string_view b) {
  const std::vector<std::string> x = TitleWords(a);
  const std::vector<std::string> y = TitleWords(b);
  for (const std::string& w : x) {
    if (w.size() >= 4 && std::find(y.begin(), y.end(), w) != y.end()) {
      return true;
    }
  }
  return false;
}

// Whether an element inside a headline is a kicker or a subtitle rather
// than the headline proper: "<h1><span class=roofline>Wurmkiste</span>
// Wurmkiste selber bauen</h1>", "<small>Einheit der Woche</small>",
// "<span class=entry-subtitle>".
bool IsHeadlineAside(const xmlNode* node) {
  if (Name(node) == "small") return true;
  // A line set in a type size of its own after a break, the inline form of
  // <small>: "Leslie Clio<br><span style='font-size:19px'>Brave New
  // Woman</span>".
  if (AsciiLower(Attr(node, "style")).find("font-size") != std::string::npos) {
    const xmlNode* before = node->prev;
    while (
        before != nullptr && before->type == XML_TEXT_NODE &&
        (before->content == nullptr ||
         TrimUnicode(reinterpret_cast<const char*>(before->content)).empty())) {
      before = before->prev;
    }
    if (before != nullptr && before->type == XML_ELEMENT_NODE &&
        Name(before) == "br") {
      return true;
    }
  }
  const std::string cls = AsciiLower(Attr(node, "class"));
  for (std::string_view word :
       {"kicker", "roofline", "overline", "topline", "dachzeile", "eyebrow",
        "subtitle", "subline", "subheadline", "supertitle", "overtitle",
        "pretitle", "spitzmarke"}) {
    if (cls.find(word) != std::string::npos) return true;
  }
  return false;
}

// Whether an element inside a headline is marked as the headline proper
// ("<span class=headline>" next to a kicker span).
bool IsHeadlineProper(const xmlNode* node) {
  const std::string cls = AsciiLower(Attr(node, "class"));
  return !IsHeadlineAside(node) && (cls.find("headline") != std::string::npos ||
                                    cls.find("title") != std::string::npos);
}

// The text of a headline element without its kicker and subtitle parts:
// the part marked as the headline when there is one, else the text less
// the kicker and subtitle elements.
std::string HeadlineText(Page* page, const xmlNode* node, int depth = 0) {
  std::vector<const xmlNode*> parts;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content != nullptr &&
        !TrimUnicode(reinterpret_cast<const char*>(c->content)).empty()) {
      parts.push_back(c);
    } else if (c->type == XML_ELEMENT_NODE && page->HasInfo(c) &&
               !page->Info(c).skip && !InlineText(page, c).empty()) {
      parts.push_back(c);
    }
  }
  if (depth < 3 && parts.size() == 1 && parts[0]->type == XML_ELEMENT_NODE) {
    return HeadlineText(page, parts[0], depth + 1);
  }
  if (parts.size() < 2) return InlineText(page, node);
  const xmlNode* proper = nullptr;
  size_t asides = 0, propers = 0;
  for (const xmlNode* part : parts) {
    if (part->type != XML_ELEMENT_NODE) continue;
    if (IsHeadlineAside(part)) {
      ++asides;
    } else if (IsHeadlineProper(part)) {
      ++propers;
      proper = part;
    }
  }
  if (propers == 1) return InlineText(page, proper);
  if (asides == 0 || asides == parts.size()) return InlineText(page, node);
  std::string text;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content != nullptr) {
      text += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE && page->HasInfo(c) &&
               !page->Info(c).skip && !IsHeadlineAside(c)) {
      text += ' ';
      text += InlineText(page, c);
      text += ' ';
    }
  }
  return Collapse(text);
}

// Whether all the text of `heading` is a link to the site's home page
// ("<h1><a href="/" rel="home">Site</a></h1>"): a logo, whatever it says.
bool LinksHome(Page* page, const xmlNode* heading) {
  const xmlNode* link = heading;
  for (int depth = 0; link != nullptr && Name(link) != "a" && depth < 4;
       ++depth) {
    const xmlNode* only = nullptr;
    for (const xmlNode* c = link->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE && c->content != nullptr &&
          !TrimUnicode(reinterpret_cast<const char*>(c->content)).empty()) {
        return false;
      }
      if (c->type != XML_ELEMENT_NODE || !page->HasInfo(c) ||
          InlineText(page, c).empty()) {
        continue;
      }
      if (only != nullptr) return false;
      only = c;
    }
    link = only;
  }
  if (link == nullptr || Name(link) != "a") return false;
  if (HasAsciiToken(Attr(link, "rel"), "home")) return true;
  std::string_view href = TrimAscii(Attr(link, "href"));
  if (const size_t scheme = href.find("://");
      scheme != std::string_view::npos) {
    href.remove_prefix(scheme + 3);
    href.remove_prefix(std::min(href.find('/'), href.size()));
  }
  return href == "/" || href == "./" ||
         (href.empty() && !Attr(link, "href").empty());
}

// Whether `s` holds a letter or digit: an <h1> of "..." or "•" over a
// logo image is not a headline.
bool HasWordCharacter(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    if (IsWordChar(DecodeAt(s, i, &len))) return true;
    i += std::max<size_t>(len, 1);
  }
  return false;
}

const xmlNode* FindFirstH1(Page* page, const xmlNode* parent, int depth) {
  if (depth > kMaxDepth) return nullptr;
  for (const xmlNode* node = parent->children; node != nullptr;
       node = node->next) {
    if (node->type != XML_ELEMENT_NODE || !page->HasInfo(node)) continue;
    const NodeInfo& info = page->Info(node);
    if (info.skip) continue;
    if (info.tag == Tag::kH1) return node;
    if (const xmlNode* found = FindFirstH1(page, node, depth + 1)) {
      return found;
    }
  }
  return nullptr;
}

// The <h2> .. <h6> that opens `parent` before any paragraph of text, or
// nullptr: the headline of an article that has no <h1>.
const xmlNode* OpeningHeading(Page* page, const xmlNode* parent, int depth) {
  if (depth > kMaxDepth) return nullptr;
  for (const xmlNode* node = parent->children; node != nullptr;
       node = node->next) {
    if (node->type == XML_TEXT_NODE && node->content != nullptr &&
        !TrimUnicode(reinterpret_cast<const char*>(node->content)).empty()) {
      return nullptr;
    }
    if (node->type != XML_ELEMENT_NODE || !page->HasInfo(node)) continue;
    const NodeInfo& info = page->Info(node);
    if (info.skip || info.chars == 0) continue;
    if (info.tag == Tag::kHeading) return node;
    if (info.tag == Tag::kP || info.tag == Tag::kList ||
        info.tag == Tag::kTable || info.tag == Tag::kPre ||
        info.tag == Tag::kBlockquote) {
      return nullptr;
    }
    return OpeningHeading(page, node, depth + 1);
  }
  return nullptr;
}

// The headline: the page's visible <h1> (the article's first, else the
// page's) less kicker and site name, preferring one that the metadata
// (og:title, twitter:title, JSON-LD headline, <title>) agrees is the
// story's; else an <h1> hidden in chrome that the metadata repeats
// exactly; else the metadata's title; else the <h2> that opens the
// article. Sets `headline` to the element shown, for the date line.
std::string PickTitle(Page* page, const PageMeta& meta, const JsonLd& json_ld,
                      std::string_view site, std::string_view host,
                      const std::vector<const xmlNode*>& parts,
                      const xmlNode** headline) {
  std::string meta_title;
  for (std::string_view value :
       {meta.Meta("og:title"), meta.Meta("twitter:title"),
        std::string_view(json_ld.headline)}) {
    meta_title = StripSiteName(Collapse(value), site, false, host);
    if (!meta_title.empty()) break;
  }
  const std::string tag_title = StripSiteName(meta.title, site, true, host);
  // An og:title that is only the site's name ("Home", "L-Mag") says
  // nothing about the story.
  if (EqualsIgnoreAsciiCase(meta_title, site) || NamesHost(meta_title, host)) {
    meta_title.clear();
  }
  // Candidate headlines: the article's own <h1> (inside its text or just
  // above it, in its header), then the page's <h1>s in document order,
  // those in a banner <header> last.
  std::vector<const xmlNode*> heads;
  for (const xmlNode* part : parts) {
    const xmlNode* h1 =
        page->Info(part).tag == Tag::kH1 ? part : FindFirstH1(page, part, 0);
    if (h1 != nullptr) {
      heads.push_back(h1);
      break;
    }
  }
  if (heads.empty() && !parts.empty()) {
    for (const xmlNode* up = parts.front()->parent;
         up != nullptr && page->HasInfo(up) && page->Info(up).tag != Tag::kBody;
         up = up->parent) {
      if (const xmlNode* h1 = FindFirstH1(page, up, 0)) {
        heads.push_back(h1);
        break;
      }
    }
  }
  heads.insert(heads.end(), meta.h1s.begin(), meta.h1s.end());
  heads.insert(heads.end(), meta.banner_h1s.begin(), meta.banner_h1s.end());
  // A site logo in an <h1> is not a headline; <title> shows which part is
  // the site: "Story - Site".
  auto is_logo = [&](const std::string& text) {
    return text.size() > 400 || EqualsIgnoreAsciiCase(text, site) ||
           NamesHost(text, host) ||
           (meta.title.size() > text.size() + 3 &&
            StripSiteName(meta.title, text, true) != meta.title &&
            StripSiteName(meta.title, text, true) == tag_title &&
            !SharesWord(tag_title, text));
  };
  // The JSON-LD headline or <meta name="title"> that goes on after the
  // whole <h1> in the same phrase ("10 Tipps für ein schlankes Fest" under
  // an <h1> "10 Tipps") is the full headline that the page shortened for
  // display. One that goes on after a separator adds a teaser or the site
  // ("Ferienhaus Feinen (40222) - Ferienhaus Lierfeld"); og:title is not
  // asked: it is written for sharing.
  const std::string full_titles[] = {
      StripSiteName(json_ld.headline, site, false, host),
      StripSiteName(Collapse(meta.Meta("title")), site, false, host)};
  auto full_headline = [&](std::string text) {
    for (const std::string& full : full_titles) {
      if (full.size() > text.size() + 3 && StartsWith(full, text) &&
          full[text.size()] == ' ') {
        const std::string_view rest =
            std::string_view(full).substr(text.size());
        bool separated = false;
        for (std::string_view sep : {" - ", " – ", " — ", " | ", " · ", ": "}) {
          separated = separated || rest.find(sep) != std::string_view::npos;
        }
        if (!separated) return full;
      }
    }
    return text;
  };
  *headline = nullptr;
  // An <h1> that says word for word what the metadata says is the
  // headline, even after another <h1> that shares some of its words (a
  // styled "LUBOKU – LIFT OFF TOUR" in the text under "Record of The
  // Week: Luboku, 'Pale Blue Dot / Lift Off'").
  if (heads.size() > 1) {
    const std::vector<std::string> meta_words = TitleWords(meta_title);
    const std::vector<std::string> tag_words = TitleWords(tag_title);
    for (const xmlNode* node : heads) {
      std::string text =
          StripSiteName(HeadlineText(page, node), site, false, host);
      const std::vector<std::string> words = TitleWords(text);
      if (!words.empty() && (words == meta_words || words == tag_words)) {
        *headline = node;
        return full_headline(std::move(text));
      }
    }
  }
  std::string first_h1;
  for (const xmlNode* node : heads) {
    std::string text =
        StripSiteName(HeadlineText(page, node), site, false, host);
    if (!HasWordCharacter(text) || is_logo(text) || LinksHome(page, node)) {
      continue;
    }
    if (SameStory(text, meta_title) || SameStory(text, tag_title)) {
      *headline = node;
      // An <h1> that puts a kicker or a dateline before the metadata's
      // title ("Einheit der Woche Lagen-Pyramide mit GA2"): the title is
      // the headline proper. One that goes on after it ("... Kapazität in
      // Tennessee") is the full headline the metadata shortened.
      for (const std::string* title :
           {static_cast<const std::string*>(&meta_title), &tag_title}) {
        if (title->size() * 3 >= text.size() && title->size() < text.size() &&
            EndsWith(text, *title)) {
          return *title;
        }
      }
      return full_headline(std::move(text));
    }
    if (first_h1.empty()) {
      first_h1 = full_headline(std::move(text));
      *headline = node;
    }
  }
  // An <h1> the page hides in its chrome (a breadcrumb's last item) is the
  // headline when two of og:title, <title> and the JSON-LD headline say
  // exactly the same (one, when there is no og:title).
  const std::string json_headline =
      StripSiteName(json_ld.headline, site, false, host);
  for (const xmlNode* node : meta.chrome_h1s) {
    std::string text =
        StripSiteName(HeadlineText(page, node), site, false, host);
    const int agree =
        (text == meta_title) + (text == tag_title) + (text == json_headline);
    if (!text.empty() && (agree >= 2 || (agree == 1 && meta_title.empty()))) {
      *headline = node;
      return text;
    }
  }
  // An <h1> that no metadata title names gives way to a visible <h2> whose
  // headline part is word for word og:title or twitter:title: a page that
  // styles its article headline as <h2> under a teaser <h1>.
  if (!first_h1.empty() && !SameStory(first_h1, json_headline)) {
    const std::vector<std::string> share_words[] = {
        TitleWords(meta_title),
        TitleWords(StripSiteName(Collapse(meta.Meta("twitter:title")), site,
                                 false, host))};
    for (const xmlNode* node : meta.h2s) {
      std::string text =
          StripSiteName(HeadlineText(page, node), site, false, host);
      const std::vector<std::string> words = TitleWords(text);
      if (words.size() < 3) continue;
      if (words == share_words[0] || words == share_words[1]) {
        *headline = node;
        return text;
      }
    }
  }
  // Otherwise the first visible <h1> (the article's own first) is the
  // headline the readers see, whatever the metadata says: an og:title or
  // <title> that names the story differently was written for sharing or
  // for search engines ("Privatkredit-Zinsen: So ermitteln Sie Ihre
  // Kosten" over "Wie hoch sind die Zinsen für einen Privatkredit?"). A
  // one-word <h1> ("Politik") names a section, unless the metadata title
  // is a single word too ("Home").
  if (!first_h1.empty() &&
      (first_h1.find(' ') != std::string::npos || meta_title.empty() ||
       meta_title.find(' ') == std::string::npos)) {
    return first_h1;
  }
  if (!meta_title.empty()) {
    // The <h2> that shows this title, if any, anchors the date line; when
    // it shows the same words, its typography is the page's (an og:title
    // written with a hyphen for the headline's dash).
    for (const xmlNode* node : meta.h2s) {
      if (*headline != nullptr) break;
      std::string text = InlineText(page, node);
      if (SameStory(text, meta_title)) {
        *headline = node;
        if (TitleWords(text) == TitleWords(meta_title)) return text;
      }
    }
    return meta_title;
  }
  // Pages without a headline <h1> often use an <h2> for it: the one
  // that <title> repeats, else the <h2> that opens the article's text.
  for (const xmlNode* node : meta.h2s) {
    std::string text = InlineText(page, node);
    if (!text.empty() && SameStory(text, tag_title)) {
      *headline = node;
      return text;
    }
  }
  if (!parts.empty()) {
    if (const xmlNode* h2 = OpeningHeading(page, parts.front(), 0)) {
      std::string text = StripSiteName(InlineText(page, h2), site, false, host);
      if (HasWordCharacter(text) && !EqualsIgnoreAsciiCase(text, site) &&
          !NamesHost(text, host)) {
        *headline = h2;
        return text;
      }
    }
  }
  return LongestTitlePart(tag_title);
}

std::string PickLanguage(const PageMeta& meta) {
  for (std::string_view tag :
       {std::string_view(meta.html_lang), meta.Meta("og:locale"),
        meta.Meta("content-language"), meta.Meta("language"),
        meta.Meta("dc.language")}) {
    std::string lang = LanguageSubtag(tag);
    if (!lang.empty()) return lang;
  }
  return "";
}

// Appends the text below `node` (not scripts or styles) to `out`, stopping
// once `out` holds more than `max` bytes.
void AppendRawText(const xmlNode* node, int depth, size_t max,
                   std::string* out) {
  if (depth > kMaxDepth) return;
  for (const xmlNode* c = node->children; c != nullptr && out->size() <= max;
       c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content != nullptr) {
      *out += reinterpret_cast<const char*>(c->content);
      *out += ' ';
    } else if (c->type == XML_ELEMENT_NODE &&
               ClassifyTag(Name(c)) != Tag::kNonContent) {
      AppendRawText(c, depth + 1, max, out);
    }
  }
}

// The date in a visible date line: its datetime attribute, else a date
// in its text.
std::string DateLineValue(Page* page, const xmlNode* node) {
  if (std::string date = NormalizeDate(Attr(node, "datetime")); !date.empty()) {
    return date;
  }
  if (std::string date = NormalizeDate(Attr(node, "content")); !date.empty()) {
    return date;
  }
  std::string text = InlineText(page, node);
  if (text.size() > 200) return "";
  if (std::string date = FindVisibleDate(text); !date.empty()) return date;
  // Parts of a date in elements of their own run together in the inline
  // text ("<span>18</span><span>2009</span>" is "182009"): read them apart.
  text.clear();
  AppendRawText(node, 0, 200, &text);
  return FindVisibleDate(text);
}

// The next node in document order, not descending into `skip`ped content.
const xmlNode* NextInDocument(const xmlNode* node, bool descend) {
  if (descend && node->children != nullptr) return node->children;
  while (node != nullptr) {
    if (node->next != nullptr) return node->next;
    node = node->parent;
  }
  return nullptr;
}

// Whether a normalized timestamp ("2024-06-05T23:40:00+00:00") is within
// six hours of midnight, where another time zone can move it to the next or
// previous day. A morning or afternoon timestamp names its day everywhere
// that matters.
bool NearMidnight(std::string_view date) {
  if (date.size() < 13 || date[10] != 'T') return false;
  const int hour = (date[11] - '0') * 10 + (date[12] - '0');
  return hour < 6 || hour >= 18;
}

// Whether an element holds the date of an update, not of publication:
// <time class="updated">, itemprop="dateModified".
bool MarksUpdate(const xmlNode* node) {
  const std::string cls = AsciiLower(Attr(node, "class"));
  return HasAsciiToken(Attr(node, "itemprop"), "dateModified") ||
         ((cls.find("updated") != std::string::npos ||
           cls.find("modified") != std::string::npos) &&
          cls.find("published") == std::string::npos);
}

// Long text nodes are read for a date only at their start: a dateline
// ("BERLIN, 5. Juni 2024 – ...") opens the paragraph.
constexpr size_t kDatelineBytes = 80;

// The first `max` bytes of `s`, not cutting a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) {
    --max;
  }
  return s.substr(0, max);
}

// A date line near the headline: the first short text after the <h1>
// (bylines and datelines sit just below it) or, failing that, just before
// it (a kicker line), that holds a date.
std::string DateNearHeadline(const xmlNode* h1) {
  if (h1 == nullptr) return "";
  constexpr int kTextNodes = 40;
  int seen = 0;
  for (const xmlNode* node = NextInDocument(h1, true);
       node != nullptr && seen < kTextNodes;) {
    if (node->type == XML_ELEMENT_NODE) {
      const Tag tag = ClassifyTag(Name(node));
      if (tag == Tag::kNonContent) {
        node = NextInDocument(node, false);
        continue;
      }
      if (MarksUpdate(node)) {
        node = NextInDocument(node, false);
        continue;
      }
      if (tag == Tag::kTime) {
        if (std::string date = NormalizeDate(Attr(node, "datetime"));
            !date.empty()) {
          return date;
        }
      }
    } else if (node->type == XML_TEXT_NODE && node->content != nullptr) {
      const std::string_view text =
          TrimAscii(reinterpret_cast<const char*>(node->content));
      if (!text.empty()) {
        ++seen;
        if (std::string date = FindVisibleDate(
                text.size() < 120 ? text : Utf8Prefix(text, kDatelineBytes));
            !date.empty()) {
          return date;
        }
      }
    }
    node = NextInDocument(node, true);
  }
  // Backwards, the lines before the headline: its previous siblings and
  // those of its ancestors, each read whole when it is short (a kicker,
  // "Ann Lee / 05.06.2024 / 06:15" in a meta <div>).
  seen = 0;
  const xmlNode* node = h1;
  while (node != nullptr && seen < 8) {
    if (node->prev == nullptr) {
      node = node->parent;
      if (node == nullptr || (node->type == XML_ELEMENT_NODE &&
                              ClassifyTag(Name(node)) == Tag::kBody)) {
        break;
      }
      continue;
    }
    node = node->prev;
    std::string text;
    if (node->type == XML_TEXT_NODE && node->content != nullptr) {
      text = TrimAscii(reinterpret_cast<const char*>(node->content));
    } else if (node->type == XML_ELEMENT_NODE &&
               ClassifyTag(Name(node)) != Tag::kNonContent &&
               !MarksUpdate(node)) {
      AppendRawText(node, 0, 200, &text);
      text = TrimAscii(text);
    }
    if (text.empty()) continue;
    ++seen;
    if (text.size() < 200) {
      if (std::string date = FindVisibleDate(text); !date.empty()) {
        return date;
      }
    }
  }
  return "";
}

// Labels that open a line stating when the page was published ("Erschienen
// am: 01.11.2023", "Published on June 5, 2024") or last changed, lower case.
constexpr std::string_view kPublishedLabels[] = {
    "published",   "publication date",
    "posted on",   "veröffentlicht",
    "erschienen",  "publiziert",
    "erstellt am", "publié",
    "publie le",   "date de publication",
    "publicado",   "fecha de publicación",
    "pubblicato",  "data di pubblicazione",
    "publicada",   "data de publicação",
};
constexpr std::string_view kModifiedLabels[] = {
    "last edited",        "last modified",   "last updated", "updated",
    "zuletzt bearbeitet", "letzte änderung", "aktualisiert", "stand:",
    "mis à jour",         "modifié le",      "actualizado",  "aggiornato",
    "atualizado",
};

// A date on a labelled line anywhere in the page (a footer's "Erschienen
// am: 01.11.2023", a wiki's "last edited 2019-11-10"): the label opens a
// short text, and the date follows in it or in the next two texts. With
// `modified`, reads the lines that say when the page changed instead.
std::string LabelledDate(const xmlNode* body, bool modified) {
  constexpr int kMaxTexts = 20000;
  int texts = 0;
  for (const xmlNode* node = body; node != nullptr && texts < kMaxTexts;) {
    if (node->type == XML_ELEMENT_NODE &&
        ClassifyTag(Name(node)) == Tag::kNonContent) {
      node = NextInDocument(node, false);
      continue;
    }
    if (node->type == XML_TEXT_NODE && node->content != nullptr) {
      ++texts;
      const std::string_view text =
          TrimUnicode(reinterpret_cast<const char*>(node->content));
      if (!text.empty() && text.size() < 120) {
        // The label opens the line, or follows a name in it ("Page
        // (last edited 2019-11-10 by ...)"). Lower-cased on the stack:
        // this runs on every short text.
        char buffer[48];
        const std::string_view head = Utf8Prefix(text, sizeof buffer);
        for (size_t i = 0; i < head.size(); ++i) {
          buffer[i] = LowerAscii(head[i]);
        }
        const std::string_view lower(buffer, head.size());
        bool labelled = false;
        if (modified) {
          for (std::string_view label : kModifiedLabels) {
            labelled = labelled || lower.find(label) != std::string_view::npos;
          }
        } else {
          for (std::string_view label : kPublishedLabels) {
            labelled = labelled || lower.find(label) != std::string_view::npos;
          }
        }
        if (labelled) {
          std::string line(text);
          int more = 0;
          for (const xmlNode* next = NextInDocument(node, true);
               next != nullptr && more < 2 && line.size() < 200;
               next = NextInDocument(next, true)) {
            if (next->type == XML_TEXT_NODE && next->content != nullptr) {
              const std::string_view t =
                  TrimUnicode(reinterpret_cast<const char*>(next->content));
              if (t.empty()) continue;
              line += ' ';
              line += t;
              ++more;
            }
          }
          if (std::string date = FindVisibleDate(line); !date.empty()) {
            return date;
          }
        }
      }
    }
    node = NextInDocument(node, true);
  }
  return "";
}

// A date in the first few lines of `part` (the article without a headline):
// a dateline ("Hofheim | Wiesbaden, 11. November 2021") above the text or
// opening its first paragraph.
std::string DateAtStart(Page* page, const xmlNode* part) {
  constexpr int kLines = 6;
  int seen = 0;
  for (const xmlNode* node = part->children;
       node != nullptr && seen < kLines;) {
    if (node->type == XML_ELEMENT_NODE &&
        (!page->HasInfo(node) || page->Info(node).skip)) {
      node = NextInDocument(node, false);
    } else {
      if (node->type == XML_TEXT_NODE && node->content != nullptr) {
        const std::string_view text =
            TrimAscii(reinterpret_cast<const char*>(node->content));
        if (!text.empty()) {
          ++seen;
          if (std::string date = FindVisibleDate(Utf8Prefix(
                  text, text.size() < 120 ? text.size() : kDatelineBytes));
              !date.empty()) {
            return date;
          }
        }
      }
      node = NextInDocument(node, true);
    }
    // NextInDocument climbs out of `part` after its last node.
    bool inside = false;
    for (const xmlNode* up = node; up != nullptr && !inside; up = up->parent) {
      inside = up == part;
    }
    if (!inside) break;
  }
  return "";
}

// Whether `node` belongs to another story than the article in `parts`: a
// teaser or related-stories box, or an <article> that neither holds the
// article nor its <h1> nor lies inside it (a card in a slider of other
// stories).
bool InOtherStory(Page* page, const xmlNode* node,
                  const std::vector<const xmlNode*>& parts) {
  for (const xmlNode* up = node; up != nullptr && page->HasInfo(up);
       up = up->parent) {
    if (std::find(parts.begin(), parts.end(), up) != parts.end()) return false;
    const NodeInfo& info = page->Info(up);
    if (info.hints.other_story) return true;
    if (info.tag == Tag::kArticle && !info.wraps_main) {
      bool holds_part = false;
      for (const xmlNode* part : parts) {
        for (const xmlNode* p = part; p != nullptr && !holds_part;
             p = p->parent) {
          holds_part = p == up;
        }
      }
      if (!holds_part) return true;
    }
  }
  return false;
}

// The first valid date among the places pages put it, most reliable first.
std::string PickPublished(Page* page, const PageMeta& meta,
                          const JsonLd& json_ld,
                          const std::vector<const xmlNode*>& parts,
                          const xmlNode* headline, std::string_view url) {
  // The dates the metadata declares, most reliable first.
  std::vector<std::string> declared;
  for (std::string_view value : {
           std::string_view(json_ld.published),
           meta.Meta("article:published_time"),
           meta.Meta("og:article:published_time"),
           meta.Meta("article:published"),
           meta.Meta("datepublished"),
           std::string_view(meta.microdata_published),
           std::string_view(meta.pubdate_time),
           meta.Meta("date"),
           meta.Meta("pubdate"),
           meta.Meta("dc.date"),
           meta.Meta("dc.date.issued"),
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
           meta.Meta("citation_date"),
       }) {
    if (std::string date = NormalizeDate(value); !date.empty()) {
      declared.push_back(std::move(date));
    }
  }
  if (!declared.empty()) {
    const std::string& date = declared.front();
    // Sources that disagree on the day (a JSON-LD block written when the
    // story was drafted, an Open Graph tag when it went out): the one
    // that the page shows its readers under the headline is right.
    const bool disagree = std::any_of(
        declared.begin(), declared.end(),
        [&](const auto& d) { return d.compare(0, 10, date, 0, 10) != 0; });
    if (disagree) {
      const std::string shown = DateNearHeadline(headline);
      for (const std::string& candidate : declared) {
        if (shown.size() >= 10 && candidate.compare(0, 10, shown, 0, 10) == 0) {
          return candidate;
        }
      }
    }
    // A timestamp near midnight in another time zone than the site's
    // (often UTC) falls on the day before or after the one the page shows
    // its readers under the headline: the visible day is the page's.
    if (date.size() > 10 && NearMidnight(date)) {
      const std::string shown = DateNearHeadline(headline);
      const std::optional<CivilDate> a = ParseIsoDate(date);
      const std::optional<CivilDate> b = ParseIsoDate(shown);
      if (a && b && std::abs(ToDayNumber(*a) - ToDayNumber(*b)) == 1) {
        return shown;
      }
    }
    return date;
  }
  // A <time> inside the article, then the visible date lines, then the URL.
  for (const xmlNode* node : page->date_lines()) {
    bool inside = false;
    for (const xmlNode* up = node; up != nullptr && !inside; up = up->parent) {
      inside = std::find(parts.begin(), parts.end(), up) != parts.end();
    }
    if (!inside || page->Info(node).tag != Tag::kTime) continue;
    if (std::string date = DateLineValue(page, node); !date.empty()) {
      return date;
    }
  }
  for (const xmlNode* node : page->date_lines()) {
    if (InOtherStory(page, node, parts)) continue;
    if (std::string date = DateLineValue(page, node); !date.empty()) {
      return date;
    }
  }
  if (std::string date = DateNearHeadline(headline); !date.empty()) {
    return date;
  }
  // Without a headline, a date line at the top of the article text.
  if (headline == nullptr && !parts.empty()) {
    if (std::string date = DateAtStart(page, parts.front()); !date.empty()) {
      return date;
    }
  }
  // The date written in the author's byline ("Ann Lee am 29.12.2010").
  for (const xmlNode* node : page->bylines()) {
    const std::string text = InlineText(page, node);
    if (text.size() > 200) continue;
    if (std::string date = FindVisibleDate(text); !date.empty()) return date;
  }
  if (std::string date = DateFromUrl(url); !date.empty()) return date;
  if (std::string date = LabelledDate(page->body(), false); !date.empty()) {
    return date;
  }
  if (std::string date = NormalizeDate(meta.first_time); !date.empty()) {
    return date;
  }
  return "";
}

std::string PickModified(Page* page, const PageMeta& meta,
                         const JsonLd& json_ld) {
  for (std::string_view value : {
           std::string_view(json_ld.modified),
           meta.Meta("article:modified_time"),
           meta.Meta("og:updated_time"),
           meta.Meta("article:modified"),
           meta.Meta("datemodified"),
           std::string_view(meta.microdata_modified),
           std::string_view(json_ld.any_modified),
           meta.Meta("dc.date.modified"),
           meta.Meta("dcterms.modified"),
           meta.Meta("last-modified"),
       }) {
    if (std::string date = NormalizeDate(value); !date.empty()) return date;
  }
  // "Last updated: 13 July 2020" in the page's text.
  return LabelledDate(page->body(), true);
}

// Whether a name is a company's, by its legal form ("wegewerk GmbH",
// "Example AG", "Acme Inc."): CMSs fill the author field with the firm that
// runs the site.
bool IsCompanyName(std::string_view name) {
  const size_t space = name.rfind(' ');
  if (space == std::string_view::npos) return false;
  std::string_view last = name.substr(space + 1);
  if (EndsWith(last, ".")) last.remove_suffix(1);
  for (std::string_view form :
       {"GmbH",  "AG",  "eG",   "e.V", "eV", "KG",  "SE",
        "Ltd",   "Inc", "LLC",  "S.A", "SA", "S.L", "SpA",
        "S.p.A", "mbH", "Corp", "plc", "BV", "NV"}) {
    if (last == form) return true;
  }
  return false;
}

// A login handle "ann.lee" or "jose.de.la.rosa", as some CMSs print
// instead of the display name: "Ann Lee", "Jose De La Rosa". Other values
// are returned as they are.
std::string HandleToName(std::string name) {
  // "example.de" is a site, not a person.
  const size_t last_dot = name.rfind('.');
  if (last_dot == std::string::npos || name.front() == '.' ||
      name.size() - last_dot - 1 < 4) {
    return name;
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || c == '.')) return name;
  }
  bool start = true;
  for (char& c : name) {
    if (c == '.') {
      c = ' ';
      start = true;
    } else if (start) {
      c = static_cast<char>(c - 'a' + 'A');
      start = false;
    }
  }
  return name.find("  ") == std::string::npos ? name : std::string();
}

// Cleans a byline into a name list: "By Ann Lee and Bo Chan | 5 June 2024"
// → "Ann Lee and Bo Chan". Returns "" when what is left does not look like
// names (too long, a URL, an e-mail address, digits).
// Erases the first of `prefixes` that `s` starts with, ignoring ASCII case,
// when something follows it.
void ErasePrefixIgnoringCase(std::string* s,
                             std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (s->size() > prefix.size() &&
        EqualsIgnoreAsciiCase(std::string_view(*s).substr(0, prefix.size()),
                              prefix)) {
      s->erase(0, prefix.size());
      return;
    }
  }
}

std::string CleanByline(std::string_view line) {
  std::string s = Collapse(line);
  // A photo credit names who took the picture.
  for (std::string_view credit :
       {"foto:", "fotos:", "photo:", "photos:", "bild:", "image:"}) {
    if (s.size() >= credit.size() &&
        EqualsIgnoreAsciiCase(std::string_view(s).substr(0, credit.size()),
                              credit)) {
      return "";
    }
  }
  for (std::string_view cut :
       {" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", "\n"}) {
    if (const size_t at = s.find(cut); at != std::string::npos && at > 0) {
      s.resize(at);
    }
  }
  // Links to the author's archive: "View all posts by Ann Lee", "Ann Lee
  // Alle Artikel".
  ErasePrefixIgnoringCase(
      &s, {"view all posts by ", "all posts by ", "more posts by ", "posts by ",
           "articles by ", "more from ", "zeige alle beitr\u00e4ge von ",
           "alle beitr\u00e4ge von ", "alle artikel von ", "mehr von ",
           "tous les articles de ", "voir tous les articles de ", "recipe by ",
           "rezept von ", "artikel von "});
  for (std::string_view tail :
       {" alle artikel", " alle beitr\u00e4ge", " all posts", " all articles",
        " view all posts", " mehr artikel"}) {
    if (s.size() > tail.size() &&
        EqualsIgnoreAsciiCase(
            std::string_view(s).substr(s.size() - tail.size()), tail)) {
      s.resize(s.size() - tail.size());
      break;
    }
  }
  ErasePrefixIgnoringCase(
      &s, {"author:", "autor:", "auteur:", "autore:", "text:", "texte:", "von:",
           "by:", "artikel von:", "geschrieben von", "erstellt von",
           "eingestellt von", "verfasst von", "posted by", "written by",
           "publié par", "publicado por", "scritto da"});
  ErasePrefixIgnoringCase(
      &s, {"by ", "von ", "par ", "por ", "di ", "de ", "door ", "av "});
  s = std::string(TrimUnicode(s));
  while (!s.empty() && (s.back() == ',' || s.back() == ':' || s.back() == '|' ||
                        s.back() == ' ')) {
    s.pop_back();
  }
  size_t words = 1, digits = 0;
  for (char c : s) {
    words += c == ' ';
    digits += c >= '0' && c <= '9';
  }
  // Placeholders, and the labels and buttons that byline elements hold
  // when the name is elsewhere.
  static constexpr std::array<std::string_view, 25> kPlaceholders = {
      "admin",
      "administrator",
      "super user",
      "unknown",
      "publisher",
      "anonymous",
      "an\u00f3nimo",
      "guest",
      "user",
      "name",
      "follow",
      "folgen",
      "datum",
      "date",
      "published",
      "publiziert am",
      "ver\u00f6ffentlicht am",
      "posted",
      "archiv anzeigen",
      "share",
      "teilen",
      "wordpressadmin",
      "author",
      "autor",
      "artikel von"};
  for (std::string_view placeholder : kPlaceholders) {
    if (EqualsIgnoreAsciiCase(s, placeholder)) return "";
  }
  if (s.empty() || s.size() > 80 || words > 10 || digits > 0 ||
      s.find('*') != std::string::npos || s.find('(') != std::string::npos ||
      s.find('@') != std::string::npos || StartsWith(s, "http") ||
      s.find("://") != std::string::npos ||
      s.find("[at]") != std::string::npos ||
      s.find("\u2192") != std::string::npos || IsCompanyName(s)) {
    return "";
  }
  return HandleToName(s);
}

std::string PickAuthor(Page* page, const PageMeta& meta, const JsonLd& json_ld,
                       std::string_view site, std::string_view host) {
  // The site or its publisher named as the author ("lecker.de", "Example
  // News") says who runs the site, not who wrote the story: the next
  // source may name the writer.
  // The site's name, or most of its host's ("PhillyVoice" on
  // www.phillyvoice.com, not "Tonight" on eatwhattonight.com).
  auto names_site = [&](std::string_view part) {
    return (!site.empty() && EqualsIgnoreAsciiCase(part, site)) ||
           (!host.empty() && NamesHost(part, host) &&
            Compact(part).size() * 2 >= Compact(host).size());
  };
  auto clean = [&](std::string_view value) {
    std::string name = CleanByline(value);
    // The site after the writer's name: "Rob Picheta, CNN", "Adam Aaronson
    // PhillyVoice Staff".
    if (const size_t comma = name.rfind(", ");
        comma != std::string::npos && comma > 0 &&
        names_site(std::string_view(name).substr(comma + 2))) {
      name.resize(comma);
    } else {
      std::string_view rest = name;
      constexpr std::string_view kStaff = " staff";
      if (rest.size() > kStaff.size() &&
          EqualsIgnoreAsciiCase(rest.substr(rest.size() - kStaff.size()),
                                kStaff)) {
        rest.remove_suffix(kStaff.size());
      }
      const size_t space = rest.rfind(' ');
      if (space != std::string_view::npos &&
          rest.substr(0, space).find(' ') != std::string_view::npos &&
          names_site(rest.substr(space + 1))) {
        name.resize(space);
      }
    }
    if (!name.empty() && (names_site(name) ||
                          (!json_ld.publisher.empty() &&
                           EqualsIgnoreAsciiCase(name, json_ld.publisher)))) {
      name.clear();
    }
    return name;
  };
  std::vector<std::string> authors;
  for (const auto* list : {&json_ld.authors, &json_ld.any_authors}) {
    for (const std::string& name : *list) {
      if (std::string cleaned = clean(name); !cleaned.empty()) {
        authors.push_back(std::move(cleaned));
      }
    }
    if (!authors.empty()) break;
  }
  if (authors.empty()) {
    for (std::string_view key : {"author", "article:author", "dc.creator",
                                 "parsely-author", "sailthru.author", "byl"}) {
      std::string name = clean(meta.Meta(key));
      if (!name.empty()) {
        authors.push_back(std::move(name));
        break;
      }
    }
  }
  if (authors.empty()) {
    for (const std::string& value : {meta.microdata_author, meta.rel_author}) {
      std::string name = clean(value);
      if (!name.empty()) {
        authors.push_back(std::move(name));
        break;
      }
    }
  }
  if (authors.empty()) {
    for (const xmlNode* node : page->bylines()) {
      std::string name = clean(InlineText(page, node));
      if (!name.empty()) {
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

// Whether consecutive whole words of `line`, lower-cased ASCII letters and
// digits run together, spell `name` ("Breaking Belize News" and
// "BreakingBelizeNews.com" spell "breakingbelizenews"; "gestern" does not
// spell "stern").
bool SpellsName(std::string_view line, std::string_view name) {
  auto is_word = [](char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  };
  for (size_t start = 0; start < line.size(); ++start) {
    if (!is_word(line[start]) || (start > 0 && is_word(line[start - 1]))) {
      continue;
    }
    // From a word's start, match the name's letters, skipping what lies
    // between words; the match must end at a word's end.
    size_t matched = 0, i = start;
    while (i < line.size() && matched < name.size()) {
      if (is_word(line[i])) {
        if (LowerAscii(line[i]) != name[matched]) break;
        ++matched;
      } else if (static_cast<unsigned char>(line[i]) >= 0x80) {
        break;  // a letter of another script: not the name
      }
      ++i;
    }
    if (matched == name.size() && (i == line.size() || !is_word(line[i]))) {
      return true;
    }
  }
  return false;
}

// Removes the lines at the end of the text that name the site itself:
// closing notes that promote it ("Do you want to be informed of DiEM25's
// actions? Sign up here", "¿Ya sabías que en Guatemala.com tenemos canal
// de Telegram?") or claim its copyright. A story names its own publication
// in its last lines only to advertise it. Names are compared as lower-case
// ASCII letters and digits: the site's name (five or more, so that a
// generic "News" or "Blog" does not count), and its domain. The domain's
// bare label is not asked: a firm's page ends by naming the firm.
void DropSelfPromotion(std::string_view site, std::string_view host,
                       std::string* text) {
  std::vector<std::string> names;
  if (std::string name = Compact(site); name.size() >= 5) {
    names.push_back(std::move(name));
  }
  // The registrable domain as pages write it ("BreakingBelizeNews.com",
  // "marketing@breakingbelizenews.com"): the last two labels of the host,
  // three under a second-level suffix (".com.br", ".co.uk").
  size_t dot = host.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    size_t start = host.rfind('.', dot - 1);
    start = start == std::string_view::npos ? 0 : start + 1;
    if (dot - start <= 3 && start > 1) {
      const size_t outer = host.rfind('.', start - 2);
      start = outer == std::string_view::npos ? 0 : outer + 1;
    }
    if (std::string name = Compact(host.substr(start)); name.size() >= 8) {
      names.push_back(std::move(name));
    }
  }
  if (names.empty()) return;
  // The last few lines, scanned from the end: the closing line that names
  // the site goes, and so does a short line that is not a sentence (the
  // heading of a box: "Unterstütze RosaMag bereits mit 2,50!") with all
  // that follows it.
  constexpr int kMaxLines = 5;
  constexpr size_t kHeadingBytes = 100;
  size_t end = text->size();
  size_t cut = std::string::npos;
  for (int seen = 0; seen < kMaxLines; ++seen) {
    const size_t newline =
        end == 0 ? std::string::npos : text->rfind('\n', end - 1);
    if (newline == std::string::npos) break;  // keep the first line
    const std::string_view line =
        std::string_view(*text).substr(newline + 1, end - newline - 1);
    const bool last = end == text->size() || cut == end;
    const bool heading = line.size() <= kHeadingBytes && !line.ends_with('.');
    if (line.size() <= 600 && (last || heading)) {
      for (const std::string& name : names) {
        if (SpellsName(line, name)) cut = newline;
      }
    }
    end = newline;
  }
  if (cut != std::string::npos) text->resize(cut);
}

// Why `bytes` cannot be an HTML page, or nullopt if it may be one. Catches
// what a crawler meets at an article URL instead of a page: documents,
// images, archives and API responses, by Content-Type and magic bytes.
std::optional<std::string> NonHtmlReason(std::string_view bytes,
                                         std::string_view content_type) {
  using namespace std::string_view_literals;
  std::string media =
      AsciiLower(TrimAscii(content_type.substr(0, content_type.find(';'))));
  static constexpr std::array<std::string_view, 8> kNotHtmlPrefixes = {
      "image/",           "audio/",
      "video/",           "font/",
      "application/pdf",  "application/zip",
      "application/json", "application/javascript"};
  for (std::string_view prefix : kNotHtmlPrefixes) {
    if (StartsWith(media, prefix)) {
      return "not an HTML page (Content-Type " + media + ")";
    }
  }
  if (media == "text/css" || media == "text/javascript" ||
      media == "application/gzip" || media == "application/msword" ||
      EndsWith(media, "+json")) {
    return "not an HTML page (Content-Type " + media + ")";
  }
  struct Magic {
    std::string_view bytes;
    std::string_view what;
  };
  static constexpr std::array<Magic, 14> kMagic = {{
      {"%PDF-"sv, "a PDF document"},
      {"\x89PNG\r\n\x1A\n"sv, "a PNG image"},
      {"GIF87a"sv, "a GIF image"},
      {"GIF89a"sv, "a GIF image"},
      {"\xFF\xD8\xFF"sv, "a JPEG image"},
      {"PK\x03\x04"sv, "a ZIP archive"},
      {"\x1F\x8B"sv, "gzip data"},
      {"BZh"sv, "bzip2 data"},
      {"\xFD"
       "7zXZ"sv,
       "xz data"},
      {"RIFF"sv, "a RIFF file (WebP, WAV or AVI)"},
      {"OggS"sv, "an Ogg file"},
      {"ID3"sv, "an MP3 file"},
      {"wOFF"sv, "a web font"},
      {"\xD0\xCF\x11\xE0"sv, "an Office document"},
  }};
  for (const Magic& m : kMagic) {
    if (StartsWith(bytes, m.bytes)) {
      return "not an HTML page: looks like " + std::string(m.what);
    }
  }
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") {
    return "not an HTML page: looks like an MP4 or HEIF file";
  }
  std::string_view body = bytes;
  if (StartsWith(body, "\xEF\xBB\xBF"sv)) body.remove_prefix(3);
  const bool utf16 =
      StartsWith(body, "\xFF\xFE"sv) || StartsWith(body, "\xFE\xFF"sv);
  // A stray NUL in a page is a CMS bug, removed before parsing; many are
  // binary data.
  if (!utf16 && std::count(body.begin(),
                           body.begin() + std::min<size_t>(body.size(), 8192),
                           '\0') >= 4) {
    return "not an HTML page: looks like binary data (NUL bytes)";
  }
  const std::string_view start = TrimAscii(body.substr(0, 64));
  if (!start.empty() && (start[0] == '{' || start[0] == '[') &&
      json::accept(body)) {
    return "not an HTML page: looks like JSON data";
  }
  return std::nullopt;
}

}  // namespace

std::string SniffHtmlCharset(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (StartsWith(bytes, "\xEF\xBB\xBF"sv)) return "utf-8";
  if (StartsWith(bytes, "\xFF\xFE"sv)) return "utf-16le";
  if (StartsWith(bytes, "\xFE\xFF"sv)) return "utf-16be";
  return SniffMetaCharset(bytes);
}

Result<HtmlArticle> ExtractHtml(std::string_view html_bytes,
                                std::string_view where,
                                const HtmlHints& hints) {
  auto no_text = [&] {
    return MakeError(ErrorCode::kInvalidInput, std::string(where),
                     "no article text found in HTML");
  };
  if (std::optional<std::string> reason =
          NonHtmlReason(html_bytes, hints.content_type)) {
    return MakeError(ErrorCode::kInvalidInput, std::string(where),
                     std::move(*reason));
  }
  Result<std::string> page_text =
      DecodeHtml(html_bytes, hints.content_type, where);
  if (!page_text) return std::unexpected(std::move(page_text.error()));
  // libxml2 would end the document at a NUL.
  std::erase(*page_text, '\0');
  if (page_text->size() > INT_MAX) {
    return MakeError(ErrorCode::kUnsupported, std::string(where),
                     "HTML page is too large to parse");
  }
  const DocPtr doc = ParseHtml(*page_text);
  if (doc == nullptr) return no_text();
  const xmlNode* html = xmlDocGetRootElement(doc.get());
  if (html == nullptr) return no_text();
  const xmlNode* body = html;
  for (const xmlNode* c = html->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && Name(c) == "body") body = c;
  }

  Page page(body);
  page.Annotate();
  PageMeta meta;
  CollectMeta(&page, html, 0, false, false, false, &meta);
  const JsonLd json_ld = ParseJsonLd(meta.json_ld);

  std::vector<const xmlNode*> parts;
  double best_score = 0;
  if (const xmlNode* best = ScoreCandidates(&page, &best_score)) {
    parts = ArticleParts(&page, best, best_score);
  } else if (const xmlNode* root = SemanticRoot(&page)) {
    parts = {root};
  } else {
    parts = {body};
  }

  HtmlArticle article;
  article.site_name = Collapse(meta.Meta("og:site_name"));
  if (article.site_name.empty()) article.site_name = json_ld.publisher;
  if (article.site_name.empty()) {
    article.site_name = Collapse(meta.Meta("application-name"));
  }
  std::string_view page_url = hints.url;
  if (page_url.empty()) page_url = meta.canonical;
  if (page_url.empty()) page_url = meta.Meta("og:url");
  const xmlNode* headline = nullptr;
  article.title = PickTitle(&page, meta, json_ld, article.site_name,
                            HostOf(page_url), parts, &headline);

  article.text = ExtractText(&page, parts, Mode::kStrict, article.title);
  if (article.text.empty() && !(parts.size() == 1 && parts[0] == body)) {
    article.text = ExtractText(&page, {body}, Mode::kStrict, article.title);
  }
  // Last resorts for pages whose wrappers carry chrome-like class names,
  // or that libxml2 nests inside chrome; then the headline alone.
  if (article.text.empty()) {
    article.text = ExtractText(&page, {body}, Mode::kNoNames, article.title);
  }
  if (article.text.empty()) {
    article.text = ExtractText(&page, {body}, Mode::kLenient, article.title);
  }
  if (article.text.empty()) {
    article.text = ExtractText(&page, {body}, Mode::kLenient, "");
  }
  if (article.text.empty()) return no_text();
  DropSelfPromotion(article.site_name, HostOf(page_url), &article.text);

  article.lang = PickLanguage(meta);
  std::string_view url = hints.url;
  article.canonical_url = meta.canonical;
  if (article.canonical_url.empty()) {
    article.canonical_url = TrimAscii(meta.Meta("og:url"));
  }
  if (url.empty()) url = article.canonical_url;
  article.published = PickPublished(&page, meta, json_ld, parts, headline, url);
  if (article.published.empty() && url != article.canonical_url) {
    article.published = DateFromUrl(article.canonical_url);
  }
  article.modified = PickModified(&page, meta, json_ld);
  // A story republished after a substantial update shows its readers the
  // day of the update under the headline, and that is its date: when the
  // day shown is the metadata's modified day and not its published day,
  // the page is dated by what it shows.
  if (!article.modified.empty() && article.published.size() >= 10) {
    const std::string shown = DateNearHeadline(headline);
    if (shown.size() >= 10 &&
        shown.compare(0, 10, article.modified, 0, 10) == 0 &&
        shown.compare(0, 10, article.published, 0, 10) != 0) {
      article.published = shown;
    }
  }
  article.author =
      PickAuthor(&page, meta, json_ld, article.site_name, HostOf(url));
  for (std::string_view key :
       {"description", "og:description", "twitter:description"}) {
    article.description = Collapse(meta.Meta(key));
    if (!article.description.empty()) break;
  }
  if (article.description.empty()) article.description = json_ld.description;
  // Pages spell the same letters composed or not (a Bengali headline with
  // U+09DC, which NFC writes as U+09A1 U+09BC); users compare and index
  // these fields as they are.
  for (std::string* field : {&article.title, &article.author,
                             &article.site_name, &article.description}) {
    *field = ToNfc(*field);
  }
  return article;
}

}  // namespace newsline
