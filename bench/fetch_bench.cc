// Fetcher throughput and memory over loopback, politeness off.
//
// A cpp-httplib server in this process serves small HTML pages at
// /page/<n>; the Fetcher fetches distinct URLs with no per-host delay and
// `--connections` transfers at once to the one host. Two modes:
//   fetch_bench [--pages N] [--connections C] [--robots]
//       fetches N pages (default 20 000) queued up front; prints pages/s,
//       MB/s and peak RSS. --robots obeys an (empty) robots.txt.
//   fetch_bench --flat N
//       fetches N pages (default 100 000), keeping about 1 000 queued (the
//       callback adds more, as the crawler does), and prints RSS every
//       10 000 pages: it should stay flat.
// Pages are served gzip-compressed, as news sites do: compressed once at
// start and sent through a sized content provider, so that the server
// spends no time compressing (given the body through set_content,
// cpp-httplib brotli-encodes every text/* response and dominates the
// profile) while the Fetcher still pays for decoding. RSS covers the whole
// process, the server's threads and buffers included.
#include <httplib.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "fetch/fetcher.h"
#include "tests/testing/gzip.h"

namespace newsline {
namespace {

using Clock = std::chrono::steady_clock;

long PeakRssKiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

long CurrentRssKiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

std::string PageHtml() {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Markets rally | Example News</title></head><body><article>"
      "<h1>Markets rally</h1>";
  for (int i = 0; i < 12; ++i) {
    html +=
        "<p>Shares rose 2.5% on Tuesday after the central bank held rates at "
        "4.25%, the third pause this year.</p>";
  }
  return html + "</article></body></html>";
}

std::string Gzip(const std::string& data) {
  return testing::Gzip(data, Z_BEST_COMPRESSION);
}

class Site {
 public:
  Site() : html_(PageHtml()), gzip_(Gzip(html_)) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_keep_alive_max_count(1'000'000);
    server_.set_tcp_nodelay(true);
    server_.Get(R"(/page/\d+)", [this](const httplib::Request&,
                                       httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content_provider(
          gzip_.size(), "text/html; charset=utf-8",
          [this](size_t offset, size_t length, httplib::DataSink& sink) {
            return sink.write(gzip_.data() + offset, length);
          });
    });
    server_.Get("/robots.txt",
                [](const httplib::Request&, httplib::Response& res) {
                  res.set_content("", "text/plain");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) std::abort();
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Site() {
    server_.stop();
    thread_.join();
  }
  std::string Url(long n) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/page/" +
           std::to_string(n);
  }
  size_t page_bytes() const { return html_.size(); }
  size_t gzip_bytes() const { return gzip_.size(); }

 private:
  std::string html_;
  std::string gzip_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

FetchOptions BenchOptions(int connections, bool robots) {
  FetchOptions options;
  options.per_host_delay_ms = 0;
  options.per_host_connections = connections;
  options.max_connections = connections;
  options.obey_robots = robots;
  return options;
}

int Throughput(long pages, int connections, bool robots) {
  Site site;
  auto fetcher = Fetcher::Create(BenchOptions(connections, robots), nullptr);
  if (!fetcher) {
    std::fprintf(stderr, "%s\n", fetcher.error().ToString().c_str());
    return 1;
  }
  for (long i = 0; i < pages; ++i) {
    (*fetcher)->Add({.url = site.Url(i), .tag = static_cast<uint64_t>(i)});
  }
  long ok = 0, failed = 0, bytes = 0;
  const auto start = Clock::now();
  (*fetcher)->Run([&](FetchResult r) {
    if (r.error || r.status != 200 || r.body.size() != site.page_bytes()) {
      if (++failed <= 3) {
        std::fprintf(stderr, "%s: %d %s\n", r.url.c_str(), r.status,
                     r.error ? r.error->message.c_str() : "");
      }
      return;
    }
    ++ok;
    bytes += static_cast<long>(r.body.size());
  });
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "fetched %ld pages (%ld failed) of %zu bytes (%zu gzipped) in %.2f s "
      "with %d connections%s: %.0f pages/s, %.1f MB/s decoded; peak RSS "
      "%.1f MiB\n",
      ok, failed, site.page_bytes(), site.gzip_bytes(), seconds, connections,
      robots ? ", robots.txt obeyed" : "", ok / seconds, bytes / seconds / 1e6,
      PeakRssKiB() / 1024.0);
  return failed == 0 ? 0 : 1;
}

int Flat(long pages, int connections) {
  constexpr long kQueued = 1000;
  constexpr long kSampleEvery = 10'000;
  Site site;
  auto fetcher = Fetcher::Create(BenchOptions(connections, false), nullptr);
  if (!fetcher) {
    std::fprintf(stderr, "%s\n", fetcher.error().ToString().c_str());
    return 1;
  }
  long added = 0, done = 0, failed = 0;
  for (; added < std::min(kQueued, pages); ++added)
    (*fetcher)->Add({.url = site.Url(added)});
  const auto start = Clock::now();
  (*fetcher)->Run([&](FetchResult r) {
    if (r.error || r.status != 200 || r.body.size() != site.page_bytes()) {
      ++failed;
    }
    if (++done % kSampleEvery == 0) {
      const double seconds =
          std::chrono::duration<double>(Clock::now() - start).count();
      std::printf("%7ld pages  %6.1f s  %5.0f pages/s  RSS %.1f MiB\n", done,
                  seconds, done / seconds, CurrentRssKiB() / 1024.0);
      std::fflush(stdout);
    }
    if (added < pages) (*fetcher)->Add({.url = site.Url(added++)});
  });
  std::printf("done: %ld pages, %ld failed; peak RSS %.1f MiB\n", done, failed,
              PeakRssKiB() / 1024.0);
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace newsline

int main(int argc, char** argv) {
  long pages = 20'000;
  long flat = 0;
  int connections = 16;
  bool robots = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> long {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return std::atol(argv[++i]);
    };
    if (arg == "--pages") {
      pages = next();
    } else if (arg == "--flat") {
      flat = next();
    } else if (arg == "--connections") {
      connections = static_cast<int>(next());
    } else if (arg == "--robots") {
      robots = true;
    } else {
      std::fprintf(
          stderr,
          "usage: fetch_bench [--pages N] [--connections C] [--robots] "
          "| --flat N\n");
      return 2;
    }
  }
  if (pages <= 0 || connections <= 0 || flat < 0) {
    std::fprintf(stderr,
                 "--pages, --connections and --flat must be positive\n");
    return 2;
  }
  if (flat > 0) return newsline::Flat(flat, connections);
  return newsline::Throughput(pages, connections, robots);
}
