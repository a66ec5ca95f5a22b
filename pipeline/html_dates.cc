#include "pipeline/html_dates.h"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "core/date.h"

namespace newsline {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Reads `n` digits at s[pos]; -1 if they are not all digits.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Years outside this range are page numbers, prices or typos.
bool PlausibleYear(int y) { return y >= 1990 && y <= 2100; }

std::string Format(int y, int m, int d) {
  if (!PlausibleYear(y) || !IsValidDate(y, m, d)) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
  return buffer;
}

// Month names, lower case, as people write them in dates: full names and
// abbreviations (with their final dot removed) from ICU's DateFormatSymbols
// for each language the extractor reads, both the formatting and the
// stand-alone forms, each also without its accents ("fevrier", "marz"),
// plus the spellings ICU does not list.
const std::unordered_map<std::string, int>& MonthNames() {
  static const auto* names = [] {
    auto* out = new std::unordered_map<std::string, int>;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) nfd = nullptr;
    auto add = [&](const icu::UnicodeString& name, int month) {
      std::string utf8;
      name.toUTF8String(utf8);
      if (utf8.size() >= 3) out->emplace(std::move(utf8), month);
      if (nfd == nullptr) return;
      UErrorCode error = U_ZERO_ERROR;
      const icu::UnicodeString decomposed = nfd->normalize(name, error);
      if (U_FAILURE(error)) return;
      icu::UnicodeString folded;
      for (int32_t i = 0; i < decomposed.length(); ++i) {
        const char16_t c = decomposed.charAt(i);
        if (c < 0x0300 || c > 0x036F) folded.append(c);
      }
      if (folded != name) {
        std::string plain;
        folded.toUTF8String(plain);
        if (plain.size() >= 3) out->emplace(std::move(plain), month);
      }
    };
    // de_AT for "Jänner"; es_PE for "setiembre" (Peru, Uruguay).
    for (const char* tag :
         {"en", "fr", "de", "de_AT", "es", "es_PE", "it", "pt", "pt_PT"}) {
      const icu::Locale locale(tag);
      UErrorCode error = U_ZERO_ERROR;
      const icu::DateFormatSymbols symbols(locale, error);
      if (U_FAILURE(error)) continue;
      for (auto context : {icu::DateFormatSymbols::FORMAT,
                           icu::DateFormatSymbols::STANDALONE}) {
        for (auto width : {icu::DateFormatSymbols::WIDE,
                           icu::DateFormatSymbols::ABBREVIATED}) {
          int32_t count = 0;
          const icu::UnicodeString* months =
              symbols.getMonths(count, context, width);
          for (int32_t i = 0; months != nullptr && i < count && i < 12; ++i) {
            icu::UnicodeString name(months[i]);
            name.toLower(locale);
            name.trim();
            while (name.endsWith(u".")) name.truncate(name.length() - 1);
            add(name, i + 1);
          }
        }
      }
    }
    // Common spellings that no locale's symbols give.
    for (const auto& [name, month] :
         std::initializer_list<std::pair<const char*, int>>{{"maerz", 3},
                                                            {"f\u00e9v", 2},
                                                            {"fev", 2},
                                                            {"febr", 2},
                                                            {"sett", 9}}) {
      out->emplace(name, month);
    }
    return out;
  }();
  return *names;
}

int MonthNumber(std::string_view word) {
  // Month names are 3 to 10 bytes long ("décembre" is 9): most words are
  // rejected here, without a copy.
  if (word.size() < 3 || word.size() > 10) return 0;
  std::string lower;
  lower.reserve(word.size());
  for (char c : word) lower += LowerAscii(c);
  // Upper-case accented letters (FÉVRIER) are rare in date lines; the
  // common two are folded here.
  for (auto [from, to] :
       {std::pair<std::string_view, std::string_view>{"\xC3\x89", "\xC3\xA9"},
        {"\xC3\x84", "\xC3\xA4"}}) {
    size_t at = 0;
    while ((at = lower.find(from, at)) != std::string::npos) {
      lower.replace(at, from.size(), to);
    }
  }
  const auto& names = MonthNames();
  const auto it = names.find(lower);
  return it == names.end() ? 0 : it->second;
}

// The length of the no-break or thin space at s[i] ("5 juin\u00a02024"),
// 0 if there is none: pages put them between a date's parts.
size_t UnicodeSpaceLength(std::string_view s, size_t i) {
  const std::string_view rest = s.substr(i, 3);
  if (rest.starts_with("\xC2\xA0")) return 2;  // U+00A0
  if (rest == "\xE2\x80\xAF" || rest == "\xE2\x80\x89")
    return 3;  // U+202F, U+2009
  return 0;
}

struct Token {
  enum Kind { kNumber, kWord, kPunct } kind;
  std::string_view text;
  int value = 0;      // numbers
  size_t digits = 0;  // numbers
};

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size() && tokens.size() < 4096) {
    const char c = s[i];
    if (IsDigit(c)) {
      const size_t start = i;
      int v = 0;
      while (i < s.size() && IsDigit(s[i])) {
        if (i - start < 9) v = v * 10 + (s[i] - '0');
        ++i;
      }
      tokens.push_back(
          {Token::kNumber, s.substr(start, i - start), v, i - start});
    } else if (IsLetter(c) && UnicodeSpaceLength(s, i) == 0) {
      const size_t start = i;
      while (i < s.size() && IsLetter(s[i]) && UnicodeSpaceLength(s, i) == 0) {
        ++i;
      }
      tokens.push_back({Token::kWord, s.substr(start, i - start)});
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (const size_t n = UnicodeSpaceLength(s, i)) {
      i += n;
    } else {
      tokens.push_back({Token::kPunct, s.substr(i, 1)});
      ++i;
    }
  }
  return tokens;
}

bool IsFiller(const Token& t) {
  if (t.kind == Token::kPunct) {
    return t.text == "," || t.text == "." || t.text == "-";
  }
  if (t.kind != Token::kWord) return false;
  for (std::string_view w : {"de", "del", "of", "the", "st", "nd", "rd", "th",
                             "er", "o", "º", "°"}) {
    if (t.text.size() == w.size()) {
      bool same = true;
      for (size_t i = 0; i < w.size(); ++i) {
        same = same && LowerAscii(t.text[i]) == w[i];
      }
      if (same) return true;
    }
  }
  return false;
}

bool IsDay(const Token& t) {
  return t.kind == Token::kNumber && t.digits <= 2 && t.value >= 1 &&
         t.value <= 31;
}

bool IsYear(const Token& t) {
  return t.kind == Token::kNumber && t.digits == 4 && PlausibleYear(t.value);
}

// Skips filler tokens ("de", ",", ".", "th") from i; returns the next index.
size_t SkipFiller(const std::vector<Token>& tokens, size_t i, size_t max) {
  size_t skipped = 0;
  while (i < tokens.size() && skipped < max && IsFiller(tokens[i])) {
    ++i;
    ++skipped;
  }
  return i;
}

std::string NumericDate(const std::vector<Token>& t, size_t i) {
  if (i + 4 >= t.size()) return "";
  const Token& a = t[i];
  const Token& s1 = t[i + 1];
  const Token& b = t[i + 2];
  const Token& s2 = t[i + 3];
  const Token& c = t[i + 4];
  if (a.kind != Token::kNumber || b.kind != Token::kNumber ||
      c.kind != Token::kNumber || s1.kind != Token::kPunct ||
      s2.kind != Token::kPunct || s1.text != s2.text) {
    return "";
  }
  if (s1.text != "." && s1.text != "/" && s1.text != "-") return "";
  // The separators must touch the numbers: "5. 6. 2024" is a list.
  if (s1.text.data() != a.text.data() + a.text.size() ||
      b.text.data() != s1.text.data() + 1 ||
      s2.text.data() != b.text.data() + b.text.size() ||
      c.text.data() != s2.text.data() + 1) {
    return "";
  }
  if (IsYear(a) && b.digits <= 2 && c.digits <= 2) {
    return Format(a.value, b.value, c.value);
  }
  if (a.digits > 2 || b.digits > 2) return "";
  if (c.digits == 2 && s1.text == ".") {
    // "31.10.23": the German short form; two-digit years are this century.
    return Format(2000 + c.value, b.value, a.value);
  }
  if (!IsYear(c)) return "";
  // Day first, unless that cannot be (6/25/2024).
  if (b.value > 12 && a.value <= 12) return Format(c.value, a.value, b.value);
  return Format(c.value, b.value, a.value);
}

// RFC 822 / 1123 as feeds and some JSON-LD write it: "Wed, 04 May 2022
// 00:25:56 GMT", "4 May 2022 08:30 +0200". Returns "" for anything else.
// The time matters: near midnight, its zone decides the day (see
// PickPublished).
std::string Rfc822(std::string_view value) {
  std::string_view s = value;
  // An optional weekday name and comma.
  if (const size_t comma = s.find(',');
      comma != std::string_view::npos && comma <= 10 && s.size() > comma + 1) {
    for (size_t i = 0; i < comma; ++i) {
      if (!IsLetter(s[i])) return "";
    }
    s.remove_prefix(comma + 1);
  }
  const std::vector<Token> t = Tokenize(s);
  // day month year hh : mm [: ss] zone
  if (t.size() < 6 || !IsDay(t[0]) || t[1].kind != Token::kWord ||
      !IsYear(t[2]) || t[3].kind != Token::kNumber || t[3].digits != 2 ||
      t[4].text != ":" || t[5].kind != Token::kNumber || t[5].digits != 2) {
    return "";
  }
  const int month = MonthNumber(t[1].text);
  const std::string date = Format(t[2].value, month, t[0].value);
  if (month == 0 || date.empty() || t[3].value > 23 || t[5].value > 59) {
    return "";
  }
  size_t i = 6;
  int second = 0;
  if (i + 1 < t.size() && t[i].text == ":" && t[i + 1].kind == Token::kNumber &&
      t[i + 1].digits == 2 && t[i + 1].value <= 60) {
    second = t[i + 1].value;
    i += 2;
  }
  std::string zone;
  if (i < t.size() && t[i].kind == Token::kWord &&
      (t[i].text == "GMT" || t[i].text == "UT" || t[i].text == "UTC" ||
       t[i].text == "Z")) {
    zone = "+00:00";
  } else if (i + 1 < t.size() && (t[i].text == "+" || t[i].text == "-") &&
             t[i + 1].kind == Token::kNumber && t[i + 1].digits == 4 &&
             t[i + 1].value / 100 <= 14 && t[i + 1].value % 100 < 60) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", t[i].text[0],
                  t[i + 1].value / 100, t[i + 1].value % 100);
    zone = buffer;
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d", date.c_str(),
                t[3].value, t[5].value, second);
  return buffer + zone;
}

}  // namespace

std::string FindVisibleDate(std::string_view text) {
  const std::vector<Token> t = Tokenize(text);
  for (size_t i = 0; i < t.size(); ++i) {
    if (std::string date = NumericDate(t, i); !date.empty()) return date;
    // Day, month name, year: "5 juin 2024", "5. Juni 2024", "5 de junio de
    // 2024", "1er mai 2024".
    if (IsDay(t[i])) {
      size_t j = SkipFiller(t, i + 1, 2);
      if (j < t.size() && t[j].kind == Token::kWord) {
        if (const int month = MonthNumber(t[j].text)) {
          size_t k = SkipFiller(t, j + 1, 2);
          if (k < t.size() && IsYear(t[k])) {
            if (std::string date = Format(t[k].value, month, t[i].value);
                !date.empty()) {
              return date;
            }
          }
        }
      }
    }
    // Month name, day, year: "June 5, 2024", "Jun. 5th 2024".
    if (t[i].kind == Token::kWord) {
      if (const int month = MonthNumber(t[i].text)) {
        size_t j = SkipFiller(t, i + 1, 1);
        if (j < t.size() && IsDay(t[j])) {
          size_t k = SkipFiller(t, j + 1, 2);
          if (k < t.size() && IsYear(t[k])) {
            if (std::string date = Format(t[k].value, month, t[j].value);
                !date.empty()) {
              return date;
            }
          }
        }
      }
    }
  }
  return "";
}

std::string NormalizeDate(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                            value.front() == '\n' || value.front() == '\r')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' ||
                            value.back() == '\n' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  if (value.size() > 200) return "";
  std::string date;
  size_t pos = 0;
  if (Digits(value, 0, 4) >= 0 && value.size() >= 8 && value[4] == '-') {
    // "2024-06-05", and the unpadded "2024-6-5" some CMSs write.
    int month = 0, day = 0;
    size_t i = 5;
    const size_t month_start = i;
    while (i < value.size() && IsDigit(value[i]) && i - month_start < 3) {
      month = month * 10 + (value[i++] - '0');
    }
    if (i == month_start || i - month_start > 2 || i >= value.size() ||
        value[i] != '-') {
      return "";
    }
    const size_t day_start = ++i;
    while (i < value.size() && IsDigit(value[i]) && i - day_start < 3) {
      day = day * 10 + (value[i++] - '0');
    }
    if (i == day_start || i - day_start > 2) return "";
    date = Format(Digits(value, 0, 4), month, day);
    pos = i;
  } else if (Digits(value, 0, 8) >= 0 &&
             (value.size() == 8 || !IsDigit(value[8]))) {
    date =
        Format(Digits(value, 0, 4), Digits(value, 4, 2), Digits(value, 6, 2));
    pos = 8;
  } else if (std::string rfc = Rfc822(value); !rfc.empty()) {
    return rfc;
  } else {
    // People's forms; the time of day is not worth the risk.
    return FindVisibleDate(value);
  }
  if (date.empty()) return "";
  if (pos >= value.size() ||
      (value[pos] != 'T' && value[pos] != 't' && value[pos] != ' ')) {
    return date;
  }
  ++pos;
  const int hour = Digits(value, pos, 2);
  if (hour < 0 || hour > 23 || pos + 2 >= value.size() ||
      value[pos + 2] != ':') {
    return date;
  }
  const int minute = Digits(value, pos + 3, 2);
  if (minute < 0 || minute > 59) return date;
  pos += 5;
  int second = 0;
  if (pos < value.size() && value[pos] == ':') {
    second = Digits(value, pos + 1, 2);
    if (second < 0 || second > 60) return date;
    pos += 3;
  }
  if (pos < value.size() && (value[pos] == '.' || value[pos] == ',')) {
    ++pos;
    while (pos < value.size() && IsDigit(value[pos])) ++pos;
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d", date.c_str(), hour,
                minute, second);
  std::string out = buffer;
  while (pos < value.size() && value[pos] == ' ') ++pos;
  if (pos < value.size() && (value[pos] == 'Z' || value[pos] == 'z')) {
    return out + "+00:00";
  }
  if (pos < value.size() && (value[pos] == '+' || value[pos] == '-')) {
    const char sign = value[pos];
    const int hh = Digits(value, pos + 1, 2);
    int mm = 0;
    if (hh < 0 || hh > 14) return out;
    if (pos + 3 < value.size() && value[pos + 3] == ':') {
      mm = Digits(value, pos + 4, 2);
    } else if (pos + 3 < value.size()) {
      mm = Digits(value, pos + 3, 2);
    }
    if (mm < 0 || mm > 59) return out;
    std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", sign, hh, mm);
    out += buffer;
  }
  return out;
}

std::string DateFromUrl(std::string_view url) {
  // Only the path: hosts and queries hold numbers of other kinds.
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return "";
  std::string_view path = url.substr(start);
  path = path.substr(0, path.find_first_of("?#"));
  for (size_t i = 0; i + 5 <= path.size(); ++i) {
    if (path[i] != '/' || Digits(path, i + 1, 4) < 0) continue;
    if (i + 5 < path.size() && IsDigit(path[i + 5])) {
      // /20240605/ or /20240605-slug
      if (Digits(path, i + 1, 8) >= 0 &&
          (i + 9 == path.size() || !IsDigit(path[i + 9]))) {
        if (std::string d =
                Format(Digits(path, i + 1, 4), Digits(path, i + 5, 2),
                       Digits(path, i + 7, 2));
            !d.empty()) {
          return d;
        }
      }
      continue;
    }
    const int year = Digits(path, i + 1, 4);
    if (!PlausibleYear(year) || i + 5 >= path.size()) continue;
    const char sep = path[i + 5];
    if (sep != '/' && sep != '-' && sep != '_') continue;
    size_t j = i + 6;
    size_t n = 0;
    int month = 0;
    while (j < path.size() && IsDigit(path[j]) && n < 3) {
      month = month * 10 + (path[j] - '0');
      ++j;
      ++n;
    }
    if (n == 0 || n > 2 || j >= path.size() || path[j] != sep) continue;
    size_t k = j + 1;
    int day = 0;
    n = 0;
    while (k < path.size() && IsDigit(path[k]) && n < 3) {
      day = day * 10 + (path[k] - '0');
      ++k;
      ++n;
    }
    if (n == 0 || n > 2) continue;
    if (k < path.size() && path[k] != '/' && path[k] != '-' && path[k] != '_' &&
        path[k] != '.') {
      continue;
    }
    if (std::string d = Format(year, month, day); !d.empty()) return d;
  }
  return "";
}

}  // namespace newsline
