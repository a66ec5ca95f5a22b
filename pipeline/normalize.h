// Text normalization with an offset map back to the original.
//
// Extractor rules are written against one spelling of the text: NFC, straight
// apostrophes and quotes, plain spaces and hyphens. Normalize produces that
// internal copy and remembers, for each of its bytes, which code point of the
// original text it came from, so that mentions found in the copy are reported
// with offsets into the text the user gave us. Called by the analyzer once
// per article; thread-safe.
//
// Folds: NFC; ’ ‘ ‛ ʼ ′ ´ → '; « » “ ” „ ‟ ″ ‹ › → "; every space separator
// (U+00A0, U+202F, U+2009, ...) → U+0020; hyphens and dashes U+2010..U+2015,
// U+2212 → -; … → ...; U+2028/U+2029 → newline; soft hyphen, zero-width
// space, word joiner and BOM are dropped.
#ifndef NEWSLINE_PIPELINE_NORMALIZE_H_
#define NEWSLINE_PIPELINE_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsline {

class NormalizedText {
 public:
  // `original` must be valid UTF-8.
  static NormalizedText Normalize(std::string_view original);

  const std::string& text() const { return text_; }
  // Code point offset in the original of the character that produced byte
  // `byte` of text(); text().size() maps to the original's length.
  int64_t ToOriginal(size_t byte) const { return offsets_[byte]; }
  int64_t original_length() const { return offsets_.back(); }

 private:
  std::string text_;
  std::vector<uint32_t> offsets_;  // text_.size() + 1 entries
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_NORMALIZE_H_
