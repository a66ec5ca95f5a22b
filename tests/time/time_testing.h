// Shared helpers for the time extractor's tests: the built-in extractors
// and a one-call analysis of a text. Test-only.
#ifndef NEWSLINE_TESTS_TIME_TIME_TESTING_H_
#define NEWSLINE_TESTS_TIME_TIME_TESTING_H_

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/mention.h"
#include "extractors/engine/rule_files.h"
#include "extractors/time/time.h"
#include "tests/testing/test_document.h"

namespace newsline::time_testing {

// The extractor built from the built-in rule file of `lang`; throws if it
// does not load, which fails the calling test with the error.
inline const TimeExtractor& Extractor(std::string_view lang) {
  static auto* extractors =
      new std::map<std::string, std::unique_ptr<TimeExtractor>, std::less<>>();
  auto it = extractors->find(lang);
  if (it != extractors->end()) return *it->second;
  auto pack = LoadRulePack("time", lang);
  if (!pack) throw std::runtime_error(pack.error().ToString());
  auto extractor = TimeExtractor::Create(std::move(*pack));
  if (!extractor) throw std::runtime_error(extractor.error().ToString());
  return *extractors->emplace(std::string(lang), std::move(*extractor))
              .first->second;
}

inline std::vector<Mention> Analyze(
    std::string_view text, std::string_view lang,
    std::optional<CivilDate> reference = CivilDate{2024, 6, 5},
    const std::vector<Mention>& found = {}) {
  auto doc = testing::MakeDocument(text, lang, reference);
  std::vector<Mention> out;
  Extractor(lang).Extract(doc->doc, found, &out);
  return out;
}

}  // namespace newsline::time_testing

#endif  // NEWSLINE_TESTS_TIME_TIME_TESTING_H_
