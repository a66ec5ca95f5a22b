#include "pipeline/html.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/unicode.h"
#include "pipeline/html_dates.h"

namespace newsline {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in("tests/input/data/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

HtmlArticle Extract(const std::string& html, const HtmlHints& hints = {}) {
  Result<HtmlArticle> article = ExtractHtml(html, "page.html", hints);
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
      {"og:title before the title tag",
       "<head><title>T | Site</title><meta property='og:title' "
       "content='Open Graph'></head><body><p>Body.</p>",
       "Open Graph", "Body."},
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
       // A heading that no text follows closes nothing: it is left out.
       "Main heading", "Body."},
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
      {"a visible h1 wins over an og:title naming another story",
       "<meta property='og:title' content='Short title'><h1>Long headline</h1>"
       "<p>Body.</p>",
       "Long headline", "Body."},
      {"an h1 without letters is not the headline",
       "<meta property='og:title' content='Short title'>"
       "<h1><a href='/'>...</a></h1><p>Body.</p>",
       "Short title", "...\nBody."},
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
       "2024-06-01T10:00:00+00:00"},
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
       "2016-01-02T03:04:00"},
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
       "<p>Lead</p><h2>Part</h2><blockquote>Quoted words</blockquote>"
       "<div>Tail</div>",
       "Lead\nPart\nQuoted words\nTail"},
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
  // The byline is metadata and the caption describes a picture: neither is
  // article text.
  EXPECT_EQ(article.text,
            "The company redirected 12,000 GPUs in early June.\n"
            "Shipments were due in March\u00a02024.");
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

// Paragraphs long enough to be scored as article text.
const std::string kStory =
    "<p>The city council approved the new budget on Tuesday, after a debate "
    "that lasted more than six hours, with 31 votes in favour and 12 against."
    "</p><p>The budget raises spending on schools by 4%, cuts the road "
    "maintenance programme, and freezes hiring in most departments until "
    "the end of the year.</p><p>Opposition members said the cuts would hurt "
    "the suburbs most, while the mayor called the plan balanced and fair."
    "</p>";

// Wraps `chrome` and the story into a typical page.
std::string PageWith(const std::string& before, const std::string& after) {
  return "<html><body>" + before + "<div class='wrapper'><div class='main'>" +
         kStory + "</div>" + after + "</div></body></html>";
}

struct BoilerplateCase {
  const char* name;
  std::string html;
  std::string leaked;  // text that must not be in the article
};

TEST(ExtractHtml, RemovesBoilerplateAroundTheStory) {
  const std::vector<BoilerplateCase> cases = {
      {"cookie banner",
       PageWith("<div id='cookie-notice'><p>We use cookies to improve your "
                "experience, and by continuing you accept them.</p></div>",
                ""),
       "We use cookies"},
      {"share widget",
       PageWith("",
                "<div class='share-tools'><a href='#'>Share on "
                "Facebook</a> <a href='#'>Tweet</a></div>"),
       "Share on Facebook"},
      {"related links under a heading",
       PageWith("",
                "<h3>Read more</h3><ul><li><a href='/a'>Mayor "
                "faces new questions over transport plan</a></li><li>"
                "<a href='/b'>School strike enters second week</a></li>"
                "</ul>"),
       "Read more"},
      {"related links box",
       PageWith("",
                "<section class='related-stories'><p>Council "
                "elections: what you need to know before you vote, "
                "and why it matters.</p></section>"),
       "what you need to know"},
      {"comments",
       PageWith("",
                "<div id='comments'><p>Great article, thanks, I "
                "totally agree with the mayor on this one.</p></div>"),
       "Great article"},
      {"footer",
       PageWith("",
                "<footer><p>Copyright 2024 The Daily Example, all "
                "rights reserved, reproduction forbidden.</p></footer>"),
       "Copyright"},
      {"navigation",
       PageWith("<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>"
                "World</a></li></ul></nav>",
                ""),
       "World"},
      {"newsletter box",
       PageWith("",
                "<div class='newsletter-signup'><p>Get our morning "
                "briefing, every weekday, straight to your inbox.</p>"
                "</div>"),
       "morning briefing"},
      {"bold 'read also' line over a teaser",
       PageWith("",
                "<p><strong>Read also:</strong></p><blockquote><p><a "
                "href='/c'>Budget talks collapse in neighbouring "
                "town</a></p></blockquote>"),
       "Read also"},
      {"table of contents",
       PageWith("<div id='toc_container'><p class='toc-title'>Contents of "
                "this page</p></div>",
                ""),
       "Contents of this page"},
      {"post metadata",
       PageWith("",
                "<p class='postmetadata'>This entry was posted in News "
                "and filed under Budget by the editor.</p>"),
       "This entry was posted"},
      {"entry utility line",
       PageWith("",
                "<div class='entry-utility'>Posted in News, bookmark "
                "the permalink and share it with friends.</div>"),
       "bookmark the permalink"},
      {"pop-up",
       PageWith("",
                "<div class='rty-pop-up'><h4>Support our work</h4><p>"
                "Every small donation helps us keep reporting on the "
                "city council.</p></div>"),
       "Every small donation"},
      {"flyout",
       PageWith("",
                "<div class='c-flyout'><p>Every small donation helps us "
                "keep reporting on the city council.</p></div>"),
       "Every small donation"},
      {"video player title",
       PageWith("<div class='player-overlay'><span>Watch: the budget "
                "debate, in full, with commentary</span></div>",
                ""),
       "Watch: the budget"},
      {"story text written between blocks with line breaks",
       "<html><body><div class='box'><p>Opening hours: Monday to Friday, "
       "9 to 5, and Saturday mornings.</p></div><div class='text'>"
       "<div><img src='map.png'></div>The city council approved the new "
       "budget on Tuesday, after a debate that lasted more than six hours, "
       "with 31 votes in favour and 12 against.<br><br>The budget raises "
       "spending on schools by 4%, cuts the road maintenance programme, and "
       "freezes hiring in most departments, as planned, until the end of "
       "the year.<table><tr><td>Schools</td><td>+4%</td></tr></table>"
       "Opposition members said the cuts would hurt the suburbs most, while "
       "the mayor called the plan balanced and fair.</div>"
       "</body></html>",
       "Opening hours"},
      {"related article cards",
       PageWith("",
                "<div class='related-articles'><article><div "
                "itemprop='articleBody'>What makes a good budget? "
                "Economists discuss, with examples from other towns."
                "</div></article><article><div itemprop='articleBody'>"
                "Schools, roads and parks: where the money goes, and "
                "why.</div></article></div>"),
       "What makes a good budget"},
      {"teasers each led by a link",
       "<html><body><div class='main'>" + kStory +
           "<div class='box'><h6>More on this</h6><p><a href='/a'>School "
           "budgets explained</a> What it means for teachers</p><p><a "
           "href='/b'>Road repairs postponed</a> They wait another year</p>"
           "<p><a href='/c'>City parks in need</a> Volunteers step in</p>"
           "</div></div></body></html>",
       "More on this"},
      {"image caption named in German",
       "<div class='main'>" + kStory +
           "<p class='bildunterschrift'>The town hall, seen from the market "
           "square, on a sunny day in June.</p></div>",
       "seen from the market"},
      {"image caption named in Italian",
       "<div class='main'>" + kStory +
           "<div class='didascalia'>The town hall, seen from the market "
           "square, on a sunny day in June.</div></div>",
       "seen from the market"},
      {"reading time",
       "<div class='main'><p>Budget 2024: 4 min read</p>" + kStory + "</div>",
       "min read"},
      {"byline with a date",
       "<div class='main'><p>By Jane Smith, June 5, 2024, 10:00 (updated "
       "11:00)</p>" +
           kStory + "</div>",
       "Jane Smith"},
      {"copyright line",
       "<div class='main'>" + kStory +
           "<p>\u00a9 The Daily Example 2024</p></div>",
       "Daily Example"},
      {"byline and date line",
       PageWith("<div class='byline'>By Jane Smith</div>"
                "<p>June 5, 2024</p>",
                ""),
       "Jane Smith"},
  };
  for (const BoilerplateCase& c : cases) {
    SCOPED_TRACE(c.name);
    const HtmlArticle article = Extract(c.html);
    EXPECT_NE(article.text.find("The city council approved"),
              std::string::npos);
    EXPECT_NE(article.text.find("balanced and fair."), std::string::npos);
    EXPECT_EQ(article.text.find(c.leaked), std::string::npos) << article.text;
  }
}

struct PromotionCase {
  const char* name;
  std::string html;
  std::string url;
  std::string kept;     // must stay in the text ("" for none)
  std::string dropped;  // must not be in the text ("" for none)
};

TEST(ExtractHtml, DropsClosingLinesThatPromoteTheSite) {
  const std::string herald =
      "<meta property='og:site_name' content='Springfield Herald'>";
  const std::vector<PromotionCase> cases = {
      {"a closing line naming the site",
       herald + "<div>" + kStory +
           "<p>Get the Springfield Herald app for the latest news.</p></div>",
       "", "balanced and fair.", "Herald app"},
      {"a closing line naming the site's domain",
       "<div>" + kStory +
           "<p>Read more stories every morning at SpringfieldHerald.com and "
           "in our app.</p></div>",
       "https://www.springfieldherald.com/news/budget", "balanced and fair.",
       "every morning"},
      {"a box under a heading naming the site",
       "<meta property='og:site_name' content='RosaMag'><div>" + kStory +
           "<h3>Support RosaMag today!</h3><p>Independent journalism costs "
           "money, and your support keeps this magazine free to read for "
           "everyone.</p></div>",
       "", "balanced and fair.", "Independent journalism"},
      {"a sentence naming the site before the last line stays",
       herald + "<div>" + kStory +
           "<p>The mayor told the Springfield Herald that the plan is "
           "fair.</p><p>The council meets again in July to vote on the "
           "details of the plan.</p></div>",
       "", "told the Springfield Herald", ""},
      {"a word that merely contains the name stays",
       "<meta property='og:site_name' content='Stern'><div>" + kStory +
           "<p>Gestern stimmte der Rat zu, und die Opposition kündigte "
           "Widerstand an.</p></div>",
       "", "Gestern stimmte", ""},
      {"a generic site name does not count",
       "<meta property='og:site_name' content='News'><div>" + kStory +
           "<p>The council said in a news release that it will vote "
           "again.</p></div>",
       "", "news release", ""},
      {"the domain's bare label is not the site's name",
       "<div>" + kStory +
           "<p>Bei der Kanzlei Viehbacher steht der Mensch im "
           "Mittelpunkt.</p></div>",
       "https://www.viehbacher.com/steuerrecht", "Kanzlei Viehbacher", ""},
  };
  for (const PromotionCase& c : cases) {
    SCOPED_TRACE(c.name);
    HtmlHints hints;
    hints.url = c.url;
    const HtmlArticle article = Extract(c.html, hints);
    EXPECT_NE(article.text.find("The city council approved"),
              std::string::npos);
    if (!c.kept.empty()) {
      EXPECT_NE(article.text.find(c.kept), std::string::npos) << article.text;
    }
    if (!c.dropped.empty()) {
      EXPECT_EQ(article.text.find(c.dropped), std::string::npos)
          << article.text;
    }
  }
}

// Pages whose story sits inside chrome elements, by libxml2's repair of
// unclosed tags or by the site's choice. Without the rules for them, the
// story is found only by the last-resort walk, which keeps the share box.
TEST(ExtractHtml, ReadsArticlesInMisusedOrUnclosedChrome) {
  const std::string share =
      "<div class='share'><p>Share this story with your friends on every "
      "network you use.</p></div>";
  const std::vector<FieldCase> cases = {
      {"a site header left open around the page",
       "<html><body><header class='site'><table><tr><td><a href='/'>The "
       "Daily</a></td></tr></table><div class='post'>" +
           kStory + kStory + share + "</div></body></html>",
       ""},
      {"a hidden popup left open around the page",
       "<html><body><div class='lightbox' style='visibility: hidden'><form>"
       "<input name='user'></form><div class='post'>" +
           kStory + kStory + share + "</div></div></body></html>",
       ""},
      {"an aside around the headline and its story",
       "<html><body><aside class='content'><h1>Budget passed</h1>"
       "<div class='post'>" +
           kStory + kStory + share + "</div></aside></body></html>",
       ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = Extract(c.html).text;
    EXPECT_NE(text.find("The city council approved"), std::string::npos);
    EXPECT_EQ(text.find("Share this story"), std::string::npos) << text;
  }
}

// Class words that usually mark chrome but here name the article's parts.
TEST(ExtractHtml, KeepsTheStoryBehindChromeLikeNames) {
  const std::vector<FieldCase> cases = {
      {"printable steps",
       "<html><body><div class='tip'><div class='tip-print-step'>" + kStory +
           "</div><div class='share'><p>Share this story with your friends "
           "on every network you use.</p></div></div><div "
           "class='print-button'><a href='#'>Print</a></div></body></html>",
       "The city council approved"},
      {"the article's lead named a teaser",
       "<html><body><h1>Budget passed</h1><div class='teaser-text'><p>After "
       "six hours of debate, the council says yes to schools and no to "
       "roads.</p></div><div class='body'>" +
           kStory +
           "</div><div class='teaser'><p>Other towns plan their budgets too, "
           "read about their choices and their debates.</p></div>"
           "</body></html>",
       "the council says yes to schools"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = Extract(c.html).text;
    EXPECT_NE(text.find(c.value), std::string::npos) << text;
    EXPECT_EQ(text.find("Other towns plan"), std::string::npos) << text;
    EXPECT_EQ(text.find("Share this story"), std::string::npos) << text;
  }
}

TEST(ExtractHtml, JoinsAStorySplitIntoArticleSections) {
  const std::string page =
      "<html><body><main><article id='part-1'><h2>The vote</h2>" + kStory +
      kStory +
      "</article><article id='part-2'><h2>What comes next</h2><p>The new "
      "budget takes effect in January, when schools receive the first part "
      "of their additional funding, and the road works stop.</p><p>The "
      "council will review the cuts in the summer, after the first six "
      "months, and may change them if the suburbs ask for it.</p></article>"
      "<article class='card'><h3><a href='/other-news-story'>Other news "
      "from the city and region</a></h3><p><a href='/more'>Read this "
      "story and many others from around town</a></p></article>"
      "<div class='box'><ul><li><a href='/1'>Schools in the city: all the "
      "numbers for this year</a></li><li><a href='/2'>Roads: where the "
      "works stop and where they go on</a></li><li><a href='/3'>Parks: "
      "the volunteers who keep them green</a></li><li><a href='/4'>Housing: "
      "what the council plans next year</a></li></ul></div></main>"
      "</body></html>";
  const std::string text = Extract(page).text;
  EXPECT_NE(text.find("The city council approved"), std::string::npos);
  EXPECT_NE(text.find("takes effect in January"), std::string::npos) << text;
  EXPECT_EQ(text.find("Other news"), std::string::npos) << text;
}

TEST(ExtractHtml, KeepsHeadingsListsQuotesAndTables) {
  const std::string html =
      "<article><h1>Budget passed</h1>" + kStory +
      "<h2>What changes</h2><ul><li>School spending rises by 4%</li>"
      "<li>Road maintenance is cut</li></ul>"
      "<blockquote>This budget is balanced and fair, said the "
      "mayor.</blockquote>"
      "<table><tr><th>Item</th><th>2024</th></tr>"
      "<tr><td>Schools</td><td>120</td></tr></table>"
      "<p>The vote on the remaining items, postponed twice already, is "
      "expected next month, the clerk said.</p></article>";
  const HtmlArticle article = Extract(html);
  EXPECT_EQ(article.title, "Budget passed");
  for (const char* line :
       {"\nWhat changes\n", "\nSchool spending rises by 4%\n",
        "\nRoad maintenance is cut\n",
        "\nThis budget is balanced and fair, said the mayor.\n",
        "\nItem | 2024\n", "\nSchools | 120\n"}) {
    EXPECT_NE(article.text.find(line), std::string::npos) << line;
  }
}

TEST(ExtractHtml, JoinsAStorySplitAroundATable) {
  // The text continues in a later section of the page: it is one article.
  const std::string html =
      "<body><div class='section'><div class='col'>" + kStory +
      "</div></div><div class='section'><table><tr><td>a</td><td>1</td></tr>"
      "</table></div><div class='section'><div class='col'><p>In the second "
      "half of the meeting, councillors turned to the housing plan, which "
      "will be voted on in July, after a public consultation.</p><p>The "
      "consultation opens on Monday and runs for six weeks, with meetings "
      "in every district of the city.</p></div></div></body>";
  const HtmlArticle article = Extract(html);
  EXPECT_NE(article.text.find("The city council approved"), std::string::npos);
  EXPECT_NE(article.text.find("housing plan"), std::string::npos);
}

TEST(ExtractHtml, ReadsTheTitleFromEachSource) {
  const std::vector<FieldCase> cases = {
      {"twitter:title",
       "<meta name='twitter:title' content='Council passes budget'>" + kStory,
       "Council passes budget"},
      {"json-ld headline",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "headline": "Council passes the budget"}</script>)" +
           kStory,
       "Council passes the budget"},
      {"h1 agreeing with og:title wins",
       "<meta property='og:title' content='Budget: council votes yes'>"
       "<h1>Budget: the council votes yes after six hours</h1>" +
           kStory,
       "Budget: the council votes yes after six hours"},
      {"og:title naming the site gives way to the h1",
       "<meta property='og:site_name' content='The Daily'>"
       "<meta property='og:title' content='The Daily'>"
       "<h1>Council passes budget</h1>" +
           kStory,
       "Council passes budget"},
      {"a site logo in the h1 is not the title",
       "<title>Council passes budget - The Daily</title>"
       "<div><h1><a href='/'>The Daily</a></h1></div>" +
           kStory,
       "Council passes budget"},
      {"an h1 that only links to the home page is a logo, whatever it says",
       "<title>Council passes budget</title>"
       "<div><h1><span><a href='https://herald.example/'>Gaby's "
       "Corner</a></span></h1></div>" +
           kStory,
       "Council passes budget"},
      {"so is one whose link is marked rel=home",
       "<title>Council passes budget</title>"
       "<div><h1><a href='/index.html' rel='home'>Gaby's Corner</a></h1>"
       "</div>" +
           kStory,
       "Council passes budget"},
      {"an h1 linking to the story itself is the headline",
       "<title>Budget | Herald</title>"
       "<div><h1><a href='/2024/06/05/budget'>Council passes budget</a>"
       "</h1></div>" +
           kStory,
       "Council passes budget"},
      {"a title spelled decomposed comes out in NFC",
       "<title>Cafe\u0301 owners protest</title>" + kStory,
       "Caf\u00e9 owners protest"},
      {"site suffix spelled like the host",
       "<meta property='og:title' content='Council passes budget - La "
       "Stampa'>" +
           kStory,
       "Council passes budget"},
      {"the json-ld headline that goes on after the h1",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "headline": "Ten tips for a calm holiday season"}</script>)"
       "<h1>Ten tips</h1>" +
           kStory,
       "Ten tips for a calm holiday season"},
      {"a meta title that adds a part after a separator",
       "<meta name='title' content='Ten tips for you - Holiday Homes'>"
       "<h1>Ten tips</h1>" +
           kStory,
       "Ten tips"},
      {"an h1 sharing words with the title is not the site's name",
       "<title>Interest on loans: how to work out your costs | Smava</title>"
       "<div><h1>How high is the interest on a personal loan?</h1></div>" +
           kStory,
       "How high is the interest on a personal loan?"},
      {"a one-word h1 is a section, not the headline",
       "<meta property='og:title' content='Council passes the budget'>"
       "<div><h1>Politics</h1></div>" +
           kStory,
       "Council passes the budget"},
      {"an h1 naming the section is not the headline",
       "<title>Council passes the budget | The Daily</title>"
       "<div><h1>Local news</h1></div>" +
           kStory,
       "Council passes the budget"},
      {"the h1 that repeats the metadata beats a styled h1 in the text",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "headline": "Record of the week: Luboku, Pale Blue Dot"}</script>)"
       "<h1>Record of the week: Luboku, Pale Blue Dot</h1>"
       "<div class='post-content'><h1>Luboku: Pale Blue Dot tour</h1>" +
           kStory + "</div>",
       "Record of the week: Luboku, Pale Blue Dot"},
      {"the visible h2 gives the metadata title its typography",
       "<meta property='og:title' content='Whisky tastings January - May "
       "2020'><div><h2>Whisky tastings January \u2013 May 2020</h2>" +
           kStory + "</div>",
       "Whisky tastings January \u2013 May 2020"},
      {"an article h2 that twitter:title repeats beats an h1 no title names",
       "<meta name='twitter:title' content='Council passes the budget'>"
       "<title>Springfield news today | Herald</title>"
       "<div><h1>Town hall report of the week</h1><h2><span "
       "class='overline'>Budget</span> <span class='headline'>Council passes "
       "the budget</span></h2>" +
           kStory + "</div>",
       "Council passes the budget"},
      {"an h1 that the json-ld headline names keeps its place over the h2",
       "<meta name='twitter:title' content='Council passes the budget'>"
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "headline": "Town hall report of the week"}</script>)"
       "<div><h1>Town hall report of the week</h1><h2>Council passes the "
       "budget</h2>" +
           kStory + "</div>",
       "Town hall report of the week"},
      {"the h2 that opens an article without an h1",
       "<title>Politics - Springfield Herald</title><div class='nav'>"
       "<a href='/'>Home</a></div><div><h2>Council passes budget</h2>" +
           kStory + "</div>",
       "Council passes budget"},
      {"the longest part of a title of several parts",
       "<title>Springfield FC - Council passes the budget for the stadium - "
       "Club News - News</title>" +
           kStory,
       "Council passes the budget for the stadium"},
  };
  HtmlHints hints;
  hints.url = "https://www.lastampa.it/2024/06/05/news/budget";
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html, hints).title, c.value);
  }
  HtmlHints daily;
  daily.url = "https://thedaily.example/news/budget";
  EXPECT_EQ(Extract(cases[4].html, daily).title, "Council passes budget");
}

TEST(ExtractHtml, ReadsTheHeadlineProperFromTheH1) {
  const std::vector<FieldCase> cases = {
      {"a kicker span is not the headline",
       "<article><h1><span class='article-header__roofline'>Budget</span> "
       "Council passes the budget</h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"a subtitle span is not the headline",
       "<article><h1><span class='entry-title-primary'>Council passes the "
       "budget</span> <span class='entry-subtitle'>Six hours of debate</span>"
       "</h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"a small kicker before a line break is not the headline",
       "<article><h1><span class='post-title'><small>Town hall</small><br>"
       "Council passes the budget</span></h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"a line in its own type size after a break is a subtitle",
       "<article><h1>Council passes the budget<br /> <span "
       "style='color:#666; font-size:19px'>Six hours of debate</span></h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"a styled span without a break before it stays in the headline",
       "<article><h1>Council passes <span style='font-size:110%'>the "
       "budget</span></h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"the span marked as the headline is the headline",
       "<article><h1><span class='green'>Town hall, Tuesday</span>"
       "<span class='headline'>Council passes the budget</span></h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"ruby readings are not part of the headline",
       "<article><h1><ruby>予算<rt>よさん</rt></ruby>が成立</h1>" + kStory +
           "</article>",
       "予算が成立"},
      {"the article's h1 beats a metadata title about something else",
       "<head><meta property='og:title' content='Christmas Gift Guide'>"
       "</head><body><div class='menu'><a href='/'>Home</a></div>"
       "<article><h1>Council passes the budget</h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"an h1 that goes on after og:title is the full headline",
       "<head><meta property='og:title' content='Council passes the budget'>"
       "</head><body><article><h1>Council passes the budget after six "
       "hours</h1>" +
           kStory + "</article>",
       "Council passes the budget after six hours"},
      {"an h1 that puts a kicker before og:title gives way to it",
       "<head><meta property='og:title' content='Council passes the budget'>"
       "</head><body><article><h1>Town hall: Council passes the "
       "budget</h1>" +
           kStory + "</article>",
       "Council passes the budget"},
      {"an h1 in a breadcrumb counts when two sources repeat it",
       "<head><title>Council passes the budget in June | Daily</title>"
       "<meta property='og:title' content='Council votes'>"
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "headline": "Council passes the budget in June"}</script>)"
       "</head><body><nav class='breadcrumb'><a href='/'>Home</a>"
       "<h1>Council passes the budget in June</h1></nav>" +
           kStory,
       "Council passes the budget in June"},
      {"an h1 in a breadcrumb that one source repeats does not",
       "<head><title>Council passes the budget in June | Daily</title>"
       "<meta property='og:title' content='Council votes'>"
       "</head><body><nav class='breadcrumb'><a href='/'>Home</a>"
       "<h1>Council passes the budget in June</h1></nav>" +
           kStory,
       "Council votes"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).title, c.value);
  }
}

TEST(ExtractHtml, ReadsTheAuthorFromEachSource) {
  const std::vector<FieldCase> cases = {
      {"article:author",
       "<meta property='article:author' content='Jane Smith'>" + kStory,
       "Jane Smith"},
      {"rel=author",
       "<p>By <a rel='author' href='/jane'>Jane Smith</a></p>" + kStory,
       "Jane Smith"},
      {"itemprop author with a name",
       "<span itemprop='author' itemscope><span itemprop='name'>Jane "
       "Smith</span></span>" +
           kStory,
       "Jane Smith"},
      {"byline class",
       "<div class='article-byline'>By Jane Smith</div>" + kStory,
       "Jane Smith"},
      {"byline with a date",
       "<p class='author'>Von Hans Meier | 5. Juni "
       "2024</p>" +
           kStory,
       "Hans Meier"},
      {"an e-mail address is not a name",
       "<meta name='author' content='desk@example.com'>" + kStory, ""},
      {"an archive link around the name",
       "<div class='author'><a href='/a'>View all posts by Jane Smith</a>"
       "</div>" +
           kStory,
       "Jane Smith"},
      {"an archive link after the name",
       "<div class='author'>Jane Smith <a href='/a'>Alle Artikel</a></div>" +
           kStory,
       "Jane Smith"},
      {"a button in the byline is not a name",
       "<div class='author'><button>Follow</button></div>" + kStory, ""},
      {"a photo credit is not the author",
       "<span class='author'>Foto: Max Muster</span>" + kStory, ""},
      {"a company is not the author",
       "<meta name='author' content='Example Media GmbH'>" + kStory, ""},
      {"the site is not the author",
       "<meta property='og:site_name' content='The Daily'>"
       "<meta name='author' content='The Daily'>"
       "<div class='byline'>By Jane Smith</div>" +
           kStory,
       "Jane Smith"},
      {"the site after the name",
       "<meta property='og:site_name' content='CNN'>"
       "<meta name='author' content='Rob Picheta, CNN'>" +
           kStory,
       "Rob Picheta"},
      {"the site's staff after the name",
       "<meta property='og:site_name' content='PhillyVoice'>"
       "<meta name='author' content='Adam Aaronson PhillyVoice Staff'>" +
           kStory,
       "Adam Aaronson"},
      {"a login handle becomes a name",
       "<meta name='author' content='jane.van.smith'>" + kStory,
       "Jane Van Smith"},
      {"a domain is not a handle",
       "<meta name='author' content='example.de'>" + kStory, "example.de"},
      {"a product's author is not the page's",
       "<div itemscope itemtype='http://schema.org/Product'><span "
       "itemprop='author'>Acme Labs</span></div>" +
           kStory,
       ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).author, c.value);
  }
  // Without og:site_name, the host tells the site: a last word that spells
  // most of it goes, one that spells a part of it stays.
  HtmlHints philly;
  philly.url = "https://www.phillyvoice.com/sixers-score";
  EXPECT_EQ(Extract("<meta name='author' content='Adam Aaronson PhillyVoice "
                    "Staff'>" +
                        kStory,
                    philly)
                .author,
            "Adam Aaronson");
  HtmlHints tonight;
  tonight.url = "https://eatwhattonight.com/2024/06/stir-fry/";
  EXPECT_EQ(Extract("<meta name='author' content='Eat What Tonight'>" + kStory,
                    tonight)
                .author,
            "");
  EXPECT_EQ(
      Extract("<meta name='author' content='Jane Tonight Smith'>" + kStory,
              tonight)
          .author,
      "Jane Tonight Smith");
}

TEST(ExtractHtml, ReadsDatesFromEachSource) {
  const std::vector<FieldCase> cases = {
      {"og:article published time with offset",
       "<meta property='article:published_time' "
       "content='2024-06-05T08:30:00.000+0200'>" +
           kStory,
       "2024-06-05T08:30:00+02:00"},
      {"time pubdate",
       "<time pubdate datetime='2024-06-05'>5 June</time>" + kStory,
       "2024-06-05"},
      {"itemprop datePublished text",
       "<span itemprop='datePublished'>5 juin 2024</span>" + kStory,
       "2024-06-05"},
      {"rfc 822 in a meta keeps its time and zone",
       "<meta name='date' content='Wed, 05 Jun 2024 08:30:00 GMT'>" + kStory,
       "2024-06-05T08:30:00+00:00"},
      {"an rfc 822 time near midnight takes the day shown",
       "<meta name='date' content='Thu, 06 Jun 2024 01:30:00 GMT'>"
       "<h1>Budget</h1><p>5 de junio de 2024</p>" +
           kStory,
       "2024-06-05"},
      {"an unpadded iso date with a time",
       "<meta name='date' content='2024-6-5 22:10:00'>" + kStory,
       "2024-06-05T22:10:00"},
      {"a date line in a block before the headline",
       "<div class='info'><a href='/a'>Ann Lee</a> / 05.06.2024 / 06:15</div>"
       "<div><h2>Other</h2><h1>Budget</h1></div>" +
           kStory,
       "2024-06-05"},
      {"a dateline opening the first paragraph",
       "<h1>Budget</h1><p>Springfield, 5. Juni 2024 – The city council "
       "approved the new budget on Tuesday, after a debate that lasted more "
       "than six hours and ended late.</p>" +
           kStory,
       "2024-06-05"},
      {"a date with no-break spaces",
       "<h1>Budget</h1><p>5. Juni 2024</p>" + kStory, "2024-06-05"},
      {"a date in the byline",
       "<div class='author'>Author: Ann Lee am 05.06.2024, 13:36 Uhr</div>" +
           kStory,
       "2024-06-05"},
      {"a labelled line in the footer",
       kStory + "<footer><p>Letzte Änderung: 01.06.2024<br>Erschienen "
                "am: 05.06.2024</p></footer>",
       "2024-06-05"},
      {"a label and its date in separate elements",
       kStory + "<div><span>Published on</span> <b>June 5, 2024</b></div>",
       "2024-06-05"},
      {"a date split into elements",
       "<div class='datum'><span class='m'>Jun</span> <span class='d'>5"
       "</span><span class='y'>2024</span></div>" +
           kStory,
       "2024-06-05"},
      {"a comment's time is not the article's",
       kStory +
           "<p>Ver\u00f6ffentlicht am 05.06.2024</p><div id='comments'><p>"
           "<time datetime='2024-06-09T03:00'>9 June</time> Great piece!</p>"
           "</div>",
       "2024-06-05"},
      {"a review's date is not the page's",
       "<div itemscope itemtype='https://schema.org/Review'><meta "
       "itemprop='datePublished' content='2019-01-01'></div>" +
           kStory,
       ""},
      {"date line in French",
       "<h1>Budget</h1><p>Publié le 5 juin 2024</p>" + kStory, "2024-06-05"},
      {"date line in German",
       "<h1>Budget</h1><div>5. Juni 2024, 10:00 Uhr"
       "</div>" +
           kStory,
       "2024-06-05"},
      {"date line in Spanish",
       "<h1>Budget</h1><span>5 de junio de 2024"
       "</span>" +
           kStory,
       "2024-06-05"},
      {"date line in Italian",
       "<h1>Budget</h1><span>5 giugno 2024</span>" + kStory, "2024-06-05"},
      {"date line in Portuguese",
       "<h1>Budget</h1><span>5 de junho de 2024</span>" + kStory, "2024-06-05"},
      {"date line in English",
       "<h1>Budget</h1><span>June 5th, 2024</span>" + kStory, "2024-06-05"},
      {"numeric date line", "<h1>Budget</h1><span>05.06.2024</span>" + kStory,
       "2024-06-05"},
      {"date class", "<div class='post-date'>05/06/2024</div>" + kStory,
       "2024-06-05"},
      {"the day shown beats a timestamp in another time zone",
       "<meta property='article:published_time' "
       "content='2024-06-04T23:30:00+00:00'><h1>Budget</h1>"
       "<p>5 June 2024</p>" +
           kStory,
       "2024-06-05"},
      {"a morning timestamp keeps its day",
       "<meta property='article:published_time' "
       "content='2024-06-04T09:30:00+00:00'><h1>Budget</h1>"
       "<p>5 June 2024</p>" +
           kStory,
       "2024-06-04T09:30:00+00:00"},
      {"an update shown under the headline is not the day shown",
       "<meta property='article:published_time' "
       "content='2024-06-05T00:30:00+02:00'><h1>Budget</h1>"
       "<time class='updated' datetime='2024-06-04'>4 June</time>"
       "<time class='published' datetime='2024-06-05'>5 June</time>" +
           kStory,
       "2024-06-05T00:30:00+02:00"},
      {"the day shown is the update's when the page was republished",
       "<meta property='article:published_time' content='2021-11-22'>"
       "<meta property='article:modified_time' content='2023-01-01T10:00'>"
       "<h1>Budget</h1><p>1. Januar 2023</p>" +
           kStory,
       "2023-01-01"},
      {"metadata that disagree: the day shown under the headline wins",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "datePublished": "2022-01-04T07:29:00Z"}</script>)"
       "<meta property='article:published_time' content='2022-01-06'>"
       "<h1>Budget</h1><p>06.01.2022</p>" +
           kStory,
       "2022-01-06"},
      {"a date in a teaser of another story is not the page's",
       "<div class='teaser'><a href='/other'>Other story</a>"
       "<span class='date'>04.11.2021</span></div>"
       "<h1>Budget</h1><span class='date'>12.11.2021</span>" +
           kStory,
       "2021-11-12"},
      {"a date in the card of another article is not the page's",
       "<div class='slider'><article><h2><a href='/other'>Other story</a>"
       "</h2><span class='date'>01.07.2020</span></article></div>"
       "<article><h1>Budget</h1><div class='date'>18.03.2020</div>" +
           kStory + "</article>",
       "2020-03-18"},
      {"a how-to guide dates itself; a malformed time keeps its day",
       R"(<script type="application/ld+json">{"@type": "HowTo",
          "datePublished": "2022-01-10T22:06:08:684Z"}</script>)" +
           kStory,
       "2022-01-10T22:06:08"},
      {"the datePublished of a web page is not the story's",
       R"(<script type="application/ld+json">{"@graph": [
          {"@type": "WebPage", "datePublished": "2001-01-01"}]}</script>)" +
           kStory,
       ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).published, c.value);
  }
  HtmlHints hints;
  hints.url = "https://news.example/2024/06/05/budget-passed";
  EXPECT_EQ(Extract(kStory, hints).published, "2024-06-05");
  hints.url = "https://news.example/politics/20240605-budget";
  EXPECT_EQ(Extract(kStory, hints).published, "2024-06-05");
}

TEST(ExtractHtml, ReadsTheModificationDate) {
  const std::vector<FieldCase> cases = {
      {"json-ld dateModified",
       R"(<script type="application/ld+json">{"@type": "NewsArticle",
          "datePublished": "2024-06-05", "dateModified":
          "2024-06-06T10:00:00Z"}</script>)" +
           kStory,
       "2024-06-06T10:00:00+00:00"},
      {"article:modified_time",
       "<meta property='article:modified_time' content='2024-06-07'>" + kStory,
       "2024-06-07"},
      {"og:updated_time",
       "<meta property='og:updated_time' content='2024-06-08T09:00:00'>" +
           kStory,
       "2024-06-08T09:00:00"},
      {"itemprop dateModified",
       "<meta itemprop='dateModified' content='2024-06-09'>" + kStory,
       "2024-06-09"},
      {"a labelled line",
       kStory + "<p class='info'>Page (last edited 2024-06-10 13:28 by "
                "Ann)</p>",
       "2024-06-10"},
      {"none", kStory, ""},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Extract(c.html).modified, c.value);
  }
}

struct CharsetCase {
  const char* fixture;
  std::string content_type;
  std::string title;
  std::string text;  // a part of the text
};

TEST(ExtractHtml, DecodesLegacyCharsets) {
  const std::vector<CharsetCase> cases = {
      {"charset-latin1-undeclared.html", "",
       "L'\u00e9t\u00e9 des records \u00e0 Paris",
       "D\u00e9j\u00e0 30 \u00b0C \u00e0 l'ombre"},
      {"charset-latin1-undeclared.html", "text/html",
       "L'\u00e9t\u00e9 des records \u00e0 Paris", "M\u00e9t\u00e9o-France"},
      {"charset-windows-1252.html", "",
       "Le ticket de m\u00e9tro \u00e0 4 \u20ac",
       "\u00ab Le prix du billet passe \u00e0 4 \u20ac \u00bb, a annonc\u00e9 "
       "l\u2019op\u00e9rateur, qui \u00e9voque une \u201chausse "
       "n\u00e9cessaire\u201d."},
      {"charset-windows-1252.html", "text/html; charset=ISO-8859-1",
       "Le ticket de m\u00e9tro \u00e0 4 \u20ac", "\u201chausse"},
      {"charset-iso-8859-15.html", "", "Le c\u0153ur du budget",
       "12 milliards d'\u20ac"},
      {"charset-shift-jis.html", "",
       "\u6771\u4eac\u90fd\u304c\u65b0\u3057\u3044\u4ea4\u901a\u8a08\u753b"
       "\u3092\u767a\u8868",
       "\u300c\u5e02\u6c11\u306e\u751f\u6d3b\u3092\u5b88\u308b"},
      {"charset-shift-jis-undeclared.html", "",
       "\u6771\u4eac\u90fd\u304c\u65b0\u3057\u3044\u4ea4\u901a\u8a08\u753b"
       "\u3092\u767a\u8868",
       "\u96fb\u6c17\u30d0\u30b9"},
      {"charset-gb18030.html", "",
       "\u4e94\u6708\u4efd\u5c45\u6c11\u6d88\u8d39\u4ef7\u683c\u540c\u6bd4"
       "\u4e0a\u6da8",
       "\u6731\u9555"},
      // The server says ISO-8859-1, the page claims UTF-8: the server wins,
      // as in browsers.
      {"charset-http-over-meta.html", "text/html; charset=iso-8859-1",
       "R\u00e9forme adopt\u00e9e \u00e0 l'Assembl\u00e9e",
       "\u00ab n\u00e9cessaire et urgente \u00bb"},
  };
  for (const CharsetCase& c : cases) {
    SCOPED_TRACE(std::string(c.fixture) + " / " + c.content_type);
    HtmlHints hints;
    hints.content_type = c.content_type;
    const HtmlArticle article = Extract(ReadFixture(c.fixture), hints);
    EXPECT_EQ(article.title, c.title);
    EXPECT_NE(article.text.find(c.text), std::string::npos) << article.text;
  }
}

TEST(ExtractHtml, RejectsContentThatIsNotHtml) {
  using namespace std::string_literals;
  const std::vector<FieldCase> cases = {
      {"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>",
       "not an HTML page: looks like a PDF document"},
      {"png", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s,
       "not an HTML page: looks like a PNG image"},
      {"jpeg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s,
       "not an HTML page: looks like a JPEG image"},
      {"json object", R"({"title": "<p>Budget</p>", "id": 3})",
       "not an HTML page: looks like JSON data"},
      {"json array", "  [1, 2, 3]", "not an HTML page: looks like JSON data"},
      {"binary", "<p>"s + std::string(16, '\0') + "</p>",
       "not an HTML page: looks like binary data (NUL bytes)"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<HtmlArticle> article = ExtractHtml(c.html, "https://x.test/a");
    ASSERT_FALSE(article.has_value());
    EXPECT_EQ(article.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(article.error().where, "https://x.test/a");
    EXPECT_EQ(article.error().message, c.value);
  }
  HtmlHints image;
  image.content_type = "image/png";
  Result<HtmlArticle> article = ExtractHtml(kStory, "a.png", image);
  ASSERT_FALSE(article.has_value());
  EXPECT_EQ(article.error().message,
            "not an HTML page (Content-Type image/png)");
}

TEST(ExtractHtml, SurvivesHostileInput) {
  using namespace std::string_literals;
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div><span>";
  deep += "x";
  std::string wide = "<p>";
  for (int i = 0; i < 20000; ++i) wide += "<b>w</b>";
  wide += "</p>";
  const std::vector<std::string> pages = {
      deep,
      wide,
      "<p class='" + std::string(1 << 20, 'a') + "'>huge attribute</p>",
      "<p>stray\0NUL</p>"s,
      "<p>text</p><!-- never closed <p>hidden",
      "<p>text</p><![CDATA[ never closed",
      "<p>text<script>document.write('<p>')</script></p><style>",
      std::string(100000, '<'),
      "<html><body>" + std::string(50000, '\xFF') + "</body></html>",
  };
  for (const std::string& page : pages) {
    SCOPED_TRACE(page.substr(0, 40));
    Result<HtmlArticle> article = ExtractHtml(page, "hostile.html");
    if (article) {
      EXPECT_EQ(FindInvalidUtf8(article->text), std::string::npos);
    } else {
      EXPECT_EQ(article.error().where, "hostile.html");
    }
  }
  const HtmlArticle nul = Extract("<p>stray\0NUL</p>"s);
  EXPECT_EQ(nul.text, "strayNUL");
}

// Month names come from ICU's date symbols for en, fr, de, es, it and pt,
// with and without accents; these are the spellings the extractor must read
// (full names, abbreviations, regional and accent-less forms).
TEST(FindVisibleDate, ReadsMonthNamesInEachLanguage) {
  const std::vector<std::pair<std::string, int>> names = {
      {"january", 1},    {"jan", 1},        {"janvier", 1},
      {"janv", 1},       {"januar", 1},     {"jänner", 1},
      {"enero", 1},      {"ene", 1},        {"gennaio", 1},
      {"gen", 1},        {"janeiro", 1},    {"february", 2},
      {"feb", 2},        {"février", 2},    {"fevrier", 2},
      {"févr", 2},       {"fév", 2},        {"februar", 2},
      {"febrero", 2},    {"febbraio", 2},   {"fevereiro", 2},
      {"fev", 2},        {"march", 3},      {"mar", 3},
      {"mars", 3},       {"märz", 3},       {"maerz", 3},
      {"marzo", 3},      {"março", 3},      {"marco", 3},
      {"april", 4},      {"apr", 4},        {"avril", 4},
      {"avr", 4},        {"abril", 4},      {"abr", 4},
      {"aprile", 4},     {"may", 5},        {"mai", 5},
      {"mayo", 5},       {"maggio", 5},     {"mag", 5},
      {"maio", 5},       {"june", 6},       {"jun", 6},
      {"juin", 6},       {"juni", 6},       {"junio", 6},
      {"giugno", 6},     {"giu", 6},        {"junho", 6},
      {"july", 7},       {"jul", 7},        {"juillet", 7},
      {"juil", 7},       {"juli", 7},       {"julio", 7},
      {"luglio", 7},     {"lug", 7},        {"julho", 7},
      {"august", 8},     {"aug", 8},        {"août", 8},
      {"aout", 8},       {"agosto", 8},     {"ago", 8},
      {"september", 9},  {"sep", 9},        {"sept", 9},
      {"septembre", 9},  {"septiembre", 9}, {"set", 9},
      {"settembre", 9},  {"setembro", 9},   {"setiembre", 9},
      {"october", 10},   {"oct", 10},       {"octobre", 10},
      {"oktober", 10},   {"okt", 10},       {"octubre", 10},
      {"ottobre", 10},   {"ott", 10},       {"outubro", 10},
      {"out", 10},       {"november", 11},  {"nov", 11},
      {"novembre", 11},  {"noviembre", 11}, {"novembro", 11},
      {"december", 12},  {"dec", 12},       {"décembre", 12},
      {"decembre", 12},  {"déc", 12},       {"dezember", 12},
      {"dez", 12},       {"diciembre", 12}, {"dic", 12},
      {"dicembre", 12},  {"dezembro", 12},  {"sett", 9},
      {"febr", 2},       {"mär", 3},        {"marz", 3},
      {"f\u00e9vr.", 2}, {"J\u00e4n.", 1},  {"Sept.", 9},
      {"dic.", 12},      {"MARS", 3},       {"D\u00c9CEMBRE", 12}};
  for (const auto& [name, month] : names) {
    SCOPED_TRACE(name);
    char want[16];
    std::snprintf(want, sizeof want, "2024-%02d-05", month);
    EXPECT_EQ(FindVisibleDate("5 " + name + " 2024"), want);
    EXPECT_EQ(FindVisibleDate(name + " 5, 2024"), want);
  }
  EXPECT_EQ(FindVisibleDate("5 Brumaire 2024"), "");
}

TEST(NormalizeDate, ReadsTheFormsPagesWrite) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2024-06-05", "2024-06-05"},
      {"2024-6-5", "2024-06-05"},
      {"2024-06-05T08:30:00.123+0200", "2024-06-05T08:30:00+02:00"},
      {"2024-6-5 22:17:36", "2024-06-05T22:17:36"},
      {"20240605", "2024-06-05"},
      {"Wed, 05 Jun 2024 08:30:00 GMT", "2024-06-05T08:30:00+00:00"},
      {"5 Jun 2024 08:30 -0300", "2024-06-05T08:30:00-03:00"},
      {"05 Jun 2024 08:30:00", "2024-06-05T08:30:00"},
      {"5 juin\u00a02024", "2024-06-05"},
      {"2024-13-05", ""},
      {"2024-06", ""},
      {"soon", ""},
  };
  for (const auto& [value, want] : cases) {
    SCOPED_TRACE(value);
    EXPECT_EQ(NormalizeDate(value), want);
  }
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
