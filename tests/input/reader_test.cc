#include "pipeline/reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace newsline {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed with its contents.
class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("newsline_reader_" + std::to_string(::getpid()) + "_" +
             test->test_suite_name() + "_" + test->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }

  // Writes `content` to the relative path, creating folders; returns the
  // full path.
  std::string Write(const std::string& relative, const std::string& content) {
    const fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }

  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::vector<RawArticle> ReadAll(std::vector<std::string> inputs,
                                ReaderOptions options = {}) {
  Result<ArticleReader> reader =
      ArticleReader::Open(std::move(inputs), options);
  EXPECT_TRUE(reader.has_value()) << reader.error().ToString();
  std::vector<RawArticle> articles;
  if (!reader) return articles;
  RawArticle article;
  while (reader->Next(&article)) articles.push_back(std::move(article));
  return articles;
}

std::string ErrorOf(const RawArticle& article) {
  return article.error ? article.error->ToString() : "";
}

TEST(InputKinds, FollowExtensions) {
  EXPECT_EQ(KindOfPath("a/b.HTML"), InputKind::kHtml);
  EXPECT_EQ(KindOfPath("b.htm"), InputKind::kHtml);
  EXPECT_EQ(KindOfPath("c.json"), InputKind::kJson);
  EXPECT_EQ(KindOfPath("d.jsonl"), InputKind::kJsonLines);
  EXPECT_EQ(KindOfPath("e.txt"), InputKind::kText);
  EXPECT_EQ(KindOfPath("f.md"), InputKind::kText);
  EXPECT_EQ(KindOfPath("dir.json/README"), InputKind::kText);
  EXPECT_TRUE(IsHtmlPath("x.html"));
  EXPECT_FALSE(IsHtmlPath("x.txt"));
  EXPECT_TRUE(IsArticlePath("x.txt"));
  EXPECT_TRUE(IsArticlePath("x.jsonl"));
  EXPECT_FALSE(IsArticlePath("x.md"));
  EXPECT_FALSE(IsArticlePath("README"));
}

TEST(ArticleReader, ReadsFoldersRecursivelyInPathOrder) {
  TempDir dir;
  dir.Write("b.txt", "Text b");
  dir.Write("a/z.txt", "Text z");
  dir.Write("a/b/c.html", "<p>C</p>");
  dir.Write("a.json", R"({"text": "From json"})");
  dir.Write("notes.md", "not an input in a folder");
  dir.Write(".hidden.txt", "hidden");
  dir.Write(".git/x.txt", "hidden");
  const std::vector<RawArticle> articles = ReadAll({dir.path() + "/"});
  std::vector<std::string> ids;
  for (const RawArticle& a : articles) ids.push_back(a.id);
  const std::string root = fs::path(dir.path()).generic_string();
  EXPECT_EQ(ids,
            (std::vector<std::string>{root + "/a/b/c.html", root + "/a/z.txt",
                                      root + "/a.json", root + "/b.txt"}));
  ASSERT_EQ(articles.size(), 4u);
  EXPECT_TRUE(articles[0].is_html);
  EXPECT_EQ(articles[0].html, "<p>C</p>");
  EXPECT_EQ(articles[1].text, "Text z");
  EXPECT_EQ(articles[1].source, root + "/a/z.txt");
  EXPECT_EQ(articles[2].text, "From json");
  EXPECT_EQ(articles[3].text, "Text b");
  for (const RawArticle& a : articles) EXPECT_FALSE(a.error) << ErrorOf(a);
}

TEST(ArticleReader, NamesFilesByTheArgumentAsGiven) {
  TempDir dir;
  dir.Write("corpus/seed-fr/input.txt", "Texte");
  const fs::path old_cwd = fs::current_path();
  fs::current_path(dir.path());
  const std::vector<RawArticle> folder = ReadAll({"corpus"});
  const std::vector<RawArticle> file = ReadAll({"corpus/seed-fr/input.txt"});
  fs::current_path(old_cwd);
  ASSERT_EQ(folder.size(), 1u);
  EXPECT_EQ(folder[0].id, "corpus/seed-fr/input.txt");
  ASSERT_EQ(file.size(), 1u);
  EXPECT_EQ(file[0].id, "corpus/seed-fr/input.txt");
}

TEST(ArticleReader, ReadsAnExplicitFileOfAnyExtensionAsText) {
  TempDir dir;
  const std::string path = dir.Write("notes.md", "\xEF\xBB\xBF# Notes");
  const std::vector<RawArticle> articles = ReadAll({path});
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].text, "# Notes");
  EXPECT_FALSE(articles[0].is_html);
}

TEST(ArticleReader, DecodesTextFilesAndKeepsWarnings) {
  TempDir dir;
  const std::string latin1 = dir.Write("latin1.txt", "caf\xE9");
  const std::string binary =
      dir.Write("image.txt", std::string("\x89PNG\0\0", 6));
  const std::string empty = dir.Write("empty.txt", "");
  const std::vector<RawArticle> articles = ReadAll({latin1, binary, empty});
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_EQ(articles[0].text, "caf\uFFFD");
  ASSERT_EQ(articles[0].warnings.size(), 1u);
  EXPECT_EQ(
      articles[0].warnings[0].ToString(),
      latin1 + ": invalid UTF-8 at byte 3 (1 sequence replaced with U+FFFD)");
  EXPECT_NE(ErrorOf(articles[1]).find("looks like binary data"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(articles[2]), empty + ": empty article");
  EXPECT_TRUE(articles[2].text.empty());
}

TEST(ArticleReader, ReadsJsonArticles) {
  TempDir dir;
  const std::string full = dir.Write(
      "full.json",
      R"({"id": "a1", "text": "Hello", "url": "https://x.test/a", "title": "T",
          "lang": "fr", "published": "2024-06-05", "extra": [1, 2]})");
  const std::string html = dir.Write("page.json", R"({"html": "<p>x</p>"})");
  const std::string numeric = dir.Write("n.json", R"({"id": 17, "text": "x"})");
  const std::string bom =
      dir.Write("bom.json", "\xEF\xBB\xBF{\"text\": \"with a BOM\"}");
  const std::vector<RawArticle> articles = ReadAll({full, html, numeric, bom});
  ASSERT_EQ(articles.size(), 4u);
  EXPECT_EQ(articles[0].id, "a1");
  EXPECT_EQ(articles[0].source, full);
  EXPECT_EQ(articles[0].text, "Hello");
  EXPECT_EQ(articles[0].url, "https://x.test/a");
  EXPECT_EQ(articles[0].title, "T");
  EXPECT_EQ(articles[0].lang, "fr");
  EXPECT_EQ(articles[0].published, "2024-06-05");
  EXPECT_FALSE(articles[0].error);
  EXPECT_EQ(articles[1].id, html);
  EXPECT_TRUE(articles[1].is_html);
  EXPECT_EQ(articles[1].html, "<p>x</p>");
  EXPECT_EQ(articles[2].id, "17");
  EXPECT_EQ(articles[3].text, "with a BOM");
}

TEST(ArticleReader, ReadsJsonLinesAndReportsBadLinesInPlace) {
  TempDir dir;
  const std::string path =
      dir.Write("feed.jsonl",
                "{\"text\": \"one\"}\n"
                "{\"text\": \"two\", oops}\n"
                "\n"
                "   \r\n"
                "{\"id\": \"x3\", \"html\": \"<p>three</p>\"}\r\n"
                "{\"text\": \"four\", \"published\": 20240605}\n"
                "{\"title\": \"no body\"}\n"
                "[1, 2]\n"
                "{\"text\": \"caf\xE9\"}\n"
                "{\"text\": \"last, no newline\"}");
  const std::vector<RawArticle> articles = ReadAll({path});
  ASSERT_EQ(articles.size(), 8u);
  EXPECT_EQ(articles[0].id, path + ":1");
  EXPECT_EQ(articles[0].text, "one");
  EXPECT_EQ(articles[1].id, path + ":2");
  EXPECT_EQ(articles[1].source, path + ":2");
  EXPECT_EQ(ErrorOf(articles[1]),
            path +
                ":2: malformed JSON at column 17: syntax error while "
                "parsing object key - invalid literal; last read: "
                "'\"two\", o'; expected string literal");
  EXPECT_EQ(articles[2].id, "x3");
  EXPECT_EQ(articles[2].source, path + ":5");
  EXPECT_EQ(articles[2].html, "<p>three</p>");
  EXPECT_EQ(ErrorOf(articles[3]),
            path + ":6: field \"published\" must be a string");
  EXPECT_TRUE(articles[3].text.empty());
  EXPECT_EQ(ErrorOf(articles[4]),
            path + ":7: needs a \"text\" or \"html\" field");
  EXPECT_EQ(ErrorOf(articles[5]),
            path +
                ":8: expected a JSON object with \"text\" or \"html\", "
                "got array");
  EXPECT_EQ(ErrorOf(articles[6]),
            path + ":9: invalid UTF-8 at column 14: JSON input must be UTF-8");
  EXPECT_EQ(articles[7].text, "last, no newline");
  EXPECT_EQ(articles[7].id, path + ":10");
}

TEST(ArticleReader, PlacesJsonErrorsOnTheirLine) {
  TempDir dir;
  const std::string path = dir.Write("bad.json", "{\n  \"text\": \"x\",\n}\n");
  const std::vector<RawArticle> articles = ReadAll({path});
  ASSERT_EQ(articles.size(), 1u);
  ASSERT_TRUE(articles[0].error);
  EXPECT_EQ(articles[0].error->where, path + ":3");
  EXPECT_NE(articles[0].error->message.find("malformed JSON at column 1"),
            std::string::npos)
      << articles[0].error->message;
}

TEST(ArticleReader, SkipsOverlongLinesWithoutStoppingTheStream) {
  TempDir dir;
  const std::string long_line =
      "{\"text\": \"" + std::string(200000, 'x') + "\"}";
  const std::string path =
      dir.Write("big.jsonl", "{\"text\": \"before\"}\n" + long_line +
                                 "\n{\"text\": \"after\"}\n");
  ReaderOptions options;
  options.max_article_bytes = 1000;
  const std::vector<RawArticle> articles = ReadAll({path}, options);
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_EQ(articles[0].text, "before");
  EXPECT_EQ(ErrorOf(articles[1]), path + ":2: line is " +
                                      std::to_string(long_line.size()) +
                                      " bytes, more than the limit of 1000");
  EXPECT_EQ(articles[1].id, path + ":2");
  EXPECT_EQ(articles[2].text, "after");
  EXPECT_EQ(articles[2].id, path + ":3");
}

TEST(ArticleReader, RefusesFilesOverTheLimit) {
  TempDir dir;
  const std::string big = dir.Write("big.txt", std::string(2000, 'a'));
  const std::string small = dir.Write("small.txt", "ok");
  ReaderOptions options;
  options.max_article_bytes = 1000;
  const std::vector<RawArticle> articles = ReadAll({big, small}, options);
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(ErrorOf(articles[0]),
            big + ": file is 2000 bytes, more than the limit of 1000");
  EXPECT_TRUE(articles[0].text.empty());
  EXPECT_EQ(articles[1].text, "ok");
}

TEST(ArticleReader, FailsToOpenMissingInputs) {
  TempDir dir;
  const std::string present = dir.Write("a.txt", "x");
  const std::string missing = dir.path() + "/missing.txt";
  Result<ArticleReader> reader = ArticleReader::Open({present, missing}, {});
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::kIo);
  EXPECT_EQ(reader.error().where, missing);
  EXPECT_EQ(reader.error().ToString(), missing + ": no such file or folder");
}

TEST(ArticleReader, FailsToOpenSpecialFiles) {
  Result<ArticleReader> reader = ArticleReader::Open({"/dev/null"}, {});
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, ErrorCode::kIo);
  EXPECT_EQ(reader.error().ToString(), "/dev/null: not a file or folder");
}

TEST(ArticleReader, ReportsAFileThatVanishedAfterOpen) {
  TempDir dir;
  const std::string path = dir.Write("gone.jsonl", "{\"text\": \"x\"}\n");
  Result<ArticleReader> reader = ArticleReader::Open({path}, {});
  ASSERT_TRUE(reader.has_value());
  fs::remove(path);
  RawArticle article;
  ASSERT_TRUE(reader->Next(&article));
  ASSERT_TRUE(article.error);
  EXPECT_EQ(article.error->code, ErrorCode::kIo);
  EXPECT_FALSE(reader->Next(&article));
}

TEST(ArticleReader, CanBeMovedWhileReading) {
  TempDir dir;
  const std::string path =
      dir.Write("feed.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
  Result<ArticleReader> opened = ArticleReader::Open({path}, {});
  ASSERT_TRUE(opened.has_value());
  RawArticle article;
  ASSERT_TRUE(opened->Next(&article));
  EXPECT_EQ(article.text, "a");
  ArticleReader moved = std::move(*opened);
  ASSERT_TRUE(moved.Next(&article));
  EXPECT_EQ(article.text, "b");
  EXPECT_FALSE(moved.Next(&article));
}

// On a pipe, WouldBlock tells whether Next would wait: true with only a
// blank line and part of the next one at hand, false once data is ready or
// the writer has closed.
TEST(ArticleReader, TellsWhenStdinWouldBlock) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const int saved = ::dup(0);
  ASSERT_GE(saved, 0);
  ASSERT_EQ(::dup2(fds[0], 0), 0);
  ::close(fds[0]);
  auto write = [&](std::string_view s) {
    ASSERT_EQ(::write(fds[1], s.data(), s.size()),
              static_cast<ssize_t>(s.size()));
  };
  {
    Result<ArticleReader> reader = ArticleReader::Open({"-"});
    ASSERT_TRUE(reader.has_value());
    EXPECT_FALSE(reader->WouldBlock());  // nothing opened yet
    write("{\"text\": \"one\"}\n\n{\"text\": \"tw");
    RawArticle a;
    ASSERT_TRUE(reader->Next(&a));
    EXPECT_EQ(a.text, "one");
    EXPECT_TRUE(reader->WouldBlock());
    write("o\"}\n");
    EXPECT_FALSE(reader->WouldBlock());
    ASSERT_TRUE(reader->Next(&a));
    EXPECT_EQ(a.text, "two");
    EXPECT_EQ(a.source, "-:3");
    EXPECT_TRUE(reader->WouldBlock());
    EXPECT_TRUE(reader->WouldBlock(std::chrono::milliseconds(30)));
    ::close(fds[1]);
    EXPECT_FALSE(reader->WouldBlock());
    EXPECT_FALSE(reader->Next(&a));
  }
  ASSERT_EQ(::dup2(saved, 0), 0);
  ::close(saved);
}

TEST(ArticleFromJson, ChecksTheObject) {
  struct Case {
    const char* json;
    std::string error;  // "" = no error
  };
  const std::vector<Case> cases = {
      {R"({"text": "x", "title": null})", ""},
      {R"({"text": "x", "html": "<p>y</p>"})", ""},
      {R"({"text": "  \n "})", "in.jsonl:4: empty article"},
      {R"({"text": "x", "id": 1.5})",
       "in.jsonl:4: field \"id\" must be a string"},
      {R"({"text": ["x"]})", "in.jsonl:4: field \"text\" must be a string"},
      {R"({"html": "x", "url": {}})",
       "in.jsonl:4: field \"url\" must be a string"},
      {R"("just a string")",
       "in.jsonl:4: expected a JSON object with \"text\" or \"html\", got "
       "string"},
      {"",
       "in.jsonl:4: malformed JSON at column 1: syntax error while parsing "
       "value - unexpected end of input; expected '[', '{', or a literal"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    const RawArticle article = ArticleFromJson(c.json, "in.jsonl", 4);
    EXPECT_EQ(ErrorOf(article), c.error);
  }
  const RawArticle both =
      ArticleFromJson(R"({"text": "x", "html": "<p>y</p>"})", "in.jsonl", 4);
  EXPECT_EQ(both.text, "x");
  EXPECT_FALSE(both.is_html);
  ASSERT_EQ(both.warnings.size(), 1u);
}

}  // namespace
}  // namespace newsline
