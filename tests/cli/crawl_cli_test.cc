// End-to-end tests of `newsline fetch` and `newsline crawl` through the real
// binary against fixture sites on 127.0.0.1: the issue's acceptance
// scenario, exactly-once output across SIGKILL, the single-crawl lock,
// SIGINT/SIGTERM, and exit codes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/crawl/acceptance_site.h"
#include "tests/crawl/fixture_site.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using newsline::testing::AcceptanceSite;
using newsline::testing::FixturePage;
using newsline::testing::FixtureSite;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<nlohmann::json> Lines(const std::string& jsonl) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

std::vector<std::string> SortedUrls(const std::vector<nlohmann::json>& lines) {
  std::vector<std::string> urls;
  for (const auto& l : lines) urls.push_back(l["url"]);
  std::sort(urls.begin(), urls.end());
  return urls;
}

class CrawlCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsline_crawl_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    state_ = (dir_ / "newsline.db").string();
    out_ = (dir_ / "articles.jsonl").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string WriteConfig(const std::string& json) {
    const std::string path = (dir_ / "crawl.json").string();
    std::ofstream(path) << json;
    return path;
  }

  // Starts the binary with `args`; stdout and stderr go to files named
  // after `tag`.
  pid_t Start(const std::vector<std::string>& args, const std::string& tag) {
    std::vector<std::string> argv_strings = {NEWSLINE_BINARY};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = (dir_ / (tag + ".stdout")).string();
    const std::string err = (dir_ / (tag + ".stderr")).string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    EXPECT_EQ(
        posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  }

  // The exit code, or 128 + the signal that ended it.
  static int Wait(pid_t pid) {
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
  }

  struct Run {
    int status = -1;
    std::string out, err;
  };
  Run Exec(const std::vector<std::string>& args, const std::string& tag) {
    Run r;
    r.status = Wait(Start(args, tag));
    r.out = Slurp(dir_ / (tag + ".stdout"));
    r.err = Slurp(dir_ / (tag + ".stderr"));
    return r;
  }

  Run CrawlOnce(const std::string& config, const std::string& tag) {
    return Exec({"crawl", "--config", config, "--state", state_, "--once", "-o",
                 out_, "--include-text"},
                tag);
  }

  // Waits until `predicate` holds, up to 20 s.
  template <typename F>
  static bool WaitFor(F predicate) {
    for (int i = 0; i < 4000; ++i) {
      if (predicate()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  fs::path dir_;
  std::string state_, out_;
};

TEST_F(CrawlCliTest, AcceptanceScenario) {
  AcceptanceSite site;
  const std::string config =
      WriteConfig(R"({"sources": [{"feed": ")" + site.FeedUrl() +
                  R"("}], "politeness": {"per_host_delay_ms": 0}})");

  Run first = CrawlOnce(config, "first");
  ASSERT_EQ(first.status, 0) << first.err;
  auto lines = Lines(Slurp(out_));
  ASSERT_EQ(SortedUrls(lines), site.AllowedUrls()) << first.err;
  for (const auto& line : lines) {
    const auto& expected = site.Expected(line["url"]);
    EXPECT_EQ(line["title"], expected.title);
    EXPECT_NE(line["text"].get<std::string>().find(expected.text_snippet),
              std::string::npos)
        << line["text"];
    int figures = 0, dates = 0;
    for (const auto& m : line["mentions"]) {
      figures += m["kind"] == "money" || m["kind"] == "percent" ||
                 m["kind"] == "quantity";
      dates += m["kind"] == "date";
    }
    EXPECT_GE(figures, 2) << line["url"];
    EXPECT_GE(dates, 1) << line["url"];
  }
  EXPECT_NE(first.err.find("robots.txt"), std::string::npos) << first.err;

  Run second = CrawlOnce(config, "second");
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(Lines(Slurp(out_)).size(), 3u);
  EXPECT_EQ(site.server().Hits(AcceptanceSite::kFeedPath), 2);
  EXPECT_EQ(site.server().Fetches(AcceptanceSite::kFeedPath), 1);
  for (const auto& path : site.ArticlePaths()) {
    EXPECT_EQ(site.server().Hits(path), 1) << path;
  }
  EXPECT_EQ(site.server().Hits(site.DisallowedPath()), 0);

  site.AddFifthArticle();
  Run third = CrawlOnce(config, "third");
  ASSERT_EQ(third.status, 0) << third.err;
  auto all = Lines(Slurp(out_));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all.back()["url"], site.FifthUrl());
  for (const auto& path : site.ArticlePaths()) {
    EXPECT_EQ(site.server().Hits(path), 1) << path;
  }
}

// A site whose pages are slow, so that a crawl can be killed mid-way.
struct SlowSite {
  FixtureSite site;
  std::vector<std::string> urls;

  SlowSite(int pages, int delay_ms) {
    std::vector<std::string> links;
    for (int i = 0; i < pages; ++i) {
      const std::string path = "/news/" + std::to_string(i) + ".html";
      site.Put(path, {.body = newsline::testing::NewsPage(
                          "Article " + std::to_string(i),
                          "<p>Le groupe a vendu " + std::to_string(1000 + i) +
                              " voitures en mai 2024, soit " +
                              std::to_string(i % 9 + 1) +
                              " % de plus qu'un an plus tôt.</p>"),
                      .delay_ms = delay_ms});
      urls.push_back(site.Url(path));
    }
    site.Put("/sitemap.xml",
             {.body = Sitemap(), .content_type = "application/xml"});
    std::sort(urls.begin(), urls.end());
  }
  std::string Sitemap() const {
    std::string xml =
        "<?xml version=\"1.0\"?><urlset "
        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (const auto& u : urls) xml += "<url><loc>" + u + "</loc></url>";
    return xml + "</urlset>";
  }
  std::string Config() const {
    return R"({"sources": [{"sitemap": ")" + site.Url("/sitemap.xml") +
           R"("}], "politeness": {"per_host_delay_ms": 0,
              "per_host_connections": 2}})";
  }
};

TEST_F(CrawlCliTest, KilledAtAnyMomentResumesWithoutLosingOrRepeating) {
  SlowSite slow(40, 25);
  const std::string config = WriteConfig(slow.Config());
  // Each run is killed: after a delay (mid-fetch, mid-analysis), or the
  // moment the output grows (mid-write, or between writing a line and
  // committing it). The next run repairs what the last one left.
  struct Moment {
    int after_ms;  // -1: when the output grows
  };
  const Moment moments[] = {{60}, {-1}, {170}, {-1}, {260}, {-1}, {-1}};
  int killed = 0, repaired = 0, i = 0;
  for (const Moment& m : moments) {
    const std::string tag = "killed" + std::to_string(i++);
    const auto size = [&] {
      std::error_code ec;
      const auto n = fs::file_size(out_, ec);
      return ec ? uintmax_t{0} : n;
    };
    const uintmax_t before = size();
    const pid_t pid = Start({"crawl", "--config", config, "--state", state_,
                             "--once", "-o", out_, "--jobs", "2"},
                            tag);
    if (m.after_ms >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(m.after_ms));
    } else {
      for (int spin = 0; spin < 2'000'000 && size() == before; ++spin) {
      }
    }
    ::kill(pid, SIGKILL);
    killed += Wait(pid) == 128 + SIGKILL;
    repaired +=
        Slurp(dir_ / (tag + ".stderr"))
            .find("left pending by an interrupted crawl") != std::string::npos;
  }
  // How often a kill fell inside a write is up to the scheduler; the
  // in-process test KilledWhileWritingResumesExactlyOnce hits each step.
  RecordProperty("runs_that_repaired_pending_lines", repaired);
  EXPECT_GE(killed, 3) << "the crawl was meant to be killed mid-way";
  const size_t before_final = Lines(Slurp(out_)).size();
  EXPECT_LT(before_final, slow.urls.size());

  Run last = CrawlOnce(config, "final");
  ASSERT_EQ(last.status, 0) << last.err;
  const std::string text = Slurp(out_);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  auto lines = Lines(text);  // every line parses: no torn line is left
  EXPECT_EQ(SortedUrls(lines), slow.urls);

  Run again = CrawlOnce(config, "again");
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(Slurp(out_), text);
}

TEST_F(CrawlCliTest, ASecondCrawlOnTheSameStateIsRefused) {
  // --every 1h: the first crawl holds the state through its pass and the
  // sleep after it, so the refusal does not depend on timing.
  SlowSite slow(30, 100);
  const std::string config = WriteConfig(slow.Config());
  const pid_t first = Start({"crawl", "--config", config, "--state", state_,
                             "--every", "1h", "-o", out_},
                            "first");
  ASSERT_TRUE(WaitFor([&] { return !Slurp(out_).empty(); }));

  Run second = CrawlOnce(config, "second");
  EXPECT_EQ(second.status, 3);
  EXPECT_NE(second.err.find("crawl state " + state_ +
                            " is in use by another crawl (pid " +
                            std::to_string(first) + ")"),
            std::string::npos)
      << second.err;

  // SIGTERM, mid-pass or in the sleep after it (that depends on the
  // machine's speed): the first finishes what it is writing and exits 0.
  ::kill(first, SIGTERM);
  EXPECT_EQ(Wait(first), 0) << Slurp(dir_ / "first.stderr");
  EXPECT_LE(Lines(Slurp(out_)).size(), slow.urls.size());

  // The rest comes with the next run, nothing twice.
  Run rest = CrawlOnce(config, "rest");
  EXPECT_EQ(rest.status, 0) << rest.err;
  EXPECT_EQ(SortedUrls(Lines(Slurp(out_))), slow.urls);
}

TEST_F(CrawlCliTest, EveryRunsPassesUntilSigint) {
  FixtureSite site;
  site.Put("/feed.xml", {.body = newsline::testing::Rss({site.Url("/a.html")}),
                         .content_type = "application/rss+xml",
                         .etag = "\"v1\""});
  site.Put("/a.html", {.body = newsline::testing::NewsPage(
                           "Titre",
                           "<p>Airbus a livré 60 avions en mai "
                           "2024.</p>")});
  const std::string config =
      WriteConfig(R"({"sources": [{"feed": ")" + site.Url("/feed.xml") +
                  R"("}], "politeness": {"per_host_delay_ms": 0}})");
  const pid_t pid = Start({"crawl", "--config", config, "--state", state_,
                           "--every", "1s", "-o", out_},
                          "every");
  // Two passes: the second polls the feed again (a 304).
  ASSERT_TRUE(WaitFor([&] { return site.Hits("/feed.xml") >= 2; }));
  ::kill(pid, SIGINT);
  EXPECT_EQ(Wait(pid), 0);
  EXPECT_EQ(Lines(Slurp(out_)).size(), 1u);
  EXPECT_EQ(site.Fetches("/feed.xml"), 1);
  EXPECT_EQ(site.Hits("/a.html"), 1);
}

TEST_F(CrawlCliTest, WritesToStdoutWithoutOutputFile) {
  FixtureSite site;
  site.Put("/a.html", {.body = newsline::testing::NewsPage(
                           "Titre",
                           "<p>Airbus a livré 60 avions en mai "
                           "2024.</p>")});
  const std::string config =
      WriteConfig(R"({"sources": [{"url": ")" + site.Url("/a.html") +
                  R"("}], "politeness": {"per_host_delay_ms": 0}})");
  Run r = Exec({"crawl", "--config", config, "--state", state_, "--once"},
               "stdout");
  ASSERT_EQ(r.status, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["url"], site.Url("/a.html"));
  EXPECT_EQ(lines[0]["title"], "Titre");
}

TEST_F(CrawlCliTest, FailedSourcesAndPagesExitOne) {
  FixtureSite site;
  site.Put("/feed.xml", {.body = newsline::testing::Rss({site.Url("/a.html")}),
                         .content_type = "application/rss+xml"});
  site.Put("/a.html", {.body = "down", .status = 500});
  const std::string config =
      WriteConfig(R"({"sources": [{"feed": ")" + site.Url("/feed.xml") +
                  R"("}], "politeness": {"per_host_delay_ms": 0},
          "limits": {"max_retries": 0}})");
  Run r = CrawlOnce(config, "failed");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(site.Url("/a.html") + ": HTTP 500"), std::string::npos)
      << r.err;
}

TEST_F(CrawlCliTest, UsageAndConfigurationErrorsExitTwo) {
  const std::string good =
      WriteConfig(R"({"sources": [{"feed": "http://127.0.0.1:9/feed.xml"}]})");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"crawl", "--config", good, "--state", state_}, "--once or --every"},
      {{"crawl", "--config", good, "--state", state_, "--once", "--every",
        "1h"},
       "excludes"},
      {{"crawl", "--config", good, "--state", state_, "--every", "soon"},
       "--every: \"soon\" is not a duration"},
      {{"crawl", "--config", (dir_ / "missing.json").string(), "--state",
        state_, "--once"},
       "missing.json: cannot open"},
      {{"crawl", "--state", state_, "--once"}, "--config"},
      {{"fetch"}, "URL"},
  };
  int i = 0;
  for (const Case& c : cases) {
    Run r = Exec(c.args, "usage" + std::to_string(i++));
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  const std::string bad = WriteConfig(
      R"({"sources": [{"feed": "http://a.example/"}],
          "politeness": {"per_host_delay_ms": -1}})");
  Run r = Exec({"crawl", "--config", bad, "--state", state_, "--once"},
               "badconfig");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(bad + ": politeness.per_host_delay_ms: expected a "
                             "non-negative integer"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(state_)) << "nothing is created on a bad config";
}

TEST_F(CrawlCliTest, FetchAnalyzesPagesAndReportsFailuresPerUrl) {
  FixtureSite site;
  site.Put("/a.html",
           {.body = newsline::testing::NewsPage(
                "Airbus livre 60 avions",
                "<p>Airbus a livré 60 avions en mai 2024, soit 12 % de plus "
                "qu'en avril.</p>")});
  Run r = Exec({"fetch", "--format", "jsonl", "--include-text",
                site.Url("/a.html"), site.Url("/missing.html")},
               "fetch");
  EXPECT_EQ(r.status, 1);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["url"], site.Url("/a.html"));
  EXPECT_EQ(lines[0]["title"], "Airbus livre 60 avions");
  EXPECT_TRUE(lines[0]["errors"].empty());
  EXPECT_FALSE(lines[0]["mentions"].empty());
  ASSERT_FALSE(lines[1]["errors"].empty());
  EXPECT_NE(lines[1]["errors"][0]["message"].get<std::string>().find("404"),
            std::string::npos);
  EXPECT_NE(r.err.find(site.Url("/missing.html")), std::string::npos) << r.err;
}

}  // namespace
