#include "crawl/config.h"

#include <cstdint>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/date.h"
#include "fetch/url.h"

namespace newsline {
namespace {

using nlohmann::json;

constexpr int64_t kMaxConfigBytes = 1 << 20;
constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

// Quotes a JSON value for a message, cut short: a wrong value may be a
// whole object.
std::string Quote(const json& value) {
  std::string text = value.dump();
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

// Collects the first error while the parser walks the document; later checks
// are skipped once one failed.
class Checker {
 public:
  explicit Checker(std::string_view where) : where_(where) {}

  bool ok() const { return !error_; }
  Error error() const { return *error_; }

  void Fail(const std::string& path, const std::string& message) {
    if (!error_) {
      error_ = Error{ErrorCode::kInvalidInput, where_, path + ": " + message};
    }
  }

  // Checks that `object` (at `path`) is an object whose keys are all in
  // `known`.
  bool Object(const json& object, const std::string& path,
              std::initializer_list<std::string_view> known) {
    if (!object.is_object()) {
      Fail(path, "expected an object, got " + Quote(object));
      return false;
    }
    for (const auto& [key, value] : object.items()) {
      bool found = false;
      for (std::string_view k : known) found = found || k == key;
      if (!found) {
        std::string list;
        for (std::string_view k : known) {
          list += (list.empty() ? "" : ", ") + std::string(k);
        }
        Fail(Join(path, key), "unknown key (expected one of: " + list + ")");
        return false;
      }
    }
    return true;
  }

  // Reads an integer in [min, max] into *out when `key` is present.
  template <typename T>
  void Integer(const json& object, const std::string& path,
               std::string_view key, int64_t min, int64_t max, T* out) {
    auto it = object.find(key);
    if (it == object.end()) return;
    const std::string at = Join(path, key);
    const std::string expected = min == 0   ? "a non-negative integer"
                                 : min == 1 ? "a positive integer"
                                            : "an integer";
    if (!it->is_number_integer()) {
      Fail(at, "expected " + expected + ", got " + Quote(*it));
      return;
    }
    // Values beyond int64 arrive as unsigned: treat them as too large.
    const bool huge =
        it->is_number_unsigned() &&
        it->get<uint64_t>() >
            static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    const int64_t value = huge ? kNoMax : it->get<int64_t>();
    if (value < min) {
      Fail(at, "expected " + expected + ", got " + Quote(*it));
    } else if (huge || value > max) {
      Fail(at,
           "must be at most " + std::to_string(max) + ", got " + Quote(*it));
    } else {
      *out = static_cast<T>(value);
    }
  }

  void Boolean(const json& object, const std::string& path,
               std::string_view key, bool* out) {
    auto it = object.find(key);
    if (it == object.end()) return;
    if (!it->is_boolean()) {
      Fail(Join(path, key), "expected true or false, got " + Quote(*it));
      return;
    }
    *out = it->get<bool>();
  }

  // A non-empty string without control characters (it may end up in an
  // HTTP header).
  std::optional<std::string> String(const json& object, const std::string& path,
                                    std::string_view key) {
    auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    const std::string at = Join(path, key);
    if (!it->is_string()) {
      Fail(at, "expected a string, got " + Quote(*it));
      return std::nullopt;
    }
    std::string value = it->get<std::string>();
    if (value.empty()) {
      Fail(at, "must not be empty");
      return std::nullopt;
    }
    for (unsigned char c : value) {
      if (c < 0x20 || c == 0x7f) {
        Fail(at, "must not contain control characters");
        return std::nullopt;
      }
    }
    return value;
  }

  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

 private:
  std::string where_;
  std::optional<Error> error_;
};

// Finds the first key repeated within one object, from the parser's events.
// nlohmann keeps one value of a repeated key: a crawl.json that says two
// things in one place must not silently mean one of them. Each open object
// or array holds only its own keys or index, so deep nesting costs memory in
// proportion to the document; the path is built once, for the error.
class DuplicateKeyFinder {
 public:
  bool OnEvent(json::parse_event_t event, const json& parsed) {
    using Event = json::parse_event_t;
    switch (event) {
      case Event::object_start:
        frames_.push_back({.object = true});
        break;
      case Event::array_start:
        frames_.push_back({.object = false});
        break;
      case Event::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.is_string() ? parsed.get<std::string>() : "";
        if (!frame.keys.insert(frame.key).second && !duplicate_) {
          duplicate_ = Path();
        }
        break;
      }
      case Event::object_end:
      case Event::array_end:
        if (!frames_.empty()) frames_.pop_back();
        ElementDone();
        break;
      case Event::value:
        ElementDone();
        break;
    }
    return true;  // keep everything: the checks below need the document
  }

  // The JSON path of the first repeated key ("politeness.per_host_delay_ms",
  // "sources[1].feed"), if any.
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool object = false;
    std::string key{};  // objects: the current key
    int64_t index = 0;  // arrays: the current element
    std::unordered_set<std::string> keys{};
  };

  void ElementDone() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  std::string Path() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.object) {
        path = Checker::Join(path, frame.key);
      } else {
        path += "[" + std::to_string(frame.index) + "]";
      }
    }
    return path;
  }

  std::vector<Frame> frames_;
  std::optional<std::string> duplicate_;
};

void ParsePoliteness(const json& p, Checker& c, CrawlConfig* config) {
  const std::string path = "politeness";
  if (!c.Object(p, path,
                {"per_host_delay_ms", "per_host_connections", "max_connections",
                 "max_crawl_delay_ms", "obey_robots", "robots_ttl_seconds"})) {
    return;
  }
  FetchOptions& f = config->fetch;
  c.Integer(p, path, "per_host_delay_ms", 0, 3'600'000, &f.per_host_delay_ms);
  c.Integer(p, path, "per_host_connections", 1, 64, &f.per_host_connections);
  c.Integer(p, path, "max_connections", 1, 1024, &f.max_connections);
  c.Integer(p, path, "max_crawl_delay_ms", 0, 3'600'000, &f.max_crawl_delay_ms);
  c.Boolean(p, path, "obey_robots", &f.obey_robots);
  c.Integer(p, path, "robots_ttl_seconds", 0, 30 * 86'400,
            &f.robots_ttl_seconds);
  if (c.ok() && f.per_host_connections > f.max_connections) {
    c.Fail("politeness.per_host_connections",
           "must not exceed politeness.max_connections (" +
               std::to_string(f.max_connections) + ")");
  }
}

void ParseLimits(const json& l, Checker& c, CrawlConfig* config) {
  const std::string path = "limits";
  if (!c.Object(l, path,
                {"connect_timeout_ms", "total_timeout_ms", "max_body_bytes",
                 "max_redirects", "max_retries", "retry_base_ms",
                 "max_articles_per_pass", "sitemap_max_age_days",
                 "sitemap_max_depth"})) {
    return;
  }
  FetchOptions& f = config->fetch;
  c.Integer(l, path, "connect_timeout_ms", 1, 600'000, &f.connect_timeout_ms);
  c.Integer(l, path, "total_timeout_ms", 1, 3'600'000, &f.total_timeout_ms);
  c.Integer(l, path, "max_body_bytes", 1, int64_t{1} << 30, &f.max_body_bytes);
  c.Integer(l, path, "max_redirects", 0, 20, &f.max_redirects);
  c.Integer(l, path, "max_retries", 0, 10, &f.max_retries);
  c.Integer(l, path, "retry_base_ms", 0, 600'000, &f.retry_base_ms);
  c.Integer(l, path, "max_articles_per_pass", 0, 1'000'000'000,
            &config->max_articles_per_pass);
  c.Integer(l, path, "sitemap_max_age_days", 0, 36'500,
            &config->sitemap_max_age_days);
  c.Integer(l, path, "sitemap_max_depth", 1, 10, &config->sitemap_max_depth);
}

void ParseAnalysis(const json& a, Checker& c, CrawlConfig* config) {
  const std::string path = "analysis";
  if (!c.Object(a, path, {"lang", "reference_date"})) return;
  if (auto lang = c.String(a, path, "lang")) config->analysis.lang = *lang;
  if (auto date = c.String(a, path, "reference_date")) {
    auto parsed = ParseIsoDate(*date);
    if (!parsed || date->size() != 10) {
      c.Fail("analysis.reference_date",
             "expected a YYYY-MM-DD date, got \"" + *date + "\"");
    } else {
      config->analysis.reference_date = parsed;
    }
  }
}

void ParseSources(const json& sources, Checker& c, CrawlConfig* config) {
  if (!sources.is_array()) {
    c.Fail("sources", "expected an array of sources, got " + Quote(sources));
    return;
  }
  if (sources.empty()) {
    c.Fail("sources", "must list at least one source");
    return;
  }
  constexpr CrawlSource::Kind kKinds[] = {
      CrawlSource::Kind::kFeed, CrawlSource::Kind::kSitemap,
      CrawlSource::Kind::kUrl, CrawlSource::Kind::kSite};
  for (size_t i = 0; i < sources.size() && c.ok(); ++i) {
    const std::string path = "sources[" + std::to_string(i) + "]";
    const json& s = sources[i];
    if (!c.Object(s, path, {"feed", "sitemap", "url", "site"})) return;
    if (s.size() != 1) {
      c.Fail(path,
             "expected exactly one of \"feed\", \"sitemap\", \"url\", "
             "\"site\"");
      return;
    }
    for (CrawlSource::Kind kind : kKinds) {
      const std::string_view key = SourceKindName(kind);
      auto value = c.String(s, path, key);
      if (!value) continue;
      const std::string at = Checker::Join(path, key);
      auto url = NormalizeUrl(*value);
      if (!url) {
        c.Fail(at, "\"" + *value + "\" is not an http(s) URL (" +
                       url.error().message + ")");
        return;
      }
      for (size_t j = 0; j < config->sources.size(); ++j) {
        if (config->sources[j].kind == kind && config->sources[j].url == *url) {
          c.Fail(at, "\"" + *value + "\" is listed twice (also sources[" +
                         std::to_string(j) + "])");
          return;
        }
      }
      config->sources.push_back({.kind = kind, .url = std::move(*url)});
    }
  }
}

}  // namespace

std::string_view SourceKindName(CrawlSource::Kind kind) {
  switch (kind) {
    case CrawlSource::Kind::kFeed:
      return "feed";
    case CrawlSource::Kind::kSitemap:
      return "sitemap";
    case CrawlSource::Kind::kUrl:
      return "url";
    case CrawlSource::Kind::kSite:
      return "site";
  }
  return "feed";
}

Result<CrawlConfig> ParseCrawlConfig(std::string_view text,
                                     std::string_view where) {
  json doc;
  DuplicateKeyFinder duplicates;
  try {
    doc = json::parse(
        text.begin(), text.end(),
        [&duplicates](int, json::parse_event_t event, json& parsed) {
          return duplicates.OnEvent(event, parsed);
        });
  } catch (const json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 2, column 3: ..."
    std::string message = e.what();
    if (size_t end = message.find("] "); end != std::string::npos) {
      message = message.substr(end + 2);
    }
    return MakeError(ErrorCode::kInvalidInput, std::string(where),
                     "not valid JSON: " + message);
  }
  if (const auto& path = duplicates.duplicate()) {
    return MakeError(ErrorCode::kInvalidInput, std::string(where),
                     *path + ": duplicate key");
  }
  Checker c(where);
  CrawlConfig config;
  if (!c.Object(doc, "",
                {"user_agent", "ca_file", "sources", "politeness", "limits",
                 "analysis"})) {
    if (!doc.is_object()) {
      return MakeError(ErrorCode::kInvalidInput, std::string(where),
                       "expected a JSON object with \"sources\"");
    }
    return std::unexpected(c.error());
  }
  if (auto ua = c.String(doc, "", "user_agent")) config.fetch.user_agent = *ua;
  if (auto ca = c.String(doc, "", "ca_file")) config.fetch.ca_file = *ca;
  if (auto it = doc.find("sources"); it != doc.end()) {
    ParseSources(*it, c, &config);
  } else {
    c.Fail("sources",
           "missing: list the feeds, sitemaps, urls or sites to "
           "crawl");
  }
  if (auto it = doc.find("politeness"); it != doc.end() && c.ok()) {
    ParsePoliteness(*it, c, &config);
  }
  if (auto it = doc.find("limits"); it != doc.end() && c.ok()) {
    ParseLimits(*it, c, &config);
  }
  if (auto it = doc.find("analysis"); it != doc.end() && c.ok()) {
    ParseAnalysis(*it, c, &config);
  }
  if (!c.ok()) return std::unexpected(c.error());
  return config;
}

Result<int64_t> ParseDurationSeconds(std::string_view text) {
  auto bad = [&] {
    return MakeError(ErrorCode::kInvalidInput, "",
                     "\"" + std::string(text) +
                         "\" is not a duration like 30s, 15m, 1h or 1h30m");
  };
  constexpr int64_t kMax = 30 * 86'400;
  int64_t total = 0;
  size_t i = 0;
  if (text.empty()) return bad();
  while (i < text.size()) {
    int64_t n = 0;
    const size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = n * 10 + (text[i] - '0');
      if (n > kMax) return bad();
      ++i;
    }
    if (i == start || i == text.size()) return bad();
    switch (text[i++]) {
      case 's':
        break;
      case 'm':
        n *= 60;
        break;
      case 'h':
        n *= 3600;
        break;
      case 'd':
        n *= 86'400;
        break;
      default:
        return bad();
    }
    total += n;
    if (total > kMax) {
      return MakeError(ErrorCode::kInvalidInput, "",
                       "\"" + std::string(text) + "\" is longer than 30 days");
    }
  }
  if (total < 1) return bad();
  return total;
}

Result<CrawlConfig> LoadCrawlConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, path, "cannot open for reading");
  std::string text;
  char buffer[16 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(text.size()) > kMaxConfigBytes) {
      return MakeError(ErrorCode::kInvalidInput, path,
                       "larger than 1 MiB: not a crawl configuration");
    }
  }
  if (in.bad()) return MakeError(ErrorCode::kIo, path, "read error");
  return ParseCrawlConfig(text, path);
}

}  // namespace newsline
