#include "crawl/feeds.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

#include <climits>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/ascii.h"
#include "core/unicode.h"
#include "crawl/feeds_text.h"
#include "fetch/url.h"
#include "pipeline/decode.h"

namespace newsline {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kRdfNs =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kFeedburnerNs =
    "http://rssnamespace.org/feedburner/ext/1.0";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

// Most text read from one element (a title, a link, a date): a cap on what
// entity references can make of a small document.
constexpr size_t kMaxFieldBytes = 16 << 10;
// An internal entity is kept only if it is plain text this short: no markup
// and no references, so that no entity expands into others (the "billion
// laughs") and none is large (quadratic blowup).
constexpr size_t kMaxEntityBytes = 1024;

// No network, no DTD loading or validation, no entity substitution
// (XML_PARSE_NOENT), no XML_PARSE_HUGE: libxml2 keeps its default limits on
// depth, name and text sizes. libxml2 2.9.14 has no XML_PARSE_NO_XXE; the
// SAX hooks below refuse external entities instead. RECOVER keeps what
// precedes an error: see ParseXml for what that means for truncated input.
// IGNORE_ENC: the input is converted to UTF-8 first (ToUtf8).
constexpr int kXmlOptions = XML_PARSE_RECOVER | XML_PARSE_NONET |
                            XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                            XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                            XML_PARSE_IGNORE_ENC;

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, xmlInitParser);
}

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

struct ParserCtxtDeleter {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};
using ParserCtxtPtr = std::unique_ptr<xmlParserCtxt, ParserCtxtDeleter>;

std::string_view Str(const xmlChar* s) {
  return s == nullptr ? std::string_view()
                      : std::string_view(reinterpret_cast<const char*>(s));
}
std::string_view Name(const xmlNode* node) { return Str(node->name); }
std::string_view Ns(const xmlNode* node) {
  return node->ns == nullptr ? std::string_view() : Str(node->ns->href);
}

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void TruncateUtf8(std::string* s, size_t max) {
  if (s->size() <= max) return;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>((*s)[end]) & 0xC0) == 0x80) {
    --end;
  }
  s->resize(end);
}

// Text of an element and its descendants: text, CDATA and entity
// references. References to entities that the document uses without
// declaring them (HTML's &eacute; in an RSS 0.91 feed) are read as HTML's.
void AppendText(const xmlNode* node, std::string* out) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (out->size() >= kMaxFieldBytes) return;
    switch (c->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        out->append(Str(c->content));
        break;
      case XML_ENTITY_REF_NODE:
        if (c->content != nullptr) {
          out->append(Str(c->content));
        } else if (const htmlEntityDesc* html = htmlEntityLookup(c->name)) {
          AppendUtf8(html->value, out);
        }
        break;
      case XML_ELEMENT_NODE:
        AppendText(c, out);
        break;
      default:
        break;
    }
  }
}

// libxml2 lets bytes that are not UTF-8 through when it recovers from an
// encoding error; everything this file returns must be valid UTF-8.
void MakeValidUtf8(std::string* text) {
  if (FindInvalidUtf8(*text) != std::string_view::npos) {
    *text = ReplaceInvalidUtf8(*text, nullptr, nullptr);
  }
}

std::string Text(const xmlNode* node) {
  std::string out;
  AppendText(node, &out);
  MakeValidUtf8(&out);
  TruncateUtf8(&out, kMaxFieldBytes);
  return out;
}

// The value of the attribute `name` in namespace `ns` ("" for none).
std::optional<std::string> Attr(const xmlNode* node, std::string_view ns,
                                std::string_view name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    const std::string_view a_ns =
        a->ns == nullptr ? std::string_view() : Str(a->ns->href);
    if (Str(a->name) != name || a_ns != ns) continue;
    std::string value;
    AppendText(reinterpret_cast<const xmlNode*>(a), &value);
    MakeValidUtf8(&value);
    TruncateUtf8(&value, kMaxFieldBytes);
    return value;
  }
  return std::nullopt;
}

// Whether `ref` starts with a URL scheme ("http:", "mailto:"): then it is
// absolute and the base does not matter.
bool HasScheme(std::string_view ref) {
  for (size_t i = 0; i < ref.size(); ++i) {
    const char c = ref[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c == ':') return i > 0;
    if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' ||
                               c == '.'))) {
      return false;
    }
  }
  return false;
}

Result<std::string> Resolve(std::string_view base, std::string_view ref) {
  ref = TrimAscii(ref);
  if (ref.empty()) return MakeError(ErrorCode::kInvalidInput, "", "empty URL");
  if (HasScheme(ref)) return NormalizeUrl(ref);
  return ResolveUrl(base, ref);
}

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

// Inflates gzip data (several members in a row, as gzip allows) into at
// most `cap` bytes. The output grows by what zlib produces, so a bomb
// costs at most `cap` bytes of memory before it is refused.
Result<std::string> Gunzip(std::string_view bytes, std::string_view where,
                           int64_t cap) {
  const std::string w(where);
  if (bytes.size() > UINT_MAX) {
    return MakeError(ErrorCode::kInvalidInput, w, "gzip data too large");
  }
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
    return MakeError(ErrorCode::kInternal, w, "zlib: inflateInit2 failed");
  }
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&z, inflateEnd);
  z.next_in =
      reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));  // zlib API
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  unsigned char buf[64 << 10];
  for (;;) {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    const int ret = inflate(&z, Z_NO_FLUSH);
    if (ret == Z_NEED_DICT || ret == Z_DATA_ERROR || ret == Z_MEM_ERROR ||
        ret == Z_STREAM_ERROR) {
      return MakeError(ErrorCode::kInvalidInput, w,
                       std::string("corrupt gzip data: ") +
                           (z.msg != nullptr ? z.msg : "inflate failed"));
    }
    const size_t have = sizeof buf - z.avail_out;
    if (static_cast<int64_t>(out.size() + have) > cap) {
      return MakeError(ErrorCode::kInvalidInput, w,
                       "gzip data inflates to more than " +
                           std::to_string(cap >> 20) +
                           " MiB: refused as a possible gzip bomb");
    }
    out.append(reinterpret_cast<const char*>(buf), have);
    if (ret == Z_STREAM_END) {
      const std::string_view rest(reinterpret_cast<const char*>(z.next_in),
                                  z.avail_in);
      if (!IsGzip(rest)) break;  // trailing bytes that are not gzip: ignored
      inflateReset(&z);
    } else if (have == 0 && z.avail_in == 0) {
      return MakeError(ErrorCode::kInvalidInput, w, "truncated gzip data");
    }
  }
  return out;
}

// What a document is when it has no root element that libxml2 could read.
std::string DescribeNonXml(std::string_view bytes, const xmlError* error) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const std::string_view trimmed = TrimAscii(bytes);
  if (trimmed.empty()) return "empty document";
  if (bytes.substr(0, 1024).find('\0') != std::string_view::npos) {
    return "binary data, not XML";
  }
  if (trimmed[0] == '{' || trimmed[0] == '[') return "JSON, not XML";
  std::string out = "not well-formed XML";
  if (error != nullptr && error->message != nullptr) {
    out += " (line " + std::to_string(error->line) + ": " +
           std::string(TrimAscii(error->message)) + ")";
  }
  return out;
}

// The encoding an XML declaration names ("" if none), as a normalized
// charset label.
std::string DeclaredEncoding(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return "";
  const std::string_view decl = bytes.substr(0, bytes.find("?>", 5));
  const size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return "";
  size_t i = at + 8;
  while (i < decl.size() && IsAsciiSpace(decl[i])) ++i;
  if (i >= decl.size() || decl[i] != '=') return "";
  ++i;
  while (i < decl.size() && IsAsciiSpace(decl[i])) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return "";
  const size_t end = decl.find(decl[i], i + 1);
  if (end == std::string_view::npos) return "";
  return NormalizeCharsetLabel(decl.substr(i + 1, end - i - 1),
                               /*in_page=*/true);
}

// The document as UTF-8, converted with ICU from the encoding that its BOM
// or XML declaration names (read as for HTML: ISO-8859-1 is windows-1252),
// each invalid sequence as U+FFFD; nullopt when `bytes` are valid UTF-8
// already. libxml2 is then told to ignore the declaration: its own
// conversion lets invalid bytes through and reports on stderr.
std::optional<std::string> ToUtf8(std::string_view bytes,
                                  std::string_view where) {
  std::string charset;
  size_t bom = 0;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bom = 3;
  } else if (bytes.starts_with("\xFF\xFE")) {
    bom = 2;
    charset = "utf-16le";
  } else if (bytes.starts_with("\xFE\xFF")) {
    bom = 2;
    charset = "utf-16be";
  } else if (bytes.size() >= 2 && bytes[0] == '<' && bytes[1] == '\0') {
    charset = "utf-16le";
  } else if (bytes.size() >= 2 && bytes[0] == '\0' && bytes[1] == '<') {
    charset = "utf-16be";
  } else {
    charset = DeclaredEncoding(bytes);
  }
  const std::string_view body = bytes.substr(bom);
  if (!charset.empty() && charset != "utf-8") {
    Result<std::string> converted = ConvertCharset(body, charset, where);
    if (converted) return std::move(*converted);
    // A charset ICU does not know: read the bytes as UTF-8.
  }
  if (FindInvalidUtf8(body) == std::string_view::npos) {
    return bom == 0 ? std::nullopt : std::optional<std::string>(body);
  }
  return ReplaceInvalidUtf8(body, nullptr, nullptr);
}

// Whether s[i] ('&') starts a well-formed reference ("&amp;", "&#38;",
// "&#x26;", "&name;"), and how long it is; 0 if not.
size_t ReferenceLength(std::string_view s, size_t i) {
  size_t j = i + 1;
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && s[j] == 'x';
    if (hex) ++j;
    const size_t start = j;
    while (j < s.size() &&
           (is_digit(s[j]) || (hex && ((s[j] >= 'a' && s[j] <= 'f') ||
                                       (s[j] >= 'A' && s[j] <= 'F'))))) {
      ++j;
    }
    return j > start && j < s.size() && s[j] == ';' ? j + 1 - i : 0;
  }
  const size_t start = j;
  while (j < s.size() && j - start <= 64) {
    const unsigned char c = static_cast<unsigned char>(s[j]);
    const bool name_start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            c == '_' || c == ':' || c >= 0x80;
    if (!name_start &&
        (j == start || !(is_digit(s[j]) || c == '-' || c == '.'))) {
      break;
    }
    ++j;
  }
  return j > start && j < s.size() && s[j] == ';' ? j + 1 - i : 0;
}

// Index just past the first `end` at or after `from`, or s.size().
size_t SkipPast(std::string_view s, size_t from, std::string_view end) {
  const size_t at = s.find(end, from);
  return at == std::string_view::npos ? s.size() : at + end.size();
}

// Index just past a <!DOCTYPE ...> that starts at `i`: its internal subset
// holds entity values whose references must stay as written.
size_t SkipDoctype(std::string_view s, size_t i) {
  int depth = 0;
  char quote = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == '>' && depth <= 0) {
      return i + 1;
    }
  }
  return s.size();
}

// The document with each bare "&" (as in "AT&T" or an unescaped query
// string) written as "&amp;", or nullopt when there is none. Feeds are full
// of them, and libxml2 2.9 recovers badly: it drops the name after the "&"
// and, once any error occurred, every later entity reference. Only for
// ASCII-compatible encodings: UTF-16 is left alone.
std::optional<std::string> EscapeBareAmpersands(std::string_view s) {
  if (s.starts_with("\xFE\xFF") || s.starts_with("\xFF\xFE") ||
      s.substr(0, 4).find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  // Most documents have no bare "&": find that out at memchr speed.
  bool any_bare = false;
  for (size_t amp = s.find('&'); amp != std::string_view::npos;
       amp = s.find('&', amp + 1)) {
    if (ReferenceLength(s, amp) == 0) {
      any_bare = true;
      break;
    }
  }
  if (!any_bare) return std::nullopt;
  std::string out;
  size_t copied = 0;
  size_t i = 0;
  while ((i = s.find_first_of("&<", i)) != std::string_view::npos) {
    if (s[i] == '<') {
      const std::string_view rest = s.substr(i);
      if (rest.starts_with("<![CDATA[")) {
        i = SkipPast(s, i + 9, "]]>");
      } else if (rest.starts_with("<!--")) {
        i = SkipPast(s, i + 4, "-->");
      } else if (rest.starts_with("<?")) {
        i = SkipPast(s, i + 2, "?>");
      } else if (rest.starts_with("<!DOCTYPE")) {
        i = SkipDoctype(s, i + 9);
      } else {
        ++i;
      }
      continue;
    }
    const size_t len = ReferenceLength(s, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (out.empty()) out.reserve(s.size() + 64);
    out.append(s.substr(copied, i - copied));
    out += "&amp;";
    copied = ++i;
  }
  if (copied == 0) return std::nullopt;
  out.append(s.substr(copied));
  return out;
}

enum class Root {
  kNone,  // no element yet
  kRss,
  kRdf,
  kAtom,
  kAtom03,
  kUrlset,
  kSitemapIndex,
  kOther,
};

// Sitemaps are written with the sitemaps.org namespace, Google's older ones,
// "https" for "http" or a trailing slash: all mean the same.
bool IsSitemapNs(std::string_view ns) {
  if (ns.empty()) return true;
  if (ns.starts_with("http://")) {
    ns.remove_prefix(7);
  } else if (ns.starts_with("https://")) {
    ns.remove_prefix(8);
  } else {
    return false;
  }
  if (ns.ends_with('/')) ns.remove_suffix(1);
  return ns == "www.sitemaps.org/schemas/sitemap/0.9" ||
         ns == "sitemaps.org/schemas/sitemap/0.9" ||
         ns == "www.google.com/schemas/sitemap/0.84" ||
         ns == "www.google.com/schemas/sitemap/0.9";
}

bool IsNewsNs(std::string_view ns) {
  return ns == "http://www.google.com/schemas/sitemap-news/0.9" ||
         ns == "https://www.google.com/schemas/sitemap-news/0.9" ||
         ns == "http://www.google.com/schemas/sitemap-news/0.9/";
}

Root Classify(std::string_view name, std::string_view ns) {
  if (name == "rss") return Root::kRss;  // RSS 0.9x and 2.0, any namespace
  if (name == "RDF" && ns == kRdfNs) return Root::kRdf;
  if (name == "feed" && ns == kAtomNs) return Root::kAtom;
  if (name == "feed" && ns == kAtom03Ns) return Root::kAtom03;
  if (name == "urlset" && IsSitemapNs(ns)) return Root::kUrlset;
  if (name == "sitemapindex" && IsSitemapNs(ns)) return Root::kSitemapIndex;
  return Root::kOther;
}

bool IsFeedRoot(Root root) {
  return root == Root::kRss || root == Root::kRdf || root == Root::kAtom ||
         root == Root::kAtom03;
}
bool IsSitemapRoot(Root root) {
  return root == Root::kUrlset || root == Root::kSitemapIndex;
}

// Per-parse state, reached from the SAX hooks through ctxt->_private.
//
// The parser builds a tree as usual, but each record (feed item, entry,
// sitemap <url>) is handed to `on_record` as soon as its end tag is parsed,
// then emptied. Memory stays proportional to one record, not to the
// document, and a record cut off by truncation is never handed over: an
// element whose end tag never came cannot be half read.
struct ParseState {
  bool (*accepts)(Root) = nullptr;
  std::function<void(const xmlNode*)> on_record;

  Root root = Root::kNone;
  std::string root_name;  // for errors: "<html>"
  std::string root_ns;
  xmlNode* root_element = nullptr;
  // Holds the HTML entities that a document uses without declaring them.
  DocPtr html_entities;

  bool IsRecord(const xmlNode* node) const {
    const xmlNode* parent = node->parent;
    if (parent == nullptr || root_element == nullptr) return false;
    const bool under_root = parent == root_element;
    // RSS puts items in <channel>; a few RSS 1.0 feeds do too.
    const bool under_channel =
        !under_root && parent->type == XML_ELEMENT_NODE &&
        parent->parent == root_element && Name(parent) == "channel";
    const std::string_view ns = Ns(node);
    switch (root) {
      case Root::kRss:
        return Name(node) == "item" && ns == root_ns &&
               (under_root || under_channel);
      case Root::kRdf:
        return Name(node) == "item" && (ns == kRss10Ns || ns == kRss090Ns) &&
               (under_root || under_channel);
      case Root::kAtom:
      case Root::kAtom03:
        return Name(node) == "entry" && ns == root_ns && under_root;
      case Root::kUrlset:
        return Name(node) == "url" && ns == root_ns && under_root;
      case Root::kSitemapIndex:
        return Name(node) == "sitemap" && ns == root_ns && under_root;
      default:
        return false;
    }
  }

  xmlEntity* HtmlEntity(xmlParserCtxt* ctxt, const xmlChar* name) {
    const htmlEntityDesc* desc = htmlEntityLookup(name);
    if (desc == nullptr) return nullptr;
    if (html_entities == nullptr) {
      html_entities.reset(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
      if (html_entities == nullptr) return nullptr;
      // libxml2 moves the nodes it parses from an entity's text into the
      // entity's document; sharing the parser's dictionary lets that
      // document free them correctly.
      if (ctxt->dict != nullptr) {
        html_entities->dict = ctxt->dict;
        xmlDictReference(ctxt->dict);
      }
      if (xmlCreateIntSubset(html_entities.get(),
                             reinterpret_cast<const xmlChar*>("html"), nullptr,
                             nullptr) == nullptr) {
        return nullptr;
      }
    }
    if (xmlEntity* e = xmlGetDocEntity(html_entities.get(), name)) return e;
    std::string value;
    AppendUtf8(desc->value, &value);
    return xmlAddDocEntity(html_entities.get(), name,
                           XML_INTERNAL_GENERAL_ENTITY, nullptr, nullptr,
                           reinterpret_cast<const xmlChar*>(value.c_str()));
  }
};

ParseState* StateOf(void* ctx) {
  return static_cast<ParseState*>(static_cast<xmlParserCtxt*>(ctx)->_private);
}

// libxml2 2.9 stops expanding every entity reference, even "&amp;", once a
// document has had one error, however harmless. The only entities this
// parser lets through are plain text (see OnEntityDecl), so expanding them
// after an error is safe: the hooks clear the flag as parsing goes on.
void KeepExpandingEntities(void* ctx) {
  static_cast<xmlParserCtxt*>(ctx)->wellFormed = 1;
}

void OnStartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                    const xmlChar* uri, int nb_namespaces,
                    const xmlChar** namespaces, int nb_attributes,
                    int nb_defaulted, const xmlChar** attributes) {
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  KeepExpandingEntities(ctx);
  ParseState* state = StateOf(ctx);
  const bool is_root = state->root == Root::kNone;
  if (is_root) {
    state->root = Classify(Str(localname), Str(uri));
    state->root_name = "<" + std::string(Str(localname)) + ">";
    state->root_ns = Str(uri);
    if (!state->accepts(state->root)) {
      // Nothing more to learn from a document of the wrong kind.
      xmlStopParser(ctxt);
      return;
    }
  }
  xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                        nb_attributes, nb_defaulted, attributes);
  if (is_root) state->root_element = ctxt->node;
}

void OnEndElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                  const xmlChar* uri) {
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  KeepExpandingEntities(ctx);
  xmlNode* node = ctxt->node;
  xmlSAX2EndElementNs(ctx, localname, prefix, uri);
  ParseState* state = StateOf(ctx);
  if (node == nullptr || node->type != XML_ELEMENT_NODE ||
      !state->IsRecord(node)) {
    return;
  }
  state->on_record(node);
  // The emptied element stays as a placeholder: unlinking it would leave a
  // text node last in its parent, which the parser may still append to.
  xmlFreeNodeList(node->children);
  node->children = nullptr;
  node->last = nullptr;
}

// Keeps only plain-text internal entities: external entities (XXE),
// parameter entities and entities that contain markup or references are
// dropped, so their references stay undeclared and expand to nothing.
void OnEntityDecl(void* ctx, const xmlChar* name, int type,
                  const xmlChar* public_id, const xmlChar* system_id,
                  xmlChar* content) {
  if (type != XML_INTERNAL_GENERAL_ENTITY || content == nullptr) return;
  const std::string_view value = Str(content);
  if (value.size() > kMaxEntityBytes ||
      value.find_first_of("&%<") != std::string_view::npos) {
    return;
  }
  xmlSAX2EntityDecl(ctx, name, type, public_id, system_id, content);
}

void OnCharacters(void* ctx, const xmlChar* text, int len) {
  KeepExpandingEntities(ctx);
  xmlSAX2Characters(ctx, text, len);
}

xmlEntity* OnGetEntity(void* ctx, const xmlChar* name) {
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  KeepExpandingEntities(ctx);
  xmlEntity* entity = xmlSAX2GetEntity(ctx, name);
  if (entity != nullptr || ctxt->inSubset != 0) return entity;
  return StateOf(ctx)->HtmlEntity(ctxt, name);
}

xmlParserInput* OnResolveEntity(void* ctx, const xmlChar* public_id,
                                const xmlChar* system_id) {
  return nullptr;  // nothing outside the document is ever read
}

void OnExternalSubset(void* ctx, const xmlChar* name,
                      const xmlChar* external_id, const xmlChar* system_id) {}

// Parses `bytes` as XML, handing each record to state->on_record. Fails
// with kInvalidInput "not a <what>: ..." when the document has no root
// element or one that state->accepts refuses.
//
// Broken documents are read as far as libxml2's recovery goes: a truncated
// feed gives the records that were complete before the cut, and a record
// that was cut is dropped. Only input without any usable root is an error.
Result<DocPtr> ParseXml(std::string_view bytes, std::string_view where,
                        std::string_view what, ParseState* state) {
  InitLibxml();
  const std::string w(where);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kInvalidInput, w,
                     "not a " + std::string(what) + ": document too large");
  }
  if (TrimAscii(bytes).empty()) {
    return MakeError(ErrorCode::kInvalidInput, w,
                     "not a " + std::string(what) + ": empty document");
  }
  const std::optional<std::string> utf8 = ToUtf8(bytes, where);
  const std::string_view text = utf8 ? std::string_view(*utf8) : bytes;
  const std::optional<std::string> escaped = EscapeBareAmpersands(text);
  const std::string_view input = escaped ? std::string_view(*escaped) : text;
  if (input.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kInvalidInput, w,
                     "not a " + std::string(what) + ": document too large");
  }
  ParserCtxtPtr ctxt(
      xmlCreateMemoryParserCtxt(input.data(), static_cast<int>(input.size())));
  if (ctxt == nullptr) {
    return MakeError(ErrorCode::kInternal, w,
                     "libxml2 could not create a parser");
  }
  xmlCtxtUseOptions(ctxt.get(), kXmlOptions);
  ctxt->_private = state;
  xmlSAXHandler* sax = ctxt->sax;
  sax->startElementNs = OnStartElement;
  sax->endElementNs = OnEndElement;
  sax->characters = OnCharacters;
  sax->ignorableWhitespace = OnCharacters;
  sax->entityDecl = OnEntityDecl;
  sax->getEntity = OnGetEntity;
  sax->resolveEntity = OnResolveEntity;
  sax->externalSubset = OnExternalSubset;
  xmlParseDocument(ctxt.get());
  DocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  if (state->root == Root::kNone) {
    // libxml2's message may quote the document, bytes that are not UTF-8
    // included.
    std::string message =
        "not a " + std::string(what) + ": " +
        DescribeNonXml(bytes, xmlCtxtGetLastError(ctxt.get()));
    TruncateUtf8(&message, 300);
    MakeValidUtf8(&message);
    return MakeError(ErrorCode::kInvalidInput, w, message);
  }
  if (!state->accepts(state->root) || doc == nullptr) {
    std::string message =
        "not a " + std::string(what) + ": root element " + state->root_name;
    if (!state->root_ns.empty()) message += " in namespace " + state->root_ns;
    // Names come from the document: quoted short and valid.
    TruncateUtf8(&message, 300);
    MakeValidUtf8(&message);
    return MakeError(ErrorCode::kInvalidInput, w, message);
  }
  return doc;
}

// The base URL of an element: the document's URL as changed by the
// xml:base attributes of the element and its ancestors. Bases of elements
// outside records are cached: they live as long as the parse.
class BaseResolver {
 public:
  explicit BaseResolver(std::string_view doc_url) : doc_url_(doc_url) {}

  // For a record's parent: cached, since it outlives the record.
  const std::string& OfParent(const xmlNode* node) {
    if (node == nullptr || node->type != XML_ELEMENT_NODE) return doc_url_;
    auto it = cache_.find(node);
    if (it != cache_.end()) return it->second;
    std::string base = Apply(OfParent(node->parent), node);
    return cache_.emplace(node, std::move(base)).first->second;
  }

  std::string OfChild(const std::string& parent_base, const xmlNode* node) {
    return Apply(parent_base, node);
  }

 private:
  static std::string Apply(const std::string& base, const xmlNode* node) {
    std::optional<std::string> xml_base = Attr(node, kXmlNs, "base");
    if (!xml_base || TrimAscii(*xml_base).empty()) return base;
    Result<std::string> resolved = Resolve(base, *xml_base);
    return resolved ? std::move(*resolved) : base;
  }

  std::string doc_url_;
  std::unordered_map<const xmlNode*, std::string> cache_;
};

bool IsTrue(const std::optional<std::string>& attr, bool default_value) {
  if (!attr) return default_value;
  const std::string v = AsciiLower(TrimAscii(*attr));
  return v != "false" && v != "no" && v != "0";
}

// Remembers URLs to drop repeats. Keyed by hash, each pointing at the
// first holder of the URL, so that a long sitemap costs one small node per
// URL rather than a second copy of it.
class UrlDeduper {
 public:
  // Whether `url` was not seen before. `holders` holds the URLs seen so
  // far, in `url` members; the caller appends the new one if this is true.
  template <typename Vector>
  bool Insert(const std::string& url, const Vector& holders) {
    const size_t hash = std::hash<std::string_view>()(url);
    auto [begin, end] = seen_.equal_range(hash);
    for (auto it = begin; it != end; ++it) {
      if (holders[it->second].url == url) return false;
    }
    seen_.emplace(hash, holders.size());
    return true;
  }

 private:
  std::unordered_multimap<size_t, size_t> seen_;
};

class FeedReader {
 public:
  FeedReader(std::string_view url, Feed* feed) : bases_(url), feed_(feed) {}

  void Record(const xmlNode* record, Root root) {
    const std::string record_base =
        bases_.OfChild(bases_.OfParent(record->parent), record);
    switch (root) {
      case Root::kRss:
        ReadRssItem(record, record_base);
        break;
      case Root::kRdf:
        ReadRdfItem(record, record_base);
        break;
      default:
        ReadAtomEntry(record, record_base, root == Root::kAtom03);
        break;
    }
  }

  // The feed's own title, read once the records are done.
  void ReadTitle(const xmlNode* root_element, Root root) {
    const xmlNode* holder = root_element;
    if (root == Root::kRss || root == Root::kRdf) {
      holder = nullptr;
      for (const xmlNode* c = root_element->children; c != nullptr;
           c = c->next) {
        if (c->type == XML_ELEMENT_NODE && Name(c) == "channel") {
          holder = c;
          break;
        }
      }
      if (holder == nullptr) return;
    }
    for (const xmlNode* c = holder->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && Name(c) == "title" &&
          Ns(c) == Ns(holder)) {
        feed_->title = root == Root::kAtom || root == Root::kAtom03
                           ? AtomTitle(c, root == Root::kAtom03)
                           : CleanTitle(Text(c), /*html=*/true);
        return;
      }
    }
  }

 private:
  struct Candidate {
    const xmlNode* element = nullptr;
    std::string ref;
  };

  void ReadRssItem(const xmlNode* item, const std::string& base) {
    const std::string_view ns = Ns(item);
    Candidate orig_link;
    Candidate link;
    Candidate guid;
    FeedItem out;
    std::string dc_date;
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = Name(c);
      const std::string_view c_ns = Ns(c);
      if (c_ns == ns) {
        if (name == "link" && link.element == nullptr) {
          link = {c, Text(c)};
        } else if (name == "guid" && guid.element == nullptr &&
                   IsTrue(Attr(c, "", "isPermaLink"), true)) {
          guid = {c, Text(c)};
        } else if (name == "title" && out.title.empty()) {
          out.title = CleanTitle(Text(c), /*html=*/true);
        } else if (name == "pubDate" && out.published.empty()) {
          out.published = NormalizeFeedDate(Text(c));
        }
      } else if (c_ns == kDcNs && name == "date" && dc_date.empty()) {
        dc_date = NormalizeFeedDate(Text(c));
      } else if (c_ns == kFeedburnerNs && name == "origLink") {
        orig_link = {c, Text(c)};
      }
    }
    if (out.published.empty()) out.published = std::move(dc_date);
    Add(std::move(out), base, {orig_link, link, guid});
  }

  void ReadRdfItem(const xmlNode* item, const std::string& base) {
    const std::string_view ns = Ns(item);
    Candidate link;
    FeedItem out;
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = Name(c);
      if (Ns(c) == ns && name == "link" && link.element == nullptr) {
        link = {c, Text(c)};
      } else if (Ns(c) == ns && name == "title" && out.title.empty()) {
        out.title = CleanTitle(Text(c), /*html=*/true);
      } else if (Ns(c) == kDcNs && name == "date" && out.published.empty()) {
        out.published = NormalizeFeedDate(Text(c));
      }
    }
    // rdf:about names the item's resource, usually the same URL as <link>.
    const Candidate about{nullptr, Attr(item, kRdfNs, "about").value_or("")};
    Add(std::move(out), base, {link, about});
  }

  void ReadAtomEntry(const xmlNode* entry, const std::string& base,
                     bool atom03) {
    const std::string_view ns = Ns(entry);
    Candidate preferred;  // an alternate link to HTML (or of no type)
    Candidate alternate;  // any other alternate link
    Candidate orig_link;
    FeedItem out;
    std::string created;
    for (const xmlNode* c = entry->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = Name(c);
      if (Ns(c) == kFeedburnerNs && name == "origLink") {
        orig_link = {c, Text(c)};
        continue;
      }
      if (Ns(c) != ns) continue;
      if (name == "link") {
        const std::string rel =
            std::string(TrimAscii(Attr(c, "", "rel").value_or("alternate")));
        if (rel != "alternate" &&
            rel != "http://www.iana.org/assignments/relation/alternate") {
          continue;
        }
        std::optional<std::string> href = Attr(c, "", "href");
        if (!href) continue;
        const std::string type =
            AsciiLower(TrimAscii(Attr(c, "", "type").value_or("")));
        const bool html = type.empty() || type == "text/html" ||
                          type == "application/xhtml+xml";
        if (html && preferred.element == nullptr) {
          preferred = {c, std::move(*href)};
        } else if (alternate.element == nullptr) {
          alternate = {c, std::move(*href)};
        }
      } else if (name == "title" && out.title.empty()) {
        out.title = AtomTitle(c, atom03);
      } else if ((name == "published" || (atom03 && name == "issued")) &&
                 out.published.empty()) {
        out.published = NormalizeFeedDate(Text(c));
      } else if (atom03 && name == "created" && created.empty()) {
        created = NormalizeFeedDate(Text(c));
      } else if ((name == "updated" || (atom03 && name == "modified")) &&
                 out.updated.empty()) {
        out.updated = NormalizeFeedDate(Text(c));
      }
    }
    if (out.published.empty()) out.published = std::move(created);
    Add(std::move(out), base, {orig_link, preferred, alternate});
  }

  // Atom says how its text is written: type="text" (the default) is plain
  // text, "html" escaped HTML, "xhtml" inline XHTML. Atom 0.3 says it with
  // a MIME type and mode="escaped".
  static std::string AtomTitle(const xmlNode* title, bool atom03) {
    const std::string type =
        AsciiLower(TrimAscii(Attr(title, "", "type").value_or("")));
    bool html = type == "html";
    if (atom03) {
      html = (type == "text/html" || type == "application/xhtml+xml") &&
             AsciiLower(TrimAscii(Attr(title, "", "mode").value_or(""))) ==
                 "escaped";
    }
    return CleanTitle(Text(title), html);
  }

  // Adds the item under the first candidate that makes an http(s) URL.
  void Add(FeedItem item, const std::string& record_base,
           std::initializer_list<Candidate> candidates) {
    for (const Candidate& c : candidates) {
      if (TrimAscii(c.ref).empty()) continue;
      const std::string base = c.element == nullptr
                                   ? record_base
                                   : bases_.OfChild(record_base, c.element);
      Result<std::string> url = Resolve(base, c.ref);
      if (!url) continue;
      if (!seen_.Insert(*url, feed_->items)) {
        ++feed_->duplicates;
        return;
      }
      item.url = std::move(*url);
      feed_->items.push_back(std::move(item));
      return;
    }
    ++feed_->skipped;
  }

  BaseResolver bases_;
  Feed* feed_;
  UrlDeduper seen_;
};

class SitemapReader {
 public:
  SitemapReader(std::string_view url, Sitemap* sitemap)
      : bases_(url), sitemap_(sitemap) {}

  void Record(const xmlNode* record) {
    const std::string base =
        bases_.OfChild(bases_.OfParent(record->parent), record);
    const std::string_view ns = Ns(record);
    SitemapEntry entry;
    const xmlNode* loc = nullptr;
    for (const xmlNode* c = record->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = Name(c);
      if (Ns(c) == ns) {
        if (name == "loc" && loc == nullptr) {
          loc = c;
        } else if (name == "lastmod" && entry.lastmod.empty()) {
          entry.lastmod = TrimAscii(Text(c));
        }
      } else if (name == "news" && IsNewsNs(Ns(c))) {
        ReadNews(c, &entry);
      }
    }
    if (loc == nullptr) {
      ++sitemap_->skipped;
      return;
    }
    Result<std::string> url = Resolve(bases_.OfChild(base, loc), Text(loc));
    if (!url) {
      ++sitemap_->skipped;
      return;
    }
    if (!seen_.Insert(*url, sitemap_->entries)) {
      ++sitemap_->duplicates;
      return;
    }
    entry.url = std::move(*url);
    sitemap_->entries.push_back(std::move(entry));
  }

 private:
  static void ReadNews(const xmlNode* news, SitemapEntry* entry) {
    const std::string_view ns = Ns(news);
    for (const xmlNode* c = news->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || Ns(c) != ns) continue;
      const std::string_view name = Name(c);
      if (name == "title" && entry->news_title.empty()) {
        entry->news_title = CleanTitle(Text(c), /*html=*/true);
      } else if (name == "publication_date" && entry->news_published.empty()) {
        entry->news_published = NormalizeFeedDate(Text(c));
      } else if (name == "publication") {
        for (const xmlNode* p = c->children; p != nullptr; p = p->next) {
          if (p->type == XML_ELEMENT_NODE && Ns(p) == ns &&
              Name(p) == "language" && entry->news_language.empty()) {
            entry->news_language = TrimAscii(Text(p));
          }
        }
      }
    }
  }

  BaseResolver bases_;
  Sitemap* sitemap_;
  UrlDeduper seen_;
};

// <link rel="alternate"> types of the feeds ParseFeed reads. JSON Feed 1.0
// advertised itself as plain application/json, which WordPress also uses
// for its REST API links: only 1.1's application/feed+json is taken.
bool IsFeedType(std::string_view type) {
  const size_t semi = type.find(';');
  if (semi != std::string_view::npos) type = type.substr(0, semi);
  const std::string t = AsciiLower(TrimAscii(type));
  return t == "application/rss+xml" || t == "application/atom+xml" ||
         t == "application/rdf+xml" || t == "application/feed+json";
}

// JSON Feed (https://jsonfeed.org/version/1.1 and 1): a JSON object whose
// "version" names the spec. Whether a body is one is decided by its first
// character, as JSON can start with nothing else that a feed would.
bool LooksLikeJson(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  bytes = TrimAscii(bytes);
  return !bytes.empty() && bytes.front() == '{';
}

bool IsJsonFeedVersion(std::string_view version) {
  return version.starts_with("https://jsonfeed.org/version/") ||
         version.starts_with("http://jsonfeed.org/version/");
}

// A string member of a JSON object ("" when missing or not a string), cut
// to kMaxFieldBytes. The parser only lets valid UTF-8 through.
std::string JsonString(const nlohmann::json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  std::string value = it->get<std::string>();
  TruncateUtf8(&value, kMaxFieldBytes);
  return value;
}

Result<Feed> ParseJsonFeed(std::string_view bytes, std::string_view url) {
  using nlohmann::json;
  const std::string w(url);
  auto fail = [&](std::string message) -> Result<Feed> {
    // Messages may quote the document.
    MakeValidUtf8(&message);
    TruncateUtf8(&message, 300);
    return MakeError(ErrorCode::kInvalidInput, w, "not a feed: " + message);
  };
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  // JSON Feed is UTF-8; a feed with a stray Latin-1 byte is still read.
  std::string repaired;
  if (FindInvalidUtf8(bytes) != std::string_view::npos) {
    repaired = ReplaceInvalidUtf8(bytes, nullptr, nullptr);
    bytes = repaired;
  }
  json doc;
  try {
    doc = json::parse(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 2, column 3: ..."
    std::string message = e.what();
    if (size_t end = message.find("] "); end != std::string::npos) {
      message = message.substr(end + 2);
    }
    return fail("malformed JSON (" + message + ")");
  }
  if (!doc.is_object()) return fail("JSON, but not a JSON Feed");
  const std::string version = JsonString(doc, "version");
  if (!IsJsonFeedVersion(version)) {
    return fail(
        "JSON, but not a JSON Feed (no \"version\" starting with "
        "https://jsonfeed.org/version/)");
  }
  auto items = doc.find("items");
  if (items == doc.end() || !items->is_array()) {
    return fail("JSON Feed without an \"items\" array");
  }
  Feed feed;
  feed.format = Feed::Format::kJson;
  feed.title = CleanTitle(JsonString(doc, "title"), /*html=*/false);
  UrlDeduper seen;
  for (const json& item : *items) {
    if (!item.is_object()) {
      ++feed.skipped;
      continue;
    }
    FeedItem out;
    out.title = CleanTitle(JsonString(item, "title"), /*html=*/false);
    out.published = NormalizeFeedDate(JsonString(item, "date_published"));
    out.updated = NormalizeFeedDate(JsonString(item, "date_modified"));
    // "url" is the item's permalink; a link blog's item may only have
    // "external_url". "id" is often the permalink too, but may be any
    // string: only an absolute URL is taken.
    std::string id = JsonString(item, "id");
    if (!HasScheme(TrimAscii(id))) id.clear();
    bool added = false;
    bool duplicate = false;
    for (const std::string& ref :
         {JsonString(item, "url"), JsonString(item, "external_url"), id}) {
      if (TrimAscii(ref).empty()) continue;
      Result<std::string> resolved = Resolve(url, ref);
      if (!resolved) continue;
      if (!seen.Insert(*resolved, feed.items)) {
        duplicate = true;
        break;
      }
      out.url = std::move(*resolved);
      feed.items.push_back(std::move(out));
      added = true;
      break;
    }
    if (duplicate) {
      ++feed.duplicates;
    } else if (!added) {
      ++feed.skipped;
    }
  }
  return feed;
}

// The HTML parser's attribute, by name in any case.
std::optional<std::string> HtmlAttr(const xmlNode* node,
                                    std::string_view name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (AsciiLower(Str(a->name)) != name) continue;
    std::string value;
    AppendText(reinterpret_cast<const xmlNode*>(a), &value);
    MakeValidUtf8(&value);
    return value;
  }
  return std::nullopt;
}

void CollectHead(const xmlNode* parent, int depth,
                 std::vector<const xmlNode*>* bases,
                 std::vector<const xmlNode*>* links) {
  if (depth > 8) return;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string name = AsciiLower(Name(c));
    if (name == "base") {
      bases->push_back(c);
    } else if (name == "link") {
      links->push_back(c);
    } else {
      CollectHead(c, depth + 1, bases, links);
    }
  }
}

// Gunzips `bytes` into *inflated and points `bytes` at it when they are
// gzip data (feeds and sitemaps are served as .gz files); else leaves them.
Result<void> InflateIfGzip(std::string_view url, std::string_view* bytes,
                           std::string* inflated) {
  if (!IsGzip(*bytes)) return {};
  Result<std::string> plain = Gunzip(*bytes, url, kMaxSitemapBytes);
  if (!plain) return std::unexpected(plain.error());
  *inflated = std::move(*plain);
  *bytes = *inflated;
  return {};
}

}  // namespace

Result<Feed> ParseFeed(std::string_view bytes, std::string_view url) {
  std::string inflated;
  if (Result<void> ok = InflateIfGzip(url, &bytes, &inflated); !ok) {
    return std::unexpected(ok.error());
  }
  if (LooksLikeJson(bytes)) return ParseJsonFeed(bytes, url);
  Feed feed;
  FeedReader reader(url, &feed);
  ParseState state;
  state.accepts = IsFeedRoot;
  state.on_record = [&](const xmlNode* record) {
    reader.Record(record, state.root);
  };
  Result<DocPtr> doc = ParseXml(bytes, url, "feed", &state);
  if (!doc) return std::unexpected(doc.error());
  switch (state.root) {
    case Root::kAtom:
    case Root::kAtom03:
      feed.format = Feed::Format::kAtom;
      break;
    case Root::kRdf:
      feed.format = Feed::Format::kRdf;
      break;
    default:
      feed.format = Feed::Format::kRss;
      break;
  }
  if (state.root_element != nullptr) {
    reader.ReadTitle(state.root_element, state.root);
  }
  return feed;
}

Result<Sitemap> ParseSitemap(std::string_view bytes, std::string_view url) {
  std::string inflated;
  if (Result<void> ok = InflateIfGzip(url, &bytes, &inflated); !ok) {
    return std::unexpected(ok.error());
  }
  // (Gunzip stops at the same cap.)
  if (static_cast<int64_t>(bytes.size()) > kMaxSitemapBytes) {
    return MakeError(ErrorCode::kInvalidInput, std::string(url),
                     "sitemap larger than " +
                         std::to_string(kMaxSitemapBytes >> 20) + " MiB");
  }
  Sitemap sitemap;
  SitemapReader reader(url, &sitemap);
  ParseState state;
  state.accepts = IsSitemapRoot;
  state.on_record = [&](const xmlNode* record) { reader.Record(record); };
  Result<DocPtr> doc = ParseXml(bytes, url, "sitemap", &state);
  if (!doc) return std::unexpected(doc.error());
  sitemap.is_index = state.root == Root::kSitemapIndex;
  return sitemap;
}

std::vector<std::string> DiscoverFeeds(std::string_view html,
                                       std::string_view page_url) {
  InitLibxml();
  std::vector<std::string> feeds;
  // Decoded first, as the article extractor does, so that libxml2 neither
  // guesses the charset nor reports conversion errors on stderr.
  Result<std::string> utf8 = DecodeHtml(html, /*content_type=*/"", page_url);
  if (!utf8 || utf8->empty() || utf8->size() > static_cast<size_t>(INT_MAX)) {
    return feeds;
  }
  DocPtr doc(htmlReadMemory(utf8->data(), static_cast<int>(utf8->size()),
                            /*URL=*/nullptr, "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                HTML_PARSE_COMPACT));
  if (doc == nullptr) return feeds;
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const xmlNode* head = nullptr;
  for (const xmlNode* c = root == nullptr ? nullptr : root->children;
       c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && AsciiLower(Name(c)) == "head") {
      head = c;
      break;
    }
  }
  if (head == nullptr) return feeds;
  std::vector<const xmlNode*> bases;
  std::vector<const xmlNode*> links;
  CollectHead(head, 0, &bases, &links);
  // HTML: the first <base> with an href sets the base of the whole page.
  std::string base(page_url);
  for (const xmlNode* b : bases) {
    std::optional<std::string> href = HtmlAttr(b, "href");
    if (!href) continue;
    Result<std::string> resolved = Resolve(page_url, *href);
    if (resolved) base = std::move(*resolved);
    break;
  }
  std::unordered_set<std::string> seen;
  for (const xmlNode* link : links) {
    if (!HasAsciiToken(HtmlAttr(link, "rel").value_or(""), "alternate") ||
        !IsFeedType(HtmlAttr(link, "type").value_or(""))) {
      continue;
    }
    Result<std::string> url =
        Resolve(base, HtmlAttr(link, "href").value_or(""));
    if (url && seen.insert(*url).second) feeds.push_back(std::move(*url));
  }
  return feeds;
}

}  // namespace newsline
