// The newsline command line: argument parsing and printing over the library.
//
//   newsline analyze [options] INPUT...   articles in, event timeline out
//   newsline fetch [options] URL...       the same for pages fetched by URL
//   newsline crawl --config F --state S (--once | --every D) [-o FILE]
//                                         new articles of feeds and sitemaps
//   newsline rules test [--lang L]        run every rule's examples
//   newsline --version                    version and memory allocator
//
// Exit codes: 0 success; 1 some articles (or crawl sources) failed, each
// reported on stderr (and in its "errors" for analyze and fetch), or some
// rule examples failed; 2 usage or configuration error (bad option, missing
// input, rule file that does not load, bad crawl.json); 3 the crawl state is
// in use by another crawl; 4 the crawl state or output could not be written.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "crawl/config.h"
#include "crawl/crawler.h"
#include "crawl/fetched_article.h"
#include "crawl/state.h"
#include "pipeline/analyzer.h"
#include "pipeline/output.h"
#include "pipeline/reader.h"
#include "pipeline/rule_tests.h"
#include "pipeline/runner.h"
#include "tools/allocator.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitArticlesFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitStateInUse = 3;
constexpr int kExitStorage = 4;

int Fail(const std::string& message, int code = kExitUsage) {
  std::cerr << "newsline: " << message << "\n";
  return code;
}

void Report(const char* level, const newsline::Error& e) {
  std::cerr << "newsline: " << level << e.ToString() << "\n";
}

// Options shared by analyze and fetch.
struct AnalyzeFlags {
  std::string reference, lang = "auto", format = "json", output, rules_dir;
  bool include_text = false;
  int jobs =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  size_t max_article_bytes = 32 << 20;

  void AddTo(CLI::App* app) {
    app->add_option("--reference-date", reference,
                    "YYYY-MM-DD, for articles without a publication date");
    app->add_option("--lang", lang, "auto, or a language code with rules");
    app->add_option("--format", format,
                    "json (one timeline) or jsonl (a line per article)")
        ->check(CLI::IsMember({"json", "jsonl"}));
    app->add_option("-o,--output", output, "Write to FILE instead of stdout");
    app->add_flag("--include-text", include_text,
                  "Add each article's text (what offsets point into)");
    app->add_option("--jobs", jobs, "Worker threads (default: all cores)")
        ->check(CLI::Range(1, 1024));
    app->add_option("--max-article-bytes", max_article_bytes,
                    "Larger articles are reported as errors (default 32 MiB)");
    app->add_option("--rules", rules_dir,
                    "Load rules from DIR (laid out like extractors/) instead "
                    "of the built-in ones");
  }
};

newsline::Result<std::unique_ptr<newsline::Analyzer>> MakeAnalyzer(
    const AnalyzeFlags& flags) {
  newsline::AnalyzeOptions options;
  options.lang = flags.lang;
  options.rules_dir = flags.rules_dir;
  if (!flags.reference.empty()) {
    options.reference_date = newsline::ParseIsoDate(flags.reference);
    if (!options.reference_date || flags.reference.size() != 10) {
      return newsline::MakeError(
          newsline::ErrorCode::kInvalidInput, "--reference-date",
          "\"" + flags.reference + "\" is not a YYYY-MM-DD date");
    }
  }
  return newsline::Analyzer::Create(options);
}

// Analyzes what `source` yields and prints it as analyze does. When the
// source is `reader`, output keeps up with a slow producer on stdin: what
// was read is analyzed when the input has nothing more at hand, and JSON
// Lines output is flushed then.
int AnalyzeAndPrint(const newsline::ArticleSource& source,
                    const newsline::Analyzer& analyzer,
                    const AnalyzeFlags& flags,
                    const newsline::ArticleReader* reader = nullptr) {
  newsline::SourceWouldBlock would_block;
  if (reader != nullptr) {
    would_block = [reader] {
      // A producer that is only short of CPU time (the analysis keeps the
      // cores busy) gets a moment, so that batches stay large.
      return reader->WouldBlock(std::chrono::milliseconds(20));
    };
  }
  std::ofstream file;
  if (!flags.output.empty()) {
    file.open(flags.output, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(flags.output + ": cannot open for writing");
  }
  std::ostream& out = flags.output.empty() ? std::cout : file;

  newsline::TimelineBuilder timeline(flags.include_text);
  auto stats = newsline::RunPipeline(
      source, analyzer, flags.jobs,
      [&](newsline::AnalyzedArticle&& a) {
        for (const auto& e : a.errors) Report("", e);
        for (const auto& w : a.warnings) Report("warning: ", w);
        if (flags.format == "jsonl") {
          out << newsline::ArticleJsonLine(a, flags.include_text) << "\n";
          if (reader != nullptr && reader->WouldBlock()) out.flush();
        } else {
          timeline.Add(a);
        }
      },
      would_block);
  if (flags.format == "json") out << timeline.Build() << "\n";
  out.flush();
  if (!out) return Fail("error writing the output");
  if (stats.failed > 0) {
    std::cerr << "newsline: " << stats.failed << " of " << stats.articles
              << " articles failed\n";
    return kExitArticlesFailed;
  }
  return kExitOk;
}

// SIGINT / SIGTERM: the first asks the crawl to stop after the lines being
// written; the second exits at once.
std::atomic<newsline::Crawler*> g_crawler{nullptr};
volatile sig_atomic_t g_signals = 0;

void OnSignal(int signal) {
  if (g_signals > 0) ::_exit(128 + signal);
  g_signals = 1;
  if (newsline::Crawler* c = g_crawler.load()) c->Stop();
}

void InstallSignalHandlers() {
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Sleeps `seconds` or until a signal arrives, without missing one that comes
// just before the sleep starts.
void SleepUnlessSignaled(int64_t seconds) {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigprocmask(SIG_BLOCK, &block, &old);
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (g_signals == 0) {
    const auto left = end - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds::zero()) break;
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    struct timespec timeout = {static_cast<time_t>(ns / 1'000'000'000),
                               static_cast<long>(ns % 1'000'000'000)};
    ::ppoll(nullptr, 0, &timeout, &old);  // signals unblocked while waiting
  }
  sigprocmask(SIG_SETMASK, &old, nullptr);
}

struct CrawlFlags {
  std::string config, state, output, every;
  bool once = false, include_text = false;
  int jobs = 0;
};

int RunCrawl(const CrawlFlags& flags) {
  int64_t every = 0;
  if (!flags.every.empty()) {
    auto seconds = newsline::ParseDurationSeconds(flags.every);
    if (!seconds) return Fail("--every: " + seconds.error().message);
    every = *seconds;
  }
  auto config = newsline::LoadCrawlConfig(flags.config);
  if (!config) return Fail(config.error().ToString());
  auto analyzer = newsline::Analyzer::Create(config->analysis);
  if (!analyzer) {
    // The analyzer names its options as on the command line.
    const newsline::Error& e = analyzer.error();
    return Fail(flags.config + ": " +
                (e.where == "--lang" ? "analysis.lang: " + e.message
                                     : "analysis: " + e.ToString()));
  }
  auto state = newsline::CrawlState::Open(flags.state);
  if (!state) {
    const bool in_use = newsline::CrawlState::IsInUse(state.error());
    return Fail(state.error().ToString(),
                in_use ? kExitStateInUse : kExitStorage);
  }
  newsline::CrawlOptions options{.output_path = flags.output,
                                 .include_text = flags.include_text,
                                 .jobs = flags.jobs,
                                 .report = [](std::string_view line) {
                                   std::cerr << "newsline: " << line << "\n";
                                 }};
  auto crawler = newsline::Crawler::Create(std::move(*config), state->get(),
                                           analyzer->get(), options);
  if (!crawler) {
    return Fail(crawler.error().ToString(),
                crawler.error().code == newsline::ErrorCode::kIo ? kExitStorage
                                                                 : kExitUsage);
  }
  g_crawler.store(crawler->get());
  InstallSignalHandlers();

  int code = kExitOk;
  for (;;) {
    const auto start = std::chrono::steady_clock::now();
    auto stats = (*crawler)->RunPass();
    if (!stats) {
      g_crawler.store(nullptr);
      return Fail(stats.error().ToString(), kExitStorage);
    }
    std::cerr << "newsline: crawl pass: " << stats->sources << " sources ("
              << stats->sources_unchanged << " unchanged, "
              << stats->sources_failed << " failed), " << stats->articles_found
              << " pages fetched, " << stats->emitted << " new articles, "
              << stats->duplicates << " duplicates, " << stats->skipped
              << " skipped, " << stats->failed << " failed"
              << (stats->stopped ? "; interrupted" : "") << "\n";
    const bool failed = stats->sources_failed > 0 || stats->failed > 0;
    if (stats->stopped || g_signals > 0) break;
    if (every == 0) {
      code = failed ? kExitArticlesFailed : kExitOk;
      break;
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::steady_clock::now() - start)
                             .count();
    SleepUnlessSignaled(std::max<int64_t>(0, every - elapsed));
    if (g_signals > 0) break;
  }
  g_crawler.store(nullptr);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"newsline: structured event timelines from news articles"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] {
    return "newsline " NEWSLINE_VERSION "\nallocator: " +
           newsline::AllocatorDescription();
  });

  std::vector<std::string> inputs, urls;
  AnalyzeFlags flags;

  CLI::App* analyze =
      app.add_subcommand("analyze", "Analyze articles into a timeline");
  analyze
      ->add_option("INPUT", inputs,
                   "Files or folders (.txt .html .htm .json .jsonl); - reads "
                   "JSON Lines from stdin")
      ->required();
  flags.AddTo(analyze);

  CLI::App* fetch = app.add_subcommand(
      "fetch", "Fetch pages (robots.txt obeyed) and analyze them");
  fetch->add_option("URL", urls, "http or https URLs")->required();
  std::string ca_file;
  fetch->add_option("--ca-file", ca_file,
                    "PEM certificate authorities for https, instead of the "
                    "system's");
  flags.AddTo(fetch);

  CrawlFlags crawl_flags;
  CLI::App* crawl = app.add_subcommand(
      "crawl", "Poll feeds and sitemaps; write each new article once");
  crawl->add_option("--config", crawl_flags.config, "crawl.json")->required();
  crawl
      ->add_option("--state", crawl_flags.state,
                   "SQLite state file (created if missing)")
      ->required();
  auto* once = crawl->add_flag("--once", crawl_flags.once, "Run one pass");
  auto* every = crawl->add_option("--every", crawl_flags.every,
                                  "Run a pass every DURATION (30s, 15m, 1h) "
                                  "until SIGINT or SIGTERM");
  once->excludes(every);
  crawl->add_option("-o,--output", crawl_flags.output,
                    "Append lines to FILE (exactly once) instead of stdout");
  crawl->add_flag("--include-text", crawl_flags.include_text,
                  "Add each article's text");
  crawl
      ->add_option("--jobs", crawl_flags.jobs,
                   "Analysis threads (default: all cores)")
      ->check(CLI::Range(1, 1024));

  CLI::App* rules = app.add_subcommand("rules", "Work with rule files");
  rules->require_subcommand(1);
  std::string test_lang, test_rules_dir;
  CLI::App* rules_test =
      rules->add_subcommand("test", "Run every rule's examples");
  rules_test->add_option("--lang", test_lang, "Only this language");
  rules_test->add_option("--rules", test_rules_dir,
                         "Rules folder (default: built-in)");

  try {
    app.parse(argc, argv);
    if (crawl->parsed() && !once->count() && !every->count()) {
      throw CLI::RequiredError("crawl: one of --once or --every");
    }
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (rules_test->parsed()) {
    newsline::AnalyzeOptions options;
    options.rules_dir = test_rules_dir;
    auto analyzer = newsline::Analyzer::Create(options);
    if (!analyzer) return Fail(analyzer.error().ToString());
    auto report = newsline::TestRules(**analyzer, test_lang, test_rules_dir);
    if (!report) return Fail(report.error().ToString());
    for (const auto& f : report->failures) std::cerr << f.ToString() << "\n";
    std::cout << report->files << " rule files, " << report->rules << " rules, "
              << report->examples << " examples: " << report->failures.size()
              << " failed\n";
    return report->failures.empty() ? kExitOk : kExitArticlesFailed;
  }
  if (crawl->parsed()) return RunCrawl(crawl_flags);

  auto analyzer = MakeAnalyzer(flags);
  if (!analyzer) return Fail(analyzer.error().ToString());

  if (fetch->parsed()) {
    newsline::FetchOptions options;
    options.max_body_bytes = static_cast<int64_t>(flags.max_article_bytes);
    options.ca_file = ca_file;
    auto pages = newsline::FetchArticles(urls, options);
    if (!pages) return Fail(pages.error().ToString());
    size_t next = 0;
    return AnalyzeAndPrint(
        [&](newsline::RawArticle* raw) {
          if (next == pages->size()) return false;
          *raw = std::move((*pages)[next++]);
          return true;
        },
        **analyzer, flags);
  }

  newsline::ReaderOptions reader_options;
  reader_options.max_article_bytes = flags.max_article_bytes;
  auto reader = newsline::ArticleReader::Open(inputs, reader_options);
  if (!reader) return Fail(reader.error().ToString());
  return AnalyzeAndPrint(
      [&](newsline::RawArticle* raw) { return reader->Next(raw); }, **analyzer,
      flags, &*reader);
}
