// End-to-end tests of the newsline binary: exit codes, bad input, stdin.
// Each runs the real CLI in a shell and reads its stdout, stderr and status.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/testing/schema.h"

namespace {

namespace fs = std::filesystem;

struct Output {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newsline_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& contents) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << contents;
    return p;
  }

  Output Run(const std::string& args, const std::string& stdin_file = "") {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = std::string(NEWSLINE_BINARY) + " " + args + " >" +
                      out.string() + " 2>" + err.string();
    if (!stdin_file.empty()) cmd += " <" + stdin_file;
    const int raw = std::system(cmd.c_str());
    Output o;
    o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    o.out = Slurp(out);
    o.err = Slurp(err);
    return o;
  }

  static std::vector<nlohmann::json> Lines(const std::string& jsonl) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(jsonl);
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  fs::path dir_;
};

constexpr char kFrench[] =
    "Tesla a livré 12 000 voitures en avril, a indiqué Elon Musk.\n";

TEST_F(CliTest, AnalyzesAFileAndExitsZero) {
  fs::path a = Write("a.txt", kFrench);
  Output o = Run("analyze --reference-date 2024-06-05 " + a.string());
  ASSERT_EQ(o.status, 0) << o.err;
  auto timeline = nlohmann::json::parse(o.out);
  EXPECT_EQ(timeline["schema"], "newsline.timeline/1");
  EXPECT_EQ(newsline::testing::SchemaChecker().Check(timeline), "");
  EXPECT_FALSE(timeline["events"].empty());
}

TEST_F(CliTest, EmptyFileFailsThatArticleOnly) {
  fs::path empty = Write("in/a.txt", "");
  Write("in/b.txt", kFrench);
  Output o = Run("analyze --format jsonl --reference-date 2024-06-05 " +
                 (dir_ / "in").string());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("a.txt"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("empty"), std::string::npos) << o.err;
  auto lines = Lines(o.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0]["errors"].empty());
  EXPECT_TRUE(lines[1]["errors"].empty());
  EXPECT_FALSE(lines[1]["mentions"].empty());
}

TEST_F(CliTest, BinaryFileIsAnError) {
  std::string junk(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
      16);
  for (int i = 0; i < 1000; ++i) junk.push_back(static_cast<char>(i * 37));
  fs::path bin = Write("junk.txt", junk);
  Output o = Run("analyze --format jsonl " + bin.string());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("junk.txt"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("binary"), std::string::npos) << o.err;
}

TEST_F(CliTest, InvalidUtf8IsReplacedWithAWarning) {
  fs::path bad = Write(
      "bad.txt", std::string("Tesla a livr\xe9 12 000 voitures en avril.\n"));
  Output o =
      Run("analyze --format jsonl --lang fr --reference-date 2024-06-05 " +
          bad.string());
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.err.find("invalid UTF-8"), std::string::npos) << o.err;
  auto lines = Lines(o.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_FALSE(lines[0]["warnings"].empty());
  EXPECT_FALSE(lines[0]["mentions"].empty());
}

TEST_F(CliTest, HugeArticleIsRefusedWithItsSize) {
  fs::path huge = dir_ / "huge.txt";
  {
    std::ofstream out(huge, std::ios::binary);
    const std::string line(1023, 'a');
    for (int i = 0; i < 100 * 1024; ++i) out << line << '\n';  // 100 MiB
  }
  Output o = Run("analyze --format jsonl " + huge.string());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("huge.txt"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("limit"), std::string::npos) << o.err;
}

TEST_F(CliTest, MalformedJsonLineDoesNotStopTheOthers) {
  fs::path jsonl =
      Write("feed.jsonl",
            std::string("{\"id\": \"a\", \"lang\": \"fr\", \"text\": \"") +
                "Tesla a livré 12 000 voitures.\"}\n" +
                "{\"id\": \"b\", \"text\": \n" +
                "{\"id\": \"c\", \"lang\": \"en\", \"text\": \"Nvidia "
                "sold 3,000 chips.\"}\n");
  Output o = Run("analyze --format jsonl --reference-date 2024-06-05 " +
                 jsonl.string());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("feed.jsonl:2"), std::string::npos) << o.err;
  auto lines = Lines(o.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["id"], "a");
  EXPECT_TRUE(lines[0]["errors"].empty());
  EXPECT_FALSE(lines[1]["errors"].empty());
  EXPECT_EQ(lines[2]["id"], "c");
  EXPECT_TRUE(lines[2]["errors"].empty());
}

TEST_F(CliTest, ReadsJsonLinesFromStdin) {
  fs::path in = Write(
      "stdin.jsonl",
      "{\"text\": \"Nvidia sold 3,000 chips in April.\", \"lang\": \"en\", "
      "\"published\": \"2024-06-05\"}\n");
  Output o = Run("analyze --format jsonl -", in.string());
  ASSERT_EQ(o.status, 0) << o.err;
  auto lines = Lines(o.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["id"], "-:1");
}

TEST_F(CliTest, UnknownLanguageIsReported) {
  fs::path a = Write("a.txt", kFrench);
  Output usage = Run("analyze --lang xx " + a.string());
  EXPECT_EQ(usage.status, 2);
  EXPECT_NE(usage.err.find("no rules for language \"xx\""), std::string::npos)
      << usage.err;

  fs::path ja = Write(
      "ja.jsonl", "{\"text\": \"東京で会議が開かれた。\", \"lang\": \"ja\"}\n");
  Output article = Run("analyze --format jsonl " + ja.string());
  EXPECT_EQ(article.status, 1);
  EXPECT_NE(article.err.find("no rules for language \"ja\""), std::string::npos)
      << article.err;
}

// A page that declares its template's language is read in the language of
// its text, with a warning; the declaration stands where the text agrees.
TEST_F(CliTest, PageTextOverrulesADeclaredLanguage) {
  const std::string french =
      "<p>Le constructeur a livré près de deux cents avions au cours du "
      "premier semestre, selon un communiqué publié mercredi. La direction "
      "prévoit une hausse de la production d'ici la fin de l'année, malgré "
      "les difficultés d'approvisionnement des fournisseurs.</p>";
  Write("pages/wrong.html", "<html lang=\"en\"><body><article><h1>Avions</h1>" +
                                french + "</article></body></html>");
  Write("pages/right.html", "<html lang=\"fr\"><body><article><h1>Avions</h1>" +
                                french + "</article></body></html>");
  Output o = Run("analyze --format jsonl --reference-date 2024-06-05 " +
                 (dir_ / "pages").string());
  ASSERT_EQ(o.status, 0) << o.err;
  auto lines = Lines(o.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["lang"], "fr");  // right.html
  EXPECT_EQ(lines[1]["lang"], "fr");  // wrong.html
  EXPECT_NE(o.err.find("wrong.html: the page declares language \"en\" but its "
                       "text is in \"fr\""),
            std::string::npos)
      << o.err;
  EXPECT_EQ(o.err.find("right.html"), std::string::npos) << o.err;
}

TEST_F(CliTest, BadRuleFileIsAConfigurationError) {
  const fs::path rules = dir_ / "rules";
  fs::copy("extractors", rules, fs::copy_options::recursive);
  std::ofstream(rules / "figures" / "rules" / "fr.rules", std::ios::app)
      << "\nrule fr.broken\n  pattern (unclosed\n";
  fs::path a = Write("a.txt", kFrench);
  Output o = Run("analyze --rules " + rules.string() + " " + a.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("fr.rules:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("fr.broken"), std::string::npos) << o.err;
  Output t = Run("rules test --rules " + rules.string());
  EXPECT_EQ(t.status, 2);
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run("analyze " + (dir_ / "missing").string()).status, 2);
  fs::path a = Write("a.txt", kFrench);
  EXPECT_EQ(Run("analyze --reference-date 2024-13-01 " + a.string()).status, 2);
  EXPECT_EQ(Run("analyze --format xml " + a.string()).status, 2);
  EXPECT_EQ(Run("frobnicate").status, 2);
  EXPECT_EQ(Run("analyze --help").status, 0);
}

// The programs run on jemalloc with huge pages, except in builds without it
// (sanitizer builds); --version says which, as the allocator reports it, so
// this fails if the settings in tools/allocator.cc are not taken.
TEST_F(CliTest, VersionNamesTheAllocatorAndItsSettings) {
  Output o = Run("--version");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind("newsline ", 0), 0u) << o.out;
#if NEWSLINE_JEMALLOC
  EXPECT_NE(o.out.find("\nallocator: jemalloc 5."), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("(huge pages: always)"), std::string::npos) << o.out;
  // MALLOC_CONF overrides the built-in settings.
  ::setenv("MALLOC_CONF", "thp:never", 1);
  Output never = Run("--version");
  ::unsetenv("MALLOC_CONF");
  EXPECT_NE(never.out.find("(huge pages: never)"), std::string::npos)
      << never.out;
#else
  EXPECT_NE(o.out.find("\nallocator: the C library's malloc"),
            std::string::npos)
      << o.out;
#endif
}

// A producer on stdin that writes its second line only once the first
// one's result is out: output must not wait for a full batch or the end of
// the input (else the producer gives up after 20 s and says so).
TEST_F(CliTest, StdinOutputKeepsUpWithASlowProducer) {
  for (const char* jobs : {"1", "2"}) {
    SCOPED_TRACE(std::string("jobs ") + jobs);
    const fs::path out = dir_ / "out.jsonl", log = dir_ / "producer.log";
    fs::remove(out);
    const std::string line =
        R"({"id": "a", "text": "Tesla a livré 12 000 voitures en avril."})";
    const std::string script =
        "(echo '" + line + "'; i=0; while [ ! -s " + out.string() +
        " ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; "
        "if [ -s " +
        out.string() +
        " ]; then echo early; else echo late; fi"
        " >" +
        log.string() + "; echo '" + line + "') | " + NEWSLINE_BINARY +
        " analyze --format jsonl --reference-date 2024-06-05 --jobs " + jobs +
        " - >" + out.string();
    ASSERT_EQ(std::system(script.c_str()), 0);
    EXPECT_EQ(Slurp(log), "early\n");
    EXPECT_EQ(Lines(Slurp(out)).size(), 2u);
  }
}

TEST_F(CliTest, RuleExamplesAllPass) {
  Output o = Run("rules test");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find(" 0 failed"), std::string::npos) << o.out;
}

TEST_F(CliTest, OutputIsTheSameForAnyNumberOfJobs) {
  Output one = Run("analyze --jobs 1 --include-text corpus");
  Output four = Run("analyze --jobs 4 --include-text corpus");
  ASSERT_EQ(one.status, four.status);
  EXPECT_EQ(one.out, four.out);
  EXPECT_FALSE(one.out.empty());
}

}  // namespace
