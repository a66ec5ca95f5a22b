#include "pipeline/sentences.h"

#include <unicode/brkiter.h>
#include <unicode/ustring.h>
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

namespace {

// The breaks of ICU's iterator in `chunk`, which starts at byte `begin` of
// its text, appended to *breaks as byte offsets into the text.
void Utf8Breaks(icu::BreakIterator* bi, std::string_view chunk, size_t begin,
                std::vector<size_t>* breaks) {
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, chunk.data(),
                             static_cast<int64_t>(chunk.size()), &status);
  if (U_SUCCESS(status)) {
    bi->setText(ut, status);
    for (int32_t b = bi->next(); b != icu::BreakIterator::DONE;
         b = bi->next()) {
      breaks->push_back(begin + static_cast<size_t>(b));
    }
  }
  utext_close(ut);
}

// As Utf8Breaks, through a UTF-16 copy of the chunk: ICU iterates UTF-16
// about half again as fast as UTF-8 (through UText). False, with nothing
// appended, when the chunk is not valid UTF-8.
bool Utf16Breaks(icu::BreakIterator* bi, std::string_view chunk, size_t begin,
                 std::vector<size_t>* breaks) {
  thread_local std::u16string units;
  units.resize(chunk.size());  // a UTF-16 unit per byte at most
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(units.data(), static_cast<int32_t>(units.size()), &length,
                chunk.data(), static_cast<int32_t>(chunk.size()), &status);
  if (U_FAILURE(status)) return false;
  UText* ut = utext_openUChars(nullptr, units.data(), length, &status);
  if (U_SUCCESS(status)) {
    bi->setText(ut, status);
    // Breaks come in order: one walk along the (valid) UTF-8.
    ForwardByteOffsets offsets(chunk, ForwardByteOffsets::Unit::kUtf16);
    for (int32_t b = bi->next(); b != icu::BreakIterator::DONE;
         b = bi->next()) {
      breaks->push_back(begin + offsets.ByteOf(b));
    }
  }
  utext_close(ut);
  // A long line's copy is not kept for the rest of the thread's life.
  if (units.capacity() > (1u << 21)) {
    units.clear();
    units.shrink_to_fit();
  }
  return true;
}

}  // namespace

std::vector<Sentence> SentenceSplitter::Split(std::string_view text,
                                              std::string_view lang) const {
  std::vector<size_t> breaks;
  icu::BreakIterator* bi = IteratorFor(lang);
  if (bi != nullptr) {
    // ICU always breaks after a line break, so long texts go in chunks that
    // end with one: the UTF-16 copy stays small.
    constexpr size_t kChunk = 1 << 20;
    size_t begin = 0;
    while (begin < text.size()) {
      size_t end = text.size();
      if (end - begin > kChunk) {
        size_t nl = text.rfind('\n', begin + kChunk);
        if (nl == std::string_view::npos || nl < begin) {
          nl = text.find('\n', begin + kChunk);
        }
        if (nl != std::string_view::npos) end = nl + 1;
      }
      // A chunk too long to double in memory is read as UTF-8.
      constexpr size_t kMaxConverted = 8 << 20;
      const std::string_view chunk = text.substr(begin, end - begin);
      if (chunk.size() > kMaxConverted ||
          !Utf16Breaks(bi, chunk, begin, &breaks)) {
        Utf8Breaks(bi, chunk, begin, &breaks);
      }
      begin = end;
    }
  }
  if (breaks.empty() || breaks.back() != text.size())
    breaks.push_back(text.size());

  std::vector<Sentence> out;
  size_t start = 0;
  size_t next_nl = text.find('\n');
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
      // The next line break, found once for all the sentences before it:
      // searching on from each sentence would be quadratic on a long line.
      if (next_nl != std::string_view::npos && next_nl < s) {
        next_nl = text.find('\n', s);
      }
      const size_t nl = next_nl;
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
