#include "crawl/state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <utility>

#include "crawl/internal/sqlite.h"

namespace newsline {
namespace {

// "NLS1": marks the file as a newsline crawl state (PRAGMA application_id).
constexpr int64_t kApplicationId = 0x4e4c5331;
constexpr size_t kMaxCachedHosts = 4096;

// Migration i (0-based) takes the schema from version i to i + 1. Never edit
// a shipped migration: add one.
constexpr std::string_view kMigrations[] = {
    // 1: URLs, content hashes, sources, robots.txt and host politeness.
    R"sql(
CREATE TABLE urls(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new',
  todo INTEGER NOT NULL DEFAULT 1,
  attempts INTEGER NOT NULL DEFAULT 0,
  http_status INTEGER,
  etag TEXT,
  last_modified TEXT,
  content_hash INTEGER,
  found_at INTEGER NOT NULL,
  fetched_at INTEGER,
  emitted_at INTEGER,
  error TEXT);
CREATE INDEX urls_todo ON urls(todo) WHERE todo = 1;
CREATE TABLE contents(
  hash INTEGER PRIMARY KEY,
  url_id INTEGER NOT NULL,
  emitted_at INTEGER NOT NULL);
CREATE TABLE sources(
  url TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  parent TEXT NOT NULL DEFAULT '',
  etag TEXT,
  last_modified TEXT,
  http_status INTEGER,
  polled_at INTEGER,
  changed_at INTEGER,
  error TEXT);
CREATE INDEX sources_parent ON sources(parent);
CREATE TABLE robots(
  origin TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  body BLOB NOT NULL,
  fetched_at INTEGER NOT NULL);
CREATE TABLE hosts(
  host TEXT PRIMARY KEY,
  next_allowed_ms INTEGER NOT NULL);
)sql",
    // 2: exactly-once output (lines recorded before they are written) and
    // the order of a source's children.
    R"sql(
CREATE TABLE pending(
  id INTEGER PRIMARY KEY,
  url_id INTEGER NOT NULL,
  output TEXT NOT NULL,
  offset INTEGER NOT NULL,
  line BLOB NOT NULL);
ALTER TABLE sources ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: how a site's feeds or sitemaps were found, and when, so that a site
    // that advertises none is not probed again on every pass.
    R"sql(
ALTER TABLE sources ADD COLUMN discovery TEXT;
ALTER TABLE sources ADD COLUMN discovered_at INTEGER;
)sql",
};
static_assert(std::size(kMigrations) == kCrawlStateVersion);

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void BindOptional(sqlite::Statement& s, int index, std::string_view text) {
  if (text.empty()) {
    s.BindNull(index);
  } else {
    s.Bind(index, text);
  }
}

constexpr std::string_view kInUse = "is in use by another crawl";

}  // namespace

struct CrawlState::Statements {
  sqlite::Statement get_robots, put_robots, get_host, put_host;
  sqlite::Statement get_source, source_children, upsert_source, mark_children,
      upsert_child, drop_children, insert_article;
  sqlite::Statement next_todo, content_emitted, record_outcome, mark_emitted,
      insert_content, insert_pending, delete_pending, list_pending, url_status;
};

CrawlState::CrawlState(std::string path, int lock_fd)
    : path_(std::move(path)), lock_fd_(lock_fd) {}

CrawlState::~CrawlState() {
  st_.reset();  // statements before the connection
  db_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

bool CrawlState::IsInUse(const Error& error) {
  return error.message.find(kInUse) != std::string::npos;
}

Result<std::unique_ptr<CrawlState>> CrawlState::Open(const std::string& path) {
  // The lock lives in its own file: SQLite's POSIX locks on the database
  // would be dropped if this process opened and closed the file itself.
  const std::string lock_path = path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return MakeError(
        ErrorCode::kIo, lock_path,
        std::string("cannot open the lock file: ") + std::strerror(errno));
  }
  // Each open() is its own open file description, so a second Open in this
  // process conflicts as one in another process does.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char pid[32] = {};
    const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    if (err != EWOULDBLOCK) {
      return MakeError(ErrorCode::kIo, lock_path,
                       std::string("cannot lock: ") + std::strerror(err));
    }
    std::string holder = n > 0 ? std::string(pid, static_cast<size_t>(n)) : "";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) {
      holder.pop_back();
    }
    return MakeError(ErrorCode::kIo, "",
                     "crawl state " + path + " " + std::string(kInUse) +
                         (holder.empty() ? "" : " (pid " + holder + ")"));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) !=
                                     static_cast<ssize_t>(pid.size())) {
    // The pid is only for the message of a refused second crawl.
  }
  std::unique_ptr<CrawlState> state(new CrawlState(path, fd));
  if (auto ok = state->Init(); !ok) return std::unexpected(ok.error());
  return state;
}

Result<void> CrawlState::Init() {
  auto db = sqlite::Db::Open(path_);
  if (!db) return std::unexpected(db.error());
  db_ = std::make_unique<sqlite::Db>(std::move(*db));
  sqlite3_busy_timeout(db_->get(), 5000);

  auto app = db_->QueryInt("PRAGMA application_id");
  if (!app) return std::unexpected(app.error());
  auto tables = db_->QueryInt("SELECT count(*) FROM sqlite_master");
  if (!tables) return std::unexpected(tables.error());
  if (*app != kApplicationId && (*app != 0 || *tables > 0)) {
    return MakeError(ErrorCode::kInvalidInput, path_,
                     "not a newsline crawl state (an SQLite database of "
                     "another application)");
  }
  {
    auto mode = db_->Prepare("PRAGMA journal_mode=WAL");
    if (!mode) return std::unexpected(mode.error());
    if (mode->Step() != SQLITE_ROW || mode->Text(0) != "wal") {
      return MakeError(ErrorCode::kIo, path_,
                       "cannot switch the database to WAL mode");
    }
  }
  // NORMAL in WAL mode: commits survive the process dying; see state.h.
  if (auto ok = db_->Exec("PRAGMA synchronous=NORMAL;"
                          "PRAGMA cache_size=-8192;"
                          "PRAGMA temp_store=MEMORY;");
      !ok) {
    return ok;
  }
  if (auto ok = Migrate(); !ok) return ok;

  st_ = std::make_unique<Statements>();
  struct Sql {
    sqlite::Statement* statement;
    std::string_view sql;
  };
  const Sql statements[] = {
      {&st_->get_robots,
       "SELECT status, body, fetched_at FROM robots WHERE origin = ?1"},
      {&st_->put_robots,
       "INSERT INTO robots(origin, status, body, fetched_at) "
       "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(origin) DO UPDATE SET "
       "status = excluded.status, body = excluded.body, "
       "fetched_at = excluded.fetched_at"},
      {&st_->get_host, "SELECT next_allowed_ms FROM hosts WHERE host = ?1"},
      {&st_->put_host,
       "INSERT INTO hosts(host, next_allowed_ms) VALUES(?1, ?2) "
       "ON CONFLICT(host) DO UPDATE SET next_allowed_ms = "
       "excluded.next_allowed_ms"},
      {&st_->get_source,
       "SELECT kind, parent, etag, last_modified, http_status, polled_at, "
       "changed_at, error, discovery, discovered_at FROM sources "
       "WHERE url = ?1"},
      {&st_->source_children,
       "SELECT url, kind FROM sources WHERE parent = ?1 ORDER BY position"},
      {&st_->upsert_source,
       "INSERT INTO sources(url, kind, parent, etag, last_modified, "
       "http_status, polled_at, changed_at, error, discovery, discovered_at) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
       "ON CONFLICT(url) DO UPDATE "
       "SET kind = excluded.kind, parent = excluded.parent, "
       "etag = excluded.etag, last_modified = excluded.last_modified, "
       "http_status = excluded.http_status, polled_at = excluded.polled_at, "
       "changed_at = coalesce(excluded.changed_at, changed_at), "
       "error = excluded.error, "
       "discovery = coalesce(excluded.discovery, discovery), "
       "discovered_at = coalesce(excluded.discovered_at, discovered_at)"},
      {&st_->mark_children,
       "UPDATE sources SET position = -1 WHERE parent = ?1"},
      {&st_->upsert_child,
       "INSERT INTO sources(url, kind, parent, position) VALUES(?1, ?2, ?3, "
       "?4) ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, "
       "parent = excluded.parent, position = excluded.position"},
      {&st_->drop_children,
       "DELETE FROM sources WHERE parent = ?1 AND position = -1"},
      {&st_->insert_article,
       "INSERT INTO urls(url, source, found_at) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(url) DO UPDATE SET todo = 1, attempts = 0 "
       "WHERE status IN ('disallowed', 'not_article') AND todo = 0"},
      {&st_->next_todo,
       "SELECT id, url, source, etag, last_modified, attempts FROM urls "
       "WHERE todo = 1 AND id > ?1 ORDER BY id LIMIT ?2"},
      {&st_->content_emitted, "SELECT 1 FROM contents WHERE hash = ?1"},
      {&st_->record_outcome,
       "UPDATE urls SET status = ?2, http_status = ?3, "
       "etag = coalesce(?4, etag), last_modified = coalesce(?5, "
       "last_modified), error = ?6, content_hash = ?7, fetched_at = ?8, "
       "attempts = attempts + 1, "
       "todo = CASE WHEN ?2 = 'error' AND attempts + 1 < ?9 THEN 1 ELSE 0 END "
       "WHERE id = ?1"},
      {&st_->mark_emitted,
       "UPDATE urls SET status = 'emitted', todo = 0, http_status = ?2, "
       "etag = ?3, last_modified = ?4, content_hash = ?5, fetched_at = ?6, "
       "emitted_at = ?6, error = NULL, attempts = attempts + 1 WHERE id = ?1"},
      {&st_->insert_content,
       "INSERT OR IGNORE INTO contents(hash, url_id, emitted_at) "
       "VALUES(?1, ?2, ?3)"},
      {&st_->insert_pending,
       "INSERT INTO pending(url_id, output, offset, line) "
       "VALUES(?1, ?2, ?3, ?4)"},
      {&st_->delete_pending, "DELETE FROM pending WHERE id = ?1"},
      {&st_->list_pending,
       "SELECT id, output, offset, line FROM pending ORDER BY id"},
      {&st_->url_status, "SELECT status FROM urls WHERE url = ?1"},
  };
  for (const Sql& s : statements) {
    auto prepared = db_->Prepare(s.sql);
    if (!prepared) return std::unexpected(prepared.error());
    *s.statement = std::move(*prepared);
  }
  return {};
}

Result<void> CrawlState::Migrate() {
  auto version = db_->QueryInt("PRAGMA user_version");
  if (!version) return std::unexpected(version.error());
  if (*version > kCrawlStateVersion) {
    return MakeError(ErrorCode::kUnsupported, path_,
                     "crawl state version " + std::to_string(*version) +
                         " was written by a newer newsline (this one reads "
                         "up to version " +
                         std::to_string(kCrawlStateVersion) + ")");
  }
  if (*version == kCrawlStateVersion) return {};
  // One transaction: a crash mid-migration leaves the old version intact.
  if (auto ok = db_->Exec("BEGIN IMMEDIATE"); !ok) return ok;
  for (int64_t v = *version; v < kCrawlStateVersion; ++v) {
    if (auto ok = db_->Exec(kMigrations[v]); !ok) {
      Rollback();
      Error e = ok.error();
      e.message =
          "migrating to version " + std::to_string(v + 1) + ": " + e.message;
      return std::unexpected(e);
    }
  }
  auto ok = db_->Exec(
      "PRAGMA application_id=" + std::to_string(kApplicationId) +
      ";PRAGMA user_version=" + std::to_string(kCrawlStateVersion) + ";COMMIT");
  if (!ok) Rollback();
  return ok;
}

Result<void> CrawlState::Begin() { return db_->Exec("BEGIN IMMEDIATE"); }

Result<void> CrawlState::CommitTransaction() { return db_->Exec("COMMIT"); }

void CrawlState::Rollback() {
  if (!sqlite3_get_autocommit(db_->get())) (void)db_->Exec("ROLLBACK");
}

int CrawlState::SchemaVersion() {
  std::lock_guard lock(mu_);
  auto v = db_->QueryInt("PRAGMA user_version");
  return v ? static_cast<int>(*v) : -1;
}

std::optional<HostState::Robots> CrawlState::GetRobots(
    const std::string& origin) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->get_robots;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, origin);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return Robots{.body = s.Text(1),
                .status = static_cast<int>(s.Int(0)),
                .fetched_unix = s.Int(2)};
}

void CrawlState::PutRobots(const std::string& origin, const Robots& robots) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->put_robots;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, origin);
  s.Bind(2, robots.status);
  s.BindBlob(3, robots.body);
  s.Bind(4, robots.fetched_unix);
  (void)s.Step();  // a robots.txt not cached is fetched again: harmless
}

int64_t CrawlState::NextAllowedMs(const std::string& host) {
  std::lock_guard lock(mu_);
  if (auto it = next_allowed_.find(host); it != next_allowed_.end()) {
    return it->second;
  }
  sqlite::Statement& s = st_->get_host;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, host);
  const int64_t value = s.Step() == SQLITE_ROW ? s.Int(0) : 0;
  if (next_allowed_.size() >= kMaxCachedHosts) next_allowed_.clear();
  next_allowed_[host] = value;
  return value;
}

void CrawlState::SetNextAllowedMs(const std::string& host, int64_t unix_ms) {
  std::lock_guard lock(mu_);
  auto it = next_allowed_.find(host);
  const bool unchanged = it != next_allowed_.end() && it->second == unix_ms;
  if (next_allowed_.size() >= kMaxCachedHosts) next_allowed_.clear();
  next_allowed_[host] = unix_ms;
  // Only the delay matters across runs; with no delay the time does not
  // move past now, and writing it for every request would be pure cost.
  if (unchanged || unix_ms <= NowMs()) return;
  sqlite::Statement& s = st_->put_host;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, host);
  s.Bind(2, unix_ms);
  (void)s.Step();
}

std::optional<CrawlState::SourceRecord> CrawlState::GetSource(
    const std::string& url) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->get_source;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, url);
  if (s.Step() != SQLITE_ROW) return std::nullopt;
  return SourceRecord{.url = url,
                      .kind = s.Text(0),
                      .parent = s.Text(1),
                      .etag = s.Text(2),
                      .last_modified = s.Text(3),
                      .http_status = static_cast<int>(s.Int(4)),
                      .polled_at_ms = s.Int(5),
                      .changed_at_ms = s.Int(6),
                      .error = s.Text(7),
                      .discovery = s.Text(8),
                      .discovered_at_ms = s.Int(9)};
}

Result<std::vector<CrawlState::SourceChild>> CrawlState::ChildSources(
    const std::string& url) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->source_children;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, url);
  std::vector<SourceChild> children;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    children.push_back({.url = s.Text(0), .kind = s.Text(1)});
  }
  if (rc != SQLITE_DONE) {
    return std::unexpected(db_->ErrorOf(rc, "listing source children"));
  }
  return children;
}

Result<std::vector<std::string>> CrawlState::SourceChildren(
    const std::string& url) {
  auto children = ChildSources(url);
  if (!children) return std::unexpected(children.error());
  std::vector<std::string> urls;
  urls.reserve(children->size());
  for (SourceChild& child : *children) urls.push_back(std::move(child.url));
  return urls;
}

Result<void> CrawlState::InsertArticle(const std::string& url,
                                       const std::string& source,
                                       int64_t now_ms) {
  sqlite::Statement& s = st_->insert_article;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, url);
  s.Bind(2, source);
  s.Bind(3, now_ms);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) {
    return std::unexpected(db_->ErrorOf(rc, "recording an article URL"));
  }
  return {};
}

Result<void> CrawlState::RecordPoll(const SourcePoll& poll) {
  std::lock_guard lock(mu_);
  const int64_t now = NowMs();
  if (auto ok = Begin(); !ok) return ok;
  auto fail = [&](int rc, std::string_view what) -> Result<void> {
    Error e = db_->ErrorOf(rc, what);
    Rollback();
    return std::unexpected(e);
  };
  {
    sqlite::Statement& s = st_->upsert_source;
    sqlite::ResetOnExit reset(s);
    s.Bind(1, poll.url);
    s.Bind(2, poll.kind);
    s.Bind(3, poll.parent);
    BindOptional(s, 4, poll.etag);
    BindOptional(s, 5, poll.last_modified);
    s.Bind(6, poll.http_status);
    s.Bind(7, now);
    if (poll.changed) {
      s.Bind(8, now);
    } else {
      s.BindNull(8);
    }
    BindOptional(s, 9, poll.error);
    BindOptional(s, 10, poll.discovery);
    if (poll.discovery.empty()) {
      s.BindNull(11);
    } else {
      s.Bind(11, now);
    }
    if (int rc = s.Step(); rc != SQLITE_DONE)
      return fail(rc, "saving a source");
  }
  if (poll.changed) {
    {
      sqlite::Statement& s = st_->mark_children;
      sqlite::ResetOnExit reset(s);
      s.Bind(1, poll.url);
      if (int rc = s.Step(); rc != SQLITE_DONE) {
        return fail(rc, "updating source children");
      }
    }
    for (size_t i = 0; i < poll.children.size(); ++i) {
      if (poll.children[i] == poll.url) continue;
      sqlite::Statement& s = st_->upsert_child;
      sqlite::ResetOnExit reset(s);
      s.Bind(1, poll.children[i]);
      s.Bind(2, poll.children_kind);
      s.Bind(3, poll.url);
      s.Bind(4, static_cast<int64_t>(i));
      if (int rc = s.Step(); rc != SQLITE_DONE) {
        return fail(rc, "saving a source child");
      }
    }
    {
      sqlite::Statement& s = st_->drop_children;
      sqlite::ResetOnExit reset(s);
      s.Bind(1, poll.url);
      if (int rc = s.Step(); rc != SQLITE_DONE) {
        return fail(rc, "dropping old source children");
      }
    }
    for (const std::string& url : poll.articles) {
      if (auto ok = InsertArticle(url, poll.url, now); !ok) {
        Rollback();
        return ok;
      }
    }
  }
  if (auto ok = CommitTransaction(); !ok) {
    Rollback();
    return ok;
  }
  return {};
}

Result<std::vector<CrawlState::TodoUrl>> CrawlState::NextTodo(int64_t after_id,
                                                              int limit) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->next_todo;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, after_id);
  s.Bind(2, limit);
  std::vector<TodoUrl> todo;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    todo.push_back({.id = s.Int(0),
                    .url = s.Text(1),
                    .source = s.Text(2),
                    .etag = s.Text(3),
                    .last_modified = s.Text(4),
                    .attempts = static_cast<int>(s.Int(5))});
  }
  if (rc != SQLITE_DONE) {
    return std::unexpected(db_->ErrorOf(rc, "listing URLs to fetch"));
  }
  return todo;
}

Result<bool> CrawlState::ContentEmitted(uint64_t hash) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->content_emitted;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, static_cast<int64_t>(hash));
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(db_->ErrorOf(rc, "looking up a content hash"));
}

Result<std::vector<int64_t>> CrawlState::Commit(
    std::span<const UrlOutcome> outcomes, std::span<const Emission> emissions) {
  std::lock_guard lock(mu_);
  const int64_t now = NowMs();
  if (auto ok = Begin(); !ok) return std::unexpected(ok.error());
  auto fail = [&](int rc,
                  std::string_view what) -> Result<std::vector<int64_t>> {
    Error e = db_->ErrorOf(rc, what);
    Rollback();
    return std::unexpected(e);
  };
  for (const UrlOutcome& o : outcomes) {
    sqlite::Statement& s = st_->record_outcome;
    sqlite::ResetOnExit reset(s);
    s.Bind(1, o.id);
    s.Bind(2, o.status);
    s.Bind(3, o.http_status);
    BindOptional(s, 4, o.etag);
    BindOptional(s, 5, o.last_modified);
    BindOptional(s, 6, o.error);
    if (o.content_hash != 0) {
      s.Bind(7, static_cast<int64_t>(o.content_hash));
    } else {
      s.BindNull(7);
    }
    s.Bind(8, now);
    s.Bind(9, kMaxAttempts);
    if (int rc = s.Step(); rc != SQLITE_DONE) {
      return fail(rc, "recording a fetch");
    }
  }
  std::vector<int64_t> ids;
  ids.reserve(emissions.size());
  for (const Emission& e : emissions) {
    {
      sqlite::Statement& s = st_->mark_emitted;
      sqlite::ResetOnExit reset(s);
      s.Bind(1, e.url_id);
      s.Bind(2, e.http_status);
      BindOptional(s, 3, e.etag);
      BindOptional(s, 4, e.last_modified);
      s.Bind(5, static_cast<int64_t>(e.content_hash));
      s.Bind(6, now);
      if (int rc = s.Step(); rc != SQLITE_DONE) {
        return fail(rc, "marking an article emitted");
      }
    }
    {
      sqlite::Statement& s = st_->insert_content;
      sqlite::ResetOnExit reset(s);
      s.Bind(1, static_cast<int64_t>(e.content_hash));
      s.Bind(2, e.url_id);
      s.Bind(3, now);
      if (int rc = s.Step(); rc != SQLITE_DONE) {
        return fail(rc, "recording a content hash");
      }
    }
    {
      sqlite::Statement& s = st_->insert_pending;
      sqlite::ResetOnExit reset(s);
      s.Bind(1, e.url_id);
      s.Bind(2, e.output);
      s.Bind(3, e.offset);
      s.BindBlob(4, e.line);
      if (int rc = s.Step(); rc != SQLITE_DONE) {
        return fail(rc, "recording a pending line");
      }
    }
    ids.push_back(sqlite3_last_insert_rowid(db_->get()));
  }
  if (auto ok = CommitTransaction(); !ok) {
    Rollback();
    return std::unexpected(ok.error());
  }
  return ids;
}

Result<void> CrawlState::FinishPending(std::span<const int64_t> ids) {
  std::lock_guard lock(mu_);
  if (ids.empty()) return {};
  if (auto ok = Begin(); !ok) return ok;
  for (int64_t id : ids) {
    sqlite::Statement& s = st_->delete_pending;
    sqlite::ResetOnExit reset(s);
    s.Bind(1, id);
    if (int rc = s.Step(); rc != SQLITE_DONE) {
      Error e = db_->ErrorOf(rc, "clearing a pending line");
      Rollback();
      return std::unexpected(e);
    }
  }
  if (auto ok = CommitTransaction(); !ok) {
    Rollback();
    return ok;
  }
  return {};
}

Result<std::vector<CrawlState::PendingLine>> CrawlState::Pending() {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->list_pending;
  sqlite::ResetOnExit reset(s);
  std::vector<PendingLine> lines;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    lines.push_back({.id = s.Int(0),
                     .output = s.Text(1),
                     .offset = s.Int(2),
                     .line = s.Text(3)});
  }
  if (rc != SQLITE_DONE) {
    return std::unexpected(db_->ErrorOf(rc, "listing pending lines"));
  }
  return lines;
}

Result<CrawlState::Counts> CrawlState::Count() {
  std::lock_guard lock(mu_);
  Counts c;
  struct Query {
    int64_t* out;
    std::string_view sql;
  };
  for (const Query& q : {
           Query{&c.urls, "SELECT count(*) FROM urls"},
           Query{&c.emitted,
                 "SELECT count(*) FROM urls WHERE status = 'emitted'"},
           Query{&c.todo, "SELECT count(*) FROM urls WHERE todo = 1"},
           Query{&c.pending, "SELECT count(*) FROM pending"},
       }) {
    auto n = db_->QueryInt(q.sql);
    if (!n) return std::unexpected(n.error());
    *q.out = *n;
  }
  return c;
}

std::string CrawlState::UrlStatus(const std::string& url) {
  std::lock_guard lock(mu_);
  sqlite::Statement& s = st_->url_status;
  sqlite::ResetOnExit reset(s);
  s.Bind(1, url);
  return s.Step() == SQLITE_ROW ? s.Text(0) : "";
}

}  // namespace newsline
