// Crawl throughput and memory: a loopback news site of N article pages
// listed in sitemaps (an index of urlsets of 10 000), crawled once
// in-process with politeness set to zero, output to a file with the
// exactly-once protocol. Prints pages/s and peak RSS; --long crawls 100 000
// pages and samples the resident set size as it goes, to show it is flat.
//
//   crawl_bench [--pages N] [--jobs J] [--connections C] [--long]
//
// The HTTP server runs in the same process (cpp-httplib, its own threads),
// so the figures include serving the pages: on a 2-core machine the
// crawler gets part of the CPU only.
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "crawl/config.h"
#include "crawl/crawler.h"
#include "crawl/state.h"
#include "pipeline/analyzer.h"

namespace {

constexpr int kUrlsPerSitemap = 10'000;

const char* const kSubjects[] = {"Airbus", "Renault",       "La SNCF",
                                 "Orange", "TotalEnergies", "Danone",
                                 "Safran", "Michelin"};
const char* const kMonths[] = {"janvier",   "février", "mars",     "avril",
                               "mai",       "juin",    "juillet",  "août",
                               "septembre", "octobre", "novembre", "décembre"};

// A small news page (about 4 KB): head metadata, navigation, four
// paragraphs with figures and dates, related links, footer. Different for
// every i, so that no two texts are duplicates.
std::string Page(int i) {
  const std::string subject = kSubjects[i % 8];
  const std::string month = kMonths[i % 12];
  const std::string n = std::to_string(1000 + i);
  const std::string pct = std::to_string(i % 17 + 1);
  return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
         "<title>" +
         subject + " : " + n + " unités vendues en " + month +
         " | Le Bench</title><meta property=\"og:site_name\" content=\"Le "
         "Bench\"><meta property=\"article:published_time\" "
         "content=\"2024-06-05T08:00:00+02:00\"><link rel=\"canonical\" "
         "href=\"/p/" +
         std::to_string(i) +
         ".html\"></head><body>"
         "<header><nav><ul><li><a href=\"/\">Accueil</a></li><li><a "
         "href=\"/economie/\">Économie</a></li><li><a href=\"/monde/\">Monde"
         "</a></li><li><a href=\"/sport/\">Sport</a></li></ul></nav></header>"
         "<main><article><h1>" +
         subject + " : " + n + " unités vendues en " + month +
         "</h1><p class=\"byline\">Par la "
         "rédaction, le 5 juin 2024</p><p>" +
         subject + " a vendu " + n + " unités en " + month + " 2024, soit " +
         pct +
         " % de plus qu'un an plus tôt, a indiqué le groupe mercredi. La "
         "direction attribue cette hausse à la demande en Europe et à de "
         "nouveaux contrats signés au printemps.</p><p>Le chiffre "
         "d'affaires du trimestre a atteint " +
         std::to_string(i % 40 + 2) + ",5 milliards d'euros, contre " +
         std::to_string(i % 40 + 1) +
         ",9 milliards un an plus tôt. Le résultat net progresse de " + pct +
         " %, à " + std::to_string(i % 900 + 100) +
         " millions d'euros.</p><p>Le groupe prévoit d'embaucher " +
         std::to_string(i % 3000 + 200) +
         " personnes d'ici à la fin de 2025 et d'ouvrir deux usines en "
         "2026, l'une en France, l'autre en Espagne.</p><blockquote>« Nous "
         "restons prudents pour le second semestre », a déclaré le "
         "directeur financier le 4 juin.</blockquote><div class=\"share\">"
         "Partager sur Facebook Partager sur X Envoyer par e-mail</div>"
         "</article><aside class=\"related\"><h2>À lire aussi</h2><ul><li><a "
         "href=\"/p/" +
         std::to_string(i + 1) +
         ".html\">Les marchés "
         "reculent</a></li><li><a href=\"/p/" +
         std::to_string(i + 2) +
         ".html\">Le pétrole remonte</a></li></ul></aside></main><footer><p>"
         "© 2024 Le Bench. Mentions légales. Cookies.</p></footer></body>"
         "</html>\n";
}

int64_t ProcStatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0) return std::atoll(line.c_str() + n + 1);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int pages = 5'000, jobs = 2, connections = 8;
  bool long_mode = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--pages" && i + 1 < argc) {
      pages = std::atoi(argv[++i]);
    } else if (arg == "--jobs" && i + 1 < argc) {
      jobs = std::atoi(argv[++i]);
    } else if (arg == "--connections" && i + 1 < argc) {
      connections = std::atoi(argv[++i]);
    } else if (arg == "--long") {
      long_mode = true;
      pages = 100'000;
    } else {
      std::fprintf(stderr,
                   "usage: crawl_bench [--pages N] [--jobs J] "
                   "[--connections C] [--long]\n");
      return 2;
    }
  }

  std::atomic<int64_t> served{0};
  httplib::Server server;
  // Serve identity bodies: cpp-httplib would otherwise brotli-compress each
  // page on the fly, which costs this 2-core machine more than the crawl
  // itself; real sites serve cached or pre-compressed pages.
  server.set_pre_routing_handler(
      [](const httplib::Request& req, httplib::Response&) {
        const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
        return httplib::Server::HandlerResponse::Unhandled;
      });
  server.Get(R"(/p/(\d+)\.html)",
             [&](const httplib::Request& req, httplib::Response& res) {
               ++served;
               res.set_content(Page(std::atoi(req.matches[1].str().c_str())),
                               "text/html; charset=utf-8");
             });
  server.Get(R"(/sitemap-(\d+)\.xml)",
             [&](const httplib::Request& req, httplib::Response& res) {
               const int part = std::atoi(req.matches[1].str().c_str());
               std::string xml =
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
                   "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
               const int end = std::min(pages, (part + 1) * kUrlsPerSitemap);
               for (int i = part * kUrlsPerSitemap; i < end; ++i) {
                 xml += "<url><loc>http://" + req.get_header_value("Host") +
                        "/p/" + std::to_string(i) + ".html</loc></url>\n";
               }
               res.set_content(xml + "</urlset>\n", "application/xml");
             });
  server.Get(
      "/sitemap.xml", [&](const httplib::Request& req, httplib::Response& res) {
        std::string xml =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex "
            "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
        for (int part = 0; part * kUrlsPerSitemap < pages; ++part) {
          xml += "<sitemap><loc>http://" + req.get_header_value("Host") +
                 "/sitemap-" + std::to_string(part) + ".xml</loc></sitemap>\n";
        }
        res.set_content(xml + "</sitemapindex>\n", "application/xml");
      });
  // One server thread per client connection: keep-alive connections hold
  // a thread each, and fewer would leave requests waiting.
  server.new_task_queue = [connections] {
    return new httplib::ThreadPool(static_cast<size_t>(connections) + 4);
  };
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle
  // and delayed ACKs would add up to 40 ms per response.
  server.set_tcp_nodelay(true);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "crawl_bench: cannot bind a port\n");
    return 1;
  }
  std::thread server_thread([&] { server.listen_after_bind(); });

  const auto dir = std::filesystem::temp_directory_path() /
                   ("newsline_crawl_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  newsline::CrawlConfig config;
  config.sources = {
      {newsline::CrawlSource::Kind::kSitemap,
       "http://127.0.0.1:" + std::to_string(port) + "/sitemap.xml"}};
  config.fetch.per_host_delay_ms = 0;
  config.fetch.per_host_connections = connections;
  config.fetch.max_connections = connections;
  config.max_articles_per_pass = 0;

  auto analyzer = newsline::Analyzer::Create(config.analysis);
  auto state = newsline::CrawlState::Open((dir / "bench.db").string());
  if (!analyzer || !state) {
    std::fprintf(stderr, "crawl_bench: set-up failed\n");
    return 1;
  }
  const int64_t rss_before = ProcStatusKb("VmRSS:");
  auto crawler = newsline::Crawler::Create(
      config, state->get(), analyzer->get(),
      {.output_path = (dir / "out.jsonl").string(), .jobs = jobs});
  if (!crawler) {
    std::fprintf(stderr, "crawl_bench: %s\n",
                 crawler.error().ToString().c_str());
    return 1;
  }

  std::atomic<bool> done{false};
  std::thread sampler([&] {
    if (!long_mode) return;
    const auto start = std::chrono::steady_clock::now();
    int64_t next = 5'000;
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (served >= next) {
        const double s = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count();
        std::printf("  %7lld pages  %6.1f s  RSS %6lld KiB\n",
                    static_cast<long long>(served.load()), s,
                    static_cast<long long>(ProcStatusKb("VmRSS:")));
        std::fflush(stdout);
        next += 5'000;
      }
    }
  });

  const auto start = std::chrono::steady_clock::now();
  auto stats = (*crawler)->RunPass();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  done = true;
  sampler.join();
  if (!stats) {
    std::fprintf(stderr, "crawl_bench: %s\n", stats.error().ToString().c_str());
    return 1;
  }
  std::printf(
      "crawl_bench: %d pages, jobs %d, %d connections: %lld emitted, %lld "
      "failed, %.2f s, %.0f pages/s, %.1f MB/s of HTML; RSS before %lld KiB, "
      "peak %lld KiB\n",
      pages, jobs, connections, static_cast<long long>(stats->emitted),
      static_cast<long long>(stats->failed), seconds, stats->emitted / seconds,
      stats->bytes / seconds / 1e6, static_cast<long long>(rss_before),
      static_cast<long long>(ProcStatusKb("VmHWM:")));
  crawler->reset();
  state->reset();
  server.stop();
  server_thread.join();
  std::filesystem::remove_all(dir);
  return stats->emitted == pages ? 0 : 1;
}
