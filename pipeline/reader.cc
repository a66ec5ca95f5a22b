#include "pipeline/reader.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include "core/unicode.h"
#include "pipeline/decode.h"

namespace newsline {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Error messages quote nlohmann's "last read" token; a whole unterminated
// string can be megabytes long.
constexpr size_t kMaxMessageBytes = 240;
constexpr size_t kReadChunk = 64 * 1024;

std::string ExtensionOf(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos ||
      (slash != std::string_view::npos && dot < slash)) {
    return "";
  }
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

bool IsBlankLine(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  });
}

bool IsBlankText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
  });
}

// Cuts `s` to at most `max` bytes on a code point boundary, marking the cut.
std::string Truncate(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  s += "...";
  return s;
}

// Records nlohmann's parse error (and ignores everything else) to describe
// why a document did not parse: parse(..., false) only says that it did not.
class ErrorRecorder : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const json::exception& ex) override {
    message = ex.what();
    return false;
  }

  std::string message;
};

// Reads "parse error at line L, column C: detail" (after nlohmann's
// "[json.exception.parse_error.101] " prefix).
struct ParseErrorText {
  size_t line = 1;
  size_t column = 0;
  std::string detail;
};

ParseErrorText SplitParseError(std::string_view message) {
  ParseErrorText out;
  if (const size_t bracket = message.find("] ");
      bracket != std::string_view::npos) {
    message.remove_prefix(bracket + 2);
  }
  auto number_after = [&](std::string_view label, size_t* value) {
    const size_t at = message.find(label);
    if (at == std::string_view::npos) return;
    const char* begin = message.data() + at + label.size();
    std::from_chars(begin, message.data() + message.size(), *value);
  };
  number_after("at line ", &out.line);
  number_after(", column ", &out.column);
  const size_t colon = message.find(": ");
  out.detail = colon == std::string_view::npos
                   ? std::string(message)
                   : std::string(message.substr(colon + 2));
  return out;
}

// Describes why `text` is not valid JSON, placed at "path:line".
Error JsonSyntaxError(std::string_view text, std::string_view path,
                      size_t line) {
  ErrorRecorder recorder;
  json::sax_parse(text, &recorder);
  ParseErrorText parsed = SplitParseError(recorder.message);
  std::string message;
  const size_t bad = FindInvalidUtf8(text);
  if (parsed.detail.find("UTF-8") != std::string::npos &&
      bad != std::string_view::npos) {
    // nlohmann's message would quote the bad bytes themselves.
    const std::string_view before = text.substr(0, bad);
    const size_t newlines = std::count(before.begin(), before.end(), '\n');
    const size_t line_start = before.rfind('\n');
    parsed.line = 1 + newlines;
    parsed.column =
        bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    message = "invalid UTF-8 at column " + std::to_string(parsed.column) +
              ": JSON input must be UTF-8";
  } else {
    message = "malformed JSON at column " + std::to_string(parsed.column) +
              ": " +
              Truncate(ReplaceInvalidUtf8(parsed.detail, nullptr, nullptr),
                       kMaxMessageBytes);
  }
  const size_t at_line = line == 0 ? parsed.line : line + parsed.line - 1;
  return Error{ErrorCode::kInvalidInput,
               std::string(path) + ":" + std::to_string(at_line),
               std::move(message)};
}

Error ArticleError(ErrorCode code, const std::string& where,
                   std::string message) {
  return Error{code, where, std::move(message)};
}

}  // namespace

InputKind KindOfPath(std::string_view path) {
  const std::string ext = ExtensionOf(path);
  if (ext == "html" || ext == "htm") return InputKind::kHtml;
  if (ext == "json") return InputKind::kJson;
  if (ext == "jsonl") return InputKind::kJsonLines;
  return InputKind::kText;
}

bool IsHtmlPath(std::string_view path) {
  return KindOfPath(path) == InputKind::kHtml;
}

bool IsArticlePath(std::string_view path) {
  return KindOfPath(path) != InputKind::kText || ExtensionOf(path) == "txt";
}

RawArticle ArticleFromJson(std::string_view text, std::string_view path,
                           size_t line) {
  RawArticle article;
  const std::string where =
      line == 0 ? std::string(path)
                : std::string(path) + ":" + std::to_string(line);
  article.id = where;
  article.source = where;
  const json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) {
    article.error = JsonSyntaxError(text, path, line);
    return article;
  }
  if (!object.is_object()) {
    article.error = ArticleError(
        ErrorCode::kInvalidInput, where,
        std::string("expected a JSON object with \"text\" or \"html\", got ") +
            object.type_name());
    return article;
  }

  // Numeric ids are common in exported data and unambiguous, so they are
  // accepted too.
  if (auto it = object.find("id"); it != object.end() && !it->is_null()) {
    if (it->is_string()) {
      article.id = it->get<std::string>();
    } else if (it->is_number_integer()) {
      article.id = it->dump();
    } else {
      article.error = ArticleError(ErrorCode::kInvalidInput, where,
                                   "field \"id\" must be a string");
      return article;
    }
  }
  // A null value counts as absent.
  auto read = [&](const char* key, std::string* value, bool* present) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return true;
    if (!it->is_string()) {
      article.error =
          ArticleError(ErrorCode::kInvalidInput, where,
                       "field \"" + std::string(key) + "\" must be a string");
      return false;
    }
    *value = it->get<std::string>();
    if (present != nullptr) *present = true;
    return true;
  };
  bool has_text = false;
  bool has_html = false;
  if (!read("text", &article.text, &has_text) ||
      !read("html", &article.html, &has_html) ||
      !read("url", &article.url, nullptr) ||
      !read("title", &article.title, nullptr) ||
      !read("lang", &article.lang, nullptr) ||
      !read("published", &article.published, nullptr)) {
    article.text.clear();
    article.html.clear();
    return article;
  }
  if (!has_text && !has_html) {
    article.error = ArticleError(ErrorCode::kInvalidInput, where,
                                 "needs a \"text\" or \"html\" field");
    return article;
  }
  if (has_text && has_html) {
    article.warnings.push_back(
        Error{ErrorCode::kInvalidInput, where,
              "both \"text\" and \"html\" given; using \"text\""});
    article.html.clear();
  }
  if (has_text) {
    if (IsBlankText(article.text)) {
      article.text.clear();
      article.error =
          ArticleError(ErrorCode::kInvalidInput, where, "empty article");
    }
    return article;
  }
  article.is_html = true;
  return article;
}

// A JSON Lines input being read line by line through a fixed buffer, so that
// an overlong line is measured and skipped without being held.
class ArticleReader::LineStream {
 public:
  LineStream(std::FILE* file, bool owned, std::string name)
      : file_(file), owned_(owned), name_(std::move(name)) {}
  LineStream(const LineStream&) = delete;
  LineStream& operator=(const LineStream&) = delete;
  ~LineStream() {
    if (owned_) std::fclose(file_);
  }

  const std::string& name() const { return name_; }
  size_t line_number() const { return line_number_; }
  bool failed() const { return failed_; }

  // Reads the next line (without its "\n" or "\r\n") into *line. A line of
  // more than `max` bytes is not stored: *length gets its size and *line is
  // left empty. Returns false at the end of the input or on a read error.
  bool ReadLine(size_t max, std::string* line, size_t* length) {
    line->clear();
    size_t total = 0;
    bool any = false;
    while (true) {
      if (pos_ == end_) {
        if (eof_) break;
        // read(2), not fread: it returns what a pipe has, so that a slow
        // producer's lines are analyzed as they come (see WouldBlock).
        ssize_t got;
        do {
          got = ::read(::fileno(file_), buffer_.data(), buffer_.size());
        } while (got < 0 && errno == EINTR);
        pos_ = 0;
        end_ = got > 0 ? static_cast<size_t>(got) : 0;
        if (got <= 0) {
          eof_ = true;
          failed_ = got < 0;
          break;
        }
      }
      any = true;
      const char* start = buffer_.data() + pos_;
      const void* newline = std::memchr(start, '\n', end_ - pos_);
      const size_t n = newline == nullptr
                           ? end_ - pos_
                           : static_cast<const char*>(newline) - start;
      if (total + n <= max) {
        line->append(start, n);
      } else if (!line->empty()) {
        std::string().swap(*line);  // free it now, not at the line's end
      }
      total += n;
      pos_ += n;
      if (newline != nullptr) {
        ++pos_;
        break;
      }
    }
    if (!any) return false;
    ++line_number_;
    if (total <= max && !line->empty() && line->back() == '\r') {
      line->pop_back();
    }
    *length = total;
    return true;
  }

  // Whether ReadLine would wait for input: no line with content is
  // buffered and none is ready on the file within `wait_ms`.
  bool WouldBlock(int wait_ms) const {
    if (eof_) return false;
    size_t at = pos_;
    while (at < end_) {
      const char* start = buffer_.data() + at;
      const void* newline = std::memchr(start, '\n', end_ - at);
      if (newline == nullptr) break;
      const auto n =
          static_cast<size_t>(static_cast<const char*>(newline) - start);
      if (!IsBlankLine(std::string_view(start, n))) return false;
      at += n + 1;
    }
    pollfd ready{::fileno(file_), POLLIN, 0};
    int n;
    do {
      n = ::poll(&ready, 1, wait_ms);
    } while (n < 0 && errno == EINTR);
    return n == 0;
  }

 private:
  std::FILE* file_;
  bool owned_;  // stdin is not ours to close
  std::string name_;
  std::vector<char> buffer_ = std::vector<char>(kReadChunk);
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  size_t line_number_ = 0;
};

Result<ArticleReader> ArticleReader::Open(std::vector<std::string> inputs,
                                          ReaderOptions options) {
  std::vector<Input> list;
  for (std::string& input : inputs) {
    if (input == "-") {
      list.push_back({std::move(input), InputKind::kJsonLines});
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (status.type() == fs::file_type::not_found) {
      return MakeError(ErrorCode::kIo, input, "no such file or folder");
    }
    if (ec) return MakeError(ErrorCode::kIo, input, ec.message());
    if (fs::is_regular_file(status)) {
      const InputKind kind = KindOfPath(input);
      list.push_back({std::move(input), kind});
      continue;
    }
    if (!fs::is_directory(status)) {
      return MakeError(ErrorCode::kIo, input, "not a file or folder");
    }

    // Sorted by path, element by element, for a stable order on every
    // machine; hidden files and folders (.git, editor backups) are skipped.
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(input, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      const std::string name = entry.path().filename().string();
      std::error_code type_ec;
      if (!name.empty() && name[0] == '.') {
        if (entry.is_directory(type_ec)) it.disable_recursion_pending();
        continue;
      }
      if (entry.is_regular_file(type_ec) && IsArticlePath(name)) {
        files.push_back(entry.path().lexically_relative(input));
      }
    }
    if (ec) {
      return MakeError(ErrorCode::kIo, input,
                       "cannot list folder: " + ec.message());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::string path = (fs::path(input) / file).generic_string();
      const InputKind kind = KindOfPath(path);
      list.push_back({std::move(path), kind});
    }
  }
  return ArticleReader(std::move(list), options);
}

ArticleReader::ArticleReader(std::vector<Input> inputs, ReaderOptions options)
    : inputs_(std::move(inputs)), options_(options) {}
ArticleReader::ArticleReader(ArticleReader&&) noexcept = default;
ArticleReader& ArticleReader::operator=(ArticleReader&&) noexcept = default;
ArticleReader::~ArticleReader() = default;

bool ArticleReader::Next(RawArticle* out) {
  *out = RawArticle{};
  while (true) {
    if (stream_ != nullptr) {
      if (NextLine(out)) return true;
      stream_.reset();
    }
    if (next_input_ >= inputs_.size()) return false;
    const Input& input = inputs_[next_input_++];
    if (input.kind != InputKind::kJsonLines) {
      ReadFile(input, out);
      return true;
    }
    if (input.path == "-") {
      stream_ = std::make_unique<LineStream>(stdin, false, "-");
      continue;
    }
    std::FILE* file = std::fopen(input.path.c_str(), "rb");
    if (file == nullptr) {
      out->id = input.path;
      out->source = input.path;
      out->error =
          ArticleError(ErrorCode::kIo, input.path,
                       std::string("cannot open: ") + std::strerror(errno));
      return true;
    }
    stream_ = std::make_unique<LineStream>(file, true, input.path);
  }
}

bool ArticleReader::WouldBlock(std::chrono::milliseconds wait) const {
  return stream_ != nullptr &&
         stream_->WouldBlock(static_cast<int>(
             std::min<int64_t>(wait.count(), std::numeric_limits<int>::max())));
}

bool ArticleReader::NextLine(RawArticle* out) {
  std::string line;
  size_t length = 0;
  while (stream_->ReadLine(options_.max_article_bytes, &line, &length)) {
    const std::string where =
        stream_->name() + ":" + std::to_string(stream_->line_number());
    if (length > options_.max_article_bytes) {
      out->id = where;
      out->source = where;
      out->error = ArticleError(ErrorCode::kUnsupported, where,
                                "line is " + std::to_string(length) +
                                    " bytes, more than the limit of " +
                                    std::to_string(options_.max_article_bytes));
      return true;
    }
    std::string_view text = line;
    if (stream_->line_number() == 1 && text.starts_with("\xEF\xBB\xBF")) {
      text.remove_prefix(3);
    }
    if (IsBlankLine(text)) continue;
    *out = ArticleFromJson(text, stream_->name(), stream_->line_number());
    return true;
  }
  if (stream_->failed()) {
    const std::string where =
        stream_->name() + ":" + std::to_string(stream_->line_number() + 1);
    out->id = where;
    out->source = where;
    out->error = ArticleError(ErrorCode::kIo, where, "read error");
    stream_.reset();
    return true;
  }
  return false;
}

void ArticleReader::ReadFile(const Input& input, RawArticle* out) const {
  out->id = input.path;
  out->source = input.path;
  const size_t max = options_.max_article_bytes;
  std::error_code ec;
  const uintmax_t size = fs::file_size(input.path, ec);
  if (ec) {
    out->error = ArticleError(ErrorCode::kIo, input.path,
                              "cannot read: " + ec.message());
    return;
  }
  if (size > max) {
    out->error = ArticleError(ErrorCode::kUnsupported, input.path,
                              "file is " + std::to_string(size) +
                                  " bytes, more than the limit of " +
                                  std::to_string(max));
    return;
  }
  std::FILE* file = std::fopen(input.path.c_str(), "rb");
  if (file == nullptr) {
    out->error =
        ArticleError(ErrorCode::kIo, input.path,
                     std::string("cannot open: ") + std::strerror(errno));
    return;
  }
  // The file may have grown since it was measured: read at most max + 1.
  std::string bytes(static_cast<size_t>(size), '\0');
  size_t used = std::fread(bytes.data(), 1, bytes.size(), file);
  char probe[kReadChunk];
  while (used == bytes.size() && bytes.size() <= max) {
    const size_t n = std::fread(probe, 1, sizeof probe, file);
    if (n == 0) break;
    bytes.append(probe, n);
    used += n;
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  bytes.resize(used);
  if (failed) {
    out->error = ArticleError(ErrorCode::kIo, input.path, "read error");
    return;
  }
  if (bytes.size() > max) {
    out->error = ArticleError(
        ErrorCode::kUnsupported, input.path,
        "file is more than the limit of " + std::to_string(max) + " bytes");
    return;
  }

  switch (input.kind) {
    case InputKind::kText: {
      Result<std::string> text = DecodeText(bytes, input.path, &out->warnings);
      if (text) {
        out->text = std::move(*text);
      } else {
        out->error = std::move(text.error());
      }
      return;
    }
    case InputKind::kHtml:
      out->html = std::move(bytes);
      out->is_html = true;
      return;
    case InputKind::kJson:
      *out = ArticleFromJson(bytes, input.path, 0);
      return;
    case InputKind::kJsonLines:
      return;  // read by NextLine
  }
}

}  // namespace newsline
