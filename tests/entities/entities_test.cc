#include "extractors/entities/entities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_files.h"
#include "tests/testing/test_document.h"

namespace newsline {
namespace {

using ::testing::HasSubstr;

// One extractor per language, built once for the whole test binary.
const EntitiesExtractor& Extractor(std::string_view lang) {
  static auto* extractors = [] {
    auto* m = new std::map<std::string, std::unique_ptr<EntitiesExtractor>, std::less<>>;
    for (const std::string& l : RuleLanguages("entities")) {
      auto pack = LoadRulePack("entities", l);
      EXPECT_TRUE(pack.has_value()) << pack.error().ToString();
      if (!pack) continue;
      auto e = EntitiesExtractor::Create(std::move(*pack));
      EXPECT_TRUE(e.has_value()) << e.error().ToString();
      if (e) (*m)[l] = std::move(*e);
    }
    return m;
  }();
  auto it = extractors->find(lang);
  if (it == extractors->end()) {
    ADD_FAILURE() << "no entities extractor for " << lang;
    std::abort();
  }
  return *it->second;
}

std::vector<Mention> Analyze(std::string_view text, std::string_view lang,
                             const std::vector<Mention>& found = {}) {
  auto doc = testing::MakeDocument(text, lang);
  std::vector<Mention> out;
  Extractor(lang).Extract(doc->doc, found, &out);
  for (const Mention& m : out) {
    // Offsets and text agree with the normalized text.
    EXPECT_EQ(doc->doc.text.substr(m.begin, m.end_byte - m.begin), m.text);
  }
  return out;
}

std::string Describe(const std::vector<Mention>& mentions) {
  std::ostringstream out;
  for (const Mention& m : mentions) {
    out << "  " << MentionKindName(m.kind) << " \"" << m.text << "\" -> \"" << m.canonical
        << "\" " << m.entity << " (" << m.rule << ")\n";
  }
  return out.str();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(EntitiesRules, AllExamplesPass) {
  for (std::string_view lang : {"fr", "en"}) {
    const EntitiesExtractor& extractor = Extractor(lang);
    auto failures = CheckRuleExamples(extractor.pack(), [&](std::string_view text) {
      std::vector<RuleHit> hits;
      for (const Mention& m : Analyze(text, lang)) hits.push_back(HitOf(m));
      return hits;
    });
    for (const Error& f : failures) ADD_FAILURE() << f.ToString();
  }
}

TEST(EntitiesSeed, Dump) {
  const std::string text = ReadFile("tests/entities/data/seed-fr.txt");
  ASSERT_FALSE(text.empty());
  std::cout << Describe(Analyze(text, "fr"));
}

}  // namespace
}  // namespace newsline
