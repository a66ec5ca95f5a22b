#include "pipeline/language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>

namespace CLD2 {
const char* LanguageCode(Language lang);
}  // namespace CLD2

namespace newsline {

namespace {

constexpr size_t kQuickBytes = 512;
constexpr size_t kFirstBytes = 1 << 10;
constexpr size_t kMaxBytes = 64 << 10;

struct Detection {
  CLD2::Language lang = CLD2::UNKNOWN_LANGUAGE;
  bool reliable = false;
  size_t read = 0;    // bytes given to CLD2
  size_t scored = 0;  // of which it scored as text
};

// The language CLD2 finds in text[0, limit), and whether it is sure of it.
// `limit` is moved back to a UTF-8 character boundary. CLD2 answers English
// for text without letters; that is "unknown" here.
Detection DetectPrefix(std::string_view text, size_t limit) {
  size_t n = std::min(text.size(), limit);
  while (n > 0 && n < text.size() &&
         (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) {
    --n;
  }
  Detection d;
  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  d.lang =
      CLD2::DetectLanguageSummary(text.data(), static_cast<int>(n), true, top3,
                                  percent3, &text_bytes, &d.reliable);
  if (text_bytes == 0) return Detection{};
  d.read = n;
  d.scored = static_cast<size_t>(text_bytes);
  return d;
}

// The code newsline uses for a CLD2 language: "" for unknown.
std::string CodeOf(CLD2::Language lang) {
  if (lang == CLD2::UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  if (code == "un" || code == "xx") return "";
  return PrimaryLanguage(code);
}

}  // namespace

std::string DetectLanguage(std::string_view text) {
  // CLD2 reads about 20 MB/s, a large share of the whole analysis, and a
  // prefix of running text settles the language of an article. So a prefix
  // is read first, and more only when CLD2 is not sure of it (short text,
  // mixed languages, a list of names at the top):
  // - 512 bytes (some 80 words), taken only when CLD2 is sure and scored at
  //   least three quarters of them as text. (It is sure of repeated junk too,
  //   "Airbus 735 ; Boeing 528 ; ..." read as Sundanese, but scores only
  //   half of it; prose scores 79% or more on html-dev.)
  // - Else 1 KiB, else 64 KiB.
  // On the 316 pages of html-dev, this tells every page the language that
  // 1 KiB and 2 KiB prefixes tell.
  Detection d = DetectPrefix(text, kQuickBytes);
  if (d.reliable && d.scored * 4 >= d.read * 3) return CodeOf(d.lang);
  if (text.size() > kQuickBytes) d = DetectPrefix(text, kFirstBytes);
  if (!d.reliable && text.size() > kFirstBytes) {
    d = DetectPrefix(text, kMaxBytes);
  }
  return CodeOf(d.lang);
}

std::string ContradictedLanguage(std::string_view text,
                                 std::string_view declared) {
  const Detection first = DetectPrefix(text, kFirstBytes);
  const std::string code = CodeOf(first.lang);
  if (!first.reliable || code.empty() || code == declared) return "";
  // The opening may be in another language than the article (a notice, a
  // quotation): to overrule the page, the longer sample must agree.
  if (text.size() <= kFirstBytes) return code;
  const Detection more = DetectPrefix(text, kMaxBytes);
  return more.reliable && CodeOf(more.lang) == code ? code : "";
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return "";
    out.push_back(static_cast<char>(c | 0x20));
  }
  if (out.size() < 2 || out.size() > 3) return "";
  return out;
}

}  // namespace newsline
