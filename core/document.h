// Document: the view of one article that extractors work on.
//
// The pipeline builds a Document after normalization, sentence segmentation
// and language detection, then hands it to each extractor (figures, time,
// entities, events). Offsets are byte offsets into `text`, the normalized
// UTF-8 text. A Document does not own its text: it lives as long as the
// pipeline's per-article state.
#ifndef NEWSLINE_CORE_DOCUMENT_H_
#define NEWSLINE_CORE_DOCUMENT_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/date.h"

namespace newsline {

struct Sentence {
  size_t begin = 0;  // byte offsets into Document::text, end exclusive
  size_t end = 0;
};

struct Document {
  std::string_view text;                // normalized UTF-8 (NFC, folded)
  std::span<const Sentence> sentences;  // cover `text` in order
  std::string lang;                     // BCP 47 primary language: "fr", "en"
  // The date relative expressions resolve against (the article's publication
  // date or the user's --reference-date); nullopt leaves them unresolved.
  std::optional<CivilDate> reference;

  // Index of the sentence holding byte `offset`; -1 if none.
  int SentenceAt(size_t offset) const;
};

}  // namespace newsline

#endif  // NEWSLINE_CORE_DOCUMENT_H_
