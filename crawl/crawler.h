// Crawler: one pass of `newsline crawl` over the configured sources.
//
// A pass polls every source with a conditional GET (feeds; sitemaps and
// sitemap indexes, recursively up to a depth; single URLs; sites, whose
// feeds are discovered once and then polled directly: the feeds their page
// advertises, else the Sitemap lines of their robots.txt, else the first of
// a few conventional locations that holds a sitemap or feed, remembered in
// the state so that they are not probed on every pass), records the article
// URLs they list in the CrawlState, fetches those not yet done (in the order
// they were found), analyzes each page and writes one JSONL line per new
// article: the `analyze --format jsonl` line, with `url`. A URL is emitted
// at most once, and so is an article text (pages with the same text under
// other URLs are "duplicates").
//
// Threads: the caller's thread runs the Fetcher and the state bookkeeping; a
// pool of `jobs` threads analyzes; one writer thread writes the output and
// commits. Queues between them are bounded, and the URLs to fetch are read
// from the state in windows, so memory does not grow with the crawl. Lines
// are written in the order analyses complete, which is not deterministic
// when jobs > 1: consumers key on `url`.
//
// Exactly once into a file (`output_path`): each line is first recorded in
// the state as pending (with the file offset where it goes), then written
// and synced, then cleared. Create reconciles lines left pending by a crawl
// that died: a line found whole at its offset is kept, a partial one is cut
// off and rewritten, a missing one is written. Killed at any moment, the
// next run leaves every article in the file exactly once. On stdout the
// lines in flight when the process died may repeat (at least once).
//
// Not thread-safe, except Stop, which may be called from any thread or a
// signal handler.
//
// Example:
//   auto crawler = Crawler::Create(config, state.get(), analyzer.get(),
//                                  {.output_path = "articles.jsonl"});
//   Result<PassStats> stats = (*crawler)->RunPass();
#ifndef NEWSLINE_CRAWL_CRAWLER_H_
#define NEWSLINE_CRAWL_CRAWLER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "crawl/config.h"
#include "crawl/state.h"
#include "fetch/fetcher.h"
#include "pipeline/analyzer.h"

namespace newsline {

struct CrawlOptions {
  // Where lines go: a file (created if needed, appended to) or "" for stdout.
  std::string output_path;
  bool include_text = false;
  // Analysis threads; 0 = one per core.
  int jobs = 0;
  // Receives one human-readable line per problem or skipped page
  // ("error: URL: message", "warning: ...", "skipped: ..."). Called from
  // several threads, never at once. Null: silent.
  std::function<void(std::string_view line)> report;
  // Most lines written and committed to the state together: larger batches
  // cost fewer syncs, smaller ones leave less to redo after a crash.
  size_t max_batch = 256;

  // For crash-recovery tests: called by the writer thread at each step of
  // writing a batch of lines, so that a test can kill the process exactly
  // there. Null in production.
  enum class WriteStage {
    kCommitted,    // lines recorded as pending, nothing written
    kHalfWritten,  // the first half of the batch's bytes written
    kSynced,       // all written and synced, still recorded as pending
  };
  std::function<void(WriteStage)> write_hook;
};

struct PassStats {
  int sources = 0;            // sources polled (configured and found)
  int sources_unchanged = 0;  // answered 304
  int sources_failed = 0;
  int64_t articles_found = 0;  // URLs fetched this pass
  int64_t emitted = 0;
  int64_t duplicates = 0;    // same text as an article already emitted
  int64_t not_modified = 0;  // 304 to a re-check of a non-article page
  int64_t skipped = 0;       // robots.txt, not HTML, no article text
  int64_t failed = 0;        // fetch errors and HTTP errors
  int64_t bytes = 0;         // article bytes fetched
  bool stopped = false;      // Stop was called during the pass
};

class Crawler {
 public:
  // Opens the output and completes lines a previous run left pending.
  // `state` and `analyzer` must outlive the Crawler. Fails on fetch options
  // the Fetcher refuses, an output that cannot be opened, or state errors.
  static Result<std::unique_ptr<Crawler>> Create(CrawlConfig config,
                                                 CrawlState* state,
                                                 const Analyzer* analyzer,
                                                 CrawlOptions options);
  ~Crawler();
  Crawler(const Crawler&) = delete;
  Crawler& operator=(const Crawler&) = delete;

  // Runs one pass. Problems with sources and pages are counted in the stats
  // and reported; an Error is returned only when the state or the output
  // cannot be written, after which the crawl must stop.
  Result<PassStats> RunPass();

  // Asks the current pass to end soon: fetching stops, the lines being
  // written are finished and committed. Async-signal-safe.
  void Stop();
  bool stopped() const { return stop_.load(); }

 private:
  class Pass;

  Crawler(CrawlConfig config, CrawlState* state, const Analyzer* analyzer,
          CrawlOptions options);
  Result<void> OpenOutput();
  Result<void> Reconcile();

  CrawlConfig config_;
  CrawlState* state_;
  const Analyzer* analyzer_;
  CrawlOptions options_;
  std::unique_ptr<Fetcher> fetcher_;
  int output_fd_ = -1;       // 1 for stdout
  std::string output_name_;  // absolute path, or "-"
  std::atomic<bool> stop_{false};
};

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_CRAWLER_H_
