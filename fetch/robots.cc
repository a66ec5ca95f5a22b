#include "fetch/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "core/ascii.h"

namespace newsline {
namespace {

// A Crawl-delay beyond a day is a typo or hostile; the Fetcher caps it far
// lower anyway, this only keeps the arithmetic finite.
constexpr double kMaxCrawlDelaySeconds = 86'400;

std::string_view Trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '_';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = LowerAscii(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

void AppendEscaped(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  *out += '%';
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}

// RFC 9309 section 2.2.2: one spelling for paths and patterns, so that
// "/%7Efoo", "/~foo" and "/%7efoo" compare equal while "/a%2Fb" stays
// distinct from "/a/b". A path's own '*' and '$' are escaped (2.2.3), so
// that a pattern matches them verbatim only as "%2A" and "%24"; a pattern's
// '*' stays the wildcard, and its '$' (the final one is already gone) is
// literal.
std::string NormalizePercent(std::string_view s, bool pattern) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
        HexValue(s[i + 2]) >= 0) {
      const auto decoded = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 +
                                                      HexValue(s[i + 2]));
      if (IsUnreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        AppendEscaped(decoded, &out);
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f || c == '$' ||
               (c == '*' && !pattern)) {
      AppendEscaped(c, &out);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Whether `path` starts with a match of `pattern` (`*` = any run), or, when
// `anchored`, matches it entirely. Greedy with backtracking to the last `*`,
// which is linear for the patterns sites write.
bool Matches(std::string_view path, std::string_view pattern, bool anchored) {
  size_t i = 0, j = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (true) {
    if (j == pattern.size() && (!anchored || i == path.size())) return true;
    if (j < pattern.size() && pattern[j] == '*') {
      star = j++;
      resume = i;
    } else if (i < path.size() && j < pattern.size() && pattern[j] == path[i]) {
      ++i;
      ++j;
    } else if (star != std::string_view::npos && resume < path.size()) {
      j = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kOther };

Key ParseKey(std::string_view key) {
  // Common misspellings are accepted, as the big crawlers do.
  static constexpr std::pair<std::string_view, Key> kKeys[] = {
      {"user-agent", Key::kUserAgent},   {"useragent", Key::kUserAgent},
      {"user agent", Key::kUserAgent},   {"allow", Key::kAllow},
      {"disallow", Key::kDisallow},      {"dissallow", Key::kDisallow},
      {"dissalow", Key::kDisallow},      {"disalow", Key::kDisallow},
      {"crawl-delay", Key::kCrawlDelay}, {"crawldelay", Key::kCrawlDelay},
      {"sitemap", Key::kSitemap},        {"site-map", Key::kSitemap},
  };
  for (const auto& [name, value] : kKeys) {
    if (EqualsIgnoreAsciiCase(key, name)) return value;
  }
  return Key::kOther;
}

std::optional<double> ParseSeconds(std::string_view value) {
  double seconds = 0;
  const auto [end, ec] =
      std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || !std::isfinite(seconds) || seconds < 0) {
    return std::nullopt;
  }
  return std::min(seconds, kMaxCrawlDelaySeconds);
}

}  // namespace

std::string RobotsProductToken(std::string_view user_agent) {
  user_agent = Trim(user_agent);
  size_t end = 0;
  while (end < user_agent.size() && IsTokenChar(user_agent[end])) ++end;
  return std::string(user_agent.substr(0, end));
}

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.disallow_all_ = true;
  return rules;
}

RobotsRules RobotsRules::FromResponse(int status, std::string_view body,
                                      std::string_view user_agent) {
  if (status >= 200 && status < 300) return Parse(body, user_agent);
  if (status <= 0 || status == 429 || status >= 500) return DisallowAll();
  return RobotsRules();
}

RobotsRules RobotsRules::Parse(std::string_view body,
                               std::string_view user_agent) {
  const std::string token = RobotsProductToken(user_agent);
  body = body.substr(0, kMaxRobotsBytes);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);

  // Rules of the groups naming us, and of the `*` groups; which set applies
  // is known only at the end.
  struct Collected {
    std::vector<Rule> rules;
    std::optional<int64_t> crawl_delay_ms;
    bool seen = false;
  };
  Collected specific, wildcard;
  bool group_is_specific = false, group_is_wildcard = false;
  bool in_agent_lines = false;  // the previous record was a user-agent line
  RobotsRules out;

  while (!body.empty()) {
    size_t eol = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, eol);
    if (eol == std::string_view::npos) {
      body = {};
    } else {
      body.remove_prefix(eol + 1);
    }
    line = line.substr(0, line.find('#'));
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const Key key = ParseKey(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));

    switch (key) {
      case Key::kUserAgent: {
        if (!in_agent_lines) {
          group_is_specific = group_is_wildcard = false;
        }
        in_agent_lines = true;
        if (value.starts_with('*')) {
          group_is_wildcard = true;
          wildcard.seen = true;
        } else {
          size_t end = 0;
          while (end < value.size() && IsTokenChar(value[end])) ++end;
          if (end > 0 && !token.empty() &&
              EqualsIgnoreAsciiCase(value.substr(0, end), token)) {
            group_is_specific = true;
            specific.seen = true;
          }
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_agent_lines = false;
        if (!group_is_specific && !group_is_wildcard) break;
        if (value.empty()) break;  // "Disallow:" alone allows everything
        Rule rule;
        rule.allow = key == Key::kAllow;
        rule.priority = value.size();
        std::string_view pattern = value;
        if (pattern.ends_with('$')) {
          rule.anchored = true;
          pattern.remove_suffix(1);
        }
        // Patterns should start with '/'; crawlers read "page" as "/page".
        rule.pattern = NormalizePercent(pattern, /*pattern=*/true);
        if (!pattern.starts_with('/') && !pattern.starts_with('*')) {
          rule.pattern.insert(rule.pattern.begin(), '/');
        }
        if (group_is_specific) specific.rules.push_back(rule);
        if (group_is_wildcard) wildcard.rules.push_back(std::move(rule));
        break;
      }
      case Key::kCrawlDelay: {
        in_agent_lines = false;
        const std::optional<double> seconds = ParseSeconds(value);
        if (!seconds) break;
        const auto ms = static_cast<int64_t>(std::llround(*seconds * 1000));
        for (Collected* c : {&specific, &wildcard}) {
          if ((c == &specific && group_is_specific) ||
              (c == &wildcard && group_is_wildcard)) {
            c->crawl_delay_ms = std::max(c->crawl_delay_ms.value_or(0), ms);
          }
        }
        break;
      }
      case Key::kSitemap:
        // Sitemap lines stand outside groups and do not end one.
        if (!value.empty()) out.sitemaps_.emplace_back(value);
        break;
      case Key::kOther:
        break;
    }
  }

  Collected& chosen = specific.seen ? specific : wildcard;
  out.rules_ = std::move(chosen.rules);
  out.crawl_delay_ms_ = chosen.crawl_delay_ms;
  return out;
}

bool RobotsRules::IsAllowed(std::string_view path_and_query) const {
  if (path_and_query.empty()) path_and_query = "/";
  if (path_and_query == "/robots.txt") return true;
  if (disallow_all_) return false;
  if (rules_.empty()) return true;
  const std::string path = NormalizePercent(path_and_query, /*pattern=*/false);
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (best != nullptr && (rule.priority < best->priority ||
                            (rule.priority == best->priority && !rule.allow))) {
      continue;  // cannot beat the current best
    }
    if (!Matches(path, rule.pattern, rule.anchored)) continue;
    best = &rule;
  }
  return best == nullptr || best->allow;
}

}  // namespace newsline
