#include "pipeline/html.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace newsline {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in("tests/input/data/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

HtmlArticle Extract(const std::string& html) {
  Result<HtmlArticle> article = ExtractHtml(html, "page.html");
  EXPECT_TRUE(article.has_value()) << article.error().ToString();
  return article.value_or(HtmlArticle{});
}

struct TitleCase {
  const char* name;
  std::string html;
  std::string title;
  std::string text;
};

TEST(ExtractHtml, PicksTheTitle) {
  const std::vector<TitleCase> cases = {
      {"og:title first",
       "<head><title>T | Site</title><meta property='og:title' "
       "content='Open Graph'></head><body><h1>Heading</h1><p>Body.</p>",
       "Open Graph", "Heading\nBody."},
      {"og:title loses a known site name",
       "<meta property='og:site_name' content='Le Monde'>"
       "<meta property='og:title' content='Titre - Le Monde'><p>Body.</p>",
       "Titre", "Body."},
      {"og:title loses a bar suffix",
       "<meta property='og:title' content='Songs and sport | Some Blog'>"
       "<p>Body.</p>",
       "Songs and sport", "Body."},
      {"first h1 when no og:title",
       "<title>Other | Site</title><h1>Main  heading</h1><p>Body.</p>"
       "<h1>Second</h1>",
       "Main heading", "Body.\nSecond"},
      {"title tag less a bar suffix",
       "<title>Budget vote delayed | The Daily</title><p>Body.</p>",
       "Budget vote delayed", "Body."},
      {"title tag less a short dash suffix",
       "<title>Budget vote - what happens next - BBC News</title><p>Body.</p>",
       "Budget vote - what happens next", "Body."},
      {"title tag keeps a long dash part",
       "<title>Paris - the city that never sleeps at all, apparently</title>"
       "<p>Body.</p>",
       "Paris - the city that never sleeps at all, apparently", "Body."},
      {"h1 differing from og:title stays in the text",
       "<meta property='og:title' content='Short'><h1>Long headline</h1>"
       "<p>Body.</p>",
       "Short", "Long headline\nBody."},
      {"h1 in the site banner is not the title",
       "<title>Story | Site</title><body><header><h1>Site</h1></header>"
       "<article><p>Body.</p></article>",
       "Story", "Body."},
  };
  for (const TitleCase& c : cases) {
    SCOPED_TRACE(c.name);
    const HtmlArticle article = Extract(c.html);
    EXPECT_EQ(article.title, c.title);
    EXPECT_EQ(article.text, c.text);
  }
}

struct FieldCase {
  const char* name;
  std::string html;
  std::string value;
};

TEST(ExtractHtml, ReadsTheLanguage) {
  const std::vector<FieldCase> cases = {
      {"html lang", "<html lang='fr-FR'><p>x</p>", "fr"},
      {"upper case", "<html lang='DE'><p>x</p>", "de"},
      {"og:locale", "<meta property='og:locale' content='es_ES'><p>x</p>",
       "es"},
      {"content-language",
       "<meta http-equiv='Content-Language' content='it'><p>x</p>", "it"},
      {"not a tag", "<html lang='english'><p>x</p>", ""},
      {"none", "<p>x</p>", ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).lang, c.value);
  }
}

TEST(ExtractHtml, ReadsThePublicationDate) {
  const std::vector<FieldCase> cases = {
      {"json-ld article",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "datePublished": "2024-06-05T08:00:00+02:00"}</script>
          <meta property="article:published_time" content="2020-01-01">
          <p>x</p>)",
       "2024-06-05T08:00:00+02:00"},
      {"json-ld graph",
       R"(<script type="application/ld+json">{"@graph": [
          {"@type": "WebPage", "datePublished": "2001-01-01"},
          {"@type": ["Article"], "datePublished": "2024-06-05"}]}</script>
          <p>x</p>)",
       "2024-06-05"},
      {"json-ld top-level array",
       R"(<script type="application/ld+json">[{"@type": "Organization"},
          {"@type": "BlogPosting", "datePublished": "2023-02-01"}]</script>
          <p>x</p>)",
       "2023-02-01"},
      {"json-ld with raw line breaks in strings",
       "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
       "\"description\": \"two\nlines\", \"datePublished\": \"2022-03-04\"}"
       "</script><p>x</p>",
       "2022-03-04"},
      {"broken json-ld falls back to meta",
       "<script type='application/ld+json'>{\"datePublished\": </script>"
       "<meta property='article:published_time' "
       "content='2024-06-01T10:00:00Z'><p>x</p>",
       "2024-06-01T10:00:00Z"},
      {"meta name date", "<meta name='date' content='2019-12-31'><p>x</p>",
       "2019-12-31"},
      {"dublin core",
       "<meta name='DC.date.issued' content='2018-05-06'><p>x</p>",
       "2018-05-06"},
      {"microdata",
       "<p>x <span itemprop='datePublished' content='2017-07-08'>8 July</span>"
       "</p>",
       "2017-07-08"},
      {"time element",
       "<p>x</p><p><time datetime='2016-01-02T03:04'>2 Jan</time></p>",
       "2016-01-02T03:04"},
      {"not an iso date is skipped",
       "<meta name='date' content='June 5, 2024'><time datetime='2024-06-05'>"
       "</time><p>x</p>",
       "2024-06-05"},
      {"none", "<p>x</p>", ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).published, c.value);
  }
}

TEST(ExtractHtml, ReadsTheAuthor) {
  const std::vector<FieldCase> cases = {
      {"json-ld objects",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "author": [{"name": "A. Writer"}, {"name": "B. Writer"}]}</script>
          <p>x</p>)",
       "A. Writer, B. Writer"},
      {"json-ld string", R"(<script type="application/ld+json">
          {"@type": "Article", "author": "Solo"}</script><p>x</p>)",
       "Solo"},
      {"meta author", "<meta name='author' content='Jane Doe'><p>x</p>",
       "Jane Doe"},
      {"a url is not a name",
       "<meta property='article:author' content='https://fb.com/x'><p>x</p>",
       ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).author, c.value);
  }
}

TEST(ExtractHtml, WritesOneBlockPerLine) {
  const std::vector<FieldCase> cases = {
      {"paragraphs and lists",
       "<p>One\n   two</p><p>three</p><ul><li>a</li><li> b </li></ul>",
       "One two\nthree\na\nb"},
      {"br", "<p>line one<br>line two<br/><br>line three</p>",
       "line one\nline two\nline three"},
      {"inline elements", "<p>An <b>important</b> <a href='#'>link</a>.</p>",
       "An important link."},
      {"entities", "<p>Fish &amp; chips &eacute;t&eacute; &#8364;5 &lt;3</p>",
       "Fish & chips \u00e9t\u00e9 \u20ac5 <3"},
      {"no-break space kept, blank blocks dropped",
       "<p>12&nbsp;000 euros</p><p>&nbsp;</p><p>end</p>",
       "12\u00a0000 euros\nend"},
      {"table rows",
       "<table><tr><th>Year</th><th>Sales</th></tr>"
       "<tr><td>2023</td><td></td><td>5</td></tr></table>",
       "Year | Sales\n2023 | 5"},
      {"headings and quotes",
       "<h2>Part</h2><blockquote>Quoted words</blockquote><div>Tail</div>",
       "Part\nQuoted words\nTail"},
      {"soft hyphens removed", "<p>Bundes&shy;regierung</p>",
       "Bundesregierung"},
      {"pre keeps lines", "<pre>a  b\nc</pre>", "a b\nc"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).text, c.value);
  }
}

TEST(ExtractHtml, SkipsPageChrome) {
  const std::vector<FieldCase> cases = {
      {"scripts and styles",
       "<script>var x = 1;</script><style>p{}</style><noscript>Enable JS"
       "</noscript><template><p>tpl</p></template><p>Text</p>",
       "Text"},
      {"navigation, banner and footer",
       "<header>Site</header><nav>Home</nav><p>Text</p><footer>(c)</footer>"
       "<aside>Ad</aside>",
       "Text"},
      {"boilerplate classes and ids",
       "<div class='cookie-consent'>Cookies!</div><p>Text</p>"
       "<ul class='social-share'><li>Share</li></ul>"
       "<div id='comments'><p>Nice</p></div>"
       "<div class='relatedPosts'><p>Also</p></div>"
       "<div class='ad-slot'>Buy</div><div class='breadcrumb'>Home</div>"
       "<div class='newsletter'>Subscribe</div><div id='sidebar'>Side</div>"
       "<div class='promo'>Deal</div><ul class='menu'><li>M</li></ul>",
       "Text"},
      {"words are matched whole",
       "<div class='header-image'><p>Kept</p></div>"
       "<div class='shadow read-more'><p>Also kept</p></div>",
       "Kept\nAlso kept"},
      {"layout words around content",
       "<div class='page has-sidebar'><p>Kept</p></div>", "Kept"},
      {"forms and buttons",
       "<form><label>Email</label><input></form><button>Go</button>"
       "<p>Text</p><iframe>frame</iframe><svg><text>svg</text></svg>",
       "Text"},
      {"hidden elements",
       "<p hidden>a</p><p aria-hidden='true'>b</p>"
       "<p style='display: none'>c</p><span class='sr-only'>d</span>"
       "<p>Text</p>",
       "Text"},
      {"roles",
       "<div role='navigation'>n</div><div role='banner'>b</div>"
       "<p>Text</p><div role='contentinfo'>c</div>",
       "Text"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).text, c.value);
  }
}

TEST(ExtractHtml, PrefersTheArticleElement) {
  const std::vector<FieldCase> cases = {
      {"article",
       "<div><p>Teaser text outside</p></div><article><p>Story</p></article>",
       "Story"},
      {"the longest article",
       "<article><p>Short teaser</p></article>"
       "<article><p>The real story, which is longer.</p></article>",
       "The real story, which is longer."},
      {"articleBody over article",
       "<article><p>Lead</p><div itemprop='articleBody'><p>Body</p></div>"
       "</article>",
       "Body"},
      {"main", "<div><p>Outside</p></div><main><p>Inside</p></main>", "Inside"},
      {"role main", "<p>Outside</p><div role='main'><p>Inside</p></div>",
       "Inside"},
      {"header inside the article is kept",
       "<header>Site</header><article><header><p>By X</p></header>"
       "<p>Story</p></article>",
       "By X\nStory"},
      {"an empty article falls back to the body",
       "<article><script>x</script></article><p>Body text</p>", "Body text"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).text, c.value);
  }
}

TEST(ExtractHtml, ReadsAWholeNewsPage) {
  const HtmlArticle article = Extract(ReadFixture("news-page.html"));
  EXPECT_EQ(article.title, "Chip shipments diverted");
  EXPECT_EQ(article.text,
            "By Ada Lovelace\n"
            "The company redirected 12,000 GPUs in early June.\n"
            "Shipments were due in March\u00a02024.\n"
            "A GPU board.");
  EXPECT_EQ(article.lang, "en");
  EXPECT_EQ(article.published, "2024-06-04T18:30:00+00:00");
  EXPECT_EQ(article.author, "Ada Lovelace, Alan Turing");
  EXPECT_EQ(article.canonical_url, "https://news.example.com/2024/06/chips");
  EXPECT_EQ(article.description,
            "Thousands of GPUs went to X instead of Tesla.");
  EXPECT_EQ(article.site_name, "Example News");
}

TEST(ExtractHtml, DecodesTheDeclaredCharset) {
  const HtmlArticle article = Extract(ReadFixture("latin1.html"));
  EXPECT_EQ(article.title, "L'\u00e9t\u00e9 \u00e0 Paris");
  EXPECT_EQ(article.text,
            "D\u00e9j\u00e0 30 \u00b0C \u00e0 l'ombre, et ce n'est que le "
            "d\u00e9but de l'\u00e9t\u00e9.\n"
            "Les temp\u00e9ratures resteront \u00e9lev\u00e9es jusqu'\u00e0 "
            "jeudi.");
  EXPECT_EQ(article.lang, "fr");
}

TEST(ExtractHtml, DecodesPagesByBomAndFallback) {
  const std::vector<FieldCase> cases = {
      {"undeclared windows-1252",
       "<p>\x93"
       "caf\xE9\x94 \x80</p>",
       "\u201ccaf\u00e9\u201d \u20ac"},
      {"meta charset", "<meta charset='windows-1251'><p>\xCC\xE8\xF0</p>",
       "\u041c\u0438\u0440"},
      {"xml declaration",
       "<?xml version='1.0' encoding='ISO-8859-15'?><html><p>\xA4</p></html>",
       "\u20ac"},
      {"declared utf-8 with a bad byte", "<meta charset=utf-8><p>a\xFFz</p>",
       "a\uFFFDz"},
      {"unknown charset falls back",
       "<meta charset='x-nonsense'><p>caf\u00e9</p>", "caf\u00e9"},
      {"utf-8 bom", "\xEF\xBB\xBF<p>caf\u00e9</p>", "caf\u00e9"},
      {"utf-16le bom", std::string("\xFF\xFE<\0p\0>\0\xE9\0<\0/\0p\0>\0", 18),
       "\u00e9"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).text, c.value);
  }
}

TEST(ExtractHtml, SurvivesBrokenMarkup) {
  const std::vector<std::string> pages = {
      "<p>unclosed <b>bold <div>text</p></span></i>",
      "<html><body><p>a<table><td>cell<p>b</html>",
      "<<<>>><p>text &unknown; &#xZZ; &#99999999;</p>",
      "<p>text<!-- unterminated comment",
      "<p>text</p><script>never closed",
      std::string(300, '<') + "<p>deep</p>",
  };
  for (const std::string& page : pages) {
    SCOPED_TRACE(page);
    Result<HtmlArticle> article = ExtractHtml(page, "broken.html");
    ASSERT_TRUE(article.has_value()) << article.error().ToString();
    EXPECT_FALSE(article->text.empty());
  }
}

TEST(ExtractHtml, SurvivesDeepNesting) {
  std::string page;
  for (int i = 0; i < 5000; ++i) page += "<div>";
  page += "deep";
  page += "<p>shallow</p>";
  Result<HtmlArticle> article = ExtractHtml(page, "deep.html");
  // Text beyond the depth limit is dropped; what matters is no crash.
  if (article) {
    EXPECT_FALSE(article->text.empty());
  }
}

TEST(ExtractHtml, ReportsPagesWithoutText) {
  const std::vector<std::string> pages = {
      "",
      "   ",
      "<html><head><title>Only a title</title></head><body></body></html>",
      "<script>var a = 1;</script><style>p {}</style>",
      "<nav>Home | About</nav><button>Menu</button>",
  };
  for (const std::string& page : pages) {
    SCOPED_TRACE(page);
    Result<HtmlArticle> article = ExtractHtml(page, "empty.html");
    ASSERT_FALSE(article.has_value());
    EXPECT_EQ(article.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(article.error().ToString(),
              "empty.html: no article text found in HTML");
  }
}

TEST(ExtractHtml, KeepsAHeadlineOnlyPage) {
  const HtmlArticle article = Extract("<h1>Breaking: markets fall</h1>");
  EXPECT_EQ(article.title, "Breaking: markets fall");
  EXPECT_EQ(article.text, "Breaking: markets fall");
}

TEST(SniffHtmlCharset, FindsTheDeclaration) {
  const std::vector<FieldCase> cases = {
      {"meta charset", "<meta charset=\"Shift_JIS\">", "shift_jis"},
      {"unquoted", "<META CHARSET=utf8>", "utf-8"},
      {"http-equiv",
       "<meta http-equiv=\"content-type\" content=\"text/html; "
       "charset=ISO-8859-1\">",
       "windows-1252"},
      {"attributes in any order",
       "<meta content='text/html;charset=koi8-r' http-equiv='Content-Type'>",
       "koi8-r"},
      {"utf-16 in a meta means utf-8", "<meta charset='utf-16'>", "utf-8"},
      {"in a comment", "<!-- <meta charset='koi8-r'> --><p>", ""},
      {"beyond 4 KiB", std::string(5000, ' ') + "<meta charset='koi8-r'>", ""},
      {"bom", "\xEF\xBB\xBF<meta charset='koi8-r'>", "utf-8"},
      {"xml declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
       "utf-8"},
      {"none", "<p>no charset</p>", ""},
      {"truncated tag", "<meta charset=", ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(SniffHtmlCharset(c.html), c.value);
  }
}

}  // namespace
}  // namespace newsline
