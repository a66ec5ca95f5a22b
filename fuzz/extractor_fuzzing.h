// Shared set-up of the extractor fuzz targets (figures, time, entities):
// the built-in rule packs for French and English, loaded once, and
// Documents built from fuzz input the way the analyzer builds them.
// Fuzz-only; not part of any library.
#ifndef NEWSLINE_FUZZ_EXTRACTOR_FUZZING_H_
#define NEWSLINE_FUZZ_EXTRACTOR_FUZZING_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/unicode.h"
#include "extractors/engine/rule_files.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

namespace newsline::fuzzing {

inline constexpr size_t kMaxInputBytes = 64 << 10;

// The input as text, or nullopt when it is too long or not valid UTF-8.
inline std::optional<std::string_view> TextInput(const uint8_t* data,
                                                 size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (size > kMaxInputBytes ||
      FindInvalidUtf8(input) != std::string_view::npos) {
    return std::nullopt;
  }
  return input;
}

// X's extractor for each language, built once with X::Create(pack). The
// built-in rules must load: a failure aborts.
template <typename X>
const std::vector<std::pair<std::string, std::unique_ptr<X>>>& Extractors(
    std::string_view name) {
  static const auto* extractors = [&] {
    auto* out = new std::vector<std::pair<std::string, std::unique_ptr<X>>>;
    for (const char* lang : {"fr", "en"}) {
      auto pack = LoadRulePack(name, lang);
      if (!pack) std::abort();
      auto extractor = X::Create(std::move(*pack));
      if (!extractor) std::abort();
      out->emplace_back(lang, std::move(*extractor));
    }
    return out;
  }();
  return *extractors;
}

// A normalized text split into sentences for one language.
struct FuzzDocument {
  std::vector<Sentence> sentences;
  Document doc;
};

inline FuzzDocument MakeDocument(const NormalizedText& normalized,
                                 std::string_view lang,
                                 std::optional<CivilDate> reference) {
  static const SentenceSplitter* splitter = [] {
    auto s = SentenceSplitter::Create();
    if (!s) std::abort();
    return new SentenceSplitter(std::move(*s));
  }();
  FuzzDocument d;
  d.sentences = splitter->Split(normalized.text(), lang);
  // A moved vector keeps its buffer, so the span survives returning `d`.
  d.doc.sentences = d.sentences;
  d.doc.text = normalized.text();
  d.doc.lang = std::string(lang);
  d.doc.reference = reference;
  return d;
}

}  // namespace newsline::fuzzing

#endif  // NEWSLINE_FUZZ_EXTRACTOR_FUZZING_H_
