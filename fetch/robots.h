// robots.txt rules for one crawler (RFC 9309).
//
// The Fetcher parses each origin's robots.txt once, for its own User-Agent,
// and asks IsAllowed before every request to that origin; the crawler may
// read the Sitemap lines to find article lists. Parsing is forgiving, as the
// RFC asks: lines that do not parse are skipped, only the first
// kMaxRobotsBytes count, and a file in any state gives some set of rules.
//
// Matching follows the RFC: the groups whose user-agent equals the crawler's
// product token (case-insensitive) apply, all of them merged; otherwise the
// `*` groups, merged. Among the rules that match a path, the longest pattern
// wins and allow wins a tie; `*` matches any run of characters and a final
// `$` anchors the end. Paths and patterns are compared after percent-encoding
// normalization (escapes of unreserved characters decoded, other escapes in
// upper case, non-ASCII bytes escaped). /robots.txt itself is always allowed.
//
// Thread-safe for const methods; RobotsRules is a plain value.
//
// Example:
//   RobotsRules rules = RobotsRules::FromResponse(status, body, user_agent);
//   if (!rules.IsAllowed(parts.path_and_query)) Skip();
#ifndef NEWSLINE_FETCH_ROBOTS_H_
#define NEWSLINE_FETCH_ROBOTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsline {

// RFC 9309 section 2.5: crawlers must parse at least 500 KiB; the rest of a
// larger file is ignored.
inline constexpr size_t kMaxRobotsBytes = 500 * 1024;

class RobotsRules {
 public:
  // Allows everything (what an empty robots.txt says).
  RobotsRules() = default;

  // The rules of `body` that apply to `user_agent`, a full User-Agent string
  // ("newsline/0.1 (+https://...)") whose product token ("newsline") is
  // matched against the file's user-agent lines.
  static RobotsRules Parse(std::string_view body, std::string_view user_agent);

  // The rules a robots.txt fetch gives (RFC 9309 section 2.3.1): 2xx parses
  // the body; 3xx (redirects that did not end at a file) and 4xx other than
  // 429 allow everything; 5xx, 429 and 0 (unreachable: network error,
  // timeout) disallow everything.
  static RobotsRules FromResponse(int status, std::string_view body,
                                  std::string_view user_agent);

  static RobotsRules DisallowAll();

  // Whether the crawler may fetch `path_and_query` ("/a/b?c=d", as
  // UrlParts::path_and_query gives it).
  bool IsAllowed(std::string_view path_and_query) const;

  // The Crawl-delay of the applying groups (the largest if several say),
  // in milliseconds. Not in the RFC, but many sites set it.
  std::optional<int64_t> crawl_delay_ms() const { return crawl_delay_ms_; }

  // Every Sitemap line's value, in file order, whichever group it is in.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

  // Number of allow and disallow rules that apply (for tests and logs).
  size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    std::string pattern;  // normalized; without a final `$`
    bool anchored = false;
    bool allow = false;
    size_t priority = 0;  // pattern length as written, `$` included
  };

  std::vector<Rule> rules_;
  bool disallow_all_ = false;
  std::optional<int64_t> crawl_delay_ms_;
  std::vector<std::string> sitemaps_;
};

// The product token of a User-Agent: its leading run of letters, '-' and
// '_' ("newsline/0.1 (+https://x)" gives "newsline").
std::string RobotsProductToken(std::string_view user_agent);

}  // namespace newsline

#endif  // NEWSLINE_FETCH_ROBOTS_H_
