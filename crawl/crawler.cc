#include "crawl/crawler.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/date.h"
#include "crawl/feeds.h"
#include "crawl/fetched_article.h"
#include "crawl/internal/queue.h"
#include "fetch/robots.h"
#include "fetch/url.h"
#include "pipeline/output.h"

namespace newsline {
namespace {

// Article requests handed to the Fetcher at a time; the rest wait in the
// state. Enough to keep every connection busy on a fast site.
constexpr int kFetchWindow = 256;
// Lines committed and synced together by the writer.
constexpr size_t kMaxBatch = 256;

Error IoError(const std::string& where, const std::string& what) {
  return Error{ErrorCode::kIo, where, what + ": " + std::strerror(errno)};
}

// Writes all of `bytes` at the end (O_APPEND) or at `offset` (>= 0).
bool WriteAll(int fd, std::string_view bytes, int64_t offset = -1) {
  while (!bytes.empty()) {
    const ssize_t n = offset < 0
                          ? ::write(fd, bytes.data(), bytes.size())
                          : ::pwrite(fd, bytes.data(), bytes.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    if (offset >= 0) offset += n;
  }
  return true;
}

bool ReadAt(int fd, int64_t offset, size_t size, std::string* out) {
  out->resize(size);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out->data() + done, size - done,
                              offset + static_cast<int64_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Syncs a regular file; pipes and terminals have nothing to sync.
bool SyncOutput(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return true;
  return ::fdatasync(fd) == 0;
}

int64_t TodayDayNumber() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::hours>(now).count() / 24;
}

// The text hash for dedup by content; 0 means "none" in the state.
uint64_t TextHash(std::string_view text) {
  const uint64_t h = XXH3_64bits(text.data(), text.size());
  return h == 0 ? 1 : h;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A site that advertises no feed is looked at again (robots.txt, then the
// conventional locations) once what was found is this old, or once this
// long has passed since nothing was found: often enough to follow a site's
// changes, rarely enough that its home page changing on every pass does not
// cost a handful of probes each time.
constexpr int64_t kRediscoverAfterMs = int64_t{7} * 86'400'000;
constexpr int64_t kRetryDiscoveryAfterMs = int64_t{86'400'000};
// Sitemap lines of one robots.txt followed at most; the rest are reported.
constexpr size_t kMaxRobotsSitemaps = 64;

// Where sites that advertise no feed usually have one, probed in this order,
// one at a time, until one parses as what it should be. Sitemaps first: a
// news site's sitemap lists every article, and its index is cheap to poll
// conditionally. Kept short: each entry is a request to a site that did not
// ask for it.
struct Probe {
  std::string_view path;
  std::string_view kind;  // "sitemap" or "feed"
};
constexpr Probe kProbes[] = {
    {"/sitemap.xml", "sitemap"}, {"/sitemap_index.xml", "sitemap"},
    {"/feed", "feed"},           {"/rss.xml", "feed"},
    {"/atom.xml", "feed"},       {"/feed.xml", "feed"},
};

std::string ProbeList() {
  std::string list;
  for (const Probe& p : kProbes) {
    list += (list.empty() ? "" : ", ") + std::string(p.path);
  }
  return list;
}

constexpr std::string_view kNoFeedAdvertised =
    "no feed advertised (<link rel=\"alternate\"> to RSS, Atom or JSON "
    "Feed)";

}  // namespace

// Everything that lives for one pass: the requests in flight, the queues and
// threads, and the counters.
class Crawler::Pass {
 public:
  explicit Pass(Crawler& c)
      : c_(c), analysis_(Jobs(c) * 2), writer_(kMaxBatch) {}

  Result<PassStats> Run();

 private:
  struct Request {
    bool article = false;
    // Sources, and the requests of a site's discovery: "feed", "sitemap",
    // "site"; "robots" (its robots.txt) and "probe" (kProbes[probe]).
    std::string kind;
    std::string parent;
    int depth = 0;
    std::string etag, last_modified;  // sent: kept when nothing new comes
    // Sites: how their children were found last, and when.
    std::string discovery;
    int64_t discovered_at_ms = 0;
    // Discovery requests: the site they are for.
    std::string site;
    size_t probe = 0;
    // Articles.
    int64_t url_id = 0;
  };
  // A site that advertises no feed, while its robots.txt and the
  // conventional locations are tried in turn.
  struct Discovery {
    CrawlState::SourcePoll poll;  // the site's, recorded when done
    std::string origin;
    std::vector<std::string> tried;  // for the error: "/feed (HTTP 404)"
    size_t next_probe = 0;
  };
  struct AnalysisJob {
    int64_t url_id = 0;
    int http_status = 0;
    std::string etag, last_modified;
    RawArticle raw;
  };
  // A line to emit (line non-empty) or an outcome to record.
  struct WriterItem {
    std::string url;
    std::string line;
    uint64_t hash = 0;
    int http_status = 0;
    std::string etag, last_modified;
    CrawlState::UrlOutcome outcome;
  };
  struct Counters {
    std::atomic<int64_t> emitted{0}, duplicates{0}, not_modified{0}, skipped{0},
        failed{0}, bytes{0};
  };

  static int Jobs(const Crawler& c) {
    if (c.options_.jobs > 0) return c.options_.jobs;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }

  void Report(const std::string& line) {
    if (!c_.options_.report) return;
    std::lock_guard lock(report_mu_);
    c_.options_.report(line);
  }
  void Fatal(const Error& error) {
    {
      std::lock_guard lock(fatal_mu_);
      if (!fatal_) fatal_ = error;
    }
    c_.fetcher_->Stop();
  }
  bool HasFatal() {
    std::lock_guard lock(fatal_mu_);
    return fatal_.has_value();
  }

  void PollSource(const std::string& url, const std::string& kind,
                  const std::string& parent, int depth);
  void OnResult(FetchResult result);
  void OnSource(const Request& request, FetchResult result);
  void OnArticle(const Request& request, FetchResult result);
  void FailSource(CrawlState::SourcePoll& poll, const std::string& message);
  void PollChildren(const std::string& parent, const std::string& parent_kind,
                    int parent_depth,
                    const std::vector<CrawlState::SourceChild>& children);
  // Discovery for a site whose page advertises no feed.
  void DiscoverWithoutLinks(const Request& request, CrawlState::SourcePoll poll,
                            const std::string& base);
  void AddDiscoveryRequest(const std::string& site, const std::string& kind,
                           const std::string& url, size_t probe);
  void OnRobotsText(const std::string& site, int status, std::string_view body,
                    const std::string& problem);
  void OnProbe(const Request& request, FetchResult result);
  void NextProbe(const std::string& site);
  void FinishDiscovery(const std::string& site,
                       std::vector<CrawlState::SourceChild> children,
                       const std::string& how);
  void Record(const CrawlState::SourcePoll& poll);
  void TopUp();
  bool TooOld(std::string_view date) const;
  void Analyze();
  void Write();
  void WriteBatch(std::vector<WriterItem>& batch);

  Crawler& c_;
  // Fetch thread only.
  std::unordered_map<uint64_t, Request> requests_;
  std::unordered_set<std::string> polled_;  // sources polled in this pass
  std::unordered_map<std::string, Discovery> discoveries_;  // by site URL
  uint64_t next_tag_ = 1;
  int64_t cursor_ = 0;  // highest url id handed to the fetcher
  int in_flight_ = 0;   // article requests in the fetcher
  bool todo_maybe_ = true;
  PassStats stats_;  // source and article counts kept by this thread
  // Shared.
  internal::BoundedQueue<AnalysisJob> analysis_;
  internal::BoundedQueue<WriterItem> writer_;
  Counters counters_;
  std::mutex report_mu_, fatal_mu_;
  std::optional<Error> fatal_;
};

Result<PassStats> Crawler::Pass::Run() {
  if (c_.stop_) {
    stats_.stopped = true;
    return stats_;
  }
  std::vector<std::thread> workers;
  const int jobs = Jobs(c_);
  for (int i = 0; i < jobs; ++i) workers.emplace_back([this] { Analyze(); });
  std::thread writer([this] { Write(); });

  for (const CrawlSource& source : c_.config_.sources) {
    if (source.kind == CrawlSource::Kind::kUrl) {
      // A single page is its own list of articles.
      ++stats_.sources;
      Record({.url = source.url,
              .kind = "url",
              .changed = true,
              .articles = {source.url}});
      todo_maybe_ = true;
    } else {
      PollSource(source.url, std::string(SourceKindName(source.kind)), "", 0);
    }
  }
  TopUp();
  c_.fetcher_->Run([this](FetchResult result) { OnResult(std::move(result)); });

  analysis_.Close();
  for (std::thread& t : workers) t.join();
  writer_.Close();
  writer.join();

  if (fatal_) return std::unexpected(*fatal_);
  stats_.emitted = counters_.emitted;
  stats_.duplicates = counters_.duplicates;
  stats_.not_modified = counters_.not_modified;
  stats_.skipped = counters_.skipped;
  stats_.failed = counters_.failed;
  stats_.bytes = counters_.bytes;
  stats_.stopped = c_.stop_;
  return stats_;
}

void Crawler::Pass::PollSource(const std::string& url, const std::string& kind,
                               const std::string& parent, int depth) {
  if (!polled_.insert(url).second) return;
  ++stats_.sources;
  Request request{.kind = kind, .parent = parent, .depth = depth};
  if (auto known = c_.state_->GetSource(url)) {
    request.etag = known->etag;
    request.last_modified = known->last_modified;
    request.discovery = known->discovery;
    request.discovered_at_ms = known->discovered_at_ms;
  }
  const uint64_t tag = next_tag_++;
  c_.fetcher_->Add({.url = url,
                    .etag = request.etag,
                    .last_modified = request.last_modified,
                    .tag = tag});
  requests_.emplace(tag, std::move(request));
}

void Crawler::Pass::OnResult(FetchResult result) {
  auto node = requests_.extract(result.tag);
  if (node.empty()) return;  // not ours: cannot happen, but harmless
  if (node.mapped().article) {
    --in_flight_;
    OnArticle(node.mapped(), std::move(result));
  } else if (node.mapped().kind == "robots") {
    const bool ok =
        !result.error && result.status >= 200 && result.status <= 299;
    std::string problem;
    if (result.error) {
      problem = result.error->message;
    } else if (!ok) {
      problem = "HTTP " + std::to_string(result.status);
    }
    OnRobotsText(node.mapped().site, ok ? result.status : 0, result.body,
                 problem);
  } else if (node.mapped().kind == "probe") {
    OnProbe(node.mapped(), std::move(result));
  } else {
    OnSource(node.mapped(), std::move(result));
  }
  if (!c_.stop_ && !HasFatal()) TopUp();
}

void Crawler::Pass::Record(const CrawlState::SourcePoll& poll) {
  if (auto ok = c_.state_->RecordPoll(poll); !ok) Fatal(ok.error());
}

bool Crawler::Pass::TooOld(std::string_view date) const {
  if (c_.config_.sitemap_max_age_days <= 0 || date.empty()) return false;
  auto parsed = ParseIsoDate(date);
  if (!parsed) return false;
  return TodayDayNumber() - ToDayNumber(*parsed) >
         c_.config_.sitemap_max_age_days;
}

void Crawler::Pass::OnSource(const Request& request, FetchResult result) {
  const std::string& url = result.url;
  CrawlState::SourcePoll poll{.url = url,
                              .kind = request.kind,
                              .parent = request.parent,
                              .http_status = result.status,
                              .etag = request.etag,
                              .last_modified = request.last_modified};
  auto fail = [&](const std::string& message) { FailSource(poll, message); };
  if (result.error) return fail(result.error->message);

  if (result.status == 304) {
    ++stats_.sources_unchanged;
    if (!result.etag.empty()) poll.etag = result.etag;
    if (!result.last_modified.empty())
      poll.last_modified = result.last_modified;
    Record(poll);
    // Its children may have changed, or not all been polled before a crash.
    auto children = c_.state_->ChildSources(url);
    if (!children) return Fatal(children.error());
    return PollChildren(url, request.kind, request.depth, *children);
  }
  if (result.status < 200 || result.status > 299) {
    return fail("HTTP " + std::to_string(result.status));
  }

  const std::string base = result.final_url.empty() ? url : result.final_url;
  poll.changed = true;
  poll.etag = result.etag;
  poll.last_modified = result.last_modified;
  if (request.kind == "feed") {
    auto feed = ParseFeed(result.body, base);
    if (!feed) return fail(feed.error().message);
    for (FeedItem& item : feed->items) {
      poll.articles.push_back(std::move(item.url));
    }
    if (feed->skipped > 0) {
      Report("warning: " + url + ": " + std::to_string(feed->skipped) +
             " feed items without a usable link");
    }
  } else if (request.kind == "sitemap") {
    auto sitemap = ParseSitemap(result.body, base);
    if (!sitemap) return fail(sitemap.error().message);
    std::vector<std::string>& list =
        sitemap->is_index ? poll.children : poll.articles;
    for (SitemapEntry& entry : sitemap->entries) {
      const std::string& date =
          entry.news_published.empty() ? entry.lastmod : entry.news_published;
      if (!TooOld(date)) list.push_back(std::move(entry.url));
    }
    poll.children_kind = "sitemap";
  } else {  // site
    poll.children = DiscoverFeeds(result.body, base);
    if (poll.children.empty()) {
      return DiscoverWithoutLinks(request, std::move(poll), base);
    }
    poll.children_kind = "feed";
    poll.discovery = "link";
  }
  if (!poll.articles.empty()) todo_maybe_ = true;
  Record(poll);
  std::vector<CrawlState::SourceChild> children;
  children.reserve(poll.children.size());
  for (std::string& child : poll.children) {
    children.push_back({.url = std::move(child), .kind = poll.children_kind});
  }
  PollChildren(url, request.kind, request.depth, children);
}

void Crawler::Pass::FailSource(CrawlState::SourcePoll& poll,
                               const std::string& message) {
  ++stats_.sources_failed;
  poll.error = message;
  Report("error: " + poll.url + ": " + message);
  Record(poll);
}

void Crawler::Pass::PollChildren(
    const std::string& parent, const std::string& parent_kind, int parent_depth,
    const std::vector<CrawlState::SourceChild>& children) {
  // A site's sitemaps count their nesting from themselves, as configured
  // sitemaps do.
  if (parent_kind == "site") {
    for (const CrawlState::SourceChild& child : children) {
      PollSource(child.url, child.kind, parent, 0);
    }
    return;
  }
  const int max_depth = c_.config_.sitemap_max_depth;
  if (parent_kind == "sitemap" && parent_depth + 1 > max_depth) {
    if (!children.empty()) {
      Report("warning: " + parent + ": sitemap indexes nested deeper than " +
             std::to_string(max_depth) + "; " +
             std::to_string(children.size()) + " sitemaps not read");
    }
    return;
  }
  for (const CrawlState::SourceChild& child : children) {
    PollSource(child.url, child.kind, parent, parent_depth + 1);
  }
}

void Crawler::Pass::DiscoverWithoutLinks(const Request& request,
                                         CrawlState::SourcePoll poll,
                                         const std::string& base) {
  const std::string url = poll.url;
  const int64_t age = NowMs() - request.discovered_at_ms;
  if ((request.discovery == "robots" || request.discovery == "probe") &&
      age < kRediscoverAfterMs) {
    // Found by an earlier pass: the page changed, not its lack of feeds.
    auto children = c_.state_->ChildSources(url);
    if (!children) return Fatal(children.error());
    if (!children->empty()) {
      poll.changed = false;  // keeps the children
      Record(poll);
      return PollChildren(url, request.kind, request.depth, *children);
    }
  }
  if (request.discovery == "none" && age < kRetryDiscoveryAfterMs) {
    // No validators: the page is read again next pass, until it has feeds.
    poll.etag.clear();
    poll.last_modified.clear();
    const int64_t hours = std::max<int64_t>(age / 3'600'000, 0);
    const std::string when = hours == 0 ? "less than an hour ago"
                             : hours == 1
                                 ? "1 hour ago"
                                 : std::to_string(hours) + " hours ago";
    FailSource(poll, std::string(kNoFeedAdvertised) +
                         ", and robots.txt and the usual places (" +
                         ProbeList() + ") had none " + when +
                         "; they are tried again after 24 hours");
    return;
  }
  Discovery discovery{.poll = std::move(poll), .origin = UrlOrigin(base)};
  if (discovery.origin.empty()) discovery.origin = UrlOrigin(url);
  const std::string origin = discovery.origin;
  discoveries_.insert_or_assign(url, std::move(discovery));
  // The Fetcher keeps each origin's robots.txt in the state, fetched before
  // the page was; when robots.txt is not obeyed it may not be there.
  if (auto robots = c_.state_->GetRobots(origin)) {
    const bool ok = robots->status >= 200 && robots->status <= 299;
    return OnRobotsText(url, ok ? robots->status : 0, robots->body,
                        ok ? "" : "HTTP " + std::to_string(robots->status));
  }
  AddDiscoveryRequest(url, "robots", origin + "/robots.txt", 0);
}

void Crawler::Pass::AddDiscoveryRequest(const std::string& site,
                                        const std::string& kind,
                                        const std::string& url, size_t probe) {
  const uint64_t tag = next_tag_++;
  c_.fetcher_->Add({.url = url, .tag = tag});
  requests_.emplace(tag, Request{.kind = kind, .site = site, .probe = probe});
}

void Crawler::Pass::OnRobotsText(const std::string& site, int status,
                                 std::string_view body,
                                 const std::string& problem) {
  auto it = discoveries_.find(site);
  if (it == discoveries_.end()) return;
  Discovery& d = it->second;
  if (status == 0) {
    d.tried.push_back("robots.txt (" + problem + ")");
    return NextProbe(site);
  }
  const RobotsRules rules =
      RobotsRules::Parse(body, c_.config_.fetch.user_agent);
  std::vector<CrawlState::SourceChild> sitemaps;
  std::unordered_set<std::string> seen;
  const std::string robots_url = d.origin + "/robots.txt";
  for (const std::string& line : rules.sitemaps()) {
    auto sitemap = ResolveUrl(robots_url, line);
    if (!sitemap || !seen.insert(*sitemap).second) continue;
    if (sitemaps.size() == kMaxRobotsSitemaps) {
      Report("warning: " + robots_url + ": more than " +
             std::to_string(kMaxRobotsSitemaps) +
             " Sitemap lines; the rest are not read");
      break;
    }
    sitemaps.push_back({.url = std::move(*sitemap), .kind = "sitemap"});
  }
  if (sitemaps.empty()) {
    d.tried.push_back("robots.txt (no Sitemap line)");
    return NextProbe(site);
  }
  FinishDiscovery(site, sitemaps, "robots");
  PollChildren(site, "site", 0, sitemaps);
}

void Crawler::Pass::NextProbe(const std::string& site) {
  auto it = discoveries_.find(site);
  if (it == discoveries_.end()) return;
  Discovery& d = it->second;
  if (c_.stop_) return;  // not recorded: looked at again next pass
  if (d.next_probe < std::size(kProbes)) {
    const size_t probe = d.next_probe++;
    return AddDiscoveryRequest(
        site, "probe", d.origin + std::string(kProbes[probe].path), probe);
  }
  CrawlState::SourcePoll poll = std::move(d.poll);
  std::string tried;
  for (const std::string& t : d.tried) tried += (tried.empty() ? "" : ", ") + t;
  discoveries_.erase(it);
  // No validators: the page is read again next pass, until it has feeds;
  // the probes wait kRetryDiscoveryAfterMs.
  poll.etag.clear();
  poll.last_modified.clear();
  poll.discovery = "none";
  FailSource(poll,
             std::string(kNoFeedAdvertised) + ", and none found: " + tried);
}

void Crawler::Pass::OnProbe(const Request& request, FetchResult result) {
  if (!discoveries_.contains(request.site)) return;
  const Probe& probe = kProbes[request.probe];
  std::string problem;
  if (result.error) {
    problem = result.error->message;
  } else if (result.status < 200 || result.status > 299) {
    problem = "HTTP " + std::to_string(result.status);
  } else {
    const std::string base =
        result.final_url.empty() ? result.url : result.final_url;
    if (probe.kind == "sitemap") {
      auto sitemap = ParseSitemap(result.body, base);
      if (!sitemap) problem = sitemap.error().message;
    } else {
      auto feed = ParseFeed(result.body, base);
      if (!feed) problem = feed.error().message;
    }
  }
  if (!problem.empty()) {
    discoveries_[request.site].tried.push_back(std::string(probe.path) + " (" +
                                               problem + ")");
    return NextProbe(request.site);
  }
  const std::string child = result.url;
  FinishDiscovery(request.site,
                  {{.url = child, .kind = std::string(probe.kind)}}, "probe");
  // The probe's answer is the child's first poll: not fetched twice.
  if (!polled_.insert(child).second) return;
  ++stats_.sources;
  OnSource(Request{.kind = std::string(probe.kind), .parent = request.site},
           std::move(result));
}

void Crawler::Pass::FinishDiscovery(
    const std::string& site, std::vector<CrawlState::SourceChild> children,
    const std::string& how) {
  auto node = discoveries_.extract(site);
  if (node.empty()) return;
  CrawlState::SourcePoll& poll = node.mapped().poll;
  std::string list;
  for (CrawlState::SourceChild& child : children) {
    list += (list.empty() ? "" : ", ") + child.url;
    poll.children.push_back(std::move(child.url));
  }
  poll.children_kind = children.empty() ? "feed" : children.front().kind;
  poll.discovery = how;
  Report("note: " + site + ": " + std::string(kNoFeedAdvertised) +
         "; polling " + list +
         (how == "robots" ? " (Sitemap lines of robots.txt)"
                          : " (found at a usual place)"));
  Record(poll);
}

void Crawler::Pass::OnArticle(const Request& request, FetchResult result) {
  counters_.bytes += static_cast<int64_t>(result.body.size());
  const int status = result.status;
  std::string etag = result.etag, last_modified = result.last_modified;
  FetchedArticle page = ArticleFromFetch(std::move(result));
  if (page.outcome == FetchOutcome::kArticle) {
    if (c_.stop_) return;  // not recorded: fetched again next run
    analysis_.Push({.url_id = request.url_id,
                    .http_status = status,
                    .etag = std::move(etag),
                    .last_modified = std::move(last_modified),
                    .raw = std::move(page.raw)});
    return;
  }
  WriterItem item{.url = page.raw.url};
  CrawlState::UrlOutcome& o = item.outcome;
  o.id = request.url_id;
  o.http_status = status;
  o.etag = etag;
  o.last_modified = last_modified;
  o.error = page.raw.error ? page.raw.error->message : "";
  const std::string message =
      page.raw.error ? page.raw.error->ToString() : page.raw.url;
  switch (page.outcome) {
    case FetchOutcome::kNotModified:
      ++counters_.not_modified;
      o.status = "not_article";
      break;
    case FetchOutcome::kDisallowed:
      ++counters_.skipped;
      o.status = "disallowed";
      Report("skipped: " + message);
      break;
    case FetchOutcome::kNotArticle:
      ++counters_.skipped;
      o.status = "not_article";
      Report("skipped: " + message);
      break;
    case FetchOutcome::kGone:
      ++counters_.failed;
      o.status = "gone";
      Report("error: " + message);
      break;
    case FetchOutcome::kFailed:
    case FetchOutcome::kArticle:
      ++counters_.failed;
      o.status = "error";
      Report("error: " + message);
      break;
  }
  writer_.Push(std::move(item));
}

void Crawler::Pass::TopUp() {
  const int64_t limit = c_.config_.max_articles_per_pass;
  while (todo_maybe_ && in_flight_ < kFetchWindow &&
         (limit == 0 || stats_.articles_found < limit)) {
    int64_t want = kFetchWindow - in_flight_;
    if (limit > 0) want = std::min(want, limit - stats_.articles_found);
    auto todo = c_.state_->NextTodo(cursor_, static_cast<int>(want));
    if (!todo) return Fatal(todo.error());
    for (CrawlState::TodoUrl& row : *todo) {
      cursor_ = row.id;
      const uint64_t tag = next_tag_++;
      requests_.emplace(tag, Request{.article = true, .url_id = row.id});
      c_.fetcher_->Add({.url = std::move(row.url),
                        .etag = std::move(row.etag),
                        .last_modified = std::move(row.last_modified),
                        .tag = tag});
      ++in_flight_;
      ++stats_.articles_found;
    }
    if (static_cast<int64_t>(todo->size()) < want) todo_maybe_ = false;
  }
}

void Crawler::Pass::Analyze() {
  AnalysisJob job;
  while (analysis_.Pop(&job)) {
    if (c_.stop_ || HasFatal()) continue;  // drained: fetched again next run
    const std::string url = job.raw.url;
    AnalyzedArticle a = c_.analyzer_->Analyze(std::move(job.raw), 0);
    WriterItem item{.url = url,
                    .http_status = job.http_status,
                    .etag = std::move(job.etag),
                    .last_modified = std::move(job.last_modified)};
    item.outcome.id = job.url_id;
    if (!a.errors.empty()) {
      ++counters_.skipped;
      item.outcome.status = "not_article";
      item.outcome.http_status = item.http_status;
      item.outcome.etag = item.etag;
      item.outcome.last_modified = item.last_modified;
      item.outcome.error = a.errors.front().message;
      Report("skipped: " + a.errors.front().ToString());
    } else {
      item.hash = TextHash(a.text);
      item.line = ArticleJsonLine(a, c_.options_.include_text);
      item.line += '\n';
    }
    writer_.Push(std::move(item));
  }
}

void Crawler::Pass::Write() {
  for (;;) {
    std::vector<WriterItem> batch =
        writer_.PopSome(std::max<size_t>(c_.options_.max_batch, 1));
    if (batch.empty()) return;
    if (!HasFatal()) WriteBatch(batch);
  }
}

void Crawler::Pass::WriteBatch(std::vector<WriterItem>& batch) {
  std::vector<CrawlState::UrlOutcome> outcomes;
  std::vector<CrawlState::Emission> emissions;
  std::unordered_set<uint64_t> hashes;
  int64_t offset = 0;
  if (c_.output_fd_ != STDOUT_FILENO) {
    offset = ::lseek(c_.output_fd_, 0, SEEK_END);
    if (offset < 0) return Fatal(IoError(c_.output_name_, "cannot seek"));
  }
  for (WriterItem& item : batch) {
    if (item.line.empty()) {
      outcomes.push_back(std::move(item.outcome));
      continue;
    }
    bool duplicate = !hashes.insert(item.hash).second;
    if (!duplicate) {
      auto known = c_.state_->ContentEmitted(item.hash);
      if (!known) return Fatal(known.error());
      duplicate = *known;
    }
    if (duplicate) {
      ++counters_.duplicates;
      Report("skipped: " + item.url +
             ": same text as an article already emitted");
      CrawlState::UrlOutcome o = std::move(item.outcome);
      o.status = "duplicate";
      o.http_status = item.http_status;
      o.etag = item.etag;
      o.last_modified = item.last_modified;
      o.content_hash = item.hash;
      outcomes.push_back(std::move(o));
      continue;
    }
    const int64_t size = static_cast<int64_t>(item.line.size());
    emissions.push_back({.url_id = item.outcome.id,
                         .content_hash = item.hash,
                         .http_status = item.http_status,
                         .etag = std::move(item.etag),
                         .last_modified = std::move(item.last_modified),
                         .output = c_.output_name_,
                         .offset = offset,
                         .line = std::move(item.line)});
    offset += size;
  }
  // 1. Decide: the lines are recorded as pending with their offsets.
  auto ids = c_.state_->Commit(outcomes, emissions);
  if (!ids) return Fatal(ids.error());
  if (emissions.empty()) return;
  const auto& hook = c_.options_.write_hook;
  using Stage = CrawlOptions::WriteStage;
  if (hook) hook(Stage::kCommitted);
  // 2. Write and sync.
  std::string buffer;
  for (const auto& e : emissions) buffer += e.line;
  const std::string_view bytes = buffer;
  const size_t half = hook ? bytes.size() / 2 : 0;
  if (!WriteAll(c_.output_fd_, bytes.substr(0, half))) {
    return Fatal(IoError(c_.output_name_, "cannot write"));
  }
  if (hook) hook(Stage::kHalfWritten);
  if (!WriteAll(c_.output_fd_, bytes.substr(half))) {
    return Fatal(IoError(c_.output_name_, "cannot write"));
  }
  if (!SyncOutput(c_.output_fd_)) {
    return Fatal(IoError(c_.output_name_, "cannot sync"));
  }
  if (hook) hook(Stage::kSynced);
  // 3. Done: a crash before this line is repaired by Reconcile.
  if (auto ok = c_.state_->FinishPending(*ids); !ok) return Fatal(ok.error());
  counters_.emitted += static_cast<int64_t>(emissions.size());
}

Crawler::Crawler(CrawlConfig config, CrawlState* state,
                 const Analyzer* analyzer, CrawlOptions options)
    : config_(std::move(config)),
      state_(state),
      analyzer_(analyzer),
      options_(std::move(options)) {}

Crawler::~Crawler() {
  if (output_fd_ > STDOUT_FILENO) ::close(output_fd_);
}

Result<std::unique_ptr<Crawler>> Crawler::Create(CrawlConfig config,
                                                 CrawlState* state,
                                                 const Analyzer* analyzer,
                                                 CrawlOptions options) {
  // ParseCrawlConfig normalizes; a config built in code may not be.
  for (CrawlSource& source : config.sources) {
    auto url = NormalizeUrl(source.url);
    if (!url) return std::unexpected(url.error());
    source.url = std::move(*url);
  }
  std::unique_ptr<Crawler> crawler(
      new Crawler(std::move(config), state, analyzer, std::move(options)));
  auto fetcher = Fetcher::Create(crawler->config_.fetch, state);
  if (!fetcher) return std::unexpected(fetcher.error());
  crawler->fetcher_ = std::move(*fetcher);
  if (auto ok = crawler->OpenOutput(); !ok) return std::unexpected(ok.error());
  if (auto ok = crawler->Reconcile(); !ok) return std::unexpected(ok.error());
  return crawler;
}

Result<void> Crawler::OpenOutput() {
  if (options_.output_path.empty() || options_.output_path == "-") {
    output_fd_ = STDOUT_FILENO;
    output_name_ = "-";
    return {};
  }
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(options_.output_path, ec);
  output_name_ =
      ec ? options_.output_path : absolute.lexically_normal().string();
  output_fd_ = ::open(output_name_.c_str(),
                      O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (output_fd_ < 0) {
    return std::unexpected(
        IoError(options_.output_path, "cannot open for appending"));
  }
  return {};
}

Result<void> Crawler::Reconcile() {
  auto pending = state_->Pending();
  if (!pending) return std::unexpected(pending.error());
  if (pending->empty()) return {};
  std::vector<int64_t> done;
  std::unordered_map<std::string, int> files;  // path → read-write fd
  auto close_files = [&] {
    for (auto& [path, fd] : files) ::close(fd);
  };
  for (const CrawlState::PendingLine& p : *pending) {
    if (p.output == "-") {
      // Whether it reached stdout is unknown: write it (at least once).
      if (!WriteAll(output_fd_, p.line)) {
        close_files();
        return std::unexpected(IoError(output_name_, "cannot write"));
      }
      done.push_back(p.id);
      continue;
    }
    auto [it, inserted] = files.try_emplace(p.output, -1);
    if (inserted) {
      it->second = ::open(p.output.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (it->second < 0) {
        const Error e = IoError(p.output, "cannot open to complete its lines");
        files.erase(it);
        close_files();
        return std::unexpected(e);
      }
    }
    const int fd = it->second;
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      close_files();
      return std::unexpected(IoError(p.output, "cannot stat"));
    }
    const int64_t size = st.st_size;
    const int64_t end = p.offset + static_cast<int64_t>(p.line.size());
    std::string found;
    if (size >= end && ReadAt(fd, p.offset, p.line.size(), &found) &&
        found == p.line) {
      done.push_back(p.id);  // written before the crash
      continue;
    }
    int64_t at = size;
    if (size >= p.offset &&
        ReadAt(fd, p.offset, static_cast<size_t>(size - p.offset), &found) &&
        std::string_view(p.line).starts_with(found)) {
      at = p.offset;  // cut short by the crash: rewrite it whole
      if (::ftruncate(fd, at) != 0) {
        close_files();
        return std::unexpected(IoError(p.output, "cannot truncate"));
      }
    } else if (options_.report) {
      options_.report("warning: " + p.output +
                      ": changed since the last crawl; a line it was "
                      "missing is appended at its end");
    }
    if (!WriteAll(fd, p.line, at)) {
      close_files();
      return std::unexpected(IoError(p.output, "cannot write"));
    }
    done.push_back(p.id);
  }
  for (auto& [path, fd] : files) {
    if (::fdatasync(fd) != 0) {
      const Error e = IoError(path, "cannot sync");
      close_files();
      return std::unexpected(e);
    }
  }
  close_files();
  if (options_.report) {
    options_.report("note: completed " + std::to_string(done.size()) +
                    " output lines left pending by an interrupted crawl");
  }
  return state_->FinishPending(done);
}

Result<PassStats> Crawler::RunPass() {
  Pass pass(*this);
  return pass.Run();
}

void Crawler::Stop() {
  stop_.store(true);
  if (fetcher_) fetcher_->Stop();
}

}  // namespace newsline
