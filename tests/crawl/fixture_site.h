// A fixture news site on 127.0.0.1 for crawler tests: pages put in a table,
// served with their validators (ETag / Last-Modified, answering 304 to a
// matching conditional request), counting the requests each path gets.
//
// Example:
//   FixtureSite site;
//   site.Put("/feed.xml", {.body = Rss({site.Url("/a.html")}),
//                          .content_type = "application/rss+xml",
//                          .etag = "\"v1\""});
//   ... crawl ...
//   EXPECT_EQ(site.Hits("/a.html"), 1);
#ifndef NEWSLINE_TESTS_CRAWL_FIXTURE_SITE_H_
#define NEWSLINE_TESTS_CRAWL_FIXTURE_SITE_H_

#include <zlib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/gzip.h"
#include "tests/testing/http_server.h"

namespace newsline::testing {

struct FixturePage {
  std::string body{};
  std::string content_type = "text/html";
  std::string etag{};           // "" = none
  std::string last_modified{};  // "" = none
  int status = 200;
  int delay_ms = 0;  // before answering
};

class FixtureSite {
 public:
  FixtureSite() {
    server_.server().Get(
        ".*", [this](const httplib::Request& req, httplib::Response& res) {
          Serve(req, res);
        });
    server_.Start();
  }

  void Put(const std::string& path, FixturePage page) {
    std::lock_guard lock(mu_);
    pages_[path] = std::move(page);
  }
  void Remove(const std::string& path) {
    std::lock_guard lock(mu_);
    pages_.erase(path);
  }

  // Requests for `path` (any status), and those answered 200.
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }
  int Fetches(const std::string& path) {
    std::lock_guard lock(mu_);
    return fetches_[path];
  }
  // Requests with a body (200) for any path except robots.txt.
  int PageFetches() {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& [path, count] : fetches_) {
      if (path != "/robots.txt") n += count;
    }
    return n;
  }

  std::string Url(const std::string& path) const {
    return server_.base_url() + path;
  }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    FixturePage page;
    {
      std::lock_guard lock(mu_);
      ++hits_[req.path];
      auto it = pages_.find(req.path);
      if (it == pages_.end()) {
        res.status = 404;
        res.set_content("not found", "text/plain");
        return;
      }
      page = it->second;
    }
    if (page.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(page.delay_ms));
    }
    if (!page.etag.empty()) res.set_header("ETag", page.etag);
    if (!page.last_modified.empty()) {
      res.set_header("Last-Modified", page.last_modified);
    }
    const bool etag_match = !page.etag.empty() &&
                            req.get_header_value("If-None-Match") == page.etag;
    const bool date_match =
        !page.last_modified.empty() &&
        req.get_header_value("If-Modified-Since") == page.last_modified;
    if (page.status == 200 && (etag_match || date_match)) {
      res.status = 304;
      return;
    }
    res.status = page.status;
    if (page.status == 200) {
      std::lock_guard lock(mu_);
      ++fetches_[req.path];
    }
    res.set_content(page.body, page.content_type);
  }

  TestHttpServer server_;
  std::mutex mu_;
  std::map<std::string, FixturePage> pages_;
  std::map<std::string, int> hits_, fetches_;
};

// An RSS 2.0 feed of `links`.
inline std::string Rss(const std::vector<std::string>& links) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">"
      "<channel><title>Fixture news</title><link>http://example.com/</link>\n";
  for (const std::string& link : links) {
    xml += "<item><title>item</title><link>" + link +
           "</link><pubDate>Wed, 05 Jun 2024 08:00:00 GMT</pubDate></item>\n";
  }
  return xml + "</channel></rss>\n";
}

// A small French news page: title, date, figures.
inline std::string NewsPage(const std::string& title,
                            const std::string& body_paragraphs,
                            const std::string& published = "2024-06-05",
                            const std::string& charset_meta = "utf-8") {
  return "<!DOCTYPE html><html lang=\"fr\"><head>" +
         (charset_meta.empty() ? std::string()
                               : "<meta charset=\"" + charset_meta + "\">") +
         "<title>" + title +
         " | Le Fixture</title><meta property=\"article:published_time\" "
         "content=\"" +
         published +
         "T08:00:00+02:00\"></head><body><nav><a href=\"/\">Accueil</a> "
         "<a href=\"/economie\">Économie</a></nav><article><h1>" +
         title + "</h1>" + body_paragraphs +
         "</article><footer>© Le Fixture 2024</footer></body></html>";
}

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_CRAWL_FIXTURE_SITE_H_
