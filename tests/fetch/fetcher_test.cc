#include "fetch/fetcher.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fetch/url.h"
#include "tests/testing/gzip.h"
#include "tests/testing/h2_server.h"
#include "tests/testing/http_server.h"

namespace newsline {
namespace {

using testing::TestHttpServer;
using Clock = std::chrono::steady_clock;

// Fast, impolite defaults: our own loopback server, small back-off.
FetchOptions TestOptions() {
  FetchOptions options;
  options.user_agent = "newsline-test/1.0 (+https://example.invalid)";
  options.per_host_delay_ms = 0;
  options.per_host_connections = 4;
  options.obey_robots = false;
  options.connect_timeout_ms = 2000;
  options.total_timeout_ms = 3000;
  options.retry_base_ms = 5;
  options.max_retries = 3;
  options.max_retry_after_ms = 300;
  return options;
}

std::vector<FetchResult> FetchAll(const FetchOptions& options,
                                  std::vector<FetchRequest> requests,
                                  HostState* host_state = nullptr) {
  Result<std::unique_ptr<Fetcher>> fetcher =
      Fetcher::Create(options, host_state);
  EXPECT_TRUE(fetcher.has_value()) << fetcher.error().ToString();
  if (!fetcher) return {};
  for (FetchRequest& r : requests) (*fetcher)->Add(std::move(r));
  std::vector<FetchResult> results;
  (*fetcher)->Run([&](FetchResult r) { results.push_back(std::move(r)); });
  std::sort(
      results.begin(), results.end(),
      [](const FetchResult& a, const FetchResult& b) { return a.tag < b.tag; });
  return results;
}

FetchResult FetchOne(const FetchOptions& options, FetchRequest request,
                     HostState* host_state = nullptr) {
  std::vector<FetchResult> results =
      FetchAll(options, {std::move(request)}, host_state);
  EXPECT_EQ(results.size(), 1u);
  return results.empty() ? FetchResult{} : std::move(results[0]);
}

std::string ErrorOf(const FetchResult& result) {
  return result.error ? result.error->message : "";
}

// Counts hits per path, from the server's threads.
class HitCounter {
 public:
  void Hit(const std::string& path) {
    std::lock_guard lock(mutex_);
    ++hits_[path];
    times_[path].push_back(Clock::now());
  }
  int Count(const std::string& path) {
    std::lock_guard lock(mutex_);
    return hits_[path];
  }
  std::vector<Clock::time_point> Times(const std::string& path) {
    std::lock_guard lock(mutex_);
    return times_[path];
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::vector<Clock::time_point>> times_;
};

int64_t MillisBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

std::string Gzip(const std::string& data) {
  return testing::Gzip(data, Z_BEST_COMPRESSION);
}

// Sends `body` byte for byte. cpp-httplib brotli- or gzip-encodes every
// text/* body it is given with set_content when the client accepts it,
// even one already encoded; a sized content provider is sent as is.
void SendRaw(const std::string& body, const char* content_type,
             httplib::Response& res) {
  res.set_content_provider(
      body.size(), content_type,
      [&body](size_t offset, size_t length, httplib::DataSink& sink) {
        return sink.write(body.data() + offset, length);
      });
}

TEST(Fetcher, ReturnsBodyAndHeaders) {
  TestHttpServer site;
  std::string user_agent;
  site.server().Get(
      "/page", [&](const httplib::Request& req, httplib::Response& res) {
        user_agent = req.get_header_value("User-Agent");
        res.set_header("ETag", "\"v1\"");
        res.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
        res.set_content("<html><body><p>Bonjour</p></body></html>",
                        "text/html; charset=utf-8");
      });
  site.Start();
  const FetchOptions options = TestOptions();
  FetchResult result =
      FetchOne(options, {.url = site.base_url() + "/page#top", .tag = 42});
  ASSERT_FALSE(result.error) << result.error->ToString();
  EXPECT_EQ(result.tag, 42u);
  EXPECT_EQ(result.url, site.base_url() + "/page#top");
  EXPECT_EQ(result.final_url, site.base_url() + "/page");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "<html><body><p>Bonjour</p></body></html>");
  EXPECT_EQ(result.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(result.etag, "\"v1\"");
  EXPECT_EQ(result.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(user_agent, options.user_agent);
}

TEST(Fetcher, ConditionalGetComesBackAs304) {
  TestHttpServer site;
  const std::string etag = "\"abc123\"";
  const std::string last_modified = "Tue, 04 Jun 2024 10:00:00 GMT";
  site.server().Get(
      "/feed.xml", [&](const httplib::Request& req, httplib::Response& res) {
        const bool etag_matches = req.get_header_value("If-None-Match") == etag;
        const bool date_matches =
            req.get_header_value("If-Modified-Since") == last_modified;
        if (etag_matches || date_matches) {
          res.status = 304;
          if (etag_matches) res.set_header("ETag", etag);
          return;
        }
        res.set_header("ETag", etag);
        res.set_header("Last-Modified", last_modified);
        res.set_content("<rss/>", "application/rss+xml");
      });
  site.Start();
  const std::string url = site.base_url() + "/feed.xml";
  FetchResult first = FetchOne(TestOptions(), {.url = url});
  ASSERT_FALSE(first.error) << first.error->ToString();
  EXPECT_EQ(first.status, 200);

  struct Case {
    const char* name;
    std::string etag, last_modified;
    int status;
  };
  const std::vector<Case> cases = {
      {"both validators", first.etag, first.last_modified, 304},
      {"etag only", first.etag, "", 304},
      {"last-modified only", "", first.last_modified, 304},
      {"stale etag", "\"old\"", "", 200},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FetchResult again = FetchOne(
        TestOptions(),
        {.url = url, .etag = c.etag, .last_modified = c.last_modified});
    ASSERT_FALSE(again.error) << again.error->ToString();
    EXPECT_EQ(again.status, c.status);
    if (c.status == 304) {
      EXPECT_EQ(again.body, "");
      // Validators survive a 304 that omits them.
      EXPECT_EQ(again.etag, c.etag);
      EXPECT_EQ(again.last_modified, c.last_modified);
    }
  }
}

TEST(Fetcher, RetriesHonoringRetryAfter) {
  // An HTTP date two seconds ahead (one-second resolution: at least one).
  char date[64];
  const time_t later = time(nullptr) + 2;
  tm gmt{};
  gmtime_r(&later, &gmt);
  strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &gmt);
  struct Case {
    const char* name;
    int status;
    std::string retry_after;
  };
  const std::vector<Case> cases = {
      {"429 with seconds", 429, "1"},
      {"503 with seconds", 503, "1"},
      {"429 with an http date", 429, date},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TestHttpServer site;
    HitCounter hits;
    site.server().Get("/busy",
                      [&](const httplib::Request&, httplib::Response& res) {
                        hits.Hit("/busy");
                        if (hits.Count("/busy") == 1) {
                          res.status = c.status;
                          res.set_header("Retry-After", c.retry_after);
                          return;
                        }
                        res.set_content("ok", "text/plain");
                      });
    site.Start();
    // Retry-After is capped at max_retry_after_ms (300) to keep this fast,
    // yet that is far above the 5 ms back-off: the gap shows it was honored.
    FetchResult result =
        FetchOne(TestOptions(), {.url = site.base_url() + "/busy"});
    ASSERT_FALSE(result.error) << result.error->ToString();
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.attempts, 2);
    const auto times = hits.Times("/busy");
    ASSERT_EQ(times.size(), 2u);
    EXPECT_GE(MillisBetween(times[0], times[1]), 250);
  }
}

TEST(Fetcher, FollowsARedirectedRobotsTxt) {
  TestHttpServer site;
  HitCounter hits;
  site.server().Get("/robots.txt",
                    [](const httplib::Request&, httplib::Response& res) {
                      res.set_redirect("/real-robots.txt", 301);
                    });
  site.server().Get(
      "/real-robots.txt", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("User-agent: *\nDisallow: /secret\n", "text/plain");
      });
  site.server().Get(R"(/(open|secret))",
                    [&](const httplib::Request& req, httplib::Response& res) {
                      hits.Hit(req.matches[1]);
                      res.set_content("x", "text/html");
                    });
  site.Start();
  FetchOptions options = TestOptions();
  options.obey_robots = true;
  std::vector<FetchResult> results =
      FetchAll(options, {{.url = site.base_url() + "/open", .tag = 0},
                         {.url = site.base_url() + "/secret", .tag = 1}});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, 200);
  EXPECT_EQ(ErrorOf(results[1]), "disallowed by robots.txt");
  EXPECT_EQ(hits.Count("secret"), 0);
}

TEST(Fetcher, RetriesServerErrorsAndGivesUpWithTheStatus) {
  TestHttpServer site;
  HitCounter hits;
  site.server().Get("/flaky",
                    [&](const httplib::Request&, httplib::Response& res) {
                      hits.Hit("/flaky");
                      if (hits.Count("/flaky") == 1) {
                        res.status = 500;
                        return;
                      }
                      res.set_content("recovered", "text/plain");
                    });
  site.server().Get("/down",
                    [&](const httplib::Request&, httplib::Response& res) {
                      hits.Hit("/down");
                      res.status = 503;
                      res.set_content("maintenance", "text/plain");
                    });
  site.server().Get("/missing",
                    [&](const httplib::Request&, httplib::Response& res) {
                      hits.Hit("/missing");
                      res.status = 404;
                    });
  site.Start();
  const FetchOptions options = TestOptions();
  std::vector<FetchResult> results =
      FetchAll(options, {{.url = site.base_url() + "/flaky", .tag = 0},
                         {.url = site.base_url() + "/down", .tag = 1},
                         {.url = site.base_url() + "/missing", .tag = 2}});
  ASSERT_EQ(results.size(), 3u);

  EXPECT_FALSE(results[0].error);
  EXPECT_EQ(results[0].status, 200);
  EXPECT_EQ(results[0].body, "recovered");
  EXPECT_EQ(results[0].attempts, 2);

  // Exhausted retries: the last response, not an error.
  EXPECT_FALSE(results[1].error);
  EXPECT_EQ(results[1].status, 503);
  EXPECT_EQ(results[1].attempts, options.max_retries + 1);
  EXPECT_EQ(hits.Count("/down"), options.max_retries + 1);

  // 4xx other than 429 is final.
  EXPECT_FALSE(results[2].error);
  EXPECT_EQ(results[2].status, 404);
  EXPECT_EQ(results[2].attempts, 1);
  EXPECT_EQ(hits.Count("/missing"), 1);
}

TEST(Fetcher, FollowsRedirectsWithinLimits) {
  TestHttpServer site;
  auto redirect = [&](const std::string& from, const std::string& to) {
    site.server().Get(from,
                      [to](const httplib::Request&, httplib::Response& res) {
                        res.set_redirect(to, 302);
                      });
  };
  redirect("/r1", "/r2");
  redirect("/r2", "r3");  // relative
  site.server().Get("/r3",
                    [&](const httplib::Request&, httplib::Response& res) {
                      res.set_redirect(site.base_url() + "/final?from=r3", 301);
                    });
  site.server().Get("/final",
                    [](const httplib::Request&, httplib::Response& res) {
                      res.set_content("arrived", "text/html");
                    });
  redirect("/loop-a", "/loop-b");
  redirect("/loop-b", "/loop-a");
  site.server().Get(R"(/hop/(\d+))", [](const httplib::Request& req,
                                        httplib::Response& res) {
    res.set_redirect("/hop/" + std::to_string(std::stoi(req.matches[1]) + 1));
  });
  redirect("/to-ftp", "ftp://127.0.0.1/file");
  redirect("/to-file", "file:///etc/passwd");
  redirect("/to-javascript", "javascript:alert(1)");
  site.Start();

  struct Case {
    const char* path;
    int status;
    std::string final_path;
    std::string error;  // a part of the error message, or ""
  };
  const std::vector<Case> cases = {
      {"/r1", 200, "/final?from=r3", ""},
      {"/loop-a", 0, "", "redirect loop"},
      {"/hop/0", 0, "", "too many redirects (more than 5)"},
      {"/to-ftp", 0, "", "unsupported URL scheme \"ftp\""},
      {"/to-file", 0, "", "unsupported URL scheme \"file\""},
      {"/to-javascript", 0, "", "refused"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    FetchResult result =
        FetchOne(TestOptions(), {.url = site.base_url() + c.path});
    if (c.error.empty()) {
      ASSERT_FALSE(result.error) << result.error->ToString();
      EXPECT_EQ(result.status, c.status);
      EXPECT_EQ(result.final_url, site.base_url() + c.final_path);
      EXPECT_EQ(result.body, "arrived");
    } else {
      ASSERT_TRUE(result.error);
      EXPECT_NE(ErrorOf(result).find(c.error), std::string::npos)
          << ErrorOf(result);
      EXPECT_EQ(result.error->where, site.base_url() + c.path);
    }
  }
}

TEST(Fetcher, TimesOutOnAStalledResponse) {
  std::atomic<bool> release{false};
  TestHttpServer site;
  HitCounter hits;
  site.server().Get(
      "/stall", [&](const httplib::Request&, httplib::Response& res) {
        hits.Hit("/stall");
        res.set_chunked_content_provider(
            "text/html", [&](size_t offset, httplib::DataSink& sink) {
              if (offset == 0) {
                sink.write("<html>", 6);
                return true;
              }
              // Never finishes until the test lets it go (bounded for safety).
              for (int i = 0; i < 500 && !release; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
              }
              sink.done();
              return true;
            });
      });
  site.Start();
  FetchOptions options = TestOptions();
  options.total_timeout_ms = 150;
  options.max_retries = 1;
  FetchResult result = FetchOne(options, {.url = site.base_url() + "/stall"});
  release = true;
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, ErrorCode::kIo);
  EXPECT_NE(ErrorOf(result).find("timed out"), std::string::npos)
      << ErrorOf(result);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(hits.Count("/stall"), 2);
}

TEST(Fetcher, RefusesOversizedAndBombBodies) {
  constexpr int64_t kLimit = 256 << 10;
  const std::string big(2 * kLimit, 'x');
  const std::string bomb = Gzip(std::string(32 << 20, '\0'));
  const std::string small_text = "<p>compressed but fine</p>";
  const std::string small_gzip = Gzip(small_text);
  ASSERT_LT(bomb.size(), 200'000u);  // a real bomb: tiny on the wire
  TestHttpServer site;
  // Content-Length says too much: refused before the body.
  site.server().Get("/big",
                    [&](const httplib::Request&, httplib::Response& res) {
                      SendRaw(big, "text/html", res);
                    });
  // No length (chunked, and brotli-encoded by the server): counted as it
  // is decoded.
  site.server().Get(
      "/big-chunked", [&](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider(
            "text/html", [&](size_t offset, httplib::DataSink& sink) {
              if (offset >= big.size()) {
                sink.done();
                return true;
              }
              const size_t n = std::min<size_t>(64 * 1024, big.size() - offset);
              return sink.write(big.data() + offset, n);
            });
      });
  site.server().Get("/bomb",
                    [&](const httplib::Request&, httplib::Response& res) {
                      res.set_header("Content-Encoding", "gzip");
                      SendRaw(bomb, "text/html", res);
                    });
  site.server().Get("/gzip",
                    [&](const httplib::Request&, httplib::Response& res) {
                      res.set_header("Content-Encoding", "gzip");
                      SendRaw(small_gzip, "text/html", res);
                    });
  site.Start();
  FetchOptions options = TestOptions();
  options.max_body_bytes = kLimit;

  for (const char* path : {"/big", "/big-chunked", "/bomb"}) {
    SCOPED_TRACE(path);
    FetchResult result = FetchOne(options, {.url = site.base_url() + path});
    ASSERT_TRUE(result.error);
    EXPECT_NE(ErrorOf(result).find("larger than max_body_bytes"),
              std::string::npos)
        << ErrorOf(result);
    EXPECT_TRUE(result.body.empty());
    EXPECT_EQ(result.attempts, 1);  // not retried
  }
  FetchResult fine = FetchOne(options, {.url = site.base_url() + "/gzip"});
  ASSERT_FALSE(fine.error) << fine.error->ToString();
  EXPECT_EQ(fine.body, small_text);
}

TEST(Fetcher, PassesNonHtmlThrough) {
  const std::string pdf = std::string("%PDF-1.7\n\0\x01\xff binary", 20);
  TestHttpServer site;
  site.server().Get("/doc.pdf",
                    [&](const httplib::Request&, httplib::Response& res) {
                      res.set_content(pdf, "application/pdf");
                    });
  site.Start();
  FetchResult result =
      FetchOne(TestOptions(), {.url = site.base_url() + "/doc.pdf"});
  ASSERT_FALSE(result.error) << result.error->ToString();
  EXPECT_EQ(result.content_type, "application/pdf");
  EXPECT_EQ(result.body, pdf);
}

TEST(Fetcher, ReportsBadUrlsAndUnreachableHosts) {
  // A port nothing listens on: bound, then closed.
  int closed_port = 0;
  {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(addr);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), length), 0);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length), 0);
    closed_port = ntohs(addr.sin_port);
    close(fd);
  }
  FetchOptions options = TestOptions();
  options.max_retries = 1;
  std::vector<FetchResult> results = FetchAll(
      options, {{.url = "javascript:alert(1)", .tag = 0},
                {.url = "ftp://127.0.0.1/x", .tag = 1},
                {.url = "http://", .tag = 2},
                {.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/",
                 .tag = 3}});
  ASSERT_EQ(results.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(results[i].error);
    EXPECT_EQ(results[i].error->code, ErrorCode::kInvalidInput);
    EXPECT_EQ(results[i].error->where, results[i].url);
    EXPECT_EQ(results[i].attempts, 0);
  }
  ASSERT_TRUE(results[3].error);
  EXPECT_EQ(results[3].error->code, ErrorCode::kIo);
  EXPECT_EQ(results[3].attempts, 2);
  EXPECT_NE(ErrorOf(results[3]).find("after 2 attempts"), std::string::npos)
      << ErrorOf(results[3]);
}

TEST(Fetcher, ObeysRobotsTxt) {
  struct Case {
    const char* name;
    int robots_status;
    std::string robots_body;
    bool public_allowed;
    bool private_allowed;
  };
  const std::vector<Case> cases = {
      {"disallowed path", 200,
       "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: "
       "/\n",
       true, false},
      {"our group", 200,
       "User-agent: *\nDisallow: /\n\nUser-agent: newsline-test\nAllow: /\n",
       true, true},
      {"404 allows all", 404, "<h1>Not found</h1>", true, true},
      {"500 disallows all", 500, "", false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TestHttpServer site;
    HitCounter hits;
    site.server().Get("/robots.txt",
                      [&](const httplib::Request&, httplib::Response& res) {
                        hits.Hit("/robots.txt");
                        res.status = c.robots_status;
                        res.set_content(c.robots_body, "text/plain");
                      });
    site.server().Get(R"(/(public|private)/.*)",
                      [&](const httplib::Request& req, httplib::Response& res) {
                        hits.Hit(req.matches[1]);
                        res.set_content("page", "text/html");
                      });
    site.Start();
    FetchOptions options = TestOptions();
    options.obey_robots = true;
    options.max_retries = 1;
    std::vector<FetchResult> results =
        FetchAll(options, {{.url = site.base_url() + "/public/1", .tag = 0},
                           {.url = site.base_url() + "/private/1", .tag = 1},
                           {.url = site.base_url() + "/private/2", .tag = 2}});
    ASSERT_EQ(results.size(), 3u);
    const bool expected[] = {c.public_allowed, c.private_allowed,
                             c.private_allowed};
    for (int i = 0; i < 3; ++i) {
      SCOPED_TRACE(results[i].url);
      if (expected[i]) {
        EXPECT_FALSE(results[i].error) << ErrorOf(results[i]);
        EXPECT_EQ(results[i].status, 200);
      } else {
        ASSERT_TRUE(results[i].error);
        EXPECT_EQ(ErrorOf(results[i]),
                  c.robots_status >= 500
                      ? "disallowed: robots.txt unreachable (HTTP " +
                            std::to_string(c.robots_status) +
                            "), so the whole site is off limits for now"
                      : "disallowed by robots.txt");
        EXPECT_EQ(results[i].attempts, 0);
      }
    }
    // Disallowed pages are never requested; robots.txt is fetched once (or
    // once per attempt when the server fails).
    EXPECT_EQ(hits.Count("public"), c.public_allowed ? 1 : 0);
    EXPECT_EQ(hits.Count("private"), c.private_allowed ? 2 : 0);
    EXPECT_EQ(hits.Count("/robots.txt"),
              c.robots_status >= 500 ? options.max_retries + 1 : 1);
  }
}

TEST(Fetcher, CachesRobotsTxtInHostStateForItsTtl) {
  TestHttpServer site;
  HitCounter hits;
  site.server().Get(
      "/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
        hits.Hit("/robots.txt");
        res.set_content("User-agent: *\nDisallow: /no\n", "text/plain");
      });
  site.server().Get("/yes",
                    [](const httplib::Request&, httplib::Response& res) {
                      res.set_content("y", "text/plain");
                    });
  site.Start();
  std::unique_ptr<HostState> state = NewMemoryHostState();
  FetchOptions options = TestOptions();
  options.obey_robots = true;
  FetchOne(options, {.url = site.base_url() + "/yes"}, state.get());
  FetchResult cached =
      FetchOne(options, {.url = site.base_url() + "/no"}, state.get());
  EXPECT_EQ(ErrorOf(cached), "disallowed by robots.txt");
  EXPECT_EQ(hits.Count("/robots.txt"), 1);
  std::optional<HostState::Robots> stored = state->GetRobots(site.base_url());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->status, 200);
  EXPECT_EQ(stored->body, "User-agent: *\nDisallow: /no\n");

  options.robots_ttl_seconds = 0;  // expired at once: fetched again
  FetchOne(options, {.url = site.base_url() + "/yes"}, state.get());
  EXPECT_EQ(hits.Count("/robots.txt"), 2);
}

TEST(Fetcher, SpacesRequestStartsToOneHost) {
  struct Case {
    const char* name;
    int per_host_delay_ms;
    std::string robots;  // "" = not obeyed
  };
  const std::vector<Case> cases = {
      {"per-host delay", 250, ""},
      {"robots crawl-delay", 0, "User-agent: *\nCrawl-delay: 0.25\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TestHttpServer site;
    HitCounter hits;
    site.server().Get("/robots.txt",
                      [&](const httplib::Request&, httplib::Response& res) {
                        res.set_content(c.robots, "text/plain");
                      });
    site.server().Get(R"(/p/\d+)",
                      [&](const httplib::Request&, httplib::Response& res) {
                        hits.Hit("/p");
                        res.set_content("p", "text/html");
                      });
    site.Start();
    FetchOptions options = TestOptions();
    options.per_host_delay_ms = c.per_host_delay_ms;
    options.obey_robots = !c.robots.empty();
    std::vector<FetchResult> results = FetchAll(
        options,
        {{.url = site.base_url() + "/p/1"}, {.url = site.base_url() + "/p/2"}});
    ASSERT_EQ(results.size(), 2u);
    const auto times = hits.Times("/p");
    ASSERT_EQ(times.size(), 2u);
    // Coarse: the server sees the second request no sooner than ~the delay.
    EXPECT_GE(MillisBetween(times[0], times[1]), 200);
  }
}

TEST(Fetcher, CapsCrawlDelay) {
  TestHttpServer site;
  site.server().Get(
      "/robots.txt", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("User-agent: *\nCrawl-delay: 3600\n", "text/plain");
      });
  site.server().Get("/a", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("a", "text/html");
  });
  site.Start();
  std::unique_ptr<HostState> state = NewMemoryHostState();
  FetchOptions options = TestOptions();
  options.obey_robots = true;
  options.max_crawl_delay_ms = 50;
  const int64_t before =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  FetchResult result =
      FetchOne(options, {.url = site.base_url() + "/a"}, state.get());
  ASSERT_FALSE(result.error) << result.error->ToString();
  const int64_t after = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  // The host's next slot is at most the cap after the last start.
  const int64_t next = state->NextAllowedMs("127.0.0.1");
  EXPECT_GE(next, before + 50);
  EXPECT_LE(next, after + 50);
}

TEST(Fetcher, RespectsConnectionLimits) {
  struct Case {
    int per_host_connections;
    int max_connections;
    int expected_limit;
  };
  const std::vector<Case> cases = {{2, 64, 2}, {4, 1, 1}, {3, 3, 3}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.per_host_connections);
    TestHttpServer site;
    std::atomic<int> concurrent{0}, peak{0};
    site.server().Get(
        R"(/slow/\d+)", [&](const httplib::Request&, httplib::Response& res) {
          const int now = ++concurrent;
          int seen = peak.load();
          while (now > seen && !peak.compare_exchange_weak(seen, now)) {
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          --concurrent;
          res.set_content("s", "text/plain");
        });
    site.server().set_tcp_nodelay(true);  // no 40 ms Nagle stalls
    site.Start();
    FetchOptions options = TestOptions();
    options.per_host_connections = c.per_host_connections;
    options.max_connections = c.max_connections;
    std::vector<FetchRequest> requests;
    for (int i = 0; i < 10; ++i) {
      requests.push_back({.url = site.base_url() + "/slow/" + std::to_string(i),
                          .tag = static_cast<uint64_t>(i)});
    }
    std::vector<FetchResult> results = FetchAll(options, std::move(requests));
    ASSERT_EQ(results.size(), 10u);
    for (const FetchResult& r : results) EXPECT_EQ(r.status, 200);
    EXPECT_GE(peak.load(), 1);
    EXPECT_LE(peak.load(), c.expected_limit);
  }
}

TEST(Fetcher, ReusesConnections) {
  TestHttpServer site;
  std::mutex mutex;
  std::set<int> client_ports;
  site.server().set_keep_alive_max_count(100);
  site.server().set_tcp_nodelay(true);
  site.server().Get(R"(/n/\d+)",
                    [&](const httplib::Request& req, httplib::Response& res) {
                      {
                        std::lock_guard lock(mutex);
                        client_ports.insert(req.remote_port);
                      }
                      res.set_content("n", "text/plain");
                    });
  site.Start();
  FetchOptions options = TestOptions();
  options.per_host_connections = 1;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) {
    requests.push_back({.url = site.base_url() + "/n/" + std::to_string(i)});
  }
  std::vector<FetchResult> results = FetchAll(options, std::move(requests));
  ASSERT_EQ(results.size(), 20u);
  int opened = 0;
  for (const FetchResult& r : results) {
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.http_version, 1);  // no TLS: HTTP/1.1
    opened += r.new_connection;
  }
  EXPECT_EQ(client_ports.size(), 1u);  // one keep-alive connection
  EXPECT_EQ(opened, 1);
}

// Over https to a server that speaks HTTP/2 (nghttpd), requests to one host
// share a single multiplexed connection.
TEST(Fetcher, SpeaksHttp2OverTlsOnOneConnection) {
  std::map<std::string, std::string> files;
  for (int i = 0; i < 12; ++i) {
    files["p" + std::to_string(i) + ".html"] =
        "<html><body><p>page " + std::to_string(i) + "</p></body></html>";
  }
  std::string why;
  auto site = testing::TestH2Server::Start(files, &why);
  ASSERT_NE(site, nullptr) << why;
  FetchOptions options = TestOptions();
  options.ca_file = testing::kTestCertificate;
  options.per_host_connections = 2;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 12; ++i) {
    requests.push_back(
        {.url = site->base_url() + "/p" + std::to_string(i) + ".html",
         .tag = static_cast<uint64_t>(i)});
  }
  std::vector<FetchResult> results = FetchAll(options, std::move(requests));
  ASSERT_EQ(results.size(), 12u);
  int opened = 0;
  for (const FetchResult& r : results) {
    ASSERT_FALSE(r.error) << r.error->ToString();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.http_version, 2) << r.url;
    EXPECT_EQ(r.body, files["p" + std::to_string(r.tag) + ".html"]);
    opened += r.new_connection;
  }
  EXPECT_EQ(opened, 1);
}

// Without the test CA, the self-signed certificate is refused: a clear
// error, no retries, no body.
TEST(Fetcher, RefusesACertificateItCannotVerify) {
  std::string why;
  auto site = testing::TestH2Server::Start({{"a.html", "<p>a</p>"}}, &why);
  ASSERT_NE(site, nullptr) << why;
  std::vector<FetchResult> results =
      FetchAll(TestOptions(), {{.url = site->base_url() + "/a.html"}});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0].error);
  EXPECT_NE(results[0].error->message.find("certificate"), std::string::npos)
      << results[0].error->ToString();
  EXPECT_EQ(results[0].status, 0);
  EXPECT_EQ(results[0].attempts, 1);
}

TEST(Fetcher, StopReturnsPromptlyAndKeepsTheRequest) {
  std::atomic<bool> release{false};
  TestHttpServer site;
  site.server().Get(
      "/hang", [&](const httplib::Request&, httplib::Response& res) {
        for (int i = 0; i < 1000 && !release; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        res.set_content("done", "text/plain");
      });
  site.Start();
  FetchOptions options = TestOptions();
  options.total_timeout_ms = 30'000;
  Result<std::unique_ptr<Fetcher>> fetcher = Fetcher::Create(options, nullptr);
  ASSERT_TRUE(fetcher.has_value());
  Fetcher& f = **fetcher;

  // Stop before Run: Run returns at once and the request stays queued.
  f.Add({.url = site.base_url() + "/hang"});
  f.Stop();
  std::vector<FetchResult> results;
  f.Run([&](FetchResult r) { results.push_back(std::move(r)); });
  EXPECT_TRUE(results.empty());

  // Stop during a transfer that would run for seconds: abandoned, no result.
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    f.Stop();
  });
  f.Run([&](FetchResult r) { results.push_back(std::move(r)); });
  stopper.join();
  EXPECT_TRUE(results.empty());

  // The abandoned request runs again on the next Run.
  release = true;
  f.Run([&](FetchResult r) { results.push_back(std::move(r)); });
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].body, "done");
  EXPECT_EQ(results[0].attempts, 1);
}

TEST(Fetcher, CallbackMayAddRequests) {
  TestHttpServer site;
  site.server().Get(
      "/index", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("/a/1\n/a/2\n/a/3\n/a/4\n/a/5", "text/plain");
      });
  site.server().Get(
      R"(/a/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content("article " + std::string(req.matches[1]), "text/html");
      });
  site.Start();
  Result<std::unique_ptr<Fetcher>> fetcher =
      Fetcher::Create(TestOptions(), nullptr);
  ASSERT_TRUE(fetcher.has_value());
  (*fetcher)->Add({.url = site.base_url() + "/index", .tag = 0});
  std::vector<std::string> bodies;
  (*fetcher)->Run([&](FetchResult r) {
    ASSERT_FALSE(r.error) << r.error->ToString();
    if (r.tag == 0) {
      std::string_view rest = r.body;
      uint64_t tag = 1;
      while (!rest.empty()) {
        const size_t eol = std::min(rest.find('\n'), rest.size());
        (*fetcher)->Add(
            {.url = site.base_url() + std::string(rest.substr(0, eol)),
             .tag = tag++});
        rest.remove_prefix(std::min(eol + 1, rest.size()));
      }
    } else {
      bodies.push_back(r.body);
    }
  });
  std::sort(bodies.begin(), bodies.end());
  EXPECT_EQ(bodies,
            (std::vector<std::string>{"article 1", "article 2", "article 3",
                                      "article 4", "article 5"}));
}

TEST(Fetcher, RejectsBadOptionsNamingThem) {
  struct Case {
    const char* option;
    void (*set)(FetchOptions&);
  };
  const std::vector<Case> cases = {
      {"per_host_connections",
       [](FetchOptions& o) { o.per_host_connections = 0; }},
      {"max_connections", [](FetchOptions& o) { o.max_connections = -1; }},
      {"per_host_delay_ms", [](FetchOptions& o) { o.per_host_delay_ms = -5; }},
      {"total_timeout_ms", [](FetchOptions& o) { o.total_timeout_ms = 0; }},
      {"max_body_bytes", [](FetchOptions& o) { o.max_body_bytes = 0; }},
      {"max_retries", [](FetchOptions& o) { o.max_retries = -1; }},
      {"user_agent",
       [](FetchOptions& o) { o.user_agent = "bot\r\nX-Evil: 1"; }},
      {"user_agent", [](FetchOptions& o) { o.user_agent.clear(); }},
      {"ca_file", [](FetchOptions& o) { o.ca_file = "/nonexistent/ca.pem"; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.option);
    FetchOptions options;
    c.set(options);
    Result<std::unique_ptr<Fetcher>> fetcher =
        Fetcher::Create(options, nullptr);
    ASSERT_FALSE(fetcher.has_value());
    EXPECT_EQ(fetcher.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(fetcher.error().where.find(c.option), std::string::npos)
        << fetcher.error().ToString();
  }
}

}  // namespace
}  // namespace newsline
