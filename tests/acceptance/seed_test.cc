// Acceptance test for issue 2 on the founding article (corpus/seed-fr,
// French, reference date 2024-06-05): the figures, times, entities and
// events it must yield, through the whole pipeline.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/unicode.h"
#include "pipeline/analyzer.h"
#include "pipeline/output.h"

namespace newsline {
namespace {

using ::testing::Contains;

class SeedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AnalyzeOptions options;
    options.reference_date = CivilDate{2024, 6, 5};
    auto analyzer = Analyzer::Create(options);
    ASSERT_TRUE(analyzer.has_value()) << analyzer.error().ToString();
    std::ifstream in("corpus/seed-fr/article.txt", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    RawArticle raw;
    raw.id = raw.source = "seed-fr";
    raw.text = text.str();
    article_ = new AnalyzedArticle((*analyzer)->Analyze(std::move(raw), 0));
  }
  static void TearDownTestSuite() { delete article_; }

  static std::vector<const Mention*> Find(MentionKind kind,
                                          std::string_view text) {
    std::vector<const Mention*> out;
    for (const Mention& m : article_->mentions) {
      if (m.kind == kind && m.text.find(text) != std::string::npos)
        out.push_back(&m);
    }
    return out;
  }

  static const Mention* Time(std::string_view text) {
    for (const Mention& m : article_->mentions) {
      if (IsTime(m.kind) && m.text.find(text) != std::string::npos) return &m;
    }
    return nullptr;
  }

  static std::vector<const Mention*> FiguresWithValue(double value) {
    std::vector<const Mention*> out;
    for (const Mention& m : article_->mentions) {
      if (IsFigure(m.kind) && m.value && *m.value == value) out.push_back(&m);
    }
    return out;
  }

  static AnalyzedArticle* article_;
};

AnalyzedArticle* SeedTest::article_ = nullptr;

TEST_F(SeedTest, AnalyzesWithoutErrorsInFrench) {
  EXPECT_TRUE(article_->errors.empty());
  EXPECT_EQ(article_->lang, "fr");
}

TEST_F(SeedTest, FindsTheChangeInGpuCount) {
  for (double v : {35000.0, 85000.0}) {
    auto found = FiguresWithValue(v);
    ASSERT_EQ(found.size(), 1u) << v;
    EXPECT_EQ(found[0]->object, "GPU NVIDIA H100");
    EXPECT_EQ(found[0]->from, 35000);
    EXPECT_EQ(found[0]->to, 85000);
  }
}

TEST_F(SeedTest, FindsMoneyWithCurrencyAndApproximation) {
  auto ten = FiguresWithValue(1e10);
  ASSERT_FALSE(ten.empty());
  EXPECT_EQ(ten[0]->kind, MentionKind::kMoney);
  EXPECT_EQ(ten[0]->unit, "USD");
  EXPECT_TRUE(ten[0]->approx);
  EXPECT_NE(ten[0]->text.find("10 milliards de dollars"), std::string::npos);
  auto five = FiguresWithValue(5e8);
  ASSERT_EQ(five.size(), 1u);
  EXPECT_EQ(five[0]->kind, MentionKind::kMoney);
  EXPECT_EQ(five[0]->unit, "USD");
}

TEST_F(SeedTest, FindsCountedQuantities) {
  auto twelve = FiguresWithValue(12000);
  ASSERT_EQ(twelve.size(), 2u);
  EXPECT_EQ(twelve[0]->object, "GPU H100");
  EXPECT_EQ(twelve[1]->object, "H100");
  auto fifty = FiguresWithValue(50000);
  ASSERT_EQ(fifty.size(), 1u);
  EXPECT_EQ(fifty[0]->object, "GPU NVIDIA H100");
  auto cars = FiguresWithValue(2e7);
  ASSERT_EQ(cars.size(), 1u);
  EXPECT_EQ(cars[0]->object, "voitures");
}

TEST_F(SeedTest, TakesNoNumberOutOfModelNames) {
  EXPECT_TRUE(FiguresWithValue(100).empty());
  EXPECT_TRUE(FiguresWithValue(2030).empty());
  EXPECT_TRUE(FiguresWithValue(2025).empty());
}

TEST_F(SeedTest, ResolvesTimeExpressions) {
  struct Case {
    std::string_view text, timex, mod;
  } cases[] = {
      {"avril", "2024-04", ""},      {"fin de l’ann", "2024", "END"},
      {"décembre", "2023-12", ""},   {"janvier", "2024-01", ""},
      {"juin", "2024-06", ""},       {"fin avril", "2024-04", "END"},
      {"exercice 2025", "2025", ""}, {"2030", "2030", ""},
  };
  for (const Case& c : cases) {
    const Mention* m = Time(c.text);
    ASSERT_NE(m, nullptr) << c.text;
    EXPECT_EQ(m->timex, c.timex) << c.text;
    EXPECT_EQ(m->mod, c.mod) << c.text;
  }
}

TEST_F(SeedTest, FindsEntitiesWithCoreference) {
  auto canonical_of = [](std::string_view text, MentionKind kind) {
    for (const Mention& m : article_->mentions) {
      if (m.kind == kind && m.text == text) return m.canonical;
    }
    return std::string("<none>");
  };
  EXPECT_EQ(canonical_of("Elon Musk", MentionKind::kPerson), "Elon Musk");
  EXPECT_EQ(canonical_of("Musk", MentionKind::kPerson), "Elon Musk");
  EXPECT_EQ(canonical_of("Elon", MentionKind::kPerson), "Elon Musk");
  for (std::string_view org :
       {"Tesla", "NVIDIA", "X", "xAI", "CNBC", "Neuralink", "Toyota"}) {
    EXPECT_EQ(canonical_of(org, MentionKind::kOrg), org);
  }
  EXPECT_EQ(canonical_of("Twitter", MentionKind::kOrg), "X");
  for (std::string_view product : {"H100", "Grok", "ChatGPT"}) {
    EXPECT_EQ(canonical_of(product, MentionKind::kProduct), product);
  }
  // FSD resolves to its full name through the gazetteer.
  EXPECT_EQ(canonical_of("FSD", MentionKind::kProduct), "Full Self-Driving");
  EXPECT_EQ(canonical_of("Texas", MentionKind::kPlace), "Texas");
}

TEST_F(SeedTest, BuildsTheTimelineInOrder) {
  std::vector<Event> events = article_->events;
  std::stable_sort(events.begin(), events.end(), EventBefore);
  auto find = [&](std::string_view timex, std::string_view mod,
                  std::string_view needle) {
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].time.timex == timex && events[i].time.mod == mod &&
          events[i].text.find(needle) != std::string::npos) {
        return static_cast<int>(i);
      }
    }
    return -1;
  };
  const int december = find("2023-12", "", "12 000 GPU H100");
  const int conference =
      find("2024-04", "", "conférence avec les investisseurs");
  const int email = find("2024-04", "END", "contredites");
  const int cars = find("2030", "", "20 millions de voitures");
  ASSERT_GE(december, 0);
  ASSERT_GE(conference, 0);
  ASSERT_GE(email, 0);
  ASSERT_GE(cars, 0);
  EXPECT_LT(december, conference);
  EXPECT_LT(conference, email);
  EXPECT_LT(email, cars);

  const Event& c = events[conference];
  std::vector<double> values;
  for (const Mention& f : c.figures) values.push_back(f.value.value_or(-1));
  EXPECT_THAT(values, Contains(35000));
  EXPECT_THAT(values, Contains(85000));
  EXPECT_THAT(values, Contains(1e10));
  EXPECT_THAT(c.entities, Contains("Elon Musk"));
  EXPECT_THAT(c.entities, Contains("Tesla"));
  EXPECT_EQ(c.type, "statement");

  const Event& d = events[december];
  std::vector<double> dv;
  for (const Mention& f : d.figures) dv.push_back(f.value.value_or(-1));
  EXPECT_THAT(dv, Contains(12000));
  EXPECT_THAT(d.entities, Contains("NVIDIA"));
  EXPECT_EQ(events[cars].figures.at(0).value, 2e7);
}

TEST_F(SeedTest, OffsetsPointIntoTheOriginalText) {
  // Recompute each mention's text from its code point offsets.
  std::u32string text;
  for (size_t i = 0, len = 0; i < article_->text.size(); i += len) {
    text.push_back(DecodeAt(article_->text, i, &len));
  }
  for (const Mention& m : article_->mentions) {
    ASSERT_LE(m.end, static_cast<int64_t>(text.size()));
    std::string utf8;
    for (int64_t i = m.start; i < m.end; ++i) AppendUtf8(text[i], &utf8);
    EXPECT_EQ(utf8, m.text) << m.rule;
  }
}

}  // namespace
}  // namespace newsline
