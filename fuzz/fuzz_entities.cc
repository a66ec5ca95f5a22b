// Fuzz target for the entities extractor: any valid UTF-8 article (up to
// 64 KiB), in French and in English, must give mentions that lie inside the
// text on token boundaries, with a rule, a canonical name and an entity id.
#include <cstdlib>
#include <string>

#include "extractors/engine/rule_pack.h"
#include "extractors/entities/entities.h"
#include "fuzz/extractor_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsline;
  const auto input = fuzzing::TextInput(data, size);
  if (!input) return 0;
  const NormalizedText normalized = NormalizedText::Normalize(*input);
  const std::string_view text = normalized.text();
  for (const auto& [lang, extractor] :
       fuzzing::Extractors<EntitiesExtractor>("entities")) {
    const fuzzing::FuzzDocument d =
        fuzzing::MakeDocument(normalized, lang, std::nullopt);
    const Document& doc = d.doc;
    std::vector<Mention> out;
    extractor->Extract(doc, {}, &out);
    for (const Mention& m : out) {
      if (m.begin >= m.end_byte || m.end_byte > text.size() ||
          text.substr(m.begin, m.end_byte - m.begin) != m.text ||
          !OnTokenBoundaries(text, m.begin, m.end_byte) ||
          m.sentence != doc.SentenceAt(m.begin) || m.rule.empty() ||
          m.canonical.empty() || !IsEntity(m.kind) ||
          m.entity.rfind(std::string(MentionKindName(m.kind)) + ":", 0) != 0) {
        std::abort();
      }
    }
  }
  return 0;
}
