// The acceptance scenario of issue #3, in-process (the same runs through the
// real binary are in tests/cli/crawl_cli_test.cc):
//
// A feed of four articles, one under a path that robots.txt disallows and
// one in Latin-1 without a charset in its HTTP header: the first `--once`
// run emits the three allowed ones with title, text, figures and dates; the
// second run emits nothing and gets 304 for the feed without refetching the
// articles; after a new feed item, the third run emits exactly that one.
#include <gtest/gtest.h>

#include "tests/crawl/acceptance_site.h"
#include "tests/crawl/crawl_harness.h"

namespace newsline {
namespace {

using testing::AcceptanceSite;
using testing::CountMentions;

class AcceptanceTest : public testing::CrawlHarness {};

TEST_F(AcceptanceTest, EmitsEachAllowedArticleOnceAndRefetchesNothing) {
  AcceptanceSite site;
  const auto config = Config({{CrawlSource::Kind::kFeed, site.FeedUrl()}});

  // Run 1: the three allowed articles, analyzed.
  auto first = Pass(config);
  ASSERT_EQ(testing::CrawlHarness::Urls(first), site.AllowedUrls())
      << first.Reports();
  EXPECT_EQ(first.stats.failed, 0) << first.Reports();
  EXPECT_EQ(first.stats.skipped, 1) << "the disallowed one";
  for (const auto& line : first.lines) {
    SCOPED_TRACE(line["url"].get<std::string>());
    EXPECT_TRUE(line["errors"].empty()) << line["errors"].dump();
    const testing::AcceptanceArticle& expected =
        site.Expected(line["url"].get<std::string>());
    EXPECT_EQ(line["title"], expected.title);
    EXPECT_EQ(line["lang"], "fr");
    const std::string text = line["text"];
    EXPECT_NE(text.find(expected.text_snippet), std::string::npos) << text;
    EXPECT_EQ(text.find("Partager sur"), std::string::npos) << "chrome";
    EXPECT_GE(CountMentions(line, "money") + CountMentions(line, "percent") +
                  CountMentions(line, "quantity"),
              2)
        << "figures: " << line["mentions"].dump();
    EXPECT_GE(CountMentions(line, "date"), 1)
        << "dates: " << line["mentions"].dump();
    EXPECT_FALSE(line["events"].empty());
  }
  EXPECT_EQ(site.server().Hits(site.DisallowedPath()), 0);

  // Run 2: nothing new; the feed answers 304 and no article is fetched.
  auto second = Pass(config);
  EXPECT_TRUE(second.lines.empty()) << second.Reports();
  EXPECT_EQ(second.stats.sources_unchanged, 1);
  EXPECT_EQ(site.server().Hits(AcceptanceSite::kFeedPath), 2);
  EXPECT_EQ(site.server().Fetches(AcceptanceSite::kFeedPath), 1);
  for (const std::string& path : site.ArticlePaths()) {
    EXPECT_EQ(site.server().Hits(path), 1) << path;
  }
  EXPECT_EQ(site.server().Hits(site.DisallowedPath()), 0);

  // Run 3: a new item; exactly that one comes out.
  site.AddFifthArticle();
  auto third = Pass(config);
  ASSERT_EQ(testing::CrawlHarness::Urls(third),
            std::vector<std::string>{site.FifthUrl()})
      << third.Reports();
  EXPECT_TRUE(third.lines[0]["errors"].empty());
  EXPECT_EQ(site.server().Fetches(AcceptanceSite::kFeedPath), 2);
  for (const std::string& path : site.ArticlePaths()) {
    EXPECT_EQ(site.server().Hits(path), 1) << path;
  }
  EXPECT_EQ(site.server().Hits(site.DisallowedPath()), 0);
}

}  // namespace
}  // namespace newsline
