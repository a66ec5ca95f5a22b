// Fuzz target for the figures extractor: any valid UTF-8 text, read as
// French and as English, must extract without crashing, and every figure
// must lie inside the text, in its sentence, with a finite value.
#include <cmath>
#include <cstdlib>

#include "extractors/figures/figures.h"
#include "fuzz/extractor_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsline;
  const auto input = fuzzing::TextInput(data, size);
  if (!input) return 0;
  const NormalizedText normalized = NormalizedText::Normalize(*input);
  for (const auto& [lang, figures] :
       fuzzing::Extractors<FiguresExtractor>("figures")) {
    const fuzzing::FuzzDocument d =
        fuzzing::MakeDocument(normalized, lang, CivilDate{2024, 6, 5});
    const Document& doc = d.doc;
    std::vector<Mention> out;
    figures->Extract(doc, {}, &out);
    for (const Mention& m : out) {
      const bool inside =
          m.begin < m.end_byte && m.end_byte <= doc.text.size() &&
          m.sentence >= 0 &&
          static_cast<size_t>(m.sentence) < d.sentences.size() &&
          m.begin >= d.sentences[m.sentence].begin &&
          m.end_byte <= d.sentences[m.sentence].end;
      if (!inside || !m.value || !std::isfinite(*m.value) ||
          m.text != doc.text.substr(m.begin, m.end_byte - m.begin)) {
        std::abort();
      }
    }
  }
  return 0;
}
