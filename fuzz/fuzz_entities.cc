// Fuzz target for the entities extractor: any valid UTF-8 article (up to
// 64 KiB), in French and in English, must give mentions that lie inside the
// text on token boundaries, with a rule, a canonical name and an entity id.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/unicode.h"
#include "extractors/engine/rule_files.h"
#include "extractors/entities/entities.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

namespace {

struct Setup {
  newsline::SentenceSplitter splitter;
  std::vector<
      std::pair<const char*, std::unique_ptr<newsline::EntitiesExtractor>>>
      extractors;
};

const Setup& GetSetup() {
  static const Setup* setup = [] {
    auto splitter = newsline::SentenceSplitter::Create();
    if (!splitter) std::abort();
    auto* s = new Setup{std::move(*splitter), {}};
    for (const char* lang : {"fr", "en"}) {
      auto pack = newsline::LoadRulePack("entities", lang);
      if (!pack) std::abort();
      auto extractor = newsline::EntitiesExtractor::Create(std::move(*pack));
      if (!extractor) std::abort();
      s->extractors.emplace_back(lang, std::move(*extractor));
    }
    return s;
  }();
  return *setup;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (newsline::FindInvalidUtf8(input) != std::string_view::npos) return 0;
  const Setup& setup = GetSetup();
  const newsline::NormalizedText normalized =
      newsline::NormalizedText::Normalize(input);
  const std::string_view text = normalized.text();
  for (const auto& [lang, extractor] : setup.extractors) {
    const std::vector<newsline::Sentence> sentences =
        setup.splitter.Split(text, lang);
    newsline::Document doc;
    doc.text = text;
    doc.sentences = sentences;
    doc.lang = lang;
    std::vector<newsline::Mention> out;
    extractor->Extract(doc, {}, &out);
    for (const newsline::Mention& m : out) {
      if (m.begin >= m.end_byte || m.end_byte > text.size() ||
          text.substr(m.begin, m.end_byte - m.begin) != m.text ||
          !newsline::OnTokenBoundaries(text, m.begin, m.end_byte) ||
          m.sentence != doc.SentenceAt(m.begin) || m.rule.empty() ||
          m.canonical.empty() || !newsline::IsEntity(m.kind) ||
          m.entity.rfind(std::string(newsline::MentionKindName(m.kind)) + ":",
                         0) != 0) {
        std::abort();
      }
    }
  }
  return 0;
}
