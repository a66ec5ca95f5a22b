// The newsline command line: argument parsing and printing over the library.
//
//   newsline analyze [options] INPUT...   articles in, event timeline out
//   newsline rules test [--lang L]        run every rule's examples
//
// Exit codes: 0 success; 1 some articles failed (each reported on stderr and
// in its "errors"), or some rule examples failed; 2 usage or configuration
// error (bad option, missing input, rule file that does not load).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "pipeline/analyzer.h"
#include "pipeline/output.h"
#include "pipeline/reader.h"
#include "pipeline/rule_tests.h"
#include "pipeline/runner.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitArticlesFailed = 1;
constexpr int kExitUsage = 2;

int Fail(const std::string& message) {
  std::cerr << "newsline: " << message << "\n";
  return kExitUsage;
}

void Report(const char* level, const newsline::Error& e) {
  std::cerr << "newsline: " << level << e.ToString() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"newsline: structured event timelines from news articles"};
  app.require_subcommand(1);

  std::vector<std::string> inputs;
  std::string reference, lang = "auto", format = "json", output, rules_dir;
  bool include_text = false;
  int jobs =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  size_t max_article_bytes = 32 << 20;

  CLI::App* analyze =
      app.add_subcommand("analyze", "Analyze articles into a timeline");
  analyze
      ->add_option("INPUT", inputs,
                   "Files or folders (.txt .html .htm .json .jsonl); - reads "
                   "JSON Lines from stdin")
      ->required();
  analyze->add_option("--reference-date", reference,
                      "YYYY-MM-DD, for articles without a publication date");
  analyze->add_option("--lang", lang, "auto, or a language code with rules");
  analyze
      ->add_option("--format", format,
                   "json (one timeline) or jsonl (a line per article)")
      ->check(CLI::IsMember({"json", "jsonl"}));
  analyze->add_option("-o,--output", output, "Write to FILE instead of stdout");
  analyze->add_flag("--include-text", include_text,
                    "Add each article's text (what offsets point into)");
  analyze->add_option("--jobs", jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  analyze->add_option(
      "--max-article-bytes", max_article_bytes,
      "Larger articles are reported as errors (default 32 MiB)");
  analyze->add_option("--rules", rules_dir,
                      "Load rules from DIR (laid out like extractors/) instead "
                      "of the built-in ones");

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

  newsline::AnalyzeOptions options;
  options.lang = lang;
  options.rules_dir = rules_dir;
  if (!reference.empty()) {
    options.reference_date = newsline::ParseIsoDate(reference);
    if (!options.reference_date || reference.size() != 10) {
      return Fail("--reference-date: \"" + reference +
                  "\" is not a YYYY-MM-DD date");
    }
  }
  auto analyzer = newsline::Analyzer::Create(options);
  if (!analyzer) return Fail(analyzer.error().ToString());
  newsline::ReaderOptions reader_options;
  reader_options.max_article_bytes = max_article_bytes;
  auto reader = newsline::ArticleReader::Open(inputs, reader_options);
  if (!reader) return Fail(reader.error().ToString());

  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(output + ": cannot open for writing");
  }
  std::ostream& out = output.empty() ? std::cout : file;

  newsline::TimelineBuilder timeline(include_text);
  auto stats = newsline::RunPipeline(
      [&](newsline::RawArticle* raw) { return reader->Next(raw); }, **analyzer,
      jobs,
      [&](newsline::AnalyzedArticle&& a) {
        for (const auto& e : a.errors) Report("", e);
        for (const auto& w : a.warnings) Report("warning: ", w);
        if (format == "jsonl") {
          out << newsline::ArticleJson(a, include_text).dump() << "\n";
        } else {
          timeline.Add(a);
        }
      });
  if (format == "json") out << timeline.Build().dump(2) << "\n";
  out.flush();
  if (!out) return Fail("error writing the output");
  if (stats.failed > 0) {
    std::cerr << "newsline: " << stats.failed << " of " << stats.articles
              << " articles failed\n";
    return kExitArticlesFailed;
  }
  return kExitOk;
}
