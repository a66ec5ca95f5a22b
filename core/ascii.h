// ASCII-only case helpers for protocol text.
//
// HTTP header names, charset labels, robots.txt fields, URL schemes and HTML
// and XML names are case-insensitive over ASCII only, as their standards
// say; Unicode case folding (core/unicode.h) would be wrong for them and
// slower. Any module may use these.
#ifndef NEWSLINE_CORE_ASCII_H_
#define NEWSLINE_CORE_ASCII_H_

#include <string>
#include <string_view>

namespace newsline {

constexpr char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

constexpr bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// HTML's ASCII whitespace (WHATWG): space, tab, LF, CR, FF.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

constexpr std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Whether a whitespace-separated list of tokens (an HTML class, rel or
// itemprop value) holds `token`, ignoring ASCII case.
constexpr bool HasAsciiToken(std::string_view list, std::string_view token) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsAsciiSpace(list[i])) ++i;
    const size_t start = i;
    while (i < list.size() && !IsAsciiSpace(list[i])) ++i;
    if (i > start &&
        EqualsIgnoreAsciiCase(list.substr(start, i - start), token)) {
      return true;
    }
  }
  return false;
}

}  // namespace newsline

#endif  // NEWSLINE_CORE_ASCII_H_
