#include "crawl/fetched_article.h"

#include <utility>

#include "fetch/url.h"
#include "pipeline/decode.h"

namespace newsline {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// A body without a Content-Type is taken for HTML when it starts like
// markup, as browsers sniff it.
bool LooksLikeHtml(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  size_t i = 0;
  while (i < body.size() && i < 1024 &&
         (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' ||
          body[i] == '\t')) {
    ++i;
  }
  return i < body.size() && body[i] == '<';
}

}  // namespace

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::string CharsetParameter(std::string_view content_type) {
  const std::string lower = Lower(content_type);
  size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    size_t i = pos + 7;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    if (i < lower.size() && lower[i] == '=') {
      std::string_view value =
          Trim(content_type.substr(i + 1, content_type.find(';', i) - i - 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    pos = i;
  }
  return "";
}

FetchedArticle ArticleFromFetch(FetchResult result) {
  FetchedArticle out;
  RawArticle& raw = out.raw;
  raw.id = result.url;
  raw.source = result.url;
  raw.url = result.url;
  if (!result.final_url.empty()) {
    auto final_url = NormalizeUrl(result.final_url);
    raw.url = final_url ? *final_url : result.final_url;
  }
  raw.content_type = result.content_type;
  auto fail = [&](FetchOutcome outcome, ErrorCode code, std::string message) {
    out.outcome = outcome;
    raw.error = Error{code, result.url, std::move(message)};
    return std::move(out);
  };

  if (result.error) {
    // The Fetcher reports robots.txt refusals, and only them, as
    // kUnsupported (fetch/fetcher.h).
    const bool robots = result.error->code == ErrorCode::kUnsupported;
    out.outcome = robots ? FetchOutcome::kDisallowed : FetchOutcome::kFailed;
    raw.error = std::move(*result.error);
    if (raw.error->where.empty()) raw.error->where = result.url;
    return out;
  }
  if (result.status == 304) {
    return fail(FetchOutcome::kNotModified, ErrorCode::kInvalidInput,
                "not modified (HTTP 304)");
  }
  if (result.status == 404 || result.status == 410) {
    return fail(FetchOutcome::kGone, ErrorCode::kIo,
                "HTTP " + std::to_string(result.status) + ": page not found");
  }
  if (result.status < 200 || result.status > 299) {
    return fail(FetchOutcome::kFailed, ErrorCode::kIo,
                "HTTP " + std::to_string(result.status));
  }
  if (result.body.empty()) {
    return fail(FetchOutcome::kNotArticle, ErrorCode::kInvalidInput,
                "empty response body");
  }

  const std::string type = MediaType(result.content_type);
  if (type == "text/html" || type == "application/xhtml+xml" ||
      (type.empty() && LooksLikeHtml(result.body))) {
    out.outcome = FetchOutcome::kArticle;
    raw.is_html = true;
    raw.html = std::move(result.body);
    return out;
  }
  if (type == "text/plain") {
    const std::string charset = CharsetParameter(result.content_type);
    const std::string lower = Lower(charset);
    Result<std::string> text =
        charset.empty() || lower == "utf-8" || lower == "utf8" ||
                lower == "us-ascii"
            ? DecodeText(result.body, result.url, &raw.warnings)
            : ConvertCharset(result.body, charset, result.url);
    if (!text) {
      return fail(FetchOutcome::kNotArticle, text.error().code,
                  text.error().message);
    }
    out.outcome = FetchOutcome::kArticle;
    raw.text = std::move(*text);
    return out;
  }
  return fail(FetchOutcome::kNotArticle, ErrorCode::kUnsupported,
              "not an article: content type \"" +
                  (type.empty() ? std::string("(none)") : type) +
                  "\" is neither HTML nor plain text");
}

Result<std::vector<RawArticle>> FetchArticles(
    const std::vector<std::string>& urls, const FetchOptions& options) {
  auto fetcher = Fetcher::Create(options, nullptr);
  if (!fetcher) return std::unexpected(fetcher.error());
  for (size_t i = 0; i < urls.size(); ++i) {
    FetchRequest request;
    request.url = urls[i];
    request.tag = i;
    (*fetcher)->Add(std::move(request));
  }
  std::vector<RawArticle> articles(urls.size());
  (*fetcher)->Run([&](FetchResult result) {
    const size_t i = result.tag;
    if (i >= articles.size()) return;
    articles[i] = ArticleFromFetch(std::move(result)).raw;
  });
  for (size_t i = 0; i < urls.size(); ++i) {
    if (articles[i].id.empty()) {  // Run returned early: Stop was called
      articles[i].id = articles[i].source = articles[i].url = urls[i];
      articles[i].error =
          Error{ErrorCode::kIo, urls[i], "not fetched: interrupted"};
    }
  }
  return articles;
}

}  // namespace newsline
