// CrawlState: what a crawl remembers between passes and runs, in one SQLite
// file (`newsline crawl --state newsline.db`).
//
// It records every article URL met (normalized) with its validators, content
// hash, status and whether it was emitted; the hashes of emitted texts (dedup
// by content); each source's validators, poll times and the feeds or child
// sitemaps it led to (for a site, also how and when they were found, so
// that a site without a feed link is not probed on every pass); robots.txt per
// origin and the next allowed request time per host (CrawlState is the
// Fetcher's HostState). Output lines about to be written are recorded as
// "pending" first, so that a crawl killed at any moment can complete or repair
// them on the next start (crawl/crawler.h).
//
// The file is in WAL mode with synchronous=NORMAL: a committed transaction
// survives the process being killed (SIGKILL, OOM, crash), since it is in the
// WAL in the kernel's page cache; a power loss may undo the last
// transactions but never corrupts the file. The schema is versioned with
// PRAGMA user_version and migrated in order on open; a file from a newer
// newsline is refused.
//
// Only one crawl may use a state file: Open takes an exclusive flock(2) on
// "<path>.lock" (released by the kernel when the process dies, even by
// SIGKILL) and fails with "crawl state P is in use by another crawl (pid N)"
// while another CrawlState, in this process or another, holds it.
//
// Thread-safe: every method locks an internal mutex, so the fetch thread
// (HostState calls, source polls) and the crawler's writer thread may share
// one CrawlState. Memory is bounded: records live in the file, and the
// in-memory host cache is capped.
#ifndef NEWSLINE_CRAWL_STATE_H_
#define NEWSLINE_CRAWL_STATE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "fetch/fetcher.h"

namespace newsline {

namespace sqlite {
class Db;
class Statement;
}  // namespace sqlite

// The schema version this newsline writes (PRAGMA user_version).
inline constexpr int kCrawlStateVersion = 3;

class CrawlState final : public HostState {
 public:
  // A source as last polled. `parent` is the sitemap index or site that led
  // to it ("" for a configured source).
  struct SourceRecord {
    std::string url;
    std::string kind;  // "feed", "sitemap", "url", "site"
    std::string parent;
    std::string etag;
    std::string last_modified;
    int http_status = 0;
    int64_t polled_at_ms = 0;   // last poll (0 = never)
    int64_t changed_at_ms = 0;  // last 200 response
    std::string error;          // the last poll's error, "" if it worked
    // Sites: how the children were last looked for (a SourcePoll
    // `discovery` value; "" before any), and when.
    std::string discovery;
    int64_t discovered_at_ms = 0;
  };

  // A source that another one led to, and what it is ("feed", "sitemap").
  struct SourceChild {
    std::string url;
    std::string kind;
  };

  // The outcome of polling a source, with what it listed.
  struct SourcePoll {
    std::string url;
    std::string kind;
    std::string parent;
    int http_status = 0;
    std::string etag;  // validators to send next time ("" = none)
    std::string last_modified;
    std::string error;     // "" on success
    bool changed = false;  // a 200 whose body was parsed
    // Article URLs found (normalized). Only read when `changed`.
    std::vector<std::string> articles;
    // Child sources found (a sitemap index's sitemaps, a site's feeds),
    // replacing the previous children of this source. Only read when
    // `changed`.
    std::vector<std::string> children;
    std::string children_kind;  // "sitemap" or "feed"
    // Sites: how the children were found, recorded with the poll's time as
    // the discovery time: "link" (<link rel="alternate"> in the page),
    // "robots" (Sitemap lines of robots.txt), "probe" (a conventional
    // location such as /sitemap.xml), "none" (nothing found). "" keeps the
    // recorded discovery and its time.
    std::string discovery;
  };

  // An article URL waiting to be fetched (new, or retried after an error).
  struct TodoUrl {
    int64_t id = 0;
    std::string url;
    std::string source;
    std::string etag;
    std::string last_modified;
    int attempts = 0;
  };

  // What became of one fetched article URL (other than being emitted).
  struct UrlOutcome {
    int64_t id = 0;
    // "duplicate" (its text was already emitted), "error" (retried on later
    // passes until kMaxAttempts), "disallowed" (robots.txt), "not_article"
    // (non-HTML content or no article text), "gone" (404, 410).
    std::string status;
    int http_status = 0;
    std::string etag;
    std::string last_modified;
    std::string error;
    uint64_t content_hash = 0;  // 0 = none
  };

  // An article about to be written to the output.
  struct Emission {
    int64_t url_id = 0;
    uint64_t content_hash = 0;
    int http_status = 200;
    std::string etag;
    std::string last_modified;
    std::string output;  // absolute path of the output file, "-" = stdout
    int64_t offset = 0;  // file size before the line is written
    std::string line;    // the JSONL line, with its "\n"
  };

  // A line recorded as pending: it may or may not be in the output.
  struct PendingLine {
    int64_t id = 0;
    std::string output;
    int64_t offset = 0;
    std::string line;
  };

  // Error passes after which a URL is given up.
  static constexpr int kMaxAttempts = 3;

  static Result<std::unique_ptr<CrawlState>> Open(const std::string& path);
  // True for Open's error when another crawl holds the state file.
  static bool IsInUse(const Error& error);

  ~CrawlState() override;
  CrawlState(const CrawlState&) = delete;
  CrawlState& operator=(const CrawlState&) = delete;

  const std::string& path() const { return path_; }
  int SchemaVersion();

  // HostState. Storage errors degrade to "nothing cached" / in-memory
  // values: politeness never fails a crawl.
  std::optional<Robots> GetRobots(const std::string& origin) override;
  void PutRobots(const std::string& origin, const Robots& robots) override;
  int64_t NextAllowedMs(const std::string& host) override;
  void SetNextAllowedMs(const std::string& host, int64_t unix_ms) override;

  // Sources.
  std::optional<SourceRecord> GetSource(const std::string& url);
  // The children a source led to when last parsed, in the order listed.
  Result<std::vector<std::string>> SourceChildren(const std::string& url);
  // The same with each child's kind, which a site's children need: feeds
  // or sitemaps, depending on how they were found.
  Result<std::vector<SourceChild>> ChildSources(const std::string& url);
  // Records a poll in one transaction: the source row, its new children
  // (replacing the old ones) and its articles (inserted as new; already
  // known URLs are kept, and re-queued if they were disallowed or not an
  // article, so that a changed robots.txt or page is seen).
  Result<void> RecordPoll(const SourcePoll& poll);

  // Article URLs still to fetch with id > after_id, by id, at most `limit`.
  Result<std::vector<TodoUrl>> NextTodo(int64_t after_id, int limit);
  // Whether an article with this text hash was already emitted.
  Result<bool> ContentEmitted(uint64_t hash);
  // Records outcomes and emissions in one transaction: emitted URLs and
  // their hashes are marked done and each line is recorded as pending.
  // Returns the pending ids, in the order of `emissions`.
  Result<std::vector<int64_t>> Commit(std::span<const UrlOutcome> outcomes,
                                      std::span<const Emission> emissions);
  // The lines are in the output (written and synced): forget them.
  Result<void> FinishPending(std::span<const int64_t> ids);
  // Lines left pending by a run that died, by id.
  Result<std::vector<PendingLine>> Pending();

  // Counts for reports and tests.
  struct Counts {
    int64_t urls = 0;
    int64_t emitted = 0;
    int64_t todo = 0;
    int64_t pending = 0;
  };
  Result<Counts> Count();

  // Status of one URL ("" if unknown), for tests and reports.
  std::string UrlStatus(const std::string& url);

 private:
  struct Statements;

  CrawlState(std::string path, int lock_fd);
  Result<void> Init();
  Result<void> Migrate();
  Result<void> Begin();
  Result<void> CommitTransaction();
  void Rollback();
  Result<void> InsertArticle(const std::string& url, const std::string& source,
                             int64_t now_ms);

  std::mutex mu_;
  const std::string path_;
  int lock_fd_ = -1;
  std::unique_ptr<sqlite::Db> db_;
  std::unique_ptr<Statements> st_;
  // Next allowed request time per host: write-through cache, capped.
  std::unordered_map<std::string, int64_t> next_allowed_;
};

}  // namespace newsline

#endif  // NEWSLINE_CRAWL_STATE_H_
