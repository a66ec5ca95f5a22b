// Runs crawl passes in-process for tests: a state file and an output file in
// a fresh temporary folder, one shared Analyzer, the reports collected.
#ifndef NEWSLINE_TESTS_CRAWL_CRAWL_HARNESS_H_
#define NEWSLINE_TESTS_CRAWL_CRAWL_HARNESS_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "crawl/config.h"
#include "crawl/crawler.h"
#include "crawl/state.h"
#include "pipeline/analyzer.h"

namespace newsline::testing {

inline const Analyzer& SharedAnalyzer() {
  static const Analyzer* analyzer = [] {
    auto created = Analyzer::Create(AnalyzeOptions{});
    if (!created) {
      ADD_FAILURE() << created.error().ToString();
      std::abort();
    }
    return created->release();
  }();
  return *analyzer;
}

struct PassResult {
  PassStats stats;
  std::vector<nlohmann::json> lines;  // lines this pass appended
  std::vector<std::string> reports;
  std::string Reports() const {
    std::string all;
    for (const auto& r : reports) all += r + "\n";
    return all;
  }
};

class CrawlHarness : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("newsline_crawl_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    state_path_ = (dir_ / "newsline.db").string();
    out_path_ = (dir_ / "articles.jsonl").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Polite defaults except for speed: no delay, no retries.
  static CrawlConfig Config(std::vector<CrawlSource> sources) {
    CrawlConfig config;
    config.sources = std::move(sources);
    config.fetch.per_host_delay_ms = 0;
    config.fetch.max_retries = 0;
    config.fetch.total_timeout_ms = 10'000;
    return config;
  }

  PassResult Pass(const CrawlConfig& config) {
    PassResult result;
    auto state = CrawlState::Open(state_path_);
    EXPECT_TRUE(state) << state.error().ToString();
    if (!state) return result;
    // From the end of the last whole line: a torn one left by a crash is
    // rewritten by this pass.
    const std::string previous = Slurp(out_path_);
    const size_t before =
        previous.empty() ? 0 : previous.find_last_of('\n') + 1;
    std::mutex mu;
    CrawlOptions options{.output_path = out_path_,
                         .include_text = true,
                         .jobs = 2,
                         .report = [&](std::string_view line) {
                           std::lock_guard lock(mu);
                           result.reports.emplace_back(line);
                         }};
    auto crawler =
        Crawler::Create(config, state->get(), &SharedAnalyzer(), options);
    EXPECT_TRUE(crawler) << crawler.error().ToString();
    if (!crawler) return result;
    auto stats = (*crawler)->RunPass();
    EXPECT_TRUE(stats) << stats.error().ToString();
    if (stats) result.stats = *stats;
    std::istringstream in(Slurp(out_path_).substr(before));
    std::string line;
    while (std::getline(in, line)) {
      result.lines.push_back(nlohmann::json::parse(line));
    }
    return result;
  }

  static std::vector<std::string> Urls(const PassResult& pass) {
    std::vector<std::string> urls;
    for (const auto& line : pass.lines) urls.push_back(line["url"]);
    std::sort(urls.begin(), urls.end());
    return urls;
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::filesystem::path dir_;
  std::string state_path_;
  std::string out_path_;
};

// Mentions of `kind` ("date", "money", "percent", "quantity" ...) in a line.
inline int CountMentions(const nlohmann::json& line, const std::string& kind) {
  int n = 0;
  for (const auto& m : line["mentions"]) n += m["kind"] == kind;
  return n;
}

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_CRAWL_CRAWL_HARNESS_H_
