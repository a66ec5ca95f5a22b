// Golden tests over corpus/: every folder is a case with its input
// article(s), a CASE file (name, description, the command-line options it
// runs with) and expected.golden, the analyzer's JSON Lines output pretty-
// printed as a JSON array. Run with NEWSLINE_UPDATE_GOLDEN=1 to rewrite the
// expected files, then review the diff like code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/analyzer.h"
#include "pipeline/output.h"
#include "pipeline/reader.h"
#include "pipeline/runner.h"
#include "tests/testing/schema.h"

namespace newsline {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  fs::path dir;
  AnalyzeOptions options;
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator("corpus")) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    Case c;
    c.name = dir.filename().string();
    c.dir = dir;
    std::ifstream in(dir / "CASE");
    EXPECT_TRUE(in) << dir << " has no CASE file";
    std::string line;
    while (std::getline(in, line)) {
      if (!line.starts_with("args:")) continue;
      std::istringstream args(line.substr(5));
      std::string arg;
      while (args >> arg) {
        std::string value;
        args >> value;
        if (arg == "--reference-date") {
          c.options.reference_date = ParseIsoDate(value);
        } else if (arg == "--lang") {
          c.options.lang = value;
        } else {
          ADD_FAILURE() << dir << "/CASE: unsupported option " << arg;
        }
      }
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// The case's JSONL output as a JSON array, and the timeline.
std::pair<nlohmann::ordered_json, nlohmann::ordered_json> RunCase(const Case& c,
                                                                  int jobs) {
  auto analyzer = Analyzer::Create(c.options);
  EXPECT_TRUE(analyzer.has_value()) << analyzer.error().ToString();
  auto reader = ArticleReader::Open({c.dir.string()}, ReaderOptions{});
  EXPECT_TRUE(reader.has_value()) << reader.error().ToString();
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  TimelineBuilder timeline(false);
  RunPipeline([&](RawArticle* raw) { return reader->Next(raw); }, **analyzer,
              jobs,
              [&](AnalyzedArticle&& a) {
                // The writer's text is what nlohmann writes for it.
                const std::string line = ArticleJsonLine(a, true);
                EXPECT_EQ(nlohmann::ordered_json::parse(line).dump(), line);
                lines.push_back(ArticleJson(a, false));
                timeline.Add(a);
              });
  const std::string built = timeline.Build();
  auto document = nlohmann::ordered_json::parse(built);
  EXPECT_EQ(document.dump(2), built);
  return {lines, std::move(document)};
}

TEST(Golden, CorpusMatchesExpectedOutput) {
  const bool update = std::getenv("NEWSLINE_UPDATE_GOLDEN") != nullptr;
  const testing::SchemaChecker line_schema("articleLine");
  const testing::SchemaChecker timeline_schema;
  const std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 9u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto [lines, timeline] = RunCase(c, 1);
    ASSERT_FALSE(lines.empty());
    for (const auto& line : lines) {
      EXPECT_EQ(line_schema.Check(nlohmann::json::parse(line.dump())), "");
      EXPECT_TRUE(line["errors"].empty()) << line["errors"].dump();
    }
    EXPECT_EQ(timeline_schema.Check(nlohmann::json::parse(timeline.dump())),
              "");
    const std::string actual = lines.dump(2) + "\n";
    const fs::path golden = c.dir / "expected.golden";
    if (update) {
      std::ofstream(golden, std::ios::binary) << actual;
      continue;
    }
    std::ifstream in(golden, std::ios::binary);
    ASSERT_TRUE(in) << golden << " missing: run with NEWSLINE_UPDATE_GOLDEN=1";
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(actual, expected.str())
        << "output differs from " << golden
        << "; if the change is intended, rerun with NEWSLINE_UPDATE_GOLDEN=1 "
           "and review the diff";
  }
}

TEST(Golden, OutputDoesNotDependOnTheNumberOfJobs) {
  for (const Case& c : LoadCases()) {
    SCOPED_TRACE(c.name);
    auto one = RunCase(c, 1);
    auto three = RunCase(c, 3);
    EXPECT_EQ(one.first.dump(), three.first.dump());
    EXPECT_EQ(one.second.dump(), three.second.dump());
  }
}

// An analyzer with the corpus' reference date, shared by the tests below;
// null if it cannot be built (a failure already reported).
const Analyzer* CorpusAnalyzer() {
  static const Analyzer* analyzer = [] {
    AnalyzeOptions options;
    options.reference_date = CivilDate{2024, 6, 5};
    auto created = Analyzer::Create(options);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    return created ? created->release() : nullptr;
  }();
  return analyzer;
}

// Every article of corpus/, in reading order.
std::vector<RawArticle> CorpusArticles() {
  auto reader = ArticleReader::Open({"corpus"}, ReaderOptions{});
  EXPECT_TRUE(reader.has_value()) << reader.error().ToString();
  std::vector<RawArticle> articles;
  if (!reader) return articles;
  for (RawArticle raw; reader->Next(&raw);) articles.push_back(raw);
  return articles;
}

// A source of `count` articles, the corpus' in turn with ids "a0", "a1"...;
// *next counts those given.
ArticleSource CorpusSource(const std::vector<RawArticle>& corpus, size_t count,
                           size_t* next) {
  return [&corpus, count, next](RawArticle* raw) {
    if (*next == count) return false;
    *raw = corpus[*next % corpus.size()];
    raw->id = "a" + std::to_string((*next)++);
    return true;
  };
}

// A batch mixes languages, failures and article kinds; each article must
// come out exactly as when analyzed alone.
TEST(Golden, BatchesGiveWhatArticlesGiveAlone) {
  ASSERT_NE(CorpusAnalyzer(), nullptr);
  const Analyzer& analyzer = *CorpusAnalyzer();
  std::vector<RawArticle> articles = CorpusArticles();
  ASSERT_GE(articles.size(), 9u);
  auto add_text = [&](size_t at, std::string text, std::string lang) {
    RawArticle raw;
    raw.id = raw.source = "extra-" + std::to_string(at);
    raw.text = std::move(text);
    raw.lang = std::move(lang);
    articles.insert(articles.begin() + static_cast<ptrdiff_t>(at),
                    std::move(raw));
  };
  add_text(1, "bad \xFF byte", "");
  add_text(3, "   ", "");
  add_text(5, "Das ist ein Satz.", "de");
  add_text(articles.size(), "Hier, 3 personnes.", "fr");

  std::vector<std::string> alone;
  for (size_t i = 0; i < articles.size(); ++i) {
    alone.push_back(
        ArticleJsonLine(analyzer.Analyze(articles[i], 100 + i), true));
  }
  const std::vector<AnalyzedArticle> batch =
      analyzer.AnalyzeBatch(articles, 100);
  ASSERT_EQ(batch.size(), articles.size());
  size_t failed = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    SCOPED_TRACE(articles[i].source);
    EXPECT_EQ(batch[i].index, 100 + i);
    EXPECT_EQ(ArticleJsonLine(batch[i], true), alone[i]);
    if (!batch[i].errors.empty()) ++failed;
  }
  EXPECT_EQ(failed, 3u);
  EXPECT_TRUE(analyzer.AnalyzeBatch({}, 0).empty());
}

// Long runs go through many batches of growing size; with any number of
// jobs the articles come out in input order, each as Analyze gives it.
TEST(Golden, ManyBatchesKeepInputOrder) {
  ASSERT_NE(CorpusAnalyzer(), nullptr);
  const Analyzer& analyzer = *CorpusAnalyzer();
  const std::vector<RawArticle> corpus = CorpusArticles();
  ASSERT_FALSE(corpus.empty());
  // About 300 KB: batches of 64 and 128 KB and a partial last one.
  constexpr size_t kBytes = 300 << 10;
  std::vector<std::string> expected;
  size_t total = 0;
  for (size_t i = 0; total < kBytes; ++i) {
    RawArticle raw = corpus[i % corpus.size()];
    raw.id = "a" + std::to_string(i);
    total += raw.text.size() + raw.html.size();
    expected.push_back(
        ArticleJsonLine(analyzer.Analyze(std::move(raw), i), false));
  }
  for (int jobs : {1, 3}) {
    SCOPED_TRACE("jobs " + std::to_string(jobs));
    size_t next = 0;
    std::vector<std::string> got;
    const RunStats stats =
        RunPipeline(CorpusSource(corpus, expected.size(), &next), analyzer,
                    jobs, [&](AnalyzedArticle&& a) {
                      EXPECT_EQ(a.index, got.size());
                      got.push_back(ArticleJsonLine(a, false));
                    });
    EXPECT_EQ(stats.articles, expected.size());
    EXPECT_EQ(stats.bytes, total);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_EQ(got[i], expected[i]) << "article " << i;
  }
}

// When the source says it would wait for its next article (a slow producer
// on stdin), what was read is analyzed and emitted first, with one job or
// several: each article is out before the next one is asked for.
TEST(Golden, EmitsWhatItHasBeforeTheSourceWaits) {
  ASSERT_NE(CorpusAnalyzer(), nullptr);
  const Analyzer& analyzer = *CorpusAnalyzer();
  const std::vector<RawArticle> corpus = CorpusArticles();
  ASSERT_FALSE(corpus.empty());
  constexpr size_t kArticles = 6;
  for (int jobs : {1, 3}) {
    SCOPED_TRACE("jobs " + std::to_string(jobs));
    size_t next = 0, emitted = 0;
    std::vector<size_t> emitted_when_asked;
    const ArticleSource source = CorpusSource(corpus, kArticles, &next);
    const RunStats stats = RunPipeline(
        [&](RawArticle* raw) {
          emitted_when_asked.push_back(emitted);
          return source(raw);
        },
        analyzer, jobs,
        [&](AnalyzedArticle&& a) {
          EXPECT_EQ(a.index, emitted);
          ++emitted;
        },
        [] { return true; });
    EXPECT_EQ(stats.articles, kArticles);
    ASSERT_EQ(emitted_when_asked.size(), kArticles + 1);
    for (size_t k = 0; k < emitted_when_asked.size(); ++k)
      EXPECT_EQ(emitted_when_asked[k], k) << "asked for article " << k;
  }
}

// The runner asks whether the source would wait once for what it has in
// flight, not again before each article it writes out: the CLI's answer
// may take a moment (it gives a slow producer 20 ms).
TEST(Golden, AsksOnceWhetherTheSourceWaitsForWhatIsInFlight) {
  ASSERT_NE(CorpusAnalyzer(), nullptr);
  const Analyzer& analyzer = *CorpusAnalyzer();
  const std::vector<RawArticle> corpus = CorpusArticles();
  ASSERT_FALSE(corpus.empty());
  // The first four articles come at once (one batch), then each one waits.
  constexpr size_t kArticles = 8;
  for (int jobs : {1, 3}) {
    SCOPED_TRACE("jobs " + std::to_string(jobs));
    size_t next = 0, asked = 0;
    std::vector<size_t> asked_when_emitted;
    RunPipeline(
        CorpusSource(corpus, kArticles, &next), analyzer, jobs,
        [&](AnalyzedArticle&&) { asked_when_emitted.push_back(asked); },
        [&] {
          ++asked;
          return next >= 4;
        });
    ASSERT_EQ(asked_when_emitted.size(), kArticles);
    EXPECT_EQ(asked_when_emitted[3], asked_when_emitted[0]);
  }
}

}  // namespace
}  // namespace newsline
