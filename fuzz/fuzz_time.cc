// Fuzz target for the time extractor: any valid UTF-8 text (up to 64 KiB),
// normalized and split into sentences as the pipeline does, runs through the
// French and English extractors with and without a reference date; every
// mention must lie inside the text and carry a well-formed value.
#include <cstdlib>
#include <optional>

#include "extractors/time/time.h"
#include "extractors/time/timex.h"
#include "fuzz/extractor_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsline;
  const auto input = fuzzing::TextInput(data, size);
  if (!input) return 0;
  const NormalizedText normalized = NormalizedText::Normalize(*input);
  const std::string_view text = normalized.text();
  for (const auto& [lang, extractor] :
       fuzzing::Extractors<TimeExtractor>("time")) {
    for (const std::optional<CivilDate> reference :
         {std::optional<CivilDate>(CivilDate{2024, 6, 5}),
          std::optional<CivilDate>()}) {
      const fuzzing::FuzzDocument d =
          fuzzing::MakeDocument(normalized, lang, reference);
      std::vector<Mention> mentions;
      extractor->Extract(d.doc, {}, &mentions);
      for (const Mention& m : mentions) {
        if (m.begin >= m.end_byte || m.end_byte > text.size() ||
            text.substr(m.begin, m.end_byte - m.begin) != m.text ||
            m.timex.empty() || m.type.empty() || m.rule.empty()) {
          std::abort();
        }
        // Must not crash on any value the extractor gives.
        (void)TimexSpan(m.timex, m.mod);
      }
    }
  }
  return 0;
}
