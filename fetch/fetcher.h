// Polite, concurrent HTTP fetching over libcurl's multi interface.
//
// `newsline fetch` and the crawler hand URLs to a Fetcher and get one
// FetchResult per request back. The Fetcher owns everything that keeps a
// crawl polite and robust: robots.txt (RFC 9309, cached per origin), per-host
// delay and connection limits, a global connection limit, retries with
// exponential backoff and jitter (5xx, 429, timeouts; Retry-After honored),
// bounded redirects with loop detection, http/https only, compression with a
// cap on the decoded body, and conditional GET (ETag / Last-Modified). Over
// https it speaks HTTP/2 when the server does, several requests to a host
// sharing one connection.
//
// A Fetcher is single-threaded: Add and Run are called from one thread, and
// the callback runs on that thread between transfers. The callback may call
// Add (a feed's items, say) and the new requests join the current Run.
//
// Example:
//   auto fetcher = Fetcher::Create(options, &host_state);
//   (*fetcher)->Add({.url = "https://example.com/feed.xml", .etag = etag});
//   (*fetcher)->Run([&](FetchResult result) {
//     if (result.error) Report(*result.error);
//     else if (result.status == 304) Unchanged(result.url);
//     else Process(result);
//   });
#ifndef NEWSLINE_FETCH_FETCHER_H_
#define NEWSLINE_FETCH_FETCHER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace newsline {

struct FetchOptions {
  std::string user_agent = "newsline/0.1 (+https://github.com/newsline)";
  // Politeness. Zero delay and no robots check are allowed (for tests and
  // benchmarks against one's own servers).
  int per_host_delay_ms = 1000;
  int per_host_connections = 2;
  int max_connections = 64;
  bool obey_robots = true;
  int max_crawl_delay_ms = 30'000;      // cap on robots.txt Crawl-delay
  int64_t robots_ttl_seconds = 86'400;  // how long a robots.txt is trusted
  // Limits.
  int connect_timeout_ms = 10'000;
  int total_timeout_ms = 30'000;      // per attempt, including the body
  int64_t max_body_bytes = 32 << 20;  // decoded size; larger bodies fail
  int max_redirects = 5;
  // Retries of 5xx, 429 and timeouts: delay = base * 2^attempt, with jitter,
  // or the server's Retry-After when it says more (capped).
  int max_retries = 3;
  int retry_base_ms = 500;
  int max_retry_after_ms = 120'000;
  // PEM file of the certificate authorities https servers are checked
  // against instead of the system's (an internal CA); "" = the system's.
  std::string ca_file{};
};

// Every member has an initializer so that designated initializers may omit
// any of them without GCC 12's -Wmissing-field-initializers.
struct FetchRequest {
  std::string url{};
  // Validators from a previous fetch; sent as If-None-Match and
  // If-Modified-Since so that an unchanged resource comes back as 304.
  std::string etag{};
  std::string last_modified{};
  // The caller's own tag, returned in the result unchanged.
  uint64_t tag = 0;
};

struct FetchResult {
  uint64_t tag = 0;
  std::string url;        // as requested
  std::string final_url;  // after redirects
  // HTTP status of the final response; 0 when none came (see error).
  int status = 0;
  std::string content_type;  // the Content-Type header, as sent
  // Validators of the response, to send next time. A 304 that omits them
  // gets the request's, so that they can be stored again as they are.
  std::string etag;
  std::string last_modified;
  std::string body;  // Content-Encoding already removed
  int attempts = 0;  // at the final URL; 1 when the first attempt succeeded
  // The final response's protocol: 1 (HTTP/1.x), 2 or 3; 0 when none came.
  int http_version = 0;
  // Whether the final attempt opened a connection rather than reuse one
  // (kept alive, or an HTTP/2 connection shared by several requests).
  bool new_connection = false;
  // Set when no usable response came; its `where` is the requested URL:
  //   kInvalidInput: bad or non-http(s) URL, a redirect to one ("redirect
  //     to ... refused"), "redirect loop: a -> b -> a", "too many
  //     redirects", "body larger than max_body_bytes";
  //   kIo: timeout or network error after the retries ("timed out ...
  //     after 4 attempts");
  //   kUnsupported: "disallowed by robots.txt" (no request was made).
  // 4xx and 5xx responses after the retries are not errors: see status.
  std::optional<Error> error;
};

// Where per-host state lives between runs. The crawler stores it in its
// SQLite state file; the default keeps it in memory for one process.
class HostState {
 public:
  struct Robots {
    std::string body{};  // robots.txt as fetched ("" = allow all)
    // HTTP status it came with: 2xx parse the body; 3xx (redirects that
    // led nowhere) and 4xx allow all; 429, 5xx and 0 (unreachable) disallow
    // all, and are trusted for at most 10 minutes whatever the TTL.
    int status = 0;
    int64_t fetched_unix = 0;
  };
  virtual ~HostState() = default;
  // `origin` is "scheme://host[:port]" as NormalizeUrl writes it.
  virtual std::optional<Robots> GetRobots(const std::string& origin) = 0;
  virtual void PutRobots(const std::string& origin, const Robots& robots) = 0;
  // Earliest time (Unix milliseconds) the next request to `host` may start.
  // `host` is UrlHost's: lower case, no port. The Fetcher reads it when the
  // host gets work and writes it at every request start.
  virtual int64_t NextAllowedMs(const std::string& host) = 0;
  virtual void SetNextAllowedMs(const std::string& host, int64_t unix_ms) = 0;
};

// HostState held in memory only.
std::unique_ptr<HostState> NewMemoryHostState();

class Fetcher {
 public:
  // `host_state` must outlive the Fetcher; null means a private in-memory one.
  // Fails on invalid options (kInvalidArgument naming the option).
  static Result<std::unique_ptr<Fetcher>> Create(FetchOptions options,
                                                 HostState* host_state);
  virtual ~Fetcher() = default;

  // Queues a request. Requests for one host start in the order added; a
  // redirect hop goes first, and a retry goes first once its back-off is
  // over. An invalid URL is not queued: its error result comes out of the
  // next Run.
  virtual void Add(FetchRequest request) = 0;

  // Runs until every queued request (including those the callback adds) has
  // its result. Returns early, with requests still queued, once Stop was
  // called (also when Stop came before Run); in-flight transfers are
  // abandoned and their requests queued again for the next Run.
  virtual void Run(const std::function<void(FetchResult)>& on_result) = 0;

  // Thread- and async-signal-safe (an atomic flag and curl_multi_wakeup):
  // asks Run to return as soon as possible.
  virtual void Stop() = 0;
};

}  // namespace newsline

#endif  // NEWSLINE_FETCH_FETCHER_H_
