// The Fetcher over libcurl's multi interface.
//
// Scheduling: every queued request sits in its host's FIFO queue. Each turn
// of Run's loop walks the hosts with work and starts what politeness allows
// (global and per-host in-flight limits, the host's next allowed start time,
// retry back-off, robots.txt), then lets curl move the transfers and waits
// in curl_multi_poll until a socket is ready, a transfer times out, the next
// start time comes, or Stop wakes it. Redirects are followed here rather
// than by curl, so that every hop passes the same checks (scheme, loop,
// count, robots.txt, politeness of the target host).
#include "fetch/fetcher.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "fetch/robots.h"
#include "fetch/url.h"

namespace newsline {
namespace {

// A robots.txt that could not be read (5xx, network) disallows the whole
// origin; it is trusted for less time than a real file so that a transient
// outage does not block a site for a day.
constexpr int64_t kUnreachableRobotsTtlSeconds = 600;
// A robots.txt this Fetcher fetched serves its origin's queued requests for
// at least this long, whatever the TTL: with a TTL of 0 ("fetch it every
// run") the requests that waited for it must still get to use it.
constexpr int64_t kMinRobotsReuseSeconds = 60;
// Longest single wait in curl_multi_poll; only bounds how stale the clock
// view gets, since Stop and socket activity wake the poll anyway.
constexpr int64_t kMaxPollMs = 1000;
// Results (robots.txt refusals, say) that one scheduling pass may produce
// before the callback gets them: keeps a queue of 100 000 disallowed URLs
// from becoming 100 000 undelivered results.
constexpr size_t kMaxPendingResults = 256;

// RFC 9309 §2.3.1.3-4: a robots.txt that cannot be read (server errors,
// 429, no response) means "disallow everything", for now.
bool RobotsUnreachable(int status) {
  return status <= 0 || status >= 500 || status == 429;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using MultiPtr = std::unique_ptr<CURLM, MultiDeleter>;
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

std::string_view TrimHeader(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
std::optional<int64_t> ParseRetryAfterMs(const std::string& value,
                                         int64_t now_ms) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return INT64_MAX / 4;  // absurd; the cap applies
    return std::stoll(value) * 1000;
  }
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::max<int64_t>(0, static_cast<int64_t>(when) * 1000 - now_ms);
}

std::unexpected<Error> OptionError(std::string option, std::string message) {
  return MakeError(ErrorCode::kInvalidInput, "fetch option " + option,
                   std::move(message));
}

Result<void> ValidateOptions(const FetchOptions& o) {
  struct Bound {
    const char* name;
    int64_t value;
    int64_t min;
  };
  const Bound bounds[] = {
      {"per_host_delay_ms", o.per_host_delay_ms, 0},
      {"per_host_connections", o.per_host_connections, 1},
      {"max_connections", o.max_connections, 1},
      {"max_crawl_delay_ms", o.max_crawl_delay_ms, 0},
      {"robots_ttl_seconds", o.robots_ttl_seconds, 0},
      {"connect_timeout_ms", o.connect_timeout_ms, 1},
      {"total_timeout_ms", o.total_timeout_ms, 1},
      {"max_body_bytes", o.max_body_bytes, 1},
      {"max_redirects", o.max_redirects, 0},
      {"max_retries", o.max_retries, 0},
      {"retry_base_ms", o.retry_base_ms, 0},
      {"max_retry_after_ms", o.max_retry_after_ms, 0},
  };
  for (const Bound& b : bounds) {
    if (b.value < b.min) {
      return OptionError(b.name, "must be at least " + std::to_string(b.min) +
                                     " (got " + std::to_string(b.value) + ")");
    }
  }
  if (o.user_agent.empty()) {
    return OptionError("user_agent", "must not be empty");
  }
  if (!o.ca_file.empty() && access(o.ca_file.c_str(), R_OK) != 0) {
    return OptionError(
        "ca_file", "cannot read " + o.ca_file + ": " + std::strerror(errno));
  }
  for (char c : o.user_agent) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return OptionError("user_agent", "contains a control character");
    }
  }
  return {};
}

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

enum class JobKind { kPage, kRobots };

// One request on its way: a caller's page, or a robots.txt fetch the
// Fetcher made on its own. Follows the request through redirects and
// retries.
struct Job {
  JobKind kind = JobKind::kPage;
  FetchRequest request;
  UrlParts current;                // the URL of this hop
  std::vector<std::string> chain;  // earlier hops, for loop detection
  int attempts = 0;                // attempts at the current hop
  int64_t not_before_ms = 0;       // retry back-off
  std::string robots_origin;       // kRobots: whose robots.txt
};

// A transfer in flight. Owned by the Fetcher; curl points back at it
// through CURLOPT_PRIVATE and the callbacks' user data.
struct Transfer {
  Job job;
  std::string host_key;
  EasyPtr easy;
  SlistPtr headers;
  int64_t started_ms = 0;
  std::string body;
  int64_t body_limit = 0;
  bool truncate_body = false;  // robots.txt: keep the first bytes only
  bool body_too_large = false;
  bool body_truncated = false;
  std::string content_type, etag, last_modified, location, retry_after;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const auto room = static_cast<size_t>(t->body_limit) - t->body.size();
  if (bytes > room) {
    // Returning short aborts the transfer: curl decodes gzip/br/zstd chunk
    // by chunk, so a compression bomb stops here after body_limit bytes.
    if (t->truncate_body) {
      t->body.append(data, room);
      t->body_truncated = true;
    } else {
      t->body_too_large = true;
    }
    return 0;
  }
  t->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    // A new response (after 100 Continue, say): forget the previous one's.
    t->content_type.clear();
    t->etag.clear();
    t->last_modified.clear();
    t->location.clear();
    t->retry_after.clear();
    return bytes;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  const std::string_view name = TrimHeader(line.substr(0, colon));
  const std::string_view value = TrimHeader(line.substr(colon + 1));
  std::string* field = nullptr;
  if (EqualsIgnoreAsciiCase(name, "content-type")) field = &t->content_type;
  if (EqualsIgnoreAsciiCase(name, "etag")) field = &t->etag;
  if (EqualsIgnoreAsciiCase(name, "last-modified")) field = &t->last_modified;
  if (EqualsIgnoreAsciiCase(name, "location")) field = &t->location;
  if (EqualsIgnoreAsciiCase(name, "retry-after")) field = &t->retry_after;
  if (field != nullptr && value.size() <= 8192) field->assign(value);
  return bytes;
}

bool IsRetryableStatus(long status) { return status == 429 || status >= 500; }

bool IsRetryableCode(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      // Not CURLE_COULDNT_RESOLVE_HOST: an unknown name rarely comes back
      // within seconds, and the resolver has its own retries.
      return false;
  }
}

bool IsRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

class CurlFetcher final : public Fetcher {
 public:
  CurlFetcher(FetchOptions options, HostState* host_state, MultiPtr multi,
              std::unique_ptr<HostState> owned_state)
      : options_(std::move(options)),
        owned_state_(std::move(owned_state)),
        host_state_(host_state != nullptr ? host_state : owned_state_.get()),
        multi_(std::move(multi)),
        random_(std::random_device{}()) {}

  ~CurlFetcher() override {
    for (auto& [easy, transfer] : active_) {
      curl_multi_remove_handle(multi_.get(), easy);
    }
  }

  void Add(FetchRequest request) override;
  void Run(const std::function<void(FetchResult)>& on_result) override;
  void Stop() override {
    stop_.store(true, std::memory_order_relaxed);
    curl_multi_wakeup(multi_.get());
  }

 private:
  // Parsed robots.txt of one origin served by the host.
  struct OriginRobots {
    std::string origin;
    std::shared_ptr<const RobotsRules> rules;  // null until known
    int64_t expires_unix = 0;
    int status = 0;        // of the robots.txt response the rules came from
    bool pending = false;  // a robots.txt fetch is queued or in flight
  };
  // A host with queued or in-flight work; dropped when it has none.
  struct Host {
    std::deque<Job> jobs;
    int in_flight = 0;
    std::optional<int64_t> next_allowed_ms;  // cache of HostState's
    std::vector<OriginRobots> robots;
  };
  enum class RobotsVerdict { kAllowed, kDisallowed, kBlocked, kFetchQueued };

  Host& HostFor(const std::string& key) { return hosts_[key]; }
  void Enqueue(Job job, bool front);
  int64_t StartReady(int64_t now);
  RobotsVerdict CheckRobots(Host& host, const Job& job, int64_t now,
                            std::optional<int64_t>* crawl_delay_ms);
  // How long a robots.txt answered with `status` is trusted.
  int64_t RobotsTtl(int status) const {
    return RobotsUnreachable(status) ? std::min(options_.robots_ttl_seconds,
                                                kUnreachableRobotsTtlSeconds)
                                     : options_.robots_ttl_seconds;
  }
  // Why a URL of `origin` on `host` is refused: its robots.txt says so, or
  // it could not be read.
  static std::string DisallowedMessage(const Host& host,
                                       const std::string& origin) {
    for (const OriginRobots& r : host.robots) {
      if (r.origin != origin || !RobotsUnreachable(r.status)) continue;
      return "disallowed: robots.txt unreachable (" +
             (r.status > 0 ? "HTTP " + std::to_string(r.status)
                           : std::string("no response")) +
             "), so the whole site is off limits for now";
    }
    return "disallowed by robots.txt";
  }
  void Start(Job job, Host& host, const std::string& host_key, int64_t now);
  void Complete(CURL* easy, CURLcode code);
  void Retry(Job job, Host& host, const std::string& host_key,
             std::optional<int64_t> retry_after_ms, int64_t now);
  void FollowRedirect(Job job, const std::string& location, long status);
  void FinishRobots(const Job& job, int status, std::string body,
                    int64_t started_ms);
  void FinishWithError(const Job& job, ErrorCode code, std::string message);
  void AbandonInFlight();

  const FetchOptions options_;
  std::unique_ptr<HostState> owned_state_;
  HostState* const host_state_;
  MultiPtr multi_;  // destroyed after the transfers below
  std::unordered_map<std::string, Host> hosts_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_;
  std::vector<EasyPtr> idle_handles_;  // reused: saves set-up per request
  std::deque<FetchResult> results_;    // ready for the callback
  size_t queued_ = 0;                  // jobs in all host queues
  std::minstd_rand random_;
  std::atomic<bool> stop_{false};
};

void CurlFetcher::Add(FetchRequest request) {
  Result<UrlParts> parts = ParseHttpUrl(request.url);
  if (!parts) {
    FetchResult result;
    result.tag = request.tag;
    result.url = std::move(request.url);
    result.error = std::move(parts.error());
    result.error->where = result.url;
    results_.push_back(std::move(result));
    return;
  }
  Job job;
  job.current = std::move(*parts);
  job.request = std::move(request);
  Enqueue(std::move(job), /*front=*/false);
}

void CurlFetcher::Enqueue(Job job, bool front) {
  Host& host = HostFor(job.current.host);
  if (front) {
    host.jobs.push_front(std::move(job));
  } else {
    host.jobs.push_back(std::move(job));
  }
  ++queued_;
}

void CurlFetcher::FinishWithError(const Job& job, ErrorCode code,
                                  std::string message) {
  FetchResult result;
  result.tag = job.request.tag;
  result.url = job.request.url;
  result.final_url = job.current.url;
  result.attempts = job.attempts;
  result.error = Error{code, job.request.url, std::move(message)};
  results_.push_back(std::move(result));
}

CurlFetcher::RobotsVerdict CurlFetcher::CheckRobots(
    Host& host, const Job& job, int64_t now,
    std::optional<int64_t>* crawl_delay_ms) {
  const std::string& origin = job.current.origin;
  auto it =
      std::find_if(host.robots.begin(), host.robots.end(),
                   [&](const OriginRobots& r) { return r.origin == origin; });
  if (it == host.robots.end()) {
    host.robots.emplace_back();
    host.robots.back().origin = origin;
    it = host.robots.end() - 1;
  }
  if (it->pending) return RobotsVerdict::kBlocked;
  const int64_t now_unix = now / 1000;
  if (it->rules == nullptr || now_unix >= it->expires_unix) {
    it->rules = nullptr;
    if (std::optional<HostState::Robots> stored =
            host_state_->GetRobots(origin)) {
      const int64_t ttl = RobotsTtl(stored->status);
      if (now_unix < stored->fetched_unix + ttl) {
        it->status = stored->status;
        it->rules =
            std::make_shared<const RobotsRules>(RobotsRules::FromResponse(
                stored->status, stored->body, options_.user_agent));
        it->expires_unix = stored->fetched_unix + ttl;
      }
    }
  }
  if (it->rules == nullptr) {
    Result<UrlParts> robots_url = ParseHttpUrl(origin + "/robots.txt");
    if (!robots_url) {
      // Cannot happen for an origin that came out of ParseHttpUrl; were it
      // to, no robots.txt can be asked for, which RFC 9309 reads as none.
      it->rules = std::make_shared<const RobotsRules>();
      it->expires_unix = now_unix + options_.robots_ttl_seconds;
      return RobotsVerdict::kAllowed;
    }
    it->pending = true;
    Job robots;
    robots.kind = JobKind::kRobots;
    robots.robots_origin = origin;
    robots.current = std::move(*robots_url);
    robots.request.url = robots.current.url;
    host.jobs.push_front(std::move(robots));
    ++queued_;
    return RobotsVerdict::kFetchQueued;
  }
  *crawl_delay_ms = it->rules->crawl_delay_ms();
  return it->rules->IsAllowed(job.current.path_and_query)
             ? RobotsVerdict::kAllowed
             : RobotsVerdict::kDisallowed;
}

int64_t CurlFetcher::StartReady(int64_t now) {
  int64_t wake = INT64_MAX;
  const auto max_total = static_cast<size_t>(options_.max_connections);
  for (auto it = hosts_.begin(); it != hosts_.end();) {
    const std::string& key = it->first;
    Host& host = it->second;
    while (!host.jobs.empty() && active_.size() < max_total &&
           host.in_flight < options_.per_host_connections &&
           results_.size() < kMaxPendingResults) {
      if (!host.next_allowed_ms) {
        host.next_allowed_ms = host_state_->NextAllowedMs(key);
      }
      if (now < *host.next_allowed_ms) {
        wake = std::min(wake, *host.next_allowed_ms);
        break;
      }
      // The first job not backing off; order is kept otherwise.
      auto job_it =
          std::find_if(host.jobs.begin(), host.jobs.end(),
                       [&](const Job& j) { return j.not_before_ms <= now; });
      int64_t earliest_backoff = INT64_MAX;
      for (auto j = host.jobs.begin(); j != job_it; ++j) {
        earliest_backoff = std::min(earliest_backoff, j->not_before_ms);
      }
      if (job_it == host.jobs.end()) {
        wake = std::min(wake, earliest_backoff);
        break;
      }
      std::optional<int64_t> crawl_delay_ms;
      if (job_it->kind == JobKind::kPage && options_.obey_robots) {
        const RobotsVerdict verdict =
            CheckRobots(host, *job_it, now, &crawl_delay_ms);
        if (verdict == RobotsVerdict::kFetchQueued) continue;  // now in front
        if (verdict == RobotsVerdict::kBlocked) {
          // Waits for its origin's robots.txt; a backing-off robots fetch
          // ahead of it decides when to look again.
          wake = std::min(wake, earliest_backoff);
          break;
        }
        if (verdict == RobotsVerdict::kDisallowed) {
          FinishWithError(*job_it, ErrorCode::kUnsupported,
                          DisallowedMessage(host, job_it->current.origin));
          host.jobs.erase(job_it);
          --queued_;
          continue;
        }
      }
      Job job = std::move(*job_it);
      host.jobs.erase(job_it);
      --queued_;
      int64_t delay = options_.per_host_delay_ms;
      if (crawl_delay_ms) {
        delay = std::max<int64_t>(
            delay,
            std::min<int64_t>(*crawl_delay_ms, options_.max_crawl_delay_ms));
      }
      host.next_allowed_ms = now + delay;
      host_state_->SetNextAllowedMs(key, now + delay);
      Start(std::move(job), host, key, now);
    }
    const bool robots_pending =
        std::any_of(host.robots.begin(), host.robots.end(),
                    [](const OriginRobots& r) { return r.pending; });
    if (host.jobs.empty() && host.in_flight == 0 && !robots_pending) {
      it = hosts_.erase(it);
    } else {
      ++it;
    }
  }
  return wake;
}

void CurlFetcher::Start(Job job, Host& host, const std::string& host_key,
                        int64_t now) {
  auto t = std::make_unique<Transfer>();
  if (!idle_handles_.empty()) {
    t->easy = std::move(idle_handles_.back());
    idle_handles_.pop_back();
    curl_easy_reset(t->easy.get());
  } else {
    t->easy.reset(curl_easy_init());
    if (t->easy == nullptr) {
      FinishWithError(job, ErrorCode::kInternal, "curl_easy_init failed");
      return;
    }
  }
  ++job.attempts;
  t->host_key = host_key;
  t->started_ms = now;
  const bool robots = job.kind == JobKind::kRobots;
  t->body_limit =
      robots ? static_cast<int64_t>(kMaxRobotsBytes) : options_.max_body_bytes;
  t->truncate_body = robots;
  CURL* easy = t->easy.get();
  curl_easy_setopt(easy, CURLOPT_URL, job.current.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error_buffer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // all curl decodes
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                   static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  if (!options_.ca_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(options_.total_timeout_ms));
  if (!robots) {
    // Refuses early when Content-Length already says too much.
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_body_bytes));
    curl_slist* headers = nullptr;
    auto append = [&](const std::string& header) {
      if (header.find_first_of("\r\n") != std::string::npos) return;
      if (curl_slist* grown = curl_slist_append(headers, header.c_str())) {
        headers = grown;
      }
    };
    if (!job.request.etag.empty()) {
      append("If-None-Match: " + job.request.etag);
    }
    if (!job.request.last_modified.empty()) {
      append("If-Modified-Since: " + job.request.last_modified);
    }
    t->headers.reset(headers);
    if (headers != nullptr) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  }
  t->job = std::move(job);
  if (curl_multi_add_handle(multi_.get(), easy) != CURLM_OK) {
    FinishWithError(t->job, ErrorCode::kInternal,
                    "curl_multi_add_handle failed");
    idle_handles_.push_back(std::move(t->easy));
    return;
  }
  ++host.in_flight;
  active_.emplace(easy, std::move(t));
}

void CurlFetcher::Retry(Job job, Host& host, const std::string& host_key,
                        std::optional<int64_t> retry_after_ms, int64_t now) {
  const int exponent = std::min(job.attempts - 1, 20);
  int64_t delay = static_cast<int64_t>(options_.retry_base_ms) << exponent;
  // Jitter spreads the retries of many requests that failed together.
  delay += std::uniform_int_distribution<int64_t>(0, delay / 2)(random_);
  if (retry_after_ms) {
    const int64_t asked =
        std::min<int64_t>(*retry_after_ms, options_.max_retry_after_ms);
    delay = std::max(delay, asked);
    // The server spoke for the whole host, not for this URL only.
    const int64_t next =
        std::max(host.next_allowed_ms.value_or(0), now + asked);
    host.next_allowed_ms = next;
    host_state_->SetNextAllowedMs(host_key, next);
  }
  job.not_before_ms = now + delay;
  host.jobs.push_front(std::move(job));
  ++queued_;
}

void CurlFetcher::FollowRedirect(Job job, const std::string& location,
                                 long status) {
  Result<UrlParts> next = ParseHttpUrl(location, job.current.url);
  std::optional<std::string> failure;
  if (!next) {
    failure = "redirect to \"" + location.substr(0, 200) +
              "\" refused: " + next.error().message;
  } else {
    job.chain.push_back(job.current.url);
    if (std::find(job.chain.begin(), job.chain.end(), next->url) !=
        job.chain.end()) {
      failure = "redirect loop:";
      for (const std::string& hop : job.chain) *failure += " " + hop + " ->";
      *failure += " " + next->url;
    } else if (job.chain.size() > static_cast<size_t>(options_.max_redirects)) {
      failure = "too many redirects (more than " +
                std::to_string(options_.max_redirects) + ")";
    }
  }
  if (failure) {
    if (job.kind == JobKind::kRobots) {
      // RFC 9309 2.3.1.2: a robots.txt not reached through redirects counts
      // as unavailable, which allows everything.
      FinishRobots(job, static_cast<int>(status), "", 0);
    } else {
      FinishWithError(job, ErrorCode::kInvalidInput, std::move(*failure));
    }
    return;
  }
  job.current = std::move(*next);
  job.attempts = 0;
  job.not_before_ms = 0;
  Enqueue(std::move(job), /*front=*/true);
}

void CurlFetcher::FinishRobots(const Job& job, int status, std::string body,
                               int64_t started_ms) {
  const int64_t now = NowMs();
  HostState::Robots robots{
      .body = std::move(body), .status = status, .fetched_unix = now / 1000};
  const std::string host_key = UrlHost(job.robots_origin);
  auto host_it = hosts_.find(host_key);
  if (host_it != hosts_.end()) {
    Host& host = host_it->second;
    for (OriginRobots& r : host.robots) {
      if (r.origin != job.robots_origin) continue;
      r.pending = false;
      auto rules =
          std::make_shared<const RobotsRules>(RobotsRules::FromResponse(
              robots.status, robots.body, options_.user_agent));
      const int64_t ttl = RobotsTtl(status);
      r.status = status;
      r.expires_unix =
          robots.fetched_unix + std::max(ttl, kMinRobotsReuseSeconds);
      // The robots.txt request itself started the host's clock; a
      // Crawl-delay it announces counts from then.
      if (rules->crawl_delay_ms() && started_ms > 0) {
        const int64_t delay =
            std::max<int64_t>(options_.per_host_delay_ms,
                              std::min<int64_t>(*rules->crawl_delay_ms(),
                                                options_.max_crawl_delay_ms));
        const int64_t next =
            std::max(host.next_allowed_ms.value_or(0), started_ms + delay);
        host.next_allowed_ms = next;
        host_state_->SetNextAllowedMs(host_key, next);
      }
      r.rules = std::move(rules);
    }
  }
  host_state_->PutRobots(job.robots_origin, robots);
}

void CurlFetcher::Complete(CURL* easy, CURLcode code) {
  auto node = active_.extract(easy);
  if (node.empty()) return;
  std::unique_ptr<Transfer> t = std::move(node.mapped());
  curl_multi_remove_handle(multi_.get(), easy);
  long status = 0, http_version = 0, connects = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &http_version);
  curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
  Job job = std::move(t->job);
  if (idle_handles_.size() < static_cast<size_t>(options_.max_connections)) {
    idle_handles_.push_back(std::move(t->easy));
  }
  const int64_t now = NowMs();
  Host& host = HostFor(t->host_key);
  --host.in_flight;
  const bool robots = job.kind == JobKind::kRobots;
  const bool got_response =
      code == CURLE_OK || (robots && t->body_truncated && status > 0);

  if (got_response) {
    if (IsRedirectStatus(status) && !t->location.empty()) {
      FollowRedirect(std::move(job), t->location, status);
      return;
    }
    if (IsRetryableStatus(status) && job.attempts <= options_.max_retries) {
      Retry(std::move(job), host, t->host_key,
            ParseRetryAfterMs(t->retry_after, now), now);
      return;
    }
    if (robots) {
      FinishRobots(job, static_cast<int>(status), std::move(t->body),
                   t->started_ms);
      return;
    }
    FetchResult result;
    result.tag = job.request.tag;
    result.url = std::move(job.request.url);
    result.final_url = std::move(job.current.url);
    result.status = static_cast<int>(status);
    result.content_type = std::move(t->content_type);
    result.etag = std::move(t->etag);
    result.last_modified = std::move(t->last_modified);
    if (status == 304) {
      // A 304 may omit the validators; the ones sent are still current.
      if (result.etag.empty()) result.etag = std::move(job.request.etag);
      if (result.last_modified.empty()) {
        result.last_modified = std::move(job.request.last_modified);
      }
    }
    result.body = std::move(t->body);
    result.attempts = job.attempts;
    result.http_version = http_version == CURL_HTTP_VERSION_3     ? 3
                          : http_version == CURL_HTTP_VERSION_2_0 ? 2
                          : http_version != 0                     ? 1
                                                                  : 0;
    result.new_connection = connects > 0;
    results_.push_back(std::move(result));
    return;
  }

  if (t->body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
    FinishWithError(job, ErrorCode::kInvalidInput,
                    "body larger than max_body_bytes (" +
                        std::to_string(options_.max_body_bytes) + " bytes)");
    return;
  }
  if (IsRetryableCode(code) && job.attempts <= options_.max_retries) {
    Retry(std::move(job), host, t->host_key, std::nullopt, now);
    return;
  }
  if (robots) {
    FinishRobots(job, 0, "", t->started_ms);
    return;
  }
  std::string message;
  if (code == CURLE_OPERATION_TIMEDOUT) {
    message = "timed out";
  } else if (code == CURLE_UNSUPPORTED_PROTOCOL) {
    message = "unsupported protocol";
  } else {
    message = curl_easy_strerror(code);
  }
  if (t->error_buffer[0] != '\0') {
    message += std::string(" (") + t->error_buffer + ")";
  }
  message += " after " + std::to_string(job.attempts) +
             (job.attempts == 1 ? " attempt" : " attempts");
  FinishWithError(job, ErrorCode::kIo, std::move(message));
}

void CurlFetcher::AbandonInFlight() {
  for (auto& [easy, t] : active_) {
    curl_multi_remove_handle(multi_.get(), easy);
    Job job = std::move(t->job);
    --job.attempts;  // the abandoned attempt does not count
    Host& host = HostFor(t->host_key);
    --host.in_flight;
    host.jobs.push_front(std::move(job));
    ++queued_;
    if (idle_handles_.size() < static_cast<size_t>(options_.max_connections)) {
      idle_handles_.push_back(std::move(t->easy));
    }
  }
  active_.clear();
}

void CurlFetcher::Run(const std::function<void(FetchResult)>& on_result) {
  while (!stop_.load(std::memory_order_relaxed)) {
    if (!results_.empty()) {
      FetchResult result = std::move(results_.front());
      results_.pop_front();
      on_result(std::move(result));
      continue;
    }
    const int64_t wake = StartReady(NowMs());
    if (!results_.empty()) continue;
    if (active_.empty() && queued_ == 0) break;

    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    int left = 0;
    bool completed = false;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
      if (message->msg == CURLMSG_DONE) {
        Complete(message->easy_handle, message->data.result);
        completed = true;
      }
    }
    // A completion frees a slot or queues a retry or redirect: schedule
    // again before sleeping.
    if (completed) continue;

    int64_t wait = kMaxPollMs;
    long curl_wait = -1;
    curl_multi_timeout(multi_.get(), &curl_wait);
    if (curl_wait >= 0) wait = std::min<int64_t>(wait, curl_wait);
    if (wake != INT64_MAX)
      wait = std::min(wait, std::max<int64_t>(0, wake - NowMs()));
    if (wait > 0) {
      curl_multi_poll(multi_.get(), nullptr, 0, static_cast<int>(wait),
                      nullptr);
    }
  }
  if (stop_.exchange(false)) AbandonInFlight();
}

}  // namespace

Result<std::unique_ptr<Fetcher>> Fetcher::Create(FetchOptions options,
                                                 HostState* host_state) {
  if (Result<void> valid = ValidateOptions(options); !valid) {
    return std::unexpected(valid.error());
  }
  GlobalInitOnce();
  MultiPtr multi(curl_multi_init());
  if (multi == nullptr) {
    return MakeError(ErrorCode::kInternal, "fetcher", "curl_multi_init failed");
  }
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    static_cast<long>(options.max_connections));
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(options.per_host_connections));
  curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING,
                    static_cast<long>(CURLPIPE_MULTIPLEX));
  std::unique_ptr<HostState> owned;
  if (host_state == nullptr) owned = NewMemoryHostState();
  return std::unique_ptr<Fetcher>(new CurlFetcher(
      std::move(options), host_state, std::move(multi), std::move(owned)));
}

}  // namespace newsline
