#include "pipeline/sentences.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>

#include "core/unicode.h"
#include "extractors/engine/rule_files.h"

namespace newsline {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// One ICU iterator per thread and language: creating one costs far more than
// segmenting an article.
icu::BreakIterator* IteratorFor(std::string_view lang) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>,
                        std::less<>>
      cache;
  auto it = cache.find(lang);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  std::string locale =
      std::string(lang.empty() ? "und" : lang) + "@ss=standard";
  std::unique_ptr<icu::BreakIterator> bi(
      icu::BreakIterator::createSentenceInstance(icu::Locale(locale.c_str()),
                                                 status));
  if (U_FAILURE(status)) bi.reset();
  return cache.emplace(std::string(lang), std::move(bi)).first->second.get();
}

}  // namespace

Result<SentenceSplitter> SentenceSplitter::Create(
    const std::string& rules_dir) {
  SentenceSplitter splitter;
  for (const std::string& lang : RuleLanguages("sentences", rules_dir)) {
    auto pack = LoadRulePack("sentences", lang, rules_dir);
    if (!pack) return std::unexpected(pack.error());
    splitter.packs_.emplace(lang, std::move(*pack));
  }
  return splitter;
}

bool SentenceSplitter::IsAbbreviation(std::string_view token,
                                      std::string_view previous,
                                      std::string_view lang) const {
  // Initials: one capital and a period ("J.", "É."), when they open the
  // sentence or follow a name or another initial ("John F. Kennedy",
  // "J. K. Rowling"), not after a common word ("vers X. Un message").
  size_t len;
  const char32_t first = DecodeAt(token, 0, &len);
  if (len + 1 == token.size() && IsUpperChar(first)) {
    if (previous.empty()) return true;
    size_t plen;
    if (IsUpperChar(DecodeAt(previous, 0, &plen))) return true;
  }
  auto it = packs_.find(lang);
  if (it == packs_.end()) return false;
  const Table* table = it->second.FindTable("ABBREVIATIONS");
  return table != nullptr && table->Lookup(token).has_value();
}

std::vector<Sentence> SentenceSplitter::Split(std::string_view text,
                                              std::string_view lang) const {
  std::vector<size_t> breaks;
  icu::BreakIterator* bi = IteratorFor(lang);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(),
                             static_cast<int64_t>(text.size()), &status);
  if (bi != nullptr && U_SUCCESS(status)) {
    bi->setText(ut, status);
    for (int32_t b = bi->next(); b != icu::BreakIterator::DONE;
         b = bi->next()) {
      breaks.push_back(static_cast<size_t>(b));
    }
  }
  utext_close(ut);
  if (breaks.empty() || breaks.back() != text.size())
    breaks.push_back(text.size());

  std::vector<Sentence> out;
  size_t start = 0;
  for (size_t b : breaks) {
    // Merge across a break after an abbreviation, unless a line ends there.
    size_t e = b;
    while (e > start && IsSpace(text[e - 1])) --e;
    if (b < text.size() && e > start && text[e - 1] == '.' &&
        text.substr(e, b - e).find('\n') == std::string_view::npos) {
      size_t t = e - 1;
      while (t > start && !IsSpace(text[t - 1]) && text[t - 1] != '"' &&
             text[t - 1] != '(') {
        --t;
      }
      // The word before the token, within the sentence.
      size_t pe = t;
      while (pe > start && IsSpace(text[pe - 1])) --pe;
      size_t ps = pe;
      while (ps > start && !IsSpace(text[ps - 1])) --ps;
      if (IsAbbreviation(text.substr(t, e - t), text.substr(ps, pe - ps),
                         lang)) {
        continue;
      }
    }
    // Also split at line breaks ICU kept inside a sentence.
    size_t s = start;
    while (s < b) {
      size_t nl = text.find('\n', s);
      size_t piece_end = nl == std::string_view::npos || nl >= b ? b : nl;
      size_t ps = s, pe = piece_end;
      while (ps < pe && IsSpace(text[ps])) ++ps;
      while (pe > ps && IsSpace(text[pe - 1])) --pe;
      if (pe > ps) out.push_back(Sentence{ps, pe});
      s = piece_end + 1;
    }
    start = b;
  }
  return out;
}

}  // namespace newsline
