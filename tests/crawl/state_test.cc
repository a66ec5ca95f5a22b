// CrawlState over real SQLite files in a temporary folder: schema and
// migrations, the single-crawl lock, and the records a crawl keeps.
#include "crawl/state.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace newsline {
namespace {

namespace fs = std::filesystem;

class CrawlStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsline_state_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "newsline.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<CrawlState> OpenOrDie() {
    auto state = CrawlState::Open(path_);
    EXPECT_TRUE(state) << state.error().ToString();
    return state ? std::move(*state) : nullptr;
  }

  // Runs SQL on the file directly, as another program would.
  void RawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::string RawQuery(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(s, 0);
      out = text ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
  }

  static CrawlState::SourcePoll Poll(const std::string& url,
                                     std::vector<std::string> articles) {
    CrawlState::SourcePoll poll;
    poll.url = url;
    poll.kind = "feed";
    poll.http_status = 200;
    poll.etag = "\"v1\"";
    poll.changed = true;
    poll.articles = std::move(articles);
    return poll;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(CrawlStateTest, CreatesAVersionedWalDatabase) {
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->SchemaVersion(), kCrawlStateVersion);
  EXPECT_EQ(RawQuery("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQuery("PRAGMA user_version"),
            std::to_string(kCrawlStateVersion));
}

// The schema as newsline first wrote it (version 1), kept verbatim here so
// that the migration is tested against what was shipped.
constexpr char kVersion1[] = R"sql(
CREATE TABLE urls(
  id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new', todo INTEGER NOT NULL DEFAULT 1,
  attempts INTEGER NOT NULL DEFAULT 0, http_status INTEGER, etag TEXT,
  last_modified TEXT, content_hash INTEGER, found_at INTEGER NOT NULL,
  fetched_at INTEGER, emitted_at INTEGER, error TEXT);
CREATE INDEX urls_todo ON urls(todo) WHERE todo = 1;
CREATE TABLE contents(hash INTEGER PRIMARY KEY, url_id INTEGER NOT NULL,
  emitted_at INTEGER NOT NULL);
CREATE TABLE sources(url TEXT PRIMARY KEY, kind TEXT NOT NULL,
  parent TEXT NOT NULL DEFAULT '', etag TEXT, last_modified TEXT,
  http_status INTEGER, polled_at INTEGER, changed_at INTEGER, error TEXT);
CREATE INDEX sources_parent ON sources(parent);
CREATE TABLE robots(origin TEXT PRIMARY KEY, status INTEGER NOT NULL,
  body BLOB NOT NULL, fetched_at INTEGER NOT NULL);
CREATE TABLE hosts(host TEXT PRIMARY KEY, next_allowed_ms INTEGER NOT NULL);
INSERT INTO urls(url, source, status, todo, found_at, emitted_at)
  VALUES('https://a.example/old', 'https://a.example/rss', 'emitted', 0, 1, 1);
INSERT INTO sources(url, kind, etag) VALUES('https://a.example/rss', 'feed',
  '"e1"');
PRAGMA application_id = 1313624881;
PRAGMA user_version = 1;
)sql";

TEST_F(CrawlStateTest, MigratesAVersion1FileKeepingItsRecords) {
  RawSql(kVersion1);
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->SchemaVersion(), kCrawlStateVersion);
  EXPECT_EQ(state->UrlStatus("https://a.example/old"), "emitted");
  auto source = state->GetSource("https://a.example/rss");
  ASSERT_TRUE(source);
  EXPECT_EQ(source->etag, "\"e1\"");
  // Version 2's pending table and child order work on the migrated file.
  auto pending = state->Pending();
  ASSERT_TRUE(pending) << pending.error().ToString();
  EXPECT_TRUE(pending->empty());
  CrawlState::SourcePoll poll = Poll("https://a.example/sitemap.xml", {});
  poll.kind = "sitemap";
  poll.children = {"https://a.example/s2.xml", "https://a.example/s1.xml"};
  poll.children_kind = "sitemap";
  ASSERT_TRUE(state->RecordPoll(poll));
  auto children = state->SourceChildren(poll.url);
  ASSERT_TRUE(children);
  EXPECT_EQ(*children, poll.children);
}

// Version 2 as shipped: version 1 plus the pending table and child order,
// with a site whose feed was found through its <link rel="alternate">.
constexpr char kVersion2Additions[] = R"sql(
CREATE TABLE pending(id INTEGER PRIMARY KEY, url_id INTEGER NOT NULL,
  output TEXT NOT NULL, offset INTEGER NOT NULL, line BLOB NOT NULL);
ALTER TABLE sources ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
INSERT INTO sources(url, kind, etag, http_status, polled_at, changed_at)
  VALUES('https://b.example/', 'site', '"home"', 200, 5, 5);
INSERT INTO sources(url, kind, parent, position)
  VALUES('https://b.example/rss', 'feed', 'https://b.example/', 0);
PRAGMA user_version = 2;
)sql";

TEST_F(CrawlStateTest, MigratesAVersion2FileToRememberDiscoveries) {
  RawSql(kVersion1);
  RawSql(kVersion2Additions);
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->SchemaVersion(), 3);
  auto site = state->GetSource("https://b.example/");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->etag, "\"home\"");
  EXPECT_EQ(site->discovery, "");
  EXPECT_EQ(site->discovered_at_ms, 0);
  auto children = state->ChildSources("https://b.example/");
  ASSERT_TRUE(children) << children.error().ToString();
  ASSERT_EQ(children->size(), 1u);
  EXPECT_EQ((*children)[0].url, "https://b.example/rss");
  EXPECT_EQ((*children)[0].kind, "feed");

  // A discovery is recorded with its time; a poll that names none keeps it.
  CrawlState::SourcePoll poll = Poll("https://b.example/", {});
  poll.kind = "site";
  poll.children = {"https://b.example/sitemap.xml"};
  poll.children_kind = "sitemap";
  poll.discovery = "probe";
  ASSERT_TRUE(state->RecordPoll(poll));
  site = state->GetSource("https://b.example/");
  EXPECT_EQ(site->discovery, "probe");
  const int64_t at = site->discovered_at_ms;
  EXPECT_GT(at, 0);
  CrawlState::SourcePoll unchanged;
  unchanged.url = "https://b.example/";
  unchanged.kind = "site";
  unchanged.http_status = 304;
  ASSERT_TRUE(state->RecordPoll(unchanged));
  site = state->GetSource("https://b.example/");
  EXPECT_EQ(site->discovery, "probe");
  EXPECT_EQ(site->discovered_at_ms, at);
  children = state->ChildSources("https://b.example/");
  ASSERT_TRUE(children);
  ASSERT_EQ(children->size(), 1u);
  EXPECT_EQ((*children)[0].url, "https://b.example/sitemap.xml");
  EXPECT_EQ((*children)[0].kind, "sitemap");
  EXPECT_FALSE(state->GetSource("https://b.example/rss"));
}

TEST_F(CrawlStateTest, RefusesAFileFromANewerNewsline) {
  RawSql("PRAGMA application_id = 1313624881; PRAGMA user_version = 99;");
  auto state = CrawlState::Open(path_);
  ASSERT_FALSE(state);
  EXPECT_NE(state.error().message.find("version 99 was written by a newer"),
            std::string::npos)
      << state.error().ToString();
}

TEST_F(CrawlStateTest, RefusesAnotherApplicationsDatabase) {
  RawSql("CREATE TABLE customers(id INTEGER);");
  auto state = CrawlState::Open(path_);
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().ToString(),
            path_ +
                ": not a newsline crawl state (an SQLite database of "
                "another application)");
}

TEST_F(CrawlStateTest, RefusesAFileThatIsNotADatabase) {
  {
    std::ofstream(path_) << "this is not SQLite, just a text file that "
                            "happens to be long enough to have a header\n";
  }
  auto state = CrawlState::Open(path_);
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().where, path_);
}

TEST_F(CrawlStateTest, RefusesASecondOpenInTheSameProcess) {
  auto first = OpenOrDie();
  ASSERT_TRUE(first);
  auto second = CrawlState::Open(path_);
  ASSERT_FALSE(second);
  EXPECT_TRUE(CrawlState::IsInUse(second.error()));
  EXPECT_EQ(second.error().ToString(), "crawl state " + path_ +
                                           " is in use by another crawl (pid " +
                                           std::to_string(::getpid()) + ")");
  first.reset();
  EXPECT_TRUE(CrawlState::Open(path_)) << "the lock goes with the state";
}

TEST_F(CrawlStateTest, RefusesAnOpenFromAnotherProcess) {
  auto first = OpenOrDie();
  ASSERT_TRUE(first);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto second = CrawlState::Open(path_);
    ::_exit(!second && CrawlState::IsInUse(second.error()) ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(CrawlStateTest, QueuesNewArticlesOnceAndInOrder) {
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  ASSERT_TRUE(
      state->RecordPoll(Poll("https://a.example/rss",
                             {"https://a.example/1", "https://a.example/2"})));
  // Listed again, by another source too: still one row each.
  ASSERT_TRUE(
      state->RecordPoll(Poll("https://a.example/rss",
                             {"https://a.example/2", "https://a.example/3"})));
  auto todo = state->NextTodo(0, 10);
  ASSERT_TRUE(todo);
  ASSERT_EQ(todo->size(), 3u);
  EXPECT_EQ((*todo)[0].url, "https://a.example/1");
  EXPECT_EQ((*todo)[1].url, "https://a.example/2");
  EXPECT_EQ((*todo)[2].url, "https://a.example/3");
  EXPECT_EQ((*todo)[0].source, "https://a.example/rss");
  auto rest = state->NextTodo((*todo)[0].id, 1);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].url, "https://a.example/2");

  auto source = state->GetSource("https://a.example/rss");
  ASSERT_TRUE(source);
  EXPECT_EQ(source->etag, "\"v1\"");
  EXPECT_EQ(source->http_status, 200);
  EXPECT_GT(source->changed_at_ms, 0);
}

TEST_F(CrawlStateTest, EmittedArticlesLeaveTheQueueAndTheirTextIsKnown) {
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  ASSERT_TRUE(
      state->RecordPoll(Poll("https://a.example/rss",
                             {"https://a.example/1", "https://a.example/2"})));
  auto todo = state->NextTodo(0, 10);
  ASSERT_TRUE(todo);
  ASSERT_EQ(todo->size(), 2u);
  CrawlState::Emission emission;
  emission.url_id = (*todo)[0].id;
  emission.content_hash = 0xfeedbeefcafe0001;
  emission.etag = "\"a1\"";
  emission.output = "/tmp/out.jsonl";
  emission.offset = 120;
  emission.line = "{\"id\":1}\n";
  CrawlState::UrlOutcome duplicate;
  duplicate.id = (*todo)[1].id;
  duplicate.status = "duplicate";
  duplicate.http_status = 200;
  duplicate.content_hash = 0xfeedbeefcafe0001;
  auto ids = state->Commit({&duplicate, 1}, {&emission, 1});
  ASSERT_TRUE(ids) << ids.error().ToString();
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_EQ(state->UrlStatus("https://a.example/1"), "emitted");
  EXPECT_EQ(state->UrlStatus("https://a.example/2"), "duplicate");
  EXPECT_TRUE(*state->ContentEmitted(0xfeedbeefcafe0001));
  EXPECT_FALSE(*state->ContentEmitted(0xfeedbeefcafe0002));
  EXPECT_TRUE(state->NextTodo(0, 10)->empty());

  auto pending = state->Pending();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].offset, 120);
  EXPECT_EQ((*pending)[0].line, "{\"id\":1}\n");
  EXPECT_EQ((*pending)[0].output, "/tmp/out.jsonl");
  ASSERT_TRUE(state->FinishPending(*ids));
  EXPECT_TRUE(state->Pending()->empty());

  // Listing them again does not bring them back.
  ASSERT_TRUE(
      state->RecordPoll(Poll("https://a.example/rss",
                             {"https://a.example/1", "https://a.example/2"})));
  EXPECT_TRUE(state->NextTodo(0, 10)->empty());
}

TEST_F(CrawlStateTest,
       RetriesErrorsAFewPassesAndRequeuesDisallowedWhenRelisted) {
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  ASSERT_TRUE(state->RecordPoll(
      Poll("https://a.example/rss",
           {"https://a.example/flaky", "https://a.example/private"})));
  auto todo = *state->NextTodo(0, 10);
  ASSERT_EQ(todo.size(), 2u);
  CrawlState::UrlOutcome disallowed;
  disallowed.id = todo[1].id;
  disallowed.status = "disallowed";
  disallowed.error = "robots.txt";
  ASSERT_TRUE(state->Commit({&disallowed, 1}, {}));
  for (int pass = 1; pass <= CrawlState::kMaxAttempts; ++pass) {
    auto again = *state->NextTodo(0, 10);
    ASSERT_EQ(again.size(), 1u) << "pass " << pass;
    EXPECT_EQ(again[0].url, "https://a.example/flaky");
    EXPECT_EQ(again[0].attempts, pass - 1);
    CrawlState::UrlOutcome error;
    error.id = again[0].id;
    error.status = "error";
    error.http_status = 503;
    ASSERT_TRUE(state->Commit({&error, 1}, {}));
  }
  EXPECT_TRUE(state->NextTodo(0, 10)->empty()) << "given up";

  ASSERT_TRUE(state->RecordPoll(
      Poll("https://a.example/rss", {"https://a.example/private"})));
  auto requeued = *state->NextTodo(0, 10);
  ASSERT_EQ(requeued.size(), 1u);
  EXPECT_EQ(requeued[0].url, "https://a.example/private");
}

TEST_F(CrawlStateTest, AnUnchangedPollKeepsArticlesAndChildren) {
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  CrawlState::SourcePoll poll = Poll("https://a.example/", {});
  poll.kind = "site";
  poll.children = {"https://a.example/rss"};
  poll.children_kind = "feed";
  ASSERT_TRUE(state->RecordPoll(poll));
  CrawlState::SourcePoll unchanged;
  unchanged.url = "https://a.example/";
  unchanged.kind = "site";
  unchanged.http_status = 304;
  unchanged.etag = "\"v1\"";
  ASSERT_TRUE(state->RecordPoll(unchanged));
  EXPECT_EQ(*state->SourceChildren("https://a.example/"),
            std::vector<std::string>{"https://a.example/rss"});
  auto child = state->GetSource("https://a.example/rss");
  ASSERT_TRUE(child);
  EXPECT_EQ(child->kind, "feed");
  EXPECT_EQ(child->parent, "https://a.example/");
  auto site = state->GetSource("https://a.example/");
  EXPECT_EQ(site->http_status, 304);

  // A changed page that no longer lists the feed drops it.
  poll.children.clear();
  ASSERT_TRUE(state->RecordPoll(poll));
  EXPECT_TRUE(state->SourceChildren("https://a.example/")->empty());
  EXPECT_FALSE(state->GetSource("https://a.example/rss"));
}

TEST_F(CrawlStateTest, KeepsRobotsAndHostDelaysAcrossRuns) {
  const int64_t later = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count() +
                        60'000;
  {
    auto state = OpenOrDie();
    ASSERT_TRUE(state);
    EXPECT_FALSE(state->GetRobots("https://a.example"));
    EXPECT_EQ(state->NextAllowedMs("a.example"), 0);
    state->PutRobots("https://a.example",
                     {.body = "User-agent: *\nDisallow: /private\n",
                      .status = 200,
                      .fetched_unix = 1700000000});
    state->SetNextAllowedMs("a.example", later);
  }
  auto state = OpenOrDie();
  ASSERT_TRUE(state);
  auto robots = state->GetRobots("https://a.example");
  ASSERT_TRUE(robots);
  EXPECT_EQ(robots->body, "User-agent: *\nDisallow: /private\n");
  EXPECT_EQ(robots->status, 200);
  EXPECT_EQ(robots->fetched_unix, 1700000000);
  EXPECT_EQ(state->NextAllowedMs("a.example"), later);
}

}  // namespace
}  // namespace newsline
