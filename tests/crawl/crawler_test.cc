// The crawler against fixture sites on 127.0.0.1: feeds of each format,
// sitemaps (index, urlset, news, gzipped), site discovery, conditional GET,
// dedup by URL and by content, charsets, non-HTML content, retries, the
// per-pass limit, Stop, and the repair of lines left pending by a crash.
#include "crawl/crawler.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <thread>

#include "crawl/fetched_article.h"
#include "fetch/url.h"
#include "tests/crawl/crawl_harness.h"
#include "tests/crawl/fixture_site.h"

namespace newsline {
namespace {

using testing::CountMentions;
using testing::FixturePage;
using testing::FixtureSite;
using testing::NewsPage;
using testing::Rss;

std::string Paragraphs(const std::string& subject, int n) {
  return "<p>" + subject + " a livré " + std::to_string(n) +
         " avions en mai 2024, soit 12 % de plus qu'en avril, a indiqué le "
         "groupe mercredi.</p><p>Le chiffre d'affaires atteint " +
         std::to_string(n % 50 + 3) + " milliards d'euros.</p>";
}

FixturePage Article(const std::string& subject, int n) {
  return {.body = NewsPage(subject + " livre " + std::to_string(n) + " avions",
                           Paragraphs(subject, n))};
}

class CrawlerTest : public testing::CrawlHarness {};

TEST_F(CrawlerTest, ReadsRssAtomAndRdfFeeds) {
  FixtureSite site;
  site.Put("/rss.xml", {.body = Rss({site.Url("/a.html")}),
                        .content_type = "application/rss+xml"});
  site.Put("/atom.xml",
           {.body = "<?xml version=\"1.0\"?><feed "
                    "xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>"
                    "<entry><title>b</title><link href=\"/b.html\"/>"
                    "<updated>2024-06-05T08:00:00Z</updated></entry></feed>",
            .content_type = "application/atom+xml"});
  site.Put("/rdf.xml",
           {.body = "<?xml version=\"1.0\"?><rdf:RDF "
                    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                    "xmlns=\"http://purl.org/rss/1.0/\"><channel "
                    "rdf:about=\"x\"><title>R</title></channel><item "
                    "rdf:about=\"" +
                    site.Url("/c.html") + "\"><title>c</title><link>" +
                    site.Url("/c.html") + "</link></item></rdf:RDF>",
            .content_type = "application/rdf+xml"});
  site.Put("/a.html", Article("Airbus", 60));
  site.Put("/b.html", Article("Boeing", 41));
  site.Put("/c.html", Article("Embraer", 17));

  auto pass = Pass(Config({{CrawlSource::Kind::kFeed, site.Url("/rss.xml")},
                           {CrawlSource::Kind::kFeed, site.Url("/atom.xml")},
                           {CrawlSource::Kind::kFeed, site.Url("/rdf.xml")}}));
  EXPECT_EQ(testing::CrawlHarness::Urls(pass),
            (std::vector<std::string>{site.Url("/a.html"), site.Url("/b.html"),
                                      site.Url("/c.html")}))
      << pass.Reports();
  EXPECT_EQ(pass.stats.emitted, 3);
  EXPECT_EQ(pass.stats.sources, 3);
  EXPECT_EQ(pass.stats.failed, 0);
  for (const auto& line : pass.lines) {
    EXPECT_TRUE(line["errors"].empty()) << line.dump();
    EXPECT_EQ(line["lang"], "fr");
    EXPECT_EQ(line["published"], "2024-06-05T08:00:00+02:00");
    EXPECT_GE(CountMentions(line, "percent"), 1) << line.dump();
    EXPECT_NE(line["text"].get<std::string>().find("milliards d'euros"),
              std::string::npos);
    EXPECT_EQ(line["text"].get<std::string>().find("Accueil"),
              std::string::npos)
        << "navigation is not article text";
  }
}

TEST_F(CrawlerTest, FollowsSitemapIndexToUrlsetsNewsAndGzippedSitemaps) {
  FixtureSite site;
  site.Put("/sitemap.xml",
           {.body = "<?xml version=\"1.0\"?><sitemapindex "
                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    "<sitemap><loc>" +
                    site.Url("/pages.xml") + "</loc></sitemap><sitemap><loc>" +
                    site.Url("/news.xml") + "</loc></sitemap><sitemap><loc>" +
                    site.Url("/old.xml.gz") + "</loc></sitemap></sitemapindex>",
            .content_type = "application/xml"});
  site.Put("/pages.xml",
           {.body = "<?xml version=\"1.0\"?><urlset "
                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    "<url><loc>" +
                    site.Url("/a.html") + "</loc></url></urlset>",
            .content_type = "application/xml"});
  site.Put("/news.xml",
           {.body = "<?xml version=\"1.0\"?><urlset "
                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                    "xmlns:news=\"http://www.google.com/schemas/sitemap-news/"
                    "0.9\"><url><loc>" +
                    site.Url("/b.html") +
                    "</loc><news:news><news:publication><news:name>F</"
                    "news:name><news:language>fr</news:language></"
                    "news:publication><news:publication_date>2024-06-05</"
                    "news:publication_date><news:title>B</news:title></"
                    "news:news></url></urlset>",
            .content_type = "application/xml"});
  site.Put("/old.xml.gz",
           {.body = testing::Gzip(
                "<?xml version=\"1.0\"?><urlset "
                "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url>"
                "<loc>" +
                site.Url("/c.html") + "</loc></url></urlset>"),
            .content_type = "application/gzip"});
  site.Put("/a.html", Article("Airbus", 60));
  site.Put("/b.html", Article("Boeing", 41));
  site.Put("/c.html", Article("Embraer", 17));

  const auto config =
      Config({{CrawlSource::Kind::kSitemap, site.Url("/sitemap.xml")}});
  auto pass = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(pass),
            (std::vector<std::string>{site.Url("/a.html"), site.Url("/b.html"),
                                      site.Url("/c.html")}))
      << pass.Reports();
  EXPECT_EQ(pass.stats.sources, 4);

  // Nothing changed, but the children are still polled (conditionally).
  auto again = Pass(config);
  EXPECT_TRUE(again.lines.empty());
  EXPECT_EQ(again.stats.sources, 4);
  EXPECT_EQ(site.Hits("/pages.xml"), 2);
  EXPECT_EQ(site.Fetches("/a.html"), 1);
}

TEST_F(CrawlerTest, CapsSitemapNestingAndSkipsOldEntries) {
  FixtureSite site;
  auto index = [&](const std::string& child) {
    return FixturePage{
        .body =
            "<?xml version=\"1.0\"?><sitemapindex "
            "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            "<sitemap><loc>" +
            site.Url(child) + "</loc></sitemap></sitemapindex>",
        .content_type = "application/xml"};
  };
  site.Put("/i1.xml", index("/i2.xml"));
  site.Put("/i2.xml", index("/urls.xml"));
  site.Put("/urls.xml",
           {.body = "<?xml version=\"1.0\"?><urlset "
                    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    "<url><loc>" +
                    site.Url("/new.html") +
                    "</loc><lastmod>2099-01-01</lastmod></url><url><loc>" +
                    site.Url("/old.html") +
                    "</loc><lastmod>2001-01-01</lastmod></url></urlset>",
            .content_type = "application/xml"});
  site.Put("/new.html", Article("Airbus", 60));
  site.Put("/old.html", Article("Boeing", 41));

  auto config = Config({{CrawlSource::Kind::kSitemap, site.Url("/i1.xml")}});
  config.sitemap_max_depth = 1;
  auto shallow = Pass(config);
  EXPECT_TRUE(shallow.lines.empty());
  EXPECT_EQ(site.Hits("/urls.xml"), 0);
  EXPECT_NE(shallow.Reports().find("nested deeper than 1"), std::string::npos)
      << shallow.Reports();

  config.sitemap_max_depth = 3;
  config.sitemap_max_age_days = 30;
  auto deep = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(deep),
            std::vector<std::string>{site.Url("/new.html")})
      << deep.Reports();
  EXPECT_EQ(site.Hits("/old.html"), 0);
}

TEST_F(CrawlerTest, DiscoversASitesFeedsThenPollsThemConditionally) {
  FixtureSite site;
  site.Put("/",
           {.body = "<html><head><title>Home</title><link rel=\"alternate\" "
                    "type=\"application/rss+xml\" href=\"/feed.xml\"></head>"
                    "<body><p>Front page</p></body></html>",
            .etag = "\"home-1\""});
  site.Put("/feed.xml", {.body = Rss({site.Url("/a.html")}),
                         .content_type = "application/rss+xml",
                         .last_modified = "Wed, 05 Jun 2024 08:00:00 GMT"});
  site.Put("/a.html", Article("Airbus", 60));

  const auto config = Config({{CrawlSource::Kind::kSite, site.Url("/")}});
  auto first = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(first),
            std::vector<std::string>{site.Url("/a.html")})
      << first.Reports();

  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(second.stats.sources_unchanged, 2) << second.Reports();
  EXPECT_EQ(site.Hits("/"), 2);
  EXPECT_EQ(site.Fetches("/"), 1);
  EXPECT_EQ(site.Fetches("/feed.xml"), 1);
  EXPECT_EQ(site.Hits("/a.html"), 1);
}

TEST_F(CrawlerTest, ASiteWithoutFeedsFailsAsASource) {
  FixtureSite site;
  site.Put("/", {.body = "<html><body><p>No feeds here</p></body></html>"});
  auto pass = Pass(Config({{CrawlSource::Kind::kSite, site.Url("/")}}));
  EXPECT_EQ(pass.stats.sources_failed, 1);
  EXPECT_NE(pass.Reports().find("no feed advertised"), std::string::npos)
      << pass.Reports();
}

std::string Urlset(const std::vector<std::string>& links) {
  std::string xml =
      "<?xml version=\"1.0\"?><urlset "
      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (const std::string& link : links) {
    xml += "<url><loc>" + link + "</loc></url>";
  }
  return xml + "</urlset>";
}

const char kNoFeedsHome[] =
    "<html><head><title>Home</title></head><body><p>Front page</p></body>"
    "</html>";

// Moves a site's last discovery back in time, as if it had been made
// `hours` earlier.
void AgeDiscovery(const std::string& state_path, int hours) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(state_path.c_str(), &db), SQLITE_OK);
  const std::string sql =
      "UPDATE sources SET discovered_at = discovered_at - " +
      std::to_string(int64_t{hours} * 3'600'000) +
      " WHERE discovered_at IS NOT NULL";
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(CrawlerTest, ASiteWithoutFeedsFallsBackToTheSitemapsOfRobotsTxt) {
  FixtureSite site;
  site.Put("/", {.body = kNoFeedsHome, .etag = "\"home-1\""});
  site.Put("/robots.txt",
           {.body = "User-agent: *\nDisallow: /private/\n\nSitemap: " +
                    site.Url("/news-sitemap.xml") +
                    "\nSitemap: " + site.Url("/news-sitemap.xml") + "\n",
            .content_type = "text/plain"});
  site.Put("/news-sitemap.xml", {.body = Urlset({site.Url("/a.html")}),
                                 .content_type = "application/xml",
                                 .etag = "\"sm-1\""});
  site.Put("/a.html", Article("Airbus", 60));
  const auto config = Config({{CrawlSource::Kind::kSite, site.Url("/")}});

  auto first = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(first),
            std::vector<std::string>{site.Url("/a.html")})
      << first.Reports();
  EXPECT_EQ(first.stats.sources_failed, 0) << first.Reports();
  EXPECT_NE(first.Reports().find("Sitemap lines of robots.txt"),
            std::string::npos)
      << first.Reports();
  // robots.txt said where to look: nothing was probed.
  EXPECT_EQ(site.Hits("/sitemap.xml"), 0);
  EXPECT_EQ(site.Hits("/feed"), 0);

  // The page is unchanged (304): its sitemap is polled, as a sitemap.
  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(second.stats.sources, 2) << second.Reports();
  EXPECT_EQ(second.stats.sources_unchanged, 2) << second.Reports();
  EXPECT_EQ(second.stats.sources_failed, 0) << second.Reports();
  EXPECT_EQ(site.Hits("/news-sitemap.xml"), 2);
  EXPECT_EQ(site.Fetches("/news-sitemap.xml"), 1);
  EXPECT_EQ(site.Hits("/a.html"), 1);

  auto state = CrawlState::Open(state_path_);
  ASSERT_TRUE(state);
  auto record = (*state)->GetSource(site.Url("/"));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->discovery, "robots");
  EXPECT_GT(record->discovered_at_ms, 0);
}

TEST_F(CrawlerTest, ASiteWithoutFeedsProbesTheUsualPlacesOnlyOnce) {
  FixtureSite site;
  // No validators: the home page changes on every pass, as they do.
  site.Put("/", {.body = kNoFeedsHome});
  // A soft 404: a page that is not a sitemap, answered 200.
  site.Put("/sitemap_index.xml", {.body = kNoFeedsHome});
  site.Put("/feed",
           {.body = "{\"version\": \"https://jsonfeed.org/version/1.1\", "
                    "\"items\": [{\"id\": \"1\", \"url\": \"/a.html\"}]}",
            .content_type = "application/feed+json",
            .etag = "\"feed-1\""});
  site.Put("/a.html", Article("Airbus", 60));
  const auto config = Config({{CrawlSource::Kind::kSite, site.Url("/")}});

  auto first = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(first),
            std::vector<std::string>{site.Url("/a.html")})
      << first.Reports();
  EXPECT_EQ(first.stats.sources, 2) << first.Reports();
  EXPECT_EQ(first.stats.sources_failed, 0) << first.Reports();
  EXPECT_EQ(site.Hits("/sitemap.xml"), 1);
  EXPECT_EQ(site.Hits("/sitemap_index.xml"), 1);
  // The probe's answer was read as the feed's first poll.
  EXPECT_EQ(site.Hits("/feed"), 1);
  // Probing stops at the first hit.
  EXPECT_EQ(site.Hits("/rss.xml"), 0);

  // The page changed but still advertises nothing: the feed found is
  // polled, conditionally, without probing again.
  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(second.stats.sources, 2) << second.Reports();
  EXPECT_EQ(second.stats.sources_failed, 0) << second.Reports();
  EXPECT_EQ(site.Fetches("/"), 2);
  EXPECT_EQ(site.Hits("/sitemap.xml"), 1);
  EXPECT_EQ(site.Hits("/feed"), 2);
  EXPECT_EQ(site.Fetches("/feed"), 1);

  // A week later the site is looked at afresh.
  AgeDiscovery(state_path_, 8 * 24);
  auto third = Pass(config);
  EXPECT_TRUE(third.lines.empty()) << third.Reports();
  EXPECT_EQ(site.Hits("/sitemap.xml"), 2);
  EXPECT_EQ(site.Hits("/feed"), 3);
}

TEST_F(CrawlerTest, ASiteWithoutAnyFeedFailsNamingWhatWasTried) {
  FixtureSite site;
  site.Put("/", {.body = kNoFeedsHome});
  site.Put("/feed", {.body = "<html><body>Blog</body></html>"});
  const auto config = Config({{CrawlSource::Kind::kSite, site.Url("/")}});

  auto first = Pass(config);
  EXPECT_EQ(first.stats.sources_failed, 1);
  const std::string reports = first.Reports();
  EXPECT_NE(reports.find("error: " + site.Url("/") + ": no feed advertised"),
            std::string::npos)
      << reports;
  for (const char* tried :
       {"robots.txt (HTTP 404)", "/sitemap.xml (HTTP 404)",
        "/feed (not a feed: root element <html>)", "/feed.xml (HTTP 404)"}) {
    EXPECT_NE(reports.find(tried), std::string::npos) << tried << "\n"
                                                      << reports;
  }
  EXPECT_EQ(site.Hits("/feed.xml"), 1);

  // Within a day the probes are not repeated; the page still is read, in
  // case it starts advertising a feed.
  auto second = Pass(config);
  EXPECT_EQ(second.stats.sources_failed, 1);
  EXPECT_NE(second.Reports().find("tried again after 24 hours"),
            std::string::npos)
      << second.Reports();
  EXPECT_EQ(site.Hits("/feed.xml"), 1);
  EXPECT_EQ(site.Fetches("/"), 2);

  // A day later, they are.
  AgeDiscovery(state_path_, 25);
  auto third = Pass(config);
  EXPECT_EQ(third.stats.sources_failed, 1);
  EXPECT_EQ(site.Hits("/feed.xml"), 2);

  // A feed link appears: it wins at once.
  site.Put("/", {.body = "<html><head><link rel=\"alternate\" "
                         "type=\"application/rss+xml\" href=\"/rss\"></head>"
                         "<body></body></html>"});
  site.Put("/rss", {.body = Rss({site.Url("/a.html")}),
                    .content_type = "application/rss+xml"});
  site.Put("/a.html", Article("Airbus", 60));
  auto fourth = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(fourth),
            std::vector<std::string>{site.Url("/a.html")})
      << fourth.Reports();
  EXPECT_EQ(fourth.stats.sources_failed, 0) << fourth.Reports();
  EXPECT_EQ(site.Hits("/feed.xml"), 2);
}

TEST_F(CrawlerTest, DiscoversAndPollsAJsonFeed) {
  FixtureSite site;
  site.Put("/", {.body = "<html><head><link rel=\"alternate\" "
                         "type=\"application/feed+json\" href=\"feed.json\">"
                         "</head><body></body></html>"});
  site.Put("/feed.json",
           {.body = "{\"version\": \"https://jsonfeed.org/version/1.1\", "
                    "\"items\": [{\"id\": \"a\", \"url\": \"a.html\"}, "
                    "{\"id\": \"b\", \"external_url\": \"" +
                    site.Url("/b.html") + "\"}]}",
            .content_type = "application/feed+json",
            .etag = "\"j1\""});
  site.Put("/a.html", Article("Airbus", 60));
  site.Put("/b.html", Article("Boeing", 41));
  const auto config = Config({{CrawlSource::Kind::kSite, site.Url("/")}});
  auto first = Pass(config);
  EXPECT_EQ(
      testing::CrawlHarness::Urls(first),
      (std::vector<std::string>{site.Url("/a.html"), site.Url("/b.html")}))
      << first.Reports();
  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(site.Fetches("/feed.json"), 1);
  EXPECT_EQ(site.Hits("/sitemap.xml"), 0);
}

TEST_F(CrawlerTest, ReadsRobotsTxtSitemapsItselfWhenNotObeyingRobots) {
  FixtureSite site;
  site.Put("/", {.body = kNoFeedsHome});
  site.Put("/robots.txt",
           {.body = "User-agent: *\nDisallow: /\nSitemap: /relative.xml\n",
            .content_type = "text/plain"});
  site.Put("/relative.xml", {.body = Urlset({site.Url("/a.html")}),
                             .content_type = "application/xml"});
  site.Put("/a.html", Article("Airbus", 60));
  auto config = Config({{CrawlSource::Kind::kSite, site.Url("/")}});
  config.fetch.obey_robots = false;
  auto pass = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(pass),
            std::vector<std::string>{site.Url("/a.html")})
      << pass.Reports();
  EXPECT_EQ(site.Hits("/robots.txt"), 1);
  EXPECT_EQ(site.Hits("/sitemap.xml"), 0);
}

TEST_F(CrawlerTest, SecondPassGetsNotModifiedAndFetchesNoArticle) {
  FixtureSite site;
  site.Put("/etag.xml", {.body = Rss({site.Url("/a.html")}),
                         .content_type = "application/rss+xml",
                         .etag = "\"feed-1\""});
  site.Put("/lm.xml", {.body = Rss({site.Url("/b.html")}),
                       .content_type = "application/rss+xml",
                       .last_modified = "Wed, 05 Jun 2024 08:00:00 GMT"});
  site.Put("/a.html", Article("Airbus", 60));
  site.Put("/b.html", Article("Boeing", 41));
  const auto config = Config({{CrawlSource::Kind::kFeed, site.Url("/etag.xml")},
                              {CrawlSource::Kind::kFeed, site.Url("/lm.xml")}});

  auto first = Pass(config);
  EXPECT_EQ(first.stats.emitted, 2) << first.Reports();
  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(second.stats.sources_unchanged, 2);
  EXPECT_EQ(second.stats.articles_found, 0);
  EXPECT_EQ(site.Hits("/etag.xml"), 2);
  EXPECT_EQ(site.Fetches("/etag.xml"), 1);
  EXPECT_EQ(site.Fetches("/lm.xml"), 1);
  EXPECT_EQ(site.Hits("/a.html"), 1);
  EXPECT_EQ(site.Hits("/b.html"), 1);

  // A feed that changed lists one new item: only that one is fetched.
  site.Put("/etag.xml",
           {.body = Rss({site.Url("/a.html"), site.Url("/new.html")}),
            .content_type = "application/rss+xml",
            .etag = "\"feed-2\""});
  site.Put("/new.html", Article("Dassault", 12));
  auto third = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(third),
            std::vector<std::string>{site.Url("/new.html")});
  EXPECT_EQ(site.Hits("/a.html"), 1);
}

TEST_F(CrawlerTest, FetchesEachNormalizedUrlOnce) {
  FixtureSite site;
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/a.html?utm_source=rss&utm_medium=feed"),
                         site.Url("/a.html#comments"), site.Url("/a.html"),
                         "HTTP://127.0.0.1:" + site.Url("/a.html").substr(17)}),
            .content_type = "application/rss+xml"});
  site.Put("/a.html", Article("Airbus", 60));
  auto config =
      Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")},
              {CrawlSource::Kind::kUrl, site.Url("/a.html?fbclid=1")}});
  auto pass = Pass(config);
  ASSERT_EQ(pass.lines.size(), 1u) << pass.Reports();
  EXPECT_EQ(pass.lines[0]["url"], site.Url("/a.html"));
  EXPECT_EQ(site.Hits("/a.html"), 1);
}

TEST_F(CrawlerTest, EmitsATextOnceUnderWhicheverUrlComesFirst) {
  FixtureSite site;
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/a.html"), site.Url("/amp/a.html")}),
            .content_type = "application/rss+xml"});
  site.Put("/a.html", Article("Airbus", 60));
  site.Put("/amp/a.html", Article("Airbus", 60));
  auto first =
      Pass(Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}}));
  EXPECT_EQ(first.lines.size(), 1u);
  EXPECT_EQ(first.stats.duplicates, 1);
  EXPECT_NE(first.Reports().find("same text as an article already emitted"),
            std::string::npos);

  // Also across passes.
  site.Put("/feed2.xml", {.body = Rss({site.Url("/copy.html")}),
                          .content_type = "application/rss+xml"});
  site.Put("/copy.html", Article("Airbus", 60));
  auto second =
      Pass(Config({{CrawlSource::Kind::kFeed, site.Url("/feed2.xml")}}));
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(second.stats.duplicates, 1);
}

TEST_F(CrawlerTest, DecodesDeclaredAndUndeclaredLegacyCharsets) {
  FixtureSite site;
  // "Société Générale a cédé 2,5 milliards d'euros" in ISO-8859-1, declared
  // in a <meta> only, then with no declaration anywhere.
  const std::string latin1 =
      "<p>La Soci\xe9t\xe9 G\xe9n\xe9rale a c\xe9"
      "d\xe9 2,5 milliards "
      "d'euros d'actifs en mai 2024, a annonc\xe9 la banque \xe0 Paris "
      "mercredi.</p><p>Les analystes pr\xe9voient une hausse de 8 % du "
      "b\xe9n\xe9"
      "fice.</p>";
  site.Put("/meta.html",
           {.body = NewsPage("Cession", latin1, "2024-06-05", "iso-8859-1")});
  site.Put("/none.html",
           {.body = NewsPage("Cession bis", latin1 + "<p>Deuxi\xe8me.</p>",
                             "2024-06-05", "")});
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/meta.html"), site.Url("/none.html")}),
            .content_type = "application/rss+xml"});
  auto pass = Pass(Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}}));
  ASSERT_EQ(pass.lines.size(), 2u) << pass.Reports();
  for (const auto& line : pass.lines) {
    const std::string text = line["text"];
    EXPECT_NE(text.find("Société Générale a cédé"), std::string::npos)
        << line["url"] << ": " << text;
    EXPECT_GE(CountMentions(line, "money"), 1) << line.dump();
  }
}

// The HTTP Content-Type reaches the HTML decoder: a Latin-1 page declared
// only there comes out right; one whose header lies (UTF-8 declared,
// Latin-1 sent) still gives valid UTF-8 text.
TEST_F(CrawlerTest, UsesTheHttpCharsetAndSurvivesAWrongOne) {
  FixtureSite site;
  const std::string latin1 =
      "<p>La Soci\xe9t\xe9 G\xe9n\xe9rale a c\xe9"
      "d\xe9 2,5 milliards d'euros d'actifs en mai 2024, a annonc\xe9 la "
      "banque mercredi.</p>";
  site.Put("/http.html", {.body = NewsPage("Cession", latin1, "2024-06-05", ""),
                          .content_type = "text/html; charset=ISO-8859-1"});
  site.Put("/wrong.html",
           {.body = NewsPage("Cession ter", latin1 + "<p>Encore.</p>",
                             "2024-06-05", ""),
            .content_type = "text/html; charset=utf-8"});
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/http.html"), site.Url("/wrong.html")}),
            .content_type = "application/rss+xml"});
  auto pass = Pass(Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}}));
  ASSERT_EQ(pass.lines.size(), 2u) << pass.Reports();
  for (const auto& line : pass.lines) {
    const std::string text = line["text"];
    EXPECT_NE(text.find("milliards d'euros"), std::string::npos) << text;
    if (line["url"] == site.Url("/http.html")) {
      EXPECT_NE(text.find("Société Générale a cédé"), std::string::npos)
          << text;
    }
  }
}

TEST_F(CrawlerTest, SkipsNonHtmlContentAndRechecksItConditionally) {
  FixtureSite site;
  site.Put("/report.pdf", {.body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
                           .content_type = "application/pdf",
                           .etag = "\"pdf-1\""});
  site.Put("/data.json",
           {.body = "{\"a\": 1}", .content_type = "application/json"});
  site.Put("/a.html", Article("Airbus", 60));
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/report.pdf"), site.Url("/data.json"),
                         site.Url("/a.html")}),
            .content_type = "application/rss+xml",
            .etag = "\"f1\""});
  const auto config =
      Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}});
  auto first = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(first),
            std::vector<std::string>{site.Url("/a.html")});
  EXPECT_EQ(first.stats.skipped, 2);
  EXPECT_EQ(first.stats.failed, 0) << "not an article is not a failure";
  EXPECT_NE(first.Reports().find("content type \"application/pdf\""),
            std::string::npos)
      << first.Reports();

  // The feed changes: the PDF is asked for again, conditionally.
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/report.pdf"), site.Url("/a.html")}),
            .content_type = "application/rss+xml",
            .etag = "\"f2\""});
  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty());
  EXPECT_EQ(second.stats.not_modified, 1) << second.Reports();
  EXPECT_EQ(site.Hits("/report.pdf"), 2);
  EXPECT_EQ(site.Fetches("/report.pdf"), 1);
}

TEST_F(CrawlerTest, ObeysRobotsWithoutTouchingDisallowedPages) {
  FixtureSite site;
  site.Put("/robots.txt", {.body = "User-agent: *\nDisallow: /private/\n",
                           .content_type = "text/plain"});
  site.Put("/private/a.html", Article("Airbus", 60));
  site.Put("/b.html", Article("Boeing", 41));
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/private/a.html"), site.Url("/b.html")}),
            .content_type = "application/rss+xml"});
  auto pass = Pass(Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}}));
  EXPECT_EQ(testing::CrawlHarness::Urls(pass),
            std::vector<std::string>{site.Url("/b.html")});
  EXPECT_EQ(site.Hits("/private/a.html"), 0);
  EXPECT_EQ(pass.stats.skipped, 1);
  EXPECT_EQ(pass.stats.failed, 0);
  EXPECT_NE(pass.Reports().find("robots.txt"), std::string::npos);
}

TEST_F(CrawlerTest, RetriesFailedPagesOnLaterPassesAndReportsFailedSources) {
  FixtureSite site;
  site.Put("/feed.xml",
           {.body = Rss({site.Url("/a.html"), site.Url("/gone.html")}),
            .content_type = "application/rss+xml",
            .etag = "\"f1\""});
  site.Put("/a.html", {.body = "overloaded", .status = 503});
  site.Put("/broken.xml",
           {.body = "<html>not a feed</html>", .content_type = "text/html"});
  const auto config =
      Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")},
              {CrawlSource::Kind::kFeed, site.Url("/broken.xml")},
              {CrawlSource::Kind::kFeed, site.Url("/missing.xml")}});
  auto first = Pass(config);
  EXPECT_TRUE(first.lines.empty());
  EXPECT_EQ(first.stats.failed, 2) << first.Reports();  // 503 and 404
  EXPECT_EQ(first.stats.sources_failed, 2);
  EXPECT_NE(first.Reports().find(site.Url("/broken.xml")), std::string::npos);
  EXPECT_NE(first.Reports().find("HTTP 404"), std::string::npos);

  site.Put("/a.html", Article("Airbus", 60));
  auto second = Pass(config);
  EXPECT_EQ(testing::CrawlHarness::Urls(second),
            std::vector<std::string>{site.Url("/a.html")})
      << second.Reports();
  EXPECT_EQ(site.Hits("/gone.html"), 1) << "a 404 is not retried";
}

TEST_F(CrawlerTest, LeavesArticlesOverThePassLimitForTheNextPass) {
  FixtureSite site;
  std::vector<std::string> links;
  for (int i = 0; i < 5; ++i) {
    const std::string path = "/a" + std::to_string(i) + ".html";
    site.Put(path, Article("Airbus", 60 + i));
    links.push_back(site.Url(path));
  }
  site.Put("/feed.xml", {.body = Rss(links),
                         .content_type = "application/rss+xml",
                         .etag = "\"f\""});
  auto config = Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}});
  config.max_articles_per_pass = 3;
  EXPECT_EQ(Pass(config).lines.size(), 3u);
  auto second = Pass(config);
  EXPECT_EQ(second.lines.size(), 2u);
  EXPECT_EQ(second.stats.sources_unchanged, 1);
  EXPECT_TRUE(Pass(config).lines.empty());
}

TEST_F(CrawlerTest, StopEndsThePassAndTheNextRunFinishesIt) {
  FixtureSite site;
  std::vector<std::string> links;
  for (int i = 0; i < 12; ++i) {
    const std::string path = "/slow" + std::to_string(i) + ".html";
    FixturePage page = Article("Airbus", 100 + i);
    page.delay_ms = 100;
    site.Put(path, page);
    links.push_back(site.Url(path));
  }
  site.Put("/feed.xml", {.body = Rss(links),
                         .content_type = "application/rss+xml",
                         .etag = "\"f\""});
  auto config = Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}});
  config.fetch.per_host_connections = 1;
  config.fetch.max_connections = 1;

  size_t first_count = 0;
  {
    auto state = CrawlState::Open(state_path_);
    ASSERT_TRUE(state);
    auto crawler =
        Crawler::Create(config, state->get(), &testing::SharedAnalyzer(),
                        {.output_path = out_path_, .jobs = 1});
    ASSERT_TRUE(crawler);
    std::thread stopper([&] {
      // Stop once the first article is out.
      while (Slurp(out_path_).empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      (*crawler)->Stop();
    });
    auto stats = (*crawler)->RunPass();
    stopper.join();
    ASSERT_TRUE(stats);
    EXPECT_TRUE(stats->stopped);
    first_count = stats->emitted;
    EXPECT_GE(first_count, 1u);
    EXPECT_LT(first_count, 12u);
    // After Stop, further passes do nothing.
    auto after = (*crawler)->RunPass();
    ASSERT_TRUE(after);
    EXPECT_TRUE(after->stopped);
    EXPECT_EQ(after->articles_found, 0);
  }
  auto rest = Pass(config);
  EXPECT_EQ(rest.lines.size() + first_count, 12u) << rest.Reports();
  std::vector<std::string> all;
  std::istringstream in(Slurp(out_path_));
  std::string line;
  while (std::getline(in, line)) {
    all.push_back(nlohmann::json::parse(line)["url"]);
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  EXPECT_EQ(all.size(), 12u);
}

// The three states a line can be in when a crawl dies after recording it as
// pending: not written, cut short, written whole. Each is repaired so that
// the file holds it exactly once.
TEST_F(CrawlerTest, CompletesLinesLeftPendingByACrash) {
  struct Case {
    const char* name;
    std::string file_before;  // what the crash left in the file
  };
  const std::string previous = "{\"url\":\"https://a.example/0\"}\n";
  const std::string line1 = "{\"url\":\"https://a.example/1\"}\n";
  const std::string line2 = "{\"url\":\"https://a.example/2\"}\n";
  const Case cases[] = {
      {"NotWritten", previous},
      {"CutShort", previous + line1.substr(0, 10)},
      {"FirstWhole", previous + line1},
      {"BothWhole", previous + line1 + line2},
      {"SecondCut", previous + line1 + line2.substr(0, 5)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::filesystem::remove(state_path_);
    std::filesystem::remove(state_path_ + "-wal");
    std::filesystem::remove(state_path_ + "-shm");
    std::ofstream(out_path_, std::ios::binary | std::ios::trunc)
        << c.file_before;
    {
      auto state = CrawlState::Open(state_path_);
      ASSERT_TRUE(state);
      CrawlState::SourcePoll poll;
      poll.url = "https://a.example/rss";
      poll.kind = "feed";
      poll.changed = true;
      poll.articles = {"https://a.example/1", "https://a.example/2"};
      ASSERT_TRUE((*state)->RecordPoll(poll));
      auto todo = (*state)->NextTodo(0, 10);
      ASSERT_EQ(todo->size(), 2u);
      std::vector<CrawlState::Emission> emissions(2);
      const std::string canonical =
          std::filesystem::absolute(out_path_).lexically_normal().string();
      for (int i = 0; i < 2; ++i) {
        emissions[i].url_id = (*todo)[i].id;
        emissions[i].content_hash = 100 + i;
        emissions[i].output = canonical;
      }
      emissions[0].offset = static_cast<int64_t>(previous.size());
      emissions[0].line = line1;
      emissions[1].offset = emissions[0].offset + line1.size();
      emissions[1].line = line2;
      ASSERT_TRUE((*state)->Commit({}, emissions));
    }
    auto state = CrawlState::Open(state_path_);
    ASSERT_TRUE(state);
    auto crawler =
        Crawler::Create(Config({}), state->get(), &testing::SharedAnalyzer(),
                        {.output_path = out_path_});
    ASSERT_TRUE(crawler) << crawler.error().ToString();
    EXPECT_EQ(Slurp(out_path_), previous + line1 + line2);
    EXPECT_TRUE((*state)->Pending()->empty());
  }
}

// A crawl killed (SIGKILL) at each step of writing its output, then run
// again, leaves every article in the file exactly once.
TEST_F(CrawlerTest, KilledWhileWritingResumesExactlyOnce) {
  using Stage = CrawlOptions::WriteStage;
  FixtureSite site;
  std::vector<std::string> links;
  for (int i = 0; i < 6; ++i) {
    const std::string path = "/k" + std::to_string(i) + ".html";
    site.Put(path, Article("Airbus", 200 + i));
    links.push_back(site.Url(path));
  }
  std::sort(links.begin(), links.end());
  site.Put("/feed.xml",
           {.body = Rss(links), .content_type = "application/rss+xml"});
  const auto config =
      Config({{CrawlSource::Kind::kFeed, site.Url("/feed.xml")}});
  const Analyzer& analyzer = testing::SharedAnalyzer();  // before fork

  for (Stage stage : {Stage::kCommitted, Stage::kHalfWritten, Stage::kSynced}) {
    SCOPED_TRACE(static_cast<int>(stage));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Kill on the second batch, so that the file already holds a line.
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto state = CrawlState::Open(state_path_);
      if (!state) ::_exit(2);
      int batches = 0;
      // One line per batch, so that there always is a second batch.
      CrawlOptions options{.output_path = out_path_, .jobs = 1};
      options.max_batch = 1;
      options.write_hook = [&](Stage at) {
        if (at == stage && ++batches == 2) ::raise(SIGKILL);
      };
      auto crawler = Crawler::Create(config, state->get(), &analyzer, options);
      if (!crawler) ::_exit(3);
      (void)(*crawler)->RunPass();
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the crawl was not killed: status " << status;
    const std::string after_kill = Slurp(out_path_);
    if (stage == Stage::kHalfWritten) {
      EXPECT_NE(after_kill.back(), '\n') << "a torn line is left";
    }

    auto rest = Pass(config);
    const std::string text = Slurp(out_path_);
    std::vector<std::string> urls;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      urls.push_back(nlohmann::json::parse(line)["url"]);
    }
    std::sort(urls.begin(), urls.end());
    EXPECT_EQ(urls, links) << rest.Reports();
    EXPECT_NE(rest.Reports().find("left pending by an interrupted crawl"),
              std::string::npos)
        << rest.Reports();
  }
}

TEST(ArticleFromFetch, SortsResponsesByWhatTheyHold) {
  struct Case {
    const char* name;
    int status;
    const char* content_type;
    std::string body;
    FetchOutcome outcome;
  };
  const Case cases[] = {
      {"Html", 200, "text/html; charset=utf-8", "<p>x</p>",
       FetchOutcome::kArticle},
      {"Xhtml", 200, "application/xhtml+xml", "<p>x</p>",
       FetchOutcome::kArticle},
      {"SniffedHtml", 200, "", "\n  <!DOCTYPE html><p>x</p>",
       FetchOutcome::kArticle},
      {"PlainText", 200, "text/plain; charset=ISO-8859-1", "caf\xe9",
       FetchOutcome::kArticle},
      {"Pdf", 200, "application/pdf", "%PDF-1.4", FetchOutcome::kNotArticle},
      {"Image", 200, "image/jpeg", "\xff\xd8\xff", FetchOutcome::kNotArticle},
      {"UntypedBinary", 200, "", "\x01\x02", FetchOutcome::kNotArticle},
      {"Empty", 200, "text/html", "", FetchOutcome::kNotArticle},
      {"NotModified", 304, "", "", FetchOutcome::kNotModified},
      {"NotFound", 404, "text/html", "gone", FetchOutcome::kGone},
      {"Gone", 410, "text/html", "gone", FetchOutcome::kGone},
      {"ServerError", 500, "text/html", "oops", FetchOutcome::kFailed},
  };
  for (const Case& c : cases) {
    FetchResult r;
    r.url = "https://a.example/page";
    r.final_url = "https://A.example/page#x";
    r.status = c.status;
    r.content_type = c.content_type;
    r.body = c.body;
    FetchedArticle page = ArticleFromFetch(r);
    EXPECT_EQ(page.outcome, c.outcome) << c.name;
    EXPECT_EQ(page.raw.url, "https://a.example/page") << c.name;
    EXPECT_EQ(page.raw.source, "https://a.example/page") << c.name;
    if (c.outcome != FetchOutcome::kArticle) {
      ASSERT_TRUE(page.raw.error) << c.name;
      EXPECT_EQ(page.raw.error->where, "https://a.example/page") << c.name;
    }
  }
  FetchResult text;
  text.url = "https://a.example/t";
  text.status = 200;
  text.content_type = "text/plain; charset=\"ISO-8859-1\"";
  text.body = "caf\xe9";
  EXPECT_EQ(ArticleFromFetch(text).raw.text, "café");

  FetchResult robots;
  robots.url = "https://a.example/private";
  robots.error =
      Error{ErrorCode::kUnsupported, robots.url, "disallowed by robots.txt"};
  EXPECT_EQ(ArticleFromFetch(robots).outcome, FetchOutcome::kDisallowed);
}

TEST(ContentType, ReadsMediaTypeAndCharset) {
  EXPECT_EQ(MediaType("Text/HTML; charset=UTF-8"), "text/html");
  EXPECT_EQ(MediaType(" application/xhtml+xml "), "application/xhtml+xml");
  EXPECT_EQ(CharsetParameter("text/html; Charset=\"windows-1252\""),
            "windows-1252");
  EXPECT_EQ(CharsetParameter("text/html;charset = utf-8 ; q=1"), "utf-8");
  EXPECT_EQ(CharsetParameter("text/html"), "");
}

}  // namespace
}  // namespace newsline
