// crawl.json parsing: good files fill the options, bad ones fail with the
// key's JSON path.
#include "crawl/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace newsline {
namespace {

TEST(CrawlConfig, ReadsEveryKey) {
  auto config = ParseCrawlConfig(R"json({
    "user_agent": "examplebot/1.0 (+https://example.com/bot)",
    "ca_file": "/etc/ssl/internal-ca.pem",
    "sources": [
      {"feed": "https://Example.com/feed.xml?utm_source=x"},
      {"sitemap": "https://example.com/sitemap.xml"},
      {"url": "https://example.com/a.html#top"},
      {"site": "http://news.example.org"}
    ],
    "politeness": {"per_host_delay_ms": 250, "per_host_connections": 4,
                   "max_connections": 16, "max_crawl_delay_ms": 5000,
                   "obey_robots": false, "robots_ttl_seconds": 600},
    "limits": {"connect_timeout_ms": 2000, "total_timeout_ms": 9000,
               "max_body_bytes": 1048576, "max_redirects": 2,
               "max_retries": 1, "retry_base_ms": 100,
               "max_articles_per_pass": 50, "sitemap_max_age_days": 7,
               "sitemap_max_depth": 2},
    "analysis": {"lang": "fr", "reference_date": "2024-06-05"}
  })json",
                                 "crawl.json");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->fetch.user_agent,
            "examplebot/1.0 (+https://example.com/bot)");
  EXPECT_EQ(config->fetch.ca_file, "/etc/ssl/internal-ca.pem");
  ASSERT_EQ(config->sources.size(), 4u);
  EXPECT_EQ(config->sources[0].kind, CrawlSource::Kind::kFeed);
  EXPECT_EQ(config->sources[0].url, "https://example.com/feed.xml");
  EXPECT_EQ(config->sources[1].kind, CrawlSource::Kind::kSitemap);
  EXPECT_EQ(config->sources[2].kind, CrawlSource::Kind::kUrl);
  EXPECT_EQ(config->sources[2].url, "https://example.com/a.html");
  EXPECT_EQ(config->sources[3].kind, CrawlSource::Kind::kSite);
  EXPECT_EQ(config->sources[3].url, "http://news.example.org/");
  EXPECT_EQ(config->fetch.per_host_delay_ms, 250);
  EXPECT_EQ(config->fetch.per_host_connections, 4);
  EXPECT_EQ(config->fetch.max_connections, 16);
  EXPECT_EQ(config->fetch.max_crawl_delay_ms, 5000);
  EXPECT_FALSE(config->fetch.obey_robots);
  EXPECT_EQ(config->fetch.robots_ttl_seconds, 600);
  EXPECT_EQ(config->fetch.connect_timeout_ms, 2000);
  EXPECT_EQ(config->fetch.total_timeout_ms, 9000);
  EXPECT_EQ(config->fetch.max_body_bytes, 1048576);
  EXPECT_EQ(config->fetch.max_redirects, 2);
  EXPECT_EQ(config->fetch.max_retries, 1);
  EXPECT_EQ(config->fetch.retry_base_ms, 100);
  EXPECT_EQ(config->max_articles_per_pass, 50);
  EXPECT_EQ(config->sitemap_max_age_days, 7);
  EXPECT_EQ(config->sitemap_max_depth, 2);
  EXPECT_EQ(config->analysis.lang, "fr");
  ASSERT_TRUE(config->analysis.reference_date);
  EXPECT_EQ(config->analysis.reference_date->day, 5);
}

TEST(CrawlConfig, DefaultsArePolite) {
  auto config = ParseCrawlConfig(
      R"({"sources": [{"feed": "https://a.example/rss"}]})", "crawl.json");
  ASSERT_TRUE(config) << config.error().ToString();
  const FetchOptions defaults;
  EXPECT_EQ(config->fetch.per_host_delay_ms, defaults.per_host_delay_ms);
  EXPECT_EQ(config->fetch.per_host_connections, 2);
  EXPECT_TRUE(config->fetch.obey_robots);
  EXPECT_EQ(config->analysis.lang, "auto");
  EXPECT_FALSE(config->analysis.reference_date);
}

struct BadConfig {
  const char* name;
  const char* json;
  const char* message;  // the whole error, "crawl.json: ..."
};

class CrawlConfigRejects : public ::testing::TestWithParam<BadConfig> {};

TEST_P(CrawlConfigRejects, WithTheKeyPath) {
  auto config = ParseCrawlConfig(GetParam().json, "crawl.json");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().ToString(), GetParam().message);
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidInput);
}

const BadConfig kBad[] = {
    {"NegativeDelay",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"per_host_delay_ms": -5}})",
     "crawl.json: politeness.per_host_delay_ms: expected a non-negative "
     "integer, got -5"},
    {"DelayAsString",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"per_host_delay_ms": "1000"}})",
     "crawl.json: politeness.per_host_delay_ms: expected a non-negative "
     "integer, got \"1000\""},
    {"FractionalConnections",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"per_host_connections": 1.5}})",
     "crawl.json: politeness.per_host_connections: expected a positive "
     "integer, got 1.5"},
    {"ZeroConnections",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"max_connections": 0}})",
     "crawl.json: politeness.max_connections: expected a positive integer, "
     "got 0"},
    {"HostConnectionsOverGlobal",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"per_host_connections": 8, "max_connections": 4}})",
     "crawl.json: politeness.per_host_connections: must not exceed "
     "politeness.max_connections (4)"},
    {"TooManyRedirects",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "limits": {"max_redirects": 1000}})",
     "crawl.json: limits.max_redirects: must be at most 20, got 1000"},
    {"HugeNumber",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "limits": {"max_body_bytes": 18446744073709551615}})",
     "crawl.json: limits.max_body_bytes: must be at most 1073741824, got "
     "18446744073709551615"},
    {"RobotsNotBoolean",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"obey_robots": "yes"}})",
     "crawl.json: politeness.obey_robots: expected true or false, got "
     "\"yes\""},
    {"UnknownTopLevelKey",
     R"({"sources": [{"feed": "https://a.example/rss"}], "soruces": []})",
     "crawl.json: soruces: unknown key (expected one of: user_agent, "
     "ca_file, sources, politeness, limits, analysis)"},
    {"UnknownNestedKey",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"delay_ms": 5}})",
     "crawl.json: politeness.delay_ms: unknown key (expected one of: "
     "per_host_delay_ms, per_host_connections, max_connections, "
     "max_crawl_delay_ms, obey_robots, robots_ttl_seconds)"},
    {"SectionNotObject",
     R"({"sources": [{"feed": "https://a.example/rss"}], "limits": 5})",
     "crawl.json: limits: expected an object, got 5"},
    {"NoSources", R"({"user_agent": "x"})",
     "crawl.json: sources: missing: list the feeds, sitemaps, urls or sites "
     "to crawl"},
    {"EmptySources", R"({"sources": []})",
     "crawl.json: sources: must list at least one source"},
    {"SourcesNotArray", R"({"sources": {"feed": "https://a.example/"}})",
     "crawl.json: sources: expected an array of sources, got "
     "{\"feed\":\"https://a.example/\"}"},
    {"SourceWithTwoKinds",
     R"({"sources": [{"feed": "https://a.example/rss",
                      "site": "https://a.example/"}]})",
     "crawl.json: sources[0]: expected exactly one of \"feed\", \"sitemap\", "
     "\"url\", \"site\""},
    {"SourceWithNoKind", R"({"sources": [{}]})",
     "crawl.json: sources[0]: expected exactly one of \"feed\", \"sitemap\", "
     "\"url\", \"site\""},
    {"SourceUnknownKind",
     R"({"sources": [{"feed": "https://a.example/rss"}, {"atom": "x"}]})",
     "crawl.json: sources[1].atom: unknown key (expected one of: feed, "
     "sitemap, url, site)"},
    {"SourceNotString", R"({"sources": [{"sitemap": 3}]})",
     "crawl.json: sources[0].sitemap: expected a string, got 3"},
    {"SourceDuplicate",
     R"({"sources": [{"feed": "https://a.example/rss"},
                     {"feed": "https://A.example:443/rss#x"}]})",
     "crawl.json: sources[1].feed: \"https://A.example:443/rss#x\" is listed "
     "twice (also sources[0])"},
    {"EmptyCaFile",
     R"({"ca_file": "", "sources": [{"feed": "https://a.example/rss"}]})",
     "crawl.json: ca_file: must not be empty"},
    {"CaFileNotAString",
     R"({"ca_file": 3, "sources": [{"feed": "https://a.example/rss"}]})",
     "crawl.json: ca_file: expected a string, got 3"},
    {"EmptyUserAgent",
     R"({"user_agent": "", "sources": [{"feed": "https://a.example/rss"}]})",
     "crawl.json: user_agent: must not be empty"},
    {"UserAgentWithNewline",
     R"({"user_agent": "a\r\nX-Evil: 1",
         "sources": [{"feed": "https://a.example/rss"}]})",
     "crawl.json: user_agent: must not contain control characters"},
    {"BadReferenceDate",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "analysis": {"reference_date": "2024-02-30"}})",
     "crawl.json: analysis.reference_date: expected a YYYY-MM-DD date, got "
     "\"2024-02-30\""},
    {"DuplicateTopLevelKey",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "sources": [{"feed": "https://b.example/rss"}]})",
     "crawl.json: sources: duplicate key"},
    {"DuplicateNestedKey",
     R"({"sources": [{"feed": "https://a.example/rss"}],
         "politeness": {"per_host_delay_ms": 1000, "obey_robots": true,
                        "per_host_delay_ms": 0}})",
     "crawl.json: politeness.per_host_delay_ms: duplicate key"},
    {"DuplicateKeyInASource",
     R"({"sources": [{"feed": "https://a.example/rss"},
                     {"feed": "https://b.example/rss",
                      "feed": "https://c.example/rss"}]})",
     "crawl.json: sources[1].feed: duplicate key"},
    {"DuplicateKeyAfterNestedArrays",
     R"({"limits": {"max_retries": 1}, "sources": [{"feed": "https://a.example/rss"},
         {"url": "https://a.example/x"}], "analysis": {"lang": "fr"},
         "limits": {"max_retries": 2}})",
     "crawl.json: limits: duplicate key"},
    {"DuplicateKeyBeatsOtherErrors",
     R"({"sources": [], "analysis": {"lang": "fr", "lang": "fr"}})",
     "crawl.json: analysis.lang: duplicate key"},
    {"NotAnObject", R"([1, 2])",
     "crawl.json: expected a JSON object with \"sources\""},
};

INSTANTIATE_TEST_SUITE_P(Table, CrawlConfigRejects, ::testing::ValuesIn(kBad),
                         [](const auto& info) { return info.param.name; });

TEST(CrawlConfig, AcceptsTheSameKeyInDifferentObjects) {
  auto config = ParseCrawlConfig(
      R"({"sources": [{"feed": "https://a.example/rss"},
                      {"feed": "https://b.example/rss"}],
          "politeness": {"max_connections": 8},
          "limits": {"max_retries": 1}})",
      "crawl.json");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->sources.size(), 2u);
  EXPECT_EQ(config->fetch.max_connections, 8);
}

TEST(CrawlConfig, RejectsNonHttpSourcesNamingTheUrl) {
  auto config = ParseCrawlConfig(
      R"({"sources": [{"url": "ftp://a.example/x"}]})", "crawl.json");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().where, "crawl.json");
  EXPECT_TRUE(config.error().message.starts_with(
      "sources[0].url: \"ftp://a.example/x\" is not an http(s) URL ("))
      << config.error().message;
}

TEST(CrawlConfig, ReportsMalformedJsonWithItsPosition) {
  auto config =
      ParseCrawlConfig("{\"sources\": [\n  {\"feed\": }]}", "crawl.json");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().where, "crawl.json");
  EXPECT_NE(
      config.error().message.find("not valid JSON: parse error at line 2"),
      std::string::npos)
      << config.error().message;
}

TEST(CrawlConfig, LoadsAFileAndNamesMissingOnes) {
  const auto path =
      std::filesystem::temp_directory_path() /
      ("newsline_crawl_config_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"sources": [{"site": "https://a.example/"}],
                             "limits": {"max_retries": -1}})";
  auto config = LoadCrawlConfig(path.string());
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().ToString(),
            path.string() +
                ": limits.max_retries: expected a non-negative integer, got "
                "-1");
  std::filesystem::remove(path);

  auto missing = LoadCrawlConfig(path.string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_EQ(missing.error().where, path.string());
}

TEST(Duration, ReadsUnitsAndSums) {
  const std::pair<const char*, int64_t> kGood[] = {
      {"30s", 30},     {"15m", 900},   {"1h", 3600},
      {"1h30m", 5400}, {"2d", 172800}, {"90s", 90}};
  for (const auto& [text, seconds] : kGood) {
    auto d = ParseDurationSeconds(text);
    ASSERT_TRUE(d) << text << ": " << d.error().message;
    EXPECT_EQ(*d, seconds) << text;
  }
}

TEST(Duration, RejectsWhatIsNotADuration) {
  for (const char* text : {"", "15", "m", "15x", "-5m", "1.5h", "0s", "31d",
                           "1h 30m", "99999999999999999999s"}) {
    EXPECT_FALSE(ParseDurationSeconds(text)) << text;
  }
}

}  // namespace
}  // namespace newsline
