// Builds a Document the way the analyzer does (normalization, sentence
// segmentation), for extractor unit tests. Test-only.
#ifndef NEWSLINE_TESTS_TESTING_TEST_DOCUMENT_H_
#define NEWSLINE_TESTS_TESTING_TEST_DOCUMENT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

namespace newsline::testing {

struct TestDocument {
  NormalizedText normalized;
  std::vector<Sentence> sentences;
  Document doc;
};

// The returned object owns the text the Document points into.
inline std::unique_ptr<TestDocument> MakeDocument(
    std::string_view text, std::string_view lang,
    std::optional<CivilDate> reference = CivilDate{2024, 6, 5}) {
  static const SentenceSplitter* splitter =
      new SentenceSplitter(std::move(SentenceSplitter::Create().value()));
  auto t = std::make_unique<TestDocument>();
  t->normalized = NormalizedText::Normalize(text);
  t->sentences = splitter->Split(t->normalized.text(), lang);
  t->doc.text = t->normalized.text();
  t->doc.sentences = t->sentences;
  t->doc.lang = std::string(lang);
  t->doc.reference = reference;
  return t;
}

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_TESTING_TEST_DOCUMENT_H_
