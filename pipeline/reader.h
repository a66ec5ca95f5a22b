// Reading the command line's inputs as a stream of RawArticles.
//
// The CLI opens an ArticleReader over its input arguments and pulls articles
// one at a time into the analysis pipeline. Inputs are files, folders (read
// recursively, in path order, only .txt .html .htm .json .jsonl files) and
// "-" for JSON Lines on stdin. Per file kind:
//   .txt          one article, decoded to UTF-8 (DecodeText)
//   .html, .htm   one article, HTML bytes as-is (the analyzer extracts them)
//   .json         one article object
//   .jsonl, "-"   one article object per non-blank line
// Any other explicitly named file is read as text. An article object is
//   {"id"?, "text" | "html", "url"?, "title"?, "lang"?, "published"?}
// with string values; other fields are ignored.
//
// The reader holds at most one article (or one JSON Lines line) in memory,
// so it can stream inputs of any size. An article that cannot be read (bad
// JSON, too large, binary) comes out with its error set, in its place in the
// order, and reading goes on.
//
// Not thread-safe: one thread calls Next.
//
// Example:
//   Result<ArticleReader> reader = ArticleReader::Open({"corpus/"}, {});
//   if (!reader) return Fail(reader.error());
//   RawArticle article;
//   while (reader->Next(&article)) Analyze(article);
#ifndef NEWSLINE_PIPELINE_READER_H_
#define NEWSLINE_PIPELINE_READER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "pipeline/article.h"

namespace newsline {

struct ReaderOptions {
  // Larger files, and JSON Lines lines, are reported as errors, not read.
  size_t max_article_bytes = 32 << 20;
};

enum class InputKind { kText, kHtml, kJson, kJsonLines };

// The kind of a file by its extension, case-insensitively; kText for any
// extension not listed above.
InputKind KindOfPath(std::string_view path);
bool IsHtmlPath(std::string_view path);
// Whether a file found in a folder is an input: .txt .html .htm .json .jsonl.
bool IsArticlePath(std::string_view path);

// Builds the article of one JSON object (a .json file, `line` 0, or line
// `line` of a JSON Lines input). The id and source default to "path" or
// "path:line". Never fails: a malformed object yields an article whose error
// names the place ("feed.jsonl:12") and what is wrong.
RawArticle ArticleFromJson(std::string_view json, std::string_view path,
                           size_t line);

class ArticleReader {
 public:
  // Checks that every input exists and lists the folders. Returns kIo,
  // naming the path, for an input that does not exist or is neither a file
  // nor a folder, or a folder that cannot be listed. Files are opened only
  // when their turn comes.
  static Result<ArticleReader> Open(std::vector<std::string> inputs,
                                    ReaderOptions options = {});

  ArticleReader(ArticleReader&&) noexcept;
  ArticleReader& operator=(ArticleReader&&) noexcept;
  ~ArticleReader();

  // Stores the next article in *out (replacing its contents). Returns false
  // when all inputs are read.
  bool Next(RawArticle* out);

  // Whether Next would wait for input: a JSON Lines stream (stdin, a pipe)
  // has no complete line at hand, nor gets one within `wait`. Lets the
  // caller finish what it has read first, so that output keeps up with a
  // slow producer.
  bool WouldBlock(std::chrono::milliseconds wait = {}) const;

 private:
  struct Input {
    std::string path;  // as given, or folder argument joined with the file
    InputKind kind = InputKind::kText;
  };
  class LineStream;

  ArticleReader(std::vector<Input> inputs, ReaderOptions options);
  void ReadFile(const Input& input, RawArticle* out) const;
  // Reads the next non-blank line of stream_; false at its end.
  bool NextLine(RawArticle* out);

  std::vector<Input> inputs_;
  size_t next_input_ = 0;
  ReaderOptions options_;
  std::unique_ptr<LineStream> stream_;  // the JSON Lines input being read
};

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_READER_H_
