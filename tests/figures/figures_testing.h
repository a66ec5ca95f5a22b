// Runs the built-in figures extractors on a text, for the figures tests.
// Test-only.
#ifndef NEWSLINE_TESTS_FIGURES_FIGURES_TESTING_H_
#define NEWSLINE_TESTS_FIGURES_FIGURES_TESTING_H_

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/mention.h"
#include "extractors/engine/rule_files.h"
#include "extractors/figures/figures.h"
#include "tests/testing/test_document.h"

namespace newsline::testing {

// The extractor built from extractors/figures/rules/<lang>.rules; aborts the
// test binary if the built-in rules do not load (other tests report why).
inline const FiguresExtractor& Figures(const std::string& lang) {
  static auto* extractors =
      new std::map<std::string, std::unique_ptr<FiguresExtractor>>;
  auto it = extractors->find(lang);
  if (it == extractors->end()) {
    auto pack = LoadRulePack("figures", lang);
    if (!pack) {
      std::cerr << pack.error().ToString() << "\n";
      std::abort();
    }
    auto figures = FiguresExtractor::Create(std::move(*pack));
    if (!figures) {
      std::cerr << figures.error().ToString() << "\n";
      std::abort();
    }
    it = extractors->emplace(lang, std::move(*figures)).first;
  }
  return *it->second;
}

// The figures of `text` (normalized and split as the analyzer does).
inline std::vector<Mention> ExtractFigures(std::string_view text,
                                           const std::string& lang) {
  auto doc = MakeDocument(text, lang);
  std::vector<Mention> out;
  Figures(lang).Extract(doc->doc, {}, &out);
  return out;
}

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_FIGURES_FIGURES_TESTING_H_
