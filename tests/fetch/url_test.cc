#include "fetch/url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsline {
namespace {

struct NormalizeCase {
  const char* name;
  std::string url;
  std::string expected;
};

TEST(NormalizeUrl, WritesOneCanonicalSpelling) {
  const std::vector<NormalizeCase> cases = {
      {"already canonical", "https://example.com/a/b?x=1",
       "https://example.com/a/b?x=1"},
      {"scheme and host lower case", "HTTP://ExAmple.COM/Path",
       "http://example.com/Path"},
      {"default http port dropped", "http://example.com:80/a",
       "http://example.com/a"},
      {"default https port dropped", "https://example.com:443/",
       "https://example.com/"},
      {"other port kept", "http://example.com:8080/a",
       "http://example.com:8080/a"},
      {"https on port 80 kept", "https://example.com:80/",
       "https://example.com:80/"},
      {"empty path", "https://example.com", "https://example.com/"},
      {"fragment dropped", "https://example.com/a#section-2",
       "https://example.com/a"},
      {"dot segments", "https://example.com/a/./b/../c",
       "https://example.com/a/c"},
      {"utm parameters removed",
       "https://example.com/a?utm_source=x&id=7&utm_medium=rss",
       "https://example.com/a?id=7"},
      {"tracking names removed",
       "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&"
       "mc_eid=6&igshid=7&yclid=8&_ga=9&ref_src=10",
       "https://example.com/a"},
      {"tracking names case-insensitive",
       "https://example.com/?UTM_Source=a&p=2", "https://example.com/?p=2"},
      {"encoded tracking name removed", "https://example.com/?utm%5Fsource=a",
       "https://example.com/"},
      {"parameter order kept", "https://example.com/?b=2&a=1&c=3",
       "https://example.com/?b=2&a=1&c=3"},
      {"empty pieces dropped", "https://example.com/?a=1&&b=2&",
       "https://example.com/?a=1&b=2"},
      {"empty query dropped", "https://example.com/a?",
       "https://example.com/a"},
      {"similar names kept", "https://example.com/?utmsource=1&gclid2=3",
       "https://example.com/?utmsource=1&gclid2=3"},
      {"surrounding whitespace", "  https://example.com/a \n",
       "https://example.com/a"},
      {"space in path encoded", "https://example.com/a b",
       "https://example.com/a%20b"},
      {"idn host to punycode", "https://B\u00fccher.example/",
       "https://xn--bcher-kva.example/"},
      {"ipv6 host", "http://[::1]:80/x", "http://[::1]/x"},
      {"userinfo kept", "http://user@example.com/", "http://user@example.com/"},
  };
  for (const NormalizeCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> url = NormalizeUrl(c.url);
    ASSERT_TRUE(url.has_value()) << url.error().ToString();
    EXPECT_EQ(*url, c.expected);
    // Normalizing twice changes nothing.
    Result<std::string> again = NormalizeUrl(*url);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *url);
  }
}

struct RejectCase {
  const char* name;
  std::string url;
  std::string message;  // a part of the error message
};

TEST(NormalizeUrl, RejectsWhatCannotBeFetched) {
  const std::vector<RejectCase> cases = {
      {"empty", "", "empty URL"},
      {"no host", "http://", "invalid URL"},
      {"javascript", "javascript:alert(1)",
       "unsupported URL scheme \"javascript\""},
      {"ftp", "ftp://example.com/file", "unsupported URL scheme \"ftp\""},
      {"file", "file:///etc/passwd", "unsupported URL scheme \"file\""},
      {"mailto", "mailto:a@example.com", "unsupported URL scheme \"mailto\""},
      {"relative", "/a/b", "invalid URL"},
      {"no scheme", "example.com/a", "invalid URL"},
      {"space in host", "http://exa mple.com/", "invalid URL"},
      {"control character", "http://example.com/a\x01", "control character"},
      {"newline inside", "http://example.com/a\nb", "control character"},
      {"bad port", "http://example.com:99999/", "invalid URL"},
      {"too long", "https://example.com/" + std::string(kMaxUrlBytes, 'a'),
       "URL longer than"},
  };
  for (const RejectCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> url = NormalizeUrl(c.url);
    ASSERT_FALSE(url.has_value()) << *url;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(url.error().message.find(c.message), std::string::npos)
        << url.error().message;
    EXPECT_LE(url.error().where.size(), 203u);
  }
}

struct ResolveCase {
  const char* name;
  std::string base;
  std::string ref;
  std::string expected;  // "" = an error
};

TEST(ResolveUrl, ResolvesReferencesAgainstTheBase) {
  const std::string base = "https://news.example/section/page.html?x=1";
  const std::vector<ResolveCase> cases = {
      {"absolute", base, "http://other.example/a", "http://other.example/a"},
      {"root relative", base, "/b/c", "https://news.example/b/c"},
      {"path relative", base, "story.html",
       "https://news.example/section/story.html"},
      {"parent", base, "../up.html", "https://news.example/up.html"},
      {"scheme relative", base, "//cdn.example/x", "https://cdn.example/x"},
      {"query only", base, "?page=2",
       "https://news.example/section/page.html?page=2"},
      {"fragment only", base, "#top",
       "https://news.example/section/page.html?x=1"},
      {"tracking removed", base, "/a?utm_campaign=z", "https://news.example/a"},
      {"javascript link", base, "javascript:void(0)", ""},
      {"mailto link", base, "mailto:desk@news.example", ""},
      {"bad base", "not a url", "/a", ""},
  };
  for (const ResolveCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> url = ResolveUrl(c.base, c.ref);
    if (c.expected.empty()) {
      EXPECT_FALSE(url.has_value());
    } else {
      ASSERT_TRUE(url.has_value()) << url.error().ToString();
      EXPECT_EQ(*url, c.expected);
    }
  }
}

TEST(UrlOrigin, NamesSchemeHostAndOtherPorts) {
  EXPECT_EQ(UrlOrigin("https://Example.com/a?b"), "https://example.com");
  EXPECT_EQ(UrlOrigin("http://example.com:80/"), "http://example.com");
  EXPECT_EQ(UrlOrigin("http://127.0.0.1:8080/x"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlOrigin("ftp://example.com/"), "");
  EXPECT_EQ(UrlOrigin("garbage"), "");
}

TEST(UrlHost, IsLowerCaseHostWithoutPort) {
  EXPECT_EQ(UrlHost("https://News.Example.COM:8443/a"), "news.example.com");
  EXPECT_EQ(UrlHost("http://[::1]:8080/"), "[::1]");
  EXPECT_EQ(UrlHost("javascript:x"), "");
}

TEST(ParseHttpUrl, KeepsTheQueryForTheRequest) {
  Result<UrlParts> parts =
      ParseHttpUrl("HTTPS://Example.com:443/a/../b?utm_source=x&id=1#frag");
  ASSERT_TRUE(parts.has_value()) << parts.error().ToString();
  EXPECT_EQ(parts->url, "https://example.com/b?utm_source=x&id=1");
  EXPECT_EQ(parts->scheme, "https");
  EXPECT_EQ(parts->host, "example.com");
  EXPECT_EQ(parts->origin, "https://example.com");
  EXPECT_EQ(parts->path_and_query, "/b?utm_source=x&id=1");

  Result<UrlParts> relative = ParseHttpUrl("../c", "http://h.example:81/a/b/");
  ASSERT_TRUE(relative.has_value());
  EXPECT_EQ(relative->url, "http://h.example:81/a/c");
  EXPECT_EQ(relative->origin, "http://h.example:81");

  Result<UrlParts> ftp = ParseHttpUrl("ftp://files.example/x", "http://h/");
  ASSERT_FALSE(ftp.has_value());
  EXPECT_NE(ftp.error().message.find("\"ftp\""), std::string::npos);
}

}  // namespace
}  // namespace newsline
