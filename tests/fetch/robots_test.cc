#include "fetch/robots.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsline {
namespace {

struct PathCase {
  const char* user_agent;
  const char* path;
  bool allowed;
};

void ExpectVerdicts(const std::string& body,
                    const std::vector<PathCase>& cases) {
  for (const PathCase& c : cases) {
    SCOPED_TRACE(std::string(c.user_agent) + " " + c.path);
    EXPECT_EQ(RobotsRules::Parse(body, c.user_agent).IsAllowed(c.path),
              c.allowed);
  }
}

// RFC 9309 section 5.1.
TEST(RobotsRules, FollowsTheRfcSimpleExample) {
  const std::string body =
      "User-Agent: *\n"
      "Disallow: *.gif$\n"
      "Disallow: /example/\n"
      "Allow: /publications/\n"
      "\n"
      "User-Agent: foobot\n"
      "Disallow:/\n"
      "Allow:/example/page.html\n"
      "Allow:/example/allowed.gif\n"
      "\n"
      "User-Agent: barbot\n"
      "User-Agent: bazbot\n"
      "Disallow: /example/page.html\n"
      "\n"
      "User-Agent: quxbot\n"
      "\n"
      "EOF\n";
  ExpectVerdicts(body, {
                           {"foobot", "/example/page.html", true},
                           {"foobot", "/example/allowed.gif", true},
                           {"foobot", "/example/other.html", false},
                           {"foobot", "/", false},
                           {"FooBot/2.1 (+https://foo.example)", "/x", false},
                           {"barbot", "/example/page.html", false},
                           {"bazbot", "/example/page.html", false},
                           {"barbot", "/example/other.html", true},
                           {"quxbot", "/example/page.html", true},
                           {"quxbot", "/image.gif", true},
                           {"otherbot", "/image.gif", false},
                           {"otherbot", "/image.gif?x", true},
                           {"otherbot", "/example/a", false},
                           {"otherbot", "/publications/a", true},
                           {"otherbot", "/", true},
                       });
}

// RFC 9309 section 5.2.
TEST(RobotsRules, LongestMatchWins) {
  const std::string body =
      "User-Agent: foobot\n"
      "Allow: /example/page/\n"
      "Disallow: /example/page/disallowed.gif\n";
  ExpectVerdicts(body, {
                           {"foobot", "/example/page/", true},
                           {"foobot", "/example/page/a.html", true},
                           {"foobot", "/example/page/disallowed.gif", false},
                           {"foobot", "/example/page/disallowed.gif2", false},
                       });
}

TEST(RobotsRules, MatchesPatterns) {
  struct Case {
    const char* rule;
    const char* path;
    bool disallowed;
  };
  const std::vector<Case> cases = {
      {"/fish", "/fish", true},
      {"/fish", "/fish.html", true},
      {"/fish", "/fish/salmon.html", true},
      {"/fish", "/Fish.asp", false},
      {"/fish", "/catfish", false},
      {"/fish*", "/fishheads", true},
      {"/fish/", "/fish", false},
      {"/*.php", "/index.php", true},
      {"/*.php", "/folder/any.php.file.html", true},
      {"/*.php", "/windows.PHP", false},
      {"/*.php$", "/filename.php", true},
      {"/*.php$", "/filename.php?parameters", false},
      {"/*.php$", "/filename.php5", false},
      {"/fish*.php", "/fishheads/catfish.php?p=1", true},
      {"/fish*.php", "/Fish.PHP", false},
      {"/a*b*c", "/axxbyyc", true},
      {"/a*b*c", "/axxcyyb", false},
      {"/$", "/", true},
      {"/$", "/a", false},
      {"*", "/anything", true},
      {"/this/path/exactly$", "/this/path/exactly", true},
      {"/this/path/exactly$", "/this/path/exactly/", false},
      {"/path/file-with-a-%2A.html", "/path/file-with-a-*.html", true},
      {"/path/foo-%24", "/path/foo-$", true},
      {"/path/foo-$", "/path/foo-$", false},  // "$" anchors: "/path/foo-"
      {"/foo/bar?baz=quz", "/foo/bar?baz=quz", true},
      {"/foo/bar/\xE3\x83\x84", "/foo/bar/%E3%83%84", true},
      {"/foo/bar/%E3%83%84", "/foo/bar/%e3%83%84", true},
      {"/foo/bar/%62%61%7A", "/foo/bar/baz", true},
      {"/foo/bar/baz", "/foo/bar/%62%61%7a", true},
      {"/a%2Fb", "/a/b", false},
      {"page", "/page.html", true},  // read as "/page"
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.rule) + " vs " + c.path);
    const RobotsRules rules = RobotsRules::Parse(
        std::string("user-agent: *\ndisallow: ") + c.rule + "\n", "bot");
    EXPECT_EQ(!rules.IsAllowed(c.path), c.disallowed);
  }
}

TEST(RobotsRules, AllowWinsATie) {
  ExpectVerdicts("user-agent: *\ndisallow: /page\nallow: /page\n",
                 {{"bot", "/page", true}});
  ExpectVerdicts("user-agent: *\nallow: /page\ndisallow: /page\n",
                 {{"bot", "/page", true}});
  ExpectVerdicts("user-agent: *\ndisallow: /\nallow: /$\n",
                 {{"bot", "/", true}, {"bot", "/a", false}});
}

TEST(RobotsRules, ChoosesAndMergesGroups) {
  const std::string body =
      "User-agent: *\n"
      "Disallow: /private/\n"
      "\n"
      "User-agent: newsline\n"
      "Disallow: /a/\n"
      "\n"
      "User-agent: other\n"
      "Disallow: /b/\n"
      "\n"
      "user-agent: NEWSLINE\n"
      "disallow: /c/\n";
  ExpectVerdicts(body, {
                           // The specific groups, merged, replace `*`.
                           {"newsline/0.1 (+https://x)", "/a/1", false},
                           {"newsline/0.1 (+https://x)", "/c/1", false},
                           {"newsline/0.1 (+https://x)", "/b/1", true},
                           {"newsline/0.1 (+https://x)", "/private/1", true},
                           // Not a product token match.
                           {"newsline-beta", "/a/1", true},
                           {"newsline-beta", "/private/1", false},
                           {"other", "/b/1", false},
                       });
  // `*` groups merge too, and a group may name several agents.
  ExpectVerdicts(
      "user-agent: *\ndisallow: /x\n\nuser-agent: a\nuser-agent: *\n"
      "disallow: /y\n",
      {{"bot", "/x", false},
       {"bot", "/y", false},
       {"a", "/x", true},
       {"a", "/y", false}});
  // No group at all for us: everything allowed.
  ExpectVerdicts("user-agent: other\ndisallow: /\n", {{"bot", "/", true}});
}

TEST(RobotsRules, IgnoresWhatDoesNotParse) {
  const std::string body =
      "\xEF\xBB\xBF"
      "disallow: /before-any-group\n"
      "this line means nothing\n"
      "<html><body>Not found</body></html>\n"
      "User-agent: * # all robots\r\n"
      "Disalow: /typo\r"
      "Unknown-key: /x\n"
      "Disallow: /ok   # trailing comment\n"
      "Disallow:\n"
      ": /no-key\n";
  const RobotsRules rules = RobotsRules::Parse(body, "bot");
  EXPECT_TRUE(rules.IsAllowed("/before-any-group"));
  EXPECT_FALSE(rules.IsAllowed("/typo"));
  EXPECT_FALSE(rules.IsAllowed("/ok/1"));
  EXPECT_TRUE(rules.IsAllowed("/x"));
  EXPECT_TRUE(rules.IsAllowed("/no-key"));
  EXPECT_EQ(rules.rule_count(), 2u);
}

TEST(RobotsRules, ReadsCrawlDelayAndSitemaps) {
  const std::string body =
      "Sitemap: https://news.example/sitemap.xml\n"
      "User-agent: *\n"
      "Crawl-delay: 2.5\n"
      "Sitemap: https://news.example/news-sitemap.xml\n"
      "Disallow: /search\n"
      "User-agent: slowbot\n"
      "Crawl-delay: 10\n"
      "User-agent: badbot\n"
      "Crawl-delay: soon\n";
  const RobotsRules rules = RobotsRules::Parse(body, "newsline");
  ASSERT_TRUE(rules.crawl_delay_ms().has_value());
  EXPECT_EQ(*rules.crawl_delay_ms(), 2500);
  EXPECT_FALSE(rules.IsAllowed("/search?q=x"));
  EXPECT_EQ(rules.sitemaps(), (std::vector<std::string>{
                                  "https://news.example/sitemap.xml",
                                  "https://news.example/news-sitemap.xml"}));
  EXPECT_EQ(*RobotsRules::Parse(body, "slowbot").crawl_delay_ms(), 10'000);
  EXPECT_FALSE(RobotsRules::Parse(body, "badbot").crawl_delay_ms().has_value());
}

TEST(RobotsRules, ParsesOnlyTheFirst500KiB) {
  std::string body = "user-agent: *\ndisallow: /early\n";
  body += "# " + std::string(kMaxRobotsBytes, 'x') + "\n";
  body += "disallow: /late\n";
  const RobotsRules rules = RobotsRules::Parse(body, "bot");
  EXPECT_FALSE(rules.IsAllowed("/early"));
  EXPECT_TRUE(rules.IsAllowed("/late"));
}

TEST(RobotsRules, StatusDecidesBeforeTheBody) {
  const std::string body = "user-agent: *\ndisallow: /private\n";
  struct Case {
    int status;
    bool public_allowed;
    bool private_allowed;
  };
  const std::vector<Case> cases = {
      {200, true, false},  {203, true, false},  {301, true, true},
      {401, true, true},   {403, true, true},   {404, true, true},
      {410, true, true},   {429, false, false}, {500, false, false},
      {503, false, false}, {0, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.status);
    const RobotsRules rules = RobotsRules::FromResponse(c.status, body, "bot");
    EXPECT_EQ(rules.IsAllowed("/public"), c.public_allowed);
    EXPECT_EQ(rules.IsAllowed("/private"), c.private_allowed);
    EXPECT_TRUE(rules.IsAllowed("/robots.txt"));
  }
}

TEST(RobotsProductToken, TakesTheLeadingToken) {
  EXPECT_EQ(RobotsProductToken("newsline/0.1 (+https://x)"), "newsline");
  EXPECT_EQ(RobotsProductToken("Google-Extended"), "Google-Extended");
  EXPECT_EQ(RobotsProductToken("  my_bot 2"), "my_bot");
  EXPECT_EQ(RobotsProductToken("/weird"), "");
}

}  // namespace
}  // namespace newsline
