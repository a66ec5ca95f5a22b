// End-to-end analysis throughput: plain news text through every stage
// (normalize, sentences, language detection, figures, time, entities,
// events) and JSON rendering, in process, excluding start-up.
//
// BM_AnalyzeText: the bundled corpus' article texts, repeated with varied ids
// to about 4 MB per iteration. They are short and dense with figures and dates
// (written to exercise the extractors), so this is a worst case per byte.
// BM_AnalyzeNewsText: real news text, when $NEWSLINE_TEXT_JSONL names a JSON
// Lines file of {"text", "lang"?} objects (e.g. what `newsline analyze
// --format jsonl --include-text` wrote for a folder of pages; see
// docs/PERFORMANCE.md), also repeated to about 4 MB. Articles in languages
// without rule packs are left out, since they skip the extractors. Run:
// build/bench/analyze_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/analyzer.h"
#include "pipeline/output.h"
#include "pipeline/runner.h"

namespace newsline {
namespace {

struct Text {
  std::string text;
  std::string lang;
};

// The corpus' plain texts: .txt files and the "text" of JSON articles.
const std::vector<Text>& CorpusTexts() {
  static const std::vector<Text> texts = [] {
    std::vector<Text> out;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(NEWSLINE_CORPUS_DIR)) {
      const auto ext = e.path().extension();
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      if (ext == ".txt") {
        out.push_back({s.str(), ""});
      } else if (ext == ".json" || ext == ".jsonl") {
        std::string line;
        std::istringstream lines(s.str());
        while (std::getline(lines, line)) {
          auto j = nlohmann::json::parse(line, nullptr, false);
          if (!j.is_discarded() && j.contains("text"))
            out.push_back({j["text"], ""});
        }
      }
    }
    return out;
  }();
  return texts;
}

// The texts of $NEWSLINE_TEXT_JSONL in languages that have rule packs.
const std::vector<Text>& NewsTexts() {
  static const std::vector<Text> texts = [] {
    std::vector<Text> out;
    const char* path = std::getenv("NEWSLINE_TEXT_JSONL");
    if (path == nullptr) return out;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("text") || !j["text"].is_string())
        continue;
      const std::string lang = j.value("lang", "");
      if (lang != "en" && lang != "fr") continue;
      out.push_back({j["text"], lang});
    }
    return out;
  }();
  return texts;
}

void RunBench(benchmark::State& state, const std::vector<Text>& texts,
              size_t articles) {
  const int jobs = static_cast<int>(state.range(0));
  AnalyzeOptions options;
  options.reference_date = CivilDate{2024, 6, 5};
  auto analyzer = Analyzer::Create(options);
  if (!analyzer) {
    state.SkipWithError(analyzer.error().ToString().c_str());
    return;
  }
  if (texts.empty()) {
    state.SkipWithError("no texts");
    return;
  }
  uint64_t bytes = 0;
  for (auto _ : state) {
    size_t next = 0;
    size_t output_bytes = 0;
    RunStats stats = RunPipeline(
        [&](RawArticle* raw) {
          if (next == articles) return false;
          const Text& t = texts[next % texts.size()];
          raw->id = "bench-" + std::to_string(next++);
          raw->source = raw->id;
          raw->text = t.text;  // the language is detected, as for plain text
          return true;
        },
        **analyzer, jobs,
        [&](AnalyzedArticle&& a) {
          output_bytes += ArticleJsonLine(a, false).size();
        });
    bytes += stats.bytes;
    benchmark::DoNotOptimize(output_bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  // Google Benchmark shows bytes_per_second in binary units (its "M" is
  // 2^20); targets are in MB/s, millions of bytes.
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6,
                                              benchmark::Counter::kIsRate);
}
// Articles per iteration: the texts repeated to about 4 MB, a run over a
// folder of a few hundred articles (batches of 1 MB with one job; with
// more, they grow to that size over the first 2 MB: see pipeline/runner.cc).
size_t ArticlesFor(const std::vector<Text>& texts) {
  size_t bytes = 0;
  for (const Text& t : texts) bytes += t.text.size();
  if (bytes == 0) return 0;
  return texts.size() * std::max<size_t>(1, (size_t{4} << 20) / bytes);
}

void BM_AnalyzeText(benchmark::State& state) {
  RunBench(state, CorpusTexts(), ArticlesFor(CorpusTexts()));
}
BENCHMARK(BM_AnalyzeText)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_AnalyzeNewsText(benchmark::State& state) {
  RunBench(state, NewsTexts(), ArticlesFor(NewsTexts()));
}
BENCHMARK(BM_AnalyzeNewsText)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsline

BENCHMARK_MAIN();
