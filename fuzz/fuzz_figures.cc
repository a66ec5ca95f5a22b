// Fuzz target for the figures extractor: any valid UTF-8 text, read as
// French and as English, must extract without crashing, and every figure
// must lie inside the text, in its sentence, with a finite value.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/unicode.h"
#include "extractors/engine/rule_files.h"
#include "extractors/figures/figures.h"
#include "pipeline/normalize.h"
#include "pipeline/sentences.h"

namespace {

constexpr size_t kMaxInputBytes = 64 << 10;

struct Setup {
  newsline::SentenceSplitter splitter;
  std::vector<
      std::pair<std::string, std::unique_ptr<newsline::FiguresExtractor>>>
      figures;
};

const Setup& GetSetup() {
  static const Setup* setup = [] {
    auto splitter = newsline::SentenceSplitter::Create();
    if (!splitter) std::abort();
    auto* s = new Setup{std::move(*splitter), {}};
    for (const char* lang : {"fr", "en"}) {
      auto pack = newsline::LoadRulePack("figures", lang);
      if (!pack) std::abort();
      auto figures = newsline::FiguresExtractor::Create(std::move(*pack));
      if (!figures) std::abort();
      s->figures.emplace_back(lang, std::move(*figures));
    }
    return s;
  }();
  return *setup;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (newsline::FindInvalidUtf8(input) != std::string_view::npos) return 0;
  const Setup& setup = GetSetup();
  const newsline::NormalizedText normalized =
      newsline::NormalizedText::Normalize(input);
  for (const auto& [lang, figures] : setup.figures) {
    const std::vector<newsline::Sentence> sentences =
        setup.splitter.Split(normalized.text(), lang);
    newsline::Document doc;
    doc.text = normalized.text();
    doc.sentences = sentences;
    doc.lang = lang;
    doc.reference = newsline::CivilDate{2024, 6, 5};
    std::vector<newsline::Mention> out;
    figures->Extract(doc, {}, &out);
    for (const newsline::Mention& m : out) {
      const bool inside = m.begin < m.end_byte &&
                          m.end_byte <= doc.text.size() && m.sentence >= 0 &&
                          static_cast<size_t>(m.sentence) < sentences.size() &&
                          m.begin >= sentences[m.sentence].begin &&
                          m.end_byte <= sentences[m.sentence].end;
      if (!inside || !m.value || !std::isfinite(*m.value) ||
          m.text != doc.text.substr(m.begin, m.end_byte - m.begin)) {
        std::abort();
      }
    }
  }
  return 0;
}
