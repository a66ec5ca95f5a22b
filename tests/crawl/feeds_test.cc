// Feeds, sitemaps and feed discovery (crawl/feeds.h): the formats news
// sites publish, the ways they get them wrong, and hostile XML and gzip.
// Fixtures are in tests/crawl/data/feeds/.
#include "crawl/feeds.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/unicode.h"
#include "crawl/feeds_text.h"
#include "tests/testing/gzip.h"

namespace newsline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kDataDir = "tests/crawl/data/feeds/";

std::string ReadFixture(std::string_view name) {
  const std::string path = std::string(kDataDir) + std::string(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

std::vector<std::string> Urls(const Feed& feed) {
  std::vector<std::string> urls;
  for (const FeedItem& item : feed.items) urls.push_back(item.url);
  return urls;
}

std::vector<std::string> Urls(const Sitemap& sitemap) {
  std::vector<std::string> urls;
  for (const SitemapEntry& entry : sitemap.entries) urls.push_back(entry.url);
  return urls;
}

// Every string ParseFeed returns, for checks that something never leaks.
std::string AllText(const Feed& feed) {
  std::string all = feed.title;
  for (const FeedItem& item : feed.items) {
    all += "\n" + item.url + "\n" + item.title + "\n" + item.published + "\n" +
           item.updated;
  }
  return all;
}

// A gzip stream (one member) of `size` zero bytes, built chunk by chunk.
std::string GzipZeros(size_t size) {
  z_stream z{};
  EXPECT_EQ(
      deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
      Z_OK);
  const std::string zeros(1 << 20, '\0');
  std::string out;
  char buf[1 << 16];
  size_t left = size;
  int flush = Z_NO_FLUSH;
  while (flush != Z_FINISH) {
    const size_t n = std::min(left, zeros.size());
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

TEST(ParseFeed, ReadsRss2) {
  const std::string bytes = ReadFixture("rss2.xml");
  Result<Feed> feed = ParseFeed(bytes, "https://news.example.com/feed.xml");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, Feed::Format::kRss);
  EXPECT_EQ(feed->title, "Example News & Views");
  EXPECT_THAT(
      Urls(*feed),
      ElementsAre("https://news.example.com/economy/airbus-may.html?id=7",
                  "https://news.example.com/politics/vote.html",
                  "https://news.example.com/world/guid-only.html",
                  "https://news.example.com/tech/chips.html"));
  ASSERT_EQ(feed->items.size(), 4u);
  EXPECT_EQ(feed->items[0].title, "Airbus delivers 63 jets in May");
  EXPECT_EQ(feed->items[0].published, "2024-06-05T08:30:00Z");
  EXPECT_EQ(feed->items[1].published, "2024-06-04T18:00:00+02:00");
  EXPECT_EQ(feed->items[2].title, "Guid only: permalink");
  EXPECT_EQ(feed->items[2].published, "2024-06-03T12:00:00Z");  // dc:date
  EXPECT_EQ(feed->items[3].title, "Through FeedBurner");
  EXPECT_EQ(feed->items[3].published, "2024-06-03T07:15:00-05:00");
  EXPECT_EQ(feed->items[3].updated, "");
  // The non-permalink guid and the javascript: link.
  EXPECT_EQ(feed->skipped, 2);
  // The first item again, with tracking parameters and a fragment.
  EXPECT_EQ(feed->duplicates, 1);
}

TEST(ParseFeed, ReadsAtomWithXmlBase) {
  const std::string bytes = ReadFixture("atom.xml");
  Result<Feed> feed = ParseFeed(bytes, "https://blog.example.org/atom.xml");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, Feed::Format::kAtom);
  EXPECT_EQ(feed->title, "The Example Blog");
  EXPECT_THAT(Urls(*feed),
              ElementsAre("https://blog.example.org/posts/2024/06/first.html",
                          "https://blog.example.org/archive/second.html",
                          "https://mirror.example.net/x/third.html"));
  ASSERT_EQ(feed->items.size(), 3u);
  EXPECT_EQ(feed->items[0].title, "Relative to the feed's base");
  EXPECT_EQ(feed->items[0].published, "2024-06-05T10:00:00+02:00");
  EXPECT_EQ(feed->items[0].updated, "2024-06-05T11:30:00+02:00");
  EXPECT_EQ(feed->items[1].title, "Entry base & more");
  EXPECT_EQ(feed->items[1].published, "");
  EXPECT_EQ(feed->items[1].updated, "2024-06-04T09:00:00Z");
  EXPECT_EQ(feed->items[2].title, "An XHTML title");
  EXPECT_EQ(feed->skipped, 1);  // only rel="related"
}

TEST(ParseFeed, ReadsRdf) {
  const std::string bytes = ReadFixture("rdf.xml");
  Result<Feed> feed = ParseFeed(bytes, "https://rdf.example.com/index.rdf");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, Feed::Format::kRdf);
  EXPECT_EQ(feed->title, "RDF Example");
  EXPECT_THAT(Urls(*feed), ElementsAre("https://rdf.example.com/a.html",
                                       "https://rdf.example.com/b.html"));
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].title, "First RDF item");
  EXPECT_EQ(feed->items[0].published, "2024-06-05T09:00:00+09:00");
  EXPECT_EQ(feed->items[1].published, "2024-06-04");
  EXPECT_EQ(feed->skipped, 1);
}

TEST(ParseFeed, ReadsJsonFeed) {
  const std::string bytes = ReadFixture("jsonfeed.json");
  Result<Feed> feed = ParseFeed(bytes, "https://news.example.com/feed.json");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, Feed::Format::kJson);
  EXPECT_EQ(feed->title, "Example News in JSON");
  // url resolved against the feed's URL, then external_url, then an id
  // that is a URL.
  EXPECT_THAT(Urls(*feed),
              ElementsAre("https://news.example.com/economy/airbus-may.html",
                          "https://other.example.org/2024/06/04/vote.html",
                          "https://news.example.com/world/id-only.html",
                          "https://news.example.com/politics/relative.html"));
  ASSERT_EQ(feed->items.size(), 4u);
  EXPECT_EQ(feed->items[0].title, "Airbus delivers 63 jets in May");
  EXPECT_EQ(feed->items[0].published, "2024-06-05T08:30:00Z");
  EXPECT_EQ(feed->items[0].updated, "2024-06-05T09:00:00+02:00");
  EXPECT_EQ(feed->items[1].published, "2024-06-04T18:00:00+02:00");
  EXPECT_EQ(feed->items[2].published, "");
  // JSON Feed titles are plain text: markup in them is kept as written.
  EXPECT_EQ(feed->items[3].title, "Caf\u00e9 <b>not</b> HTML");
  // No link, a javascript: link, an item that is not an object, a URL that
  // is not a string.
  EXPECT_EQ(feed->skipped, 4);
  EXPECT_EQ(feed->duplicates, 1);
}

TEST(ParseFeed, ReadsJsonFeedVersion1GzippedOrNot) {
  const std::string bytes = ReadFixture("jsonfeed_v1.json");
  for (const std::string& input : {bytes, testing::Gzip(bytes)}) {
    Result<Feed> feed = ParseFeed(input, "https://news.example.com/feed.json");
    ASSERT_TRUE(feed) << feed.error().ToString();
    EXPECT_EQ(feed->format, Feed::Format::kJson);
    EXPECT_EQ(feed->title, "Old JSON Feed");
    EXPECT_THAT(Urls(*feed), ElementsAre("https://news.example.com/a.html"));
    EXPECT_EQ(feed->items[0].published, "2024-06-01T10:00:00-07:00");
  }
}

TEST(ParseFeed, ReportsMalformedJsonFeedWithItsPosition) {
  const std::string bytes = ReadFixture("jsonfeed_bad.json");
  Result<Feed> feed = ParseFeed(bytes, "https://news.example.com/feed.json");
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(feed.error().where, "https://news.example.com/feed.json");
  EXPECT_EQ(feed.error().message,
            "not a feed: malformed JSON (parse error at line 3, column 57: "
            "syntax error while parsing object key - unexpected '}'; "
            "expected string literal)");
}

TEST(ParseFeed, ReadsJsonFeedWithInvalidUtf8AsValidText) {
  const std::string bytes =
      "\xEF\xBB\xBF {\"version\": \"https://jsonfeed.org/version/1.1\", "
      "\"title\": \"Caf\xE9\", \"items\": [{\"url\": "
      "\"https://n.example.com/\xE9t\xE9\", \"title\": \"\xFF\xFE\"}]}";
  Result<Feed> feed = ParseFeed(bytes, "https://n.example.com/feed.json");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(FindInvalidUtf8(AllText(*feed)), std::string::npos);
  EXPECT_EQ(feed->title, "Caf\uFFFD");
}

TEST(ParseFeed, CleansTitles) {
  const std::string bytes = ReadFixture("titles.xml");
  Result<Feed> feed = ParseFeed(bytes, "https://t.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  std::vector<std::string> titles;
  for (const FeedItem& item : feed->items) titles.push_back(item.title);
  EXPECT_THAT(titles,
              ElementsAre("Inflation falls to 2.4%", "Escaped markup",
                          "AT&T earnings \u2013 Q2", "Caf\u00e9 prices rise",
                          "Line breaks and spaces", "Shares < 5 & falling",
                          "\u2013\u201cQuoted\u201d"));
}

TEST(ParseFeed, ReadsOlderFormats) {
  // RSS 0.91 with Netscape's DTD, never loaded: its HTML entities still
  // read as HTML's.
  Result<Feed> rss091 = ParseFeed(
      R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title>
<item><title>Fran&ccedil;ais &amp; caf&eacute;</title>
<link>http://old.example.com/1.html</link></item></channel></rss>)",
      "http://old.example.com/rss.xml");
  ASSERT_TRUE(rss091) << rss091.error().ToString();
  ASSERT_EQ(rss091->items.size(), 1u);
  EXPECT_EQ(rss091->items[0].title, "Fran\u00e7ais & caf\u00e9");

  Result<Feed> atom03 = ParseFeed(
      R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title mode="escaped" type="text/html">Atom &lt;i&gt;0.3&lt;/i&gt;</title>
  <entry><title mode="escaped" type="text/html">&lt;b&gt;Old&lt;/b&gt; entry</title>
    <link rel="alternate" type="text/html" href="http://a03.example.com/1"/>
    <issued>2004-06-05T10:00:00+02:00</issued>
    <modified>2004-06-06T10:00:00Z</modified></entry>
</feed>)",
      "http://a03.example.com/atom.xml");
  ASSERT_TRUE(atom03) << atom03.error().ToString();
  EXPECT_EQ(atom03->format, Feed::Format::kAtom);
  EXPECT_EQ(atom03->title, "Atom 0.3");
  ASSERT_EQ(atom03->items.size(), 1u);
  EXPECT_EQ(atom03->items[0].url, "http://a03.example.com/1");
  EXPECT_EQ(atom03->items[0].title, "Old entry");
  EXPECT_EQ(atom03->items[0].published, "2004-06-05T10:00:00+02:00");
  EXPECT_EQ(atom03->items[0].updated, "2004-06-06T10:00:00Z");
}

TEST(ParseFeed, MatchesNamespacesByUriNotPrefix) {
  Result<Feed> atom = ParseFeed(
      R"(<x:feed xmlns:x="http://www.w3.org/2005/Atom"><x:entry>
           <x:link href="https://a.example.com/1"/><x:title>One</x:title>
           <link xmlns="http://example.com/other" href="https://a.example.com/no"/>
         </x:entry></x:feed>)",
      "https://a.example.com/feed");
  ASSERT_TRUE(atom) << atom.error().ToString();
  EXPECT_THAT(Urls(*atom), ElementsAre("https://a.example.com/1"));

  Result<Feed> rss = ParseFeed(
      R"(<rss xmlns:o="http://example.com/other"><channel><item>
           <o:link>https://r.example.com/wrong</o:link>
           <link>https://r.example.com/right</link>
         </item></channel></rss>)",
      "https://r.example.com/feed");
  ASSERT_TRUE(rss) << rss.error().ToString();
  EXPECT_THAT(Urls(*rss), ElementsAre("https://r.example.com/right"));

  Result<Feed> wrong =
      ParseFeed(R"(<feed xmlns="http://example.com/not-atom"><entry/></feed>)",
                "https://w.example.com/feed");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            "not a feed: root element <feed> in namespace "
            "http://example.com/not-atom");
}

TEST(ParseFeed, ReadsBareAmpersandsAndKeepsEntitiesAfterErrors) {
  // Bare "&", an undeclared entity and a control character: each is an
  // error to libxml2, and none may cost the text or references after it.
  Result<Feed> feed =
      ParseFeed(std::string(R"(<rss><channel><title>AT&T &amp; Co</title>
         <item><title>AT&T & Verizon &amp; co</title>
           <link>https://b.example.com/a?x=1&y=2&amp;z=3</link></item>
         <item><title>Bad &undeclared; ref)") +
                    "\x01" + R"( then &amp; &lt; 5</title>
           <link>https://b.example.com/b</link></item>
       </channel></rss>)",
                "https://b.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->title, "AT&T & Co");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].title, "AT&T & Verizon & co");
  EXPECT_EQ(feed->items[0].url, "https://b.example.com/a?x=1&y=2&z=3");
  EXPECT_EQ(feed->items[1].title, "Bad ref then & < 5");

  Result<Feed> atom = ParseFeed(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
           <link href="/read?id=7&page=2"/><title>Q&A</title></entry></feed>)",
      "https://b.example.com/atom");
  ASSERT_TRUE(atom) << atom.error().ToString();
  ASSERT_EQ(atom->items.size(), 1u);
  EXPECT_EQ(atom->items[0].url, "https://b.example.com/read?id=7&page=2");
  EXPECT_EQ(atom->items[0].title, "Q&A");
}

TEST(ParseFeed, HonorsDeclaredEncodingAndPlainEntities) {
  const std::string latin1 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
      "<!DOCTYPE rss [<!ENTITY corp \"Example Corp\">]>"
      "<rss><channel><item><title>Caf\xE9 &corp;</title>"
      "<link>https://l.example.com/caf\xE9</link></item></channel></rss>";
  Result<Feed> feed = ParseFeed(latin1, "https://l.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].title, "Caf\u00e9 Example Corp");
  EXPECT_THAT(feed->items[0].url, HasSubstr("https://l.example.com/caf"));
}

TEST(ParseFeed, DecodesDeclaredCharsets) {
  struct Case {
    std::string bytes;
    std::string title;
  };
  const std::string item =
      "<link>https://c.example.com/1</link></item></channel></rss>";
  // UTF-16LE with a BOM, from ASCII.
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                            "<rss><channel><item><title>Wide</title>") +
                    item) {
    utf16 += c;
    utf16 += '\0';
  }
  const Case cases[] = {
      // ISO-8859-1 is read as windows-1252, as browsers do.
      {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item>"
       "<title>\x93Quoted\x94 caf\xE9</title>" +
           item,
       "\u201cQuoted\u201d caf\u00e9"},
      {"<?xml version='1.0' encoding='Shift_JIS'?><rss><channel><item>"
       "<title>\x93\xFA\x96\x7B</title>" +
           item,
       "\u65e5\u672c"},
      {"\xEF\xBB\xBF<rss><channel><item><title>BOM \xC3\xA9</title>" + item,
       "BOM \u00e9"},
      {utf16, "Wide"},
      // Declared UTF-8, with a windows-1252 byte: replaced.
      {"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><item>"
       "<title>caf\xE9</title>" +
           item,
       "caf\uFFFD"},
  };
  for (const Case& c : cases) {
    Result<Feed> feed = ParseFeed(c.bytes, "https://c.example.com/feed");
    ASSERT_TRUE(feed) << c.title << ": " << feed.error().ToString();
    ASSERT_EQ(feed->items.size(), 1u) << c.title;
    EXPECT_EQ(feed->items[0].title, c.title);
  }
}

// Found by fuzzing: libxml2 passes bytes that are not UTF-8 through when a
// document lies about its encoding.
TEST(ParseFeed, ReturnsValidUtf8FromMislabeledFeed) {
  const std::string bytes =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Caf\xE9</title>"
      "<entry><link href=\"https://m.example.com/a\"/><title>\xB4ok</title>"
      "<updated>2024-06-0\xB4T09:00:00Z</updated></entry></feed>";
  Result<Feed> feed = ParseFeed(bytes, "https://m.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(FindInvalidUtf8(feed->title), std::string::npos);
  EXPECT_EQ(FindInvalidUtf8(feed->items[0].title), std::string::npos);
  EXPECT_EQ(FindInvalidUtf8(feed->items[0].updated), std::string::npos);
}

TEST(ParseFeed, ReadsGzippedFeed) {
  // A feed saved as .xml.gz: the same items as the plain one.
  const std::string plain = ReadFixture("rdf.xml");
  std::string gz;
  {
    z_stream z{};
    ASSERT_EQ(
        deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    gz.resize(deflateBound(&z, plain.size()));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(gz.data());
    z.avail_out = static_cast<uInt>(gz.size());
    ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    gz.resize(z.total_out);
    deflateEnd(&z);
  }
  Result<Feed> feed = ParseFeed(gz, "https://rdf.example.com/index.rdf.gz");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->items.size(), 2u);
}

// Truncated XML: the items whose end tag was parsed are kept, the one cut
// off is dropped (never a half-read URL), and input cut before the root
// element is an error.
TEST(ParseFeed, KeepsCompleteItemsOfTruncatedFeed) {
  const std::string bytes = ReadFixture("rss2.xml");
  struct Case {
    std::string_view cut_before;
    size_t items;
  };
  const Case cases[] = {
      {"vote.html", 1},  // inside the second item's <link>
      {"</item>\n    <item>\n      <title>No link", 2},  // third item open
      {"</channel>", 4},                                 // all items complete
  };
  Result<Feed> whole = ParseFeed(bytes, "https://news.example.com/feed.xml");
  ASSERT_TRUE(whole) << whole.error().ToString();
  const std::vector<std::string> all = Urls(*whole);
  for (const Case& c : cases) {
    const size_t cut = bytes.find(c.cut_before);
    ASSERT_NE(cut, std::string::npos) << c.cut_before;
    Result<Feed> feed =
        ParseFeed(bytes.substr(0, cut), "https://news.example.com/feed.xml");
    ASSERT_TRUE(feed) << c.cut_before << ": " << feed.error().ToString();
    ASSERT_EQ(feed->items.size(), c.items) << c.cut_before;
    // The first items of the whole feed, each complete.
    EXPECT_EQ(Urls(*feed),
              std::vector<std::string>(all.begin(), all.begin() + c.items))
        << c.cut_before;
  }
  Result<Feed> none =
      ParseFeed(bytes.substr(0, bytes.find("<rss") + 3), "https://x/feed");
  ASSERT_FALSE(none);
  EXPECT_THAT(none.error().message, HasSubstr("not a feed"));
}

TEST(ParseFeed, RejectsWhatIsNotAFeed) {
  struct Case {
    std::string bytes;
    std::string message;
  };
  const Case cases[] = {
      {ReadFixture("not_feed.html"), "not a feed: root element <html>"},
      {ReadFixture("not_feed.json"),
       "not a feed: JSON, but not a JSON Feed (no \"version\" starting "
       "with https://jsonfeed.org/version/)"},
      {"[{\"url\": \"https://n.example.com/a\"}]", "not a feed: JSON, not XML"},
      {"{\"version\": 1.1, \"items\": []}",
       "not a feed: JSON, but not a JSON Feed"},
      {"{\"version\": \"https://jsonfeed.org/version/1.1\"}",
       "not a feed: JSON Feed without an \"items\" array"},
      {"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": {}}",
       "not a feed: JSON Feed without an \"items\" array"},
      {"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
       "not a feed: malformed JSON (parse error at line 1, column "},
      {ReadFixture("sitemap_urlset.xml"),
       "not a feed: root element <urlset> in namespace "
       "http://www.sitemaps.org/schemas/sitemap/0.9"},
      {"", "not a feed: empty document"},
      {" \n\t ", "not a feed: empty document"},
      {std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
       "not a feed: binary data, not XML"},
      {"Just some text.", "not a feed: not well-formed XML"},
      {"<?xml version=\"1.0\"?>", "not a feed: not well-formed XML"},
      // Found by fuzzing: libxml2's message quoted a name that is not UTF-8.
      {"<!DOCTYPE rss [<!ENTITY x\xD2xe SYSTEM \"f",
       "not a feed: not well-formed"},
  };
  for (const Case& c : cases) {
    Result<Feed> feed = ParseFeed(c.bytes, "https://n.example.com/feed");
    ASSERT_FALSE(feed) << c.message;
    EXPECT_EQ(feed.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(feed.error().where, "https://n.example.com/feed");
    EXPECT_THAT(feed.error().message, HasSubstr(c.message));
    EXPECT_EQ(FindInvalidUtf8(feed.error().message), std::string::npos);
  }
}

TEST(ParseFeed, DoesNotExpandEntityBombs) {
  const std::string bytes = ReadFixture("billion_laughs.xml");
  Result<Feed> feed = ParseFeed(bytes, "https://bomb.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_LT(AllText(*feed).size(), 1000u);
  ASSERT_FALSE(feed->items.empty());
  EXPECT_EQ(feed->items.back().title, "Survivor lol");
  EXPECT_EQ(feed->items.back().url, "https://bomb.example.com/ok.html");
}

TEST(ParseFeed, CapsQuadraticEntityBlowup) {
  // One large entity referenced many times: a few MB of input that would
  // expand to gigabytes. Large entities are dropped, and text is capped.
  std::string bytes = "<!DOCTYPE rss [<!ENTITY big \"" +
                      std::string(1000, 'a') + "\"><!ENTITY b \"" +
                      std::string(50000, 'b') +
                      "\">]><rss><channel><item><title>";
  for (int i = 0; i < 200000; ++i) bytes += "&big;&b;";
  bytes +=
      "</title><link>https://q.example.com/1</link></item></channel></rss>";
  Result<Feed> feed = ParseFeed(bytes, "https://q.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_LE(feed->items[0].title.size(), 16u << 10);
  EXPECT_EQ(feed->items[0].title.find('b'), std::string::npos);
}

TEST(ParseFeed, NeverResolvesExternalEntities) {
  const std::string bytes = ReadFixture("xxe.xml");
  Result<Feed> feed = ParseFeed(bytes, "https://xxe.example.com/feed");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_THAT(AllText(*feed), ::testing::Not(HasSubstr("root:")));
  EXPECT_EQ(feed->items.size(), 2u);

  // The same attack on a file whose content the test knows.
  const std::filesystem::path secret =
      std::filesystem::temp_directory_path() /
      ("newsline_feeds_secret_" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(secret);
    out << "NEWSLINE-SECRET-7f3a";
  }
  const std::string uri = "file://" + secret.string();
  const std::string attacks[] = {
      "<!DOCTYPE rss [<!ENTITY x SYSTEM \"" + uri +
          "\">]><rss><channel><title>&x;</title><item><title>&x;</title>"
          "<link>https://s.example.com/&x;</link></item></channel></rss>",
      "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"" + uri +
          "\"> %p;]><rss><channel><item><title>t</title>"
          "<link>https://s.example.com/a</link></item></channel></rss>",
      "<!DOCTYPE rss SYSTEM \"" + uri +
          "\"><rss><channel><item><title>t</title>"
          "<link>https://s.example.com/a</link></item></channel></rss>",
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"" + uri +
          "\"><!ENTITY y \"&x;\">]><rss><channel><item><title>&y;</title>"
          "<link>https://s.example.com/a</link></item></channel></rss>",
  };
  for (const std::string& attack : attacks) {
    Result<Feed> parsed = ParseFeed(attack, "https://s.example.com/feed");
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_THAT(AllText(*parsed), ::testing::Not(HasSubstr("NEWSLINE-SECRET")))
        << attack;
    Result<Sitemap> sitemap = ParseSitemap(attack, "https://s.example.com/sm");
    EXPECT_FALSE(sitemap);
  }
  std::filesystem::remove(secret);
}

TEST(NormalizeFeedDate, ReadsRfc822AndIso) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  const Case cases[] = {
      {"Wed, 05 Jun 2024 08:30:00 GMT", "2024-06-05T08:30:00Z"},
      {"Wed, 05 Jun 2024 08:30:00 +0200", "2024-06-05T08:30:00+02:00"},
      {"Wed, 05 Jun 2024 08:30:00 -0430", "2024-06-05T08:30:00-04:30"},
      {"Wed, 05 Jun 2024 08:30:00 EST", "2024-06-05T08:30:00-05:00"},
      {"Wed, 05 Jun 2024 08:30:00 PDT", "2024-06-05T08:30:00-07:00"},
      {"Wed, 05 Jun 2024 08:30:00 CEST", "2024-06-05T08:30:00+02:00"},
      {"Wed, 05 Jun 2024 08:30:00 UT", "2024-06-05T08:30:00Z"},
      {"05 Jun 2024 08:30:00 GMT", "2024-06-05T08:30:00Z"},  // no weekday
      {"5 June 2024 08:30 +0000", "2024-06-05T08:30:00Z"},
      {"Wednesday, 5 Jun 24 08:30:00 GMT", "2024-06-05T08:30:00Z"},
      {"Mon, 05 Jun 2024 08:30:00 GMT", "2024-06-05T08:30:00Z"},  // wrong day
      {"Wed, 05 Jun 2024 08:30:00 +0200 (CEST)", "2024-06-05T08:30:00+02:00"},
      {"Wed, 05 Jun 2024 08:30:00", "2024-06-05T08:30:00"},
      {"Wed, 05 Jun 2024 08:30:00 XYZ", "2024-06-05T08:30:00"},
      {"Wed, 05-Jun-2024 08:30:00 +02:00", "2024-06-05T08:30:00+02:00"},
      {"05 Jun 2024", "2024-06-05"},
      {"  2024-06-05T08:30:00Z \n", "2024-06-05T08:30:00Z"},
      {"2024-06-05T08:30:00.123+02:00", "2024-06-05T08:30:00+02:00"},
      {"2024-06-05T08:30+0530", "2024-06-05T08:30:00+05:30"},
      {"2024-06-05 08:30:00", "2024-06-05T08:30:00"},
      {"2024-06-05", "2024-06-05"},
      // Not dates, or impossible ones: kept as given.
      {"2024-06", "2024-06"},
      {"Wed, 31 Feb 2024 08:30:00 GMT", "Wed, 31 Feb 2024 08:30:00 GMT"},
      {"2024-06-05T25:00:00Z", "2024-06-05T25:00:00Z"},
      {"yesterday", "yesterday"},
      {"", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NormalizeFeedDate(c.in), c.out) << c.in;
  }
}

TEST(ParseSitemap, ReadsUrlset) {
  const std::string bytes = ReadFixture("sitemap_urlset.xml");
  Result<Sitemap> sitemap =
      ParseSitemap(bytes, "https://www.example.com/sitemap.xml");
  ASSERT_TRUE(sitemap) << sitemap.error().ToString();
  EXPECT_FALSE(sitemap->is_index);
  EXPECT_THAT(Urls(*sitemap),
              ElementsAre("https://www.example.com/2024/06/05/airbus.html",
                          "https://www.example.com/2024/06/04/vote.html"));
  EXPECT_EQ(sitemap->entries[0].lastmod, "2024-06-05T08:30:00+00:00");
  EXPECT_EQ(sitemap->entries[1].lastmod, "2024-06-04");
  EXPECT_EQ(sitemap->entries[0].news_title, "");
  EXPECT_EQ(sitemap->skipped, 2);  // ftp: and no <loc>
  EXPECT_EQ(sitemap->duplicates, 1);
}

TEST(ParseSitemap, ReadsIndex) {
  const std::string bytes = ReadFixture("sitemap_index.xml");
  Result<Sitemap> sitemap =
      ParseSitemap(bytes, "https://www.example.com/sitemap_index.xml");
  ASSERT_TRUE(sitemap) << sitemap.error().ToString();
  EXPECT_TRUE(sitemap->is_index);
  EXPECT_THAT(Urls(*sitemap),
              ElementsAre("https://www.example.com/sitemaps/news.xml",
                          "https://www.example.com/sitemaps/2024-06.xml.gz"));
  EXPECT_EQ(sitemap->entries[0].lastmod, "2024-06-05T08:00:00Z");
}

TEST(ParseSitemap, ReadsNewsSitemap) {
  const std::string bytes = ReadFixture("sitemap_news.xml");
  Result<Sitemap> sitemap =
      ParseSitemap(bytes, "https://www.example.com/news-sitemap.xml");
  ASSERT_TRUE(sitemap) << sitemap.error().ToString();
  ASSERT_EQ(sitemap->entries.size(), 2u);
  EXPECT_EQ(sitemap->entries[0].url,
            "https://www.example.com/business/article55.html");
  EXPECT_EQ(sitemap->entries[0].news_title,
            "Companies A, B in Merger Talks & more");
  EXPECT_EQ(sitemap->entries[0].news_published, "2024-06-05T08:30:00+01:00");
  EXPECT_EQ(sitemap->entries[0].news_language, "en");
  EXPECT_EQ(sitemap->entries[1].news_title, "Bold title");
  EXPECT_EQ(sitemap->entries[1].news_published, "2024-06-05");
  EXPECT_EQ(sitemap->entries[1].news_language, "zh-cn");
}

TEST(ParseSitemap, InflatesGzipByMagicBytes) {
  const std::string gz = ReadFixture("sitemap_urlset.xml.gz");
  // The URL says nothing about gzip: the bytes do.
  Result<Sitemap> sitemap = ParseSitemap(gz, "https://www.example.com/sm");
  ASSERT_TRUE(sitemap) << sitemap.error().ToString();
  EXPECT_THAT(Urls(*sitemap),
              ElementsAre("https://www.example.com/2024/06/05/airbus.html",
                          "https://www.example.com/2024/06/04/vote.html"));
  // Two gzip members in a row are one gzip file.
  Result<Sitemap> twice =
      ParseSitemap(gz + GzipZeros(0), "https://www.example.com/sm");
  ASSERT_TRUE(twice) << twice.error().ToString();
  EXPECT_EQ(twice->entries.size(), 2u);
}

TEST(ParseSitemap, RejectsBadGzip) {
  const std::string gz = ReadFixture("sitemap_urlset.xml.gz");
  struct Case {
    std::string bytes;
    std::string message;
  };
  std::string corrupt = gz;
  corrupt[gz.size() / 2] ^= 0x55;
  corrupt[gz.size() / 2 + 1] ^= 0x55;
  const Case cases[] = {
      {GzipZeros(kMaxSitemapBytes + (1 << 20)), "possible gzip bomb"},
      {gz.substr(0, gz.size() / 2), "truncated gzip data"},
      {corrupt, "corrupt gzip data"},
  };
  for (const Case& c : cases) {
    Result<Sitemap> sitemap = ParseSitemap(c.bytes, "https://b.example.com/sm");
    ASSERT_FALSE(sitemap) << c.message;
    EXPECT_EQ(sitemap.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(sitemap.error().where, "https://b.example.com/sm");
    EXPECT_THAT(sitemap.error().message, HasSubstr(c.message));
  }
  // Just under the cap inflates (and, being zeros, is not XML).
  Result<Sitemap> zeros =
      ParseSitemap(GzipZeros(1 << 20), "https://b.example.com/sm");
  ASSERT_FALSE(zeros);
  EXPECT_THAT(zeros.error().message, HasSubstr("binary data"));
}

TEST(ParseSitemap, RejectsWhatIsNotASitemap) {
  struct Case {
    std::string bytes;
    std::string message;
  };
  const Case cases[] = {
      {ReadFixture("rss2.xml"), "not a sitemap: root element <rss>"},
      {ReadFixture("not_feed.html"), "not a sitemap: root element <html>"},
      {"<urlset xmlns=\"http://example.com/other\"/>",
       "not a sitemap: root element <urlset> in namespace "
       "http://example.com/other"},
      {"", "not a sitemap: empty document"},
  };
  for (const Case& c : cases) {
    Result<Sitemap> sitemap = ParseSitemap(c.bytes, "https://x.example.com/s");
    ASSERT_FALSE(sitemap) << c.message;
    EXPECT_EQ(sitemap.error().code, ErrorCode::kInvalidInput);
    EXPECT_THAT(sitemap.error().message, HasSubstr(c.message));
  }
}

TEST(ParseSitemap, DoesNotExpandEntityBombs) {
  std::string bytes = ReadFixture("billion_laughs.xml");
  const size_t start = bytes.find("<rss");
  bytes = bytes.substr(0, start) +
          "<urlset><url><loc>https://bomb.example.com/&lol9;</loc></url>"
          "<url><loc>https://bomb.example.com/&lol;</loc></url></urlset>";
  // The DOCTYPE names <rss>, the root is <urlset>: still read.
  Result<Sitemap> sitemap = ParseSitemap(bytes, "https://bomb.example.com/s");
  ASSERT_TRUE(sitemap) << sitemap.error().ToString();
  EXPECT_THAT(Urls(*sitemap), ElementsAre("https://bomb.example.com/",
                                          "https://bomb.example.com/lol"));
}

TEST(DiscoverFeeds, FindsAlternateLinksAgainstBase) {
  const std::string html = ReadFixture("site.html");
  EXPECT_THAT(DiscoverFeeds(html, "https://news.example.com/index.html"),
              ElementsAre("https://cdn.example.com/site/feeds/all.rss",
                          "https://news.example.com/atom.xml",
                          "https://cdn.example.com/site/feeds/all.json"));
}

TEST(DiscoverFeeds, ResolvesAgainstPageUrlWithoutBase) {
  const std::string html =
      "<html><head><link rel='alternate' type='application/rdf+xml' "
      "href='../index.rdf'><LINK REL='alternate feed' "
      "TYPE='application/atom+xml' HREF='//cdn.example.net/a.atom'>"
      "</head><body></body></html>";
  EXPECT_THAT(DiscoverFeeds(html, "http://www.example.com/news/today/"),
              ElementsAre("http://www.example.com/news/index.rdf",
                          "http://cdn.example.net/a.atom"));
}

TEST(DiscoverFeeds, FindsNothingInOtherInput) {
  const std::string inputs[] = {
      "",
      "{\"feeds\": []}",
      std::string("\0\1\2\3", 4),
      ReadFixture("rss2.xml"),
      "<html><body><link rel=alternate type=application/rss+xml "
      "href=/feed></body></html>",
  };
  for (const std::string& input : inputs) {
    EXPECT_THAT(DiscoverFeeds(input, "https://e.example.com/"), IsEmpty())
        << input.substr(0, 40);
  }
}

TEST(CleanTitle, StripsHtmlOnlyWhenAsked) {
  EXPECT_EQ(CleanTitle("  <b>Bold</b>&amp;\n plain ", true), "Bold& plain");
  EXPECT_EQ(CleanTitle("  <b>Bold</b>&amp;\n plain ", false),
            "<b>Bold</b>&amp; plain");
  EXPECT_EQ(CleanTitle("One<br>two<br/>three", true), "One two three");
  EXPECT_EQ(CleanTitle("a <!-- hidden --> b", true), "a b");
  EXPECT_EQ(CleanTitle("x &#0; &#xD800; &#1114112; &unknown; &amp", true),
            "x \uFFFD \uFFFD \uFFFD &unknown; &amp");
  EXPECT_EQ(CleanTitle("unclosed <b tag", true), "unclosed <b tag");
}

}  // namespace
}  // namespace newsline
