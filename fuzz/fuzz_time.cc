// Fuzz target for the time extractor: any valid UTF-8 text (up to 64 KiB),
// normalized and split into sentences as the pipeline does, runs through the
// French and English extractors with and without a reference date; every
// mention must lie inside the text and carry a well-formed value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/unicode.h"
#include "extractors/engine/rule_files.h"
#include "extractors/time/time.h"
#include "extractors/time/timex.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

namespace {

constexpr size_t kMaxInput = 64 << 10;

struct State {
  newsline::SentenceSplitter splitter;
  std::map<std::string, std::unique_ptr<newsline::TimeExtractor>> extractors;
};

const State& GetState() {
  static const State* state = [] {
    auto splitter = newsline::SentenceSplitter::Create();
    if (!splitter) std::abort();
    auto* s = new State{std::move(*splitter), {}};
    for (const char* lang : {"fr", "en"}) {
      auto pack = newsline::LoadRulePack("time", lang);
      if (!pack) std::abort();
      auto extractor = newsline::TimeExtractor::Create(std::move(*pack));
      if (!extractor) std::abort();
      s->extractors[lang] = std::move(*extractor);
    }
    return s;
  }();
  return *state;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (newsline::FindInvalidUtf8(input) != std::string_view::npos) return 0;
  const State& state = GetState();
  const newsline::NormalizedText normalized =
      newsline::NormalizedText::Normalize(input);
  const std::string_view text = normalized.text();
  for (const auto& [lang, extractor] : state.extractors) {
    const std::vector<newsline::Sentence> sentences =
        state.splitter.Split(text, lang);
    for (const std::optional<newsline::CivilDate> reference :
         {std::optional<newsline::CivilDate>(newsline::CivilDate{2024, 6, 5}),
          std::optional<newsline::CivilDate>()}) {
      newsline::Document doc;
      doc.text = text;
      doc.sentences = sentences;
      doc.lang = lang;
      doc.reference = reference;
      std::vector<newsline::Mention> mentions;
      extractor->Extract(doc, {}, &mentions);
      for (const newsline::Mention& m : mentions) {
        if (m.begin >= m.end_byte || m.end_byte > text.size() ||
            text.substr(m.begin, m.end_byte - m.begin) != m.text ||
            m.timex.empty() || m.type.empty() || m.rule.empty()) {
          std::abort();
        }
        // Must not crash on any value the extractor gives.
        (void)newsline::TimexSpan(m.timex, m.mod);
      }
    }
  }
  return 0;
}
