#include "crawl/feeds_text.h"

#include <libxml/HTMLparser.h>

#include <array>
#include <cstdio>
#include <optional>

#include "core/ascii.h"
#include "core/date.h"
#include "core/unicode.h"

namespace newsline {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool Done() const { return i_ >= s_.size(); }
  char Peek() const { return Done() ? '\0' : s_[i_]; }
  void SkipSpaces() {
    while (!Done() && IsAsciiSpace(s_[i_])) ++i_;
  }
  bool Consume(char c) {
    if (Peek() != c || Done()) return false;
    ++i_;
    return true;
  }
  // Reads a run of min..max digits; fails (consuming nothing) on a longer or
  // shorter run.
  bool Digits(int min, int max, int* value, int* count = nullptr) {
    size_t j = i_;
    int v = 0;
    while (j < s_.size() && IsDigit(s_[j]) && static_cast<int>(j - i_) < max) {
      v = v * 10 + (s_[j] - '0');
      ++j;
    }
    const int n = static_cast<int>(j - i_);
    if (n < min || (j < s_.size() && IsDigit(s_[j]))) return false;
    i_ = j;
    *value = v;
    if (count != nullptr) *count = n;
    return true;
  }
  std::string_view Word() {
    const size_t start = i_;
    while (!Done() && IsAlpha(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  void SkipDigits() {
    while (!Done() && IsDigit(s_[i_])) ++i_;
  }
  // Skips a parenthesized comment: "(CEST)".
  void SkipComment() {
    if (!Consume('(')) return;
    while (!Done() && s_[i_] != ')') ++i_;
    Consume(')');
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

struct DateTime {
  int year = 0;
  int month = 0;
  int day = 0;
  bool has_time = false;
  int hour = 0;
  int minute = 0;
  int second = 0;
  bool has_zone = false;
  int offset_minutes = 0;
};

int MonthFromName(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (EqualsIgnoreAsciiCase(word, kMonths[m].substr(0, 3)) ||
        EqualsIgnoreAsciiCase(word, kMonths[m])) {
      return static_cast<int>(m) + 1;
    }
  }
  if (EqualsIgnoreAsciiCase(word, "sept")) return 9;
  return 0;
}

bool IsWeekdayName(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday",  "wednesday", "thursday",
      "friday", "saturday", "sunday"};
  if (word.size() < 3) return false;
  for (std::string_view day : kDays) {
    if (EqualsIgnoreAsciiCase(word, day.substr(0, 3)) ||
        EqualsIgnoreAsciiCase(word, day)) {
      return true;
    }
  }
  return EqualsIgnoreAsciiCase(word, "tues") ||
         EqualsIgnoreAsciiCase(word, "thur") ||
         EqualsIgnoreAsciiCase(word, "thurs");
}

// RFC 822's zones, then zones that feeds use although no RFC names them.
// Ambiguous abbreviations (IST, AST, "CST" as China) are left out: CST is
// read as RFC 822's US Central. Military one-letter zones are left out too:
// RFC 2822 says they were so often misused that they mean nothing.
bool NamedZoneOffset(std::string_view name, int* minutes) {
  struct Zone {
    std::string_view name;
    int minutes;
  };
  static constexpr Zone kZones[] = {
      {"UT", 0},         {"UTC", 0},        {"GMT", 0},
      {"Z", 0},          {"EST", -5 * 60},  {"EDT", -4 * 60},
      {"CST", -6 * 60},  {"CDT", -5 * 60},  {"MST", -7 * 60},
      {"MDT", -6 * 60},  {"PST", -8 * 60},  {"PDT", -7 * 60},
      {"AKST", -9 * 60}, {"AKDT", -8 * 60}, {"HST", -10 * 60},
      {"WET", 0},        {"WEST", 60},      {"BST", 60},
      {"CET", 60},       {"CEST", 2 * 60},  {"MET", 60},
      {"MEST", 2 * 60},  {"EET", 2 * 60},   {"EEST", 3 * 60},
      {"MSK", 3 * 60},   {"HKT", 8 * 60},   {"AWST", 8 * 60},
      {"JST", 9 * 60},   {"KST", 9 * 60},   {"ACST", 9 * 60 + 30},
      {"AEST", 10 * 60}, {"AEDT", 11 * 60}, {"NZST", 12 * 60},
      {"NZDT", 13 * 60},
  };
  for (const Zone& zone : kZones) {
    if (EqualsIgnoreAsciiCase(name, zone.name)) {
      *minutes = zone.minutes;
      return true;
    }
  }
  return false;
}

// "+0200", "-05:00", "+02": a numeric offset after its sign.
bool ReadNumericOffset(Cursor* c, int* minutes) {
  int sign = 0;
  if (c->Consume('+')) {
    sign = 1;
  } else if (c->Consume('-')) {
    sign = -1;
  } else {
    return false;
  }
  int hours = 0;
  int mins = 0;
  int count = 0;
  if (!c->Digits(2, 4, &hours, &count) || count == 3) return false;
  if (count == 4) {
    mins = hours % 100;
    hours /= 100;
  } else if (c->Consume(':')) {
    if (!c->Digits(2, 2, &mins)) return false;
  }
  if (hours > 23 || mins > 59) return false;
  *minutes = sign * (hours * 60 + mins);
  return true;
}

bool IsValid(const DateTime& t) {
  if (t.year < 1 || t.year > 9999 || !IsValidDate(t.year, t.month, t.day)) {
    return false;
  }
  return t.hour <= 23 && t.minute <= 59 && t.second <= 60;
}

std::string Format(const DateTime& t) {
  char buf[48];
  if (!t.has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year,
                t.month, t.day, t.hour, t.minute, t.second);
  std::string out = buf;
  if (!t.has_zone) return out;
  if (t.offset_minutes == 0) return out + "Z";
  const int abs = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d",
                t.offset_minutes < 0 ? '-' : '+', abs / 60, abs % 60);
  return out + buf;
}

// "[Tue, ]05 Jun 2024[ 10:00[:00]][ zone][ (comment)]".
std::optional<DateTime> ParseRfc822(std::string_view text) {
  Cursor c(text);
  DateTime t;
  std::string_view word = c.Word();
  if (!word.empty()) {
    if (!IsWeekdayName(word)) return std::nullopt;
    c.SkipSpaces();
    c.Consume(',');
    c.SkipSpaces();
  }
  if (!c.Digits(1, 2, &t.day)) return std::nullopt;
  const auto skip_separators = [&c] {
    c.SkipSpaces();
    if (c.Consume('-')) c.SkipSpaces();
  };
  skip_separators();
  t.month = MonthFromName(c.Word());
  if (t.month == 0) return std::nullopt;
  skip_separators();
  int digits = 0;
  if (!c.Digits(2, 4, &t.year, &digits)) return std::nullopt;
  if (digits == 2) {
    t.year += t.year < 50 ? 2000 : 1900;  // RFC 2822 section 4.3
  } else if (digits == 3) {
    t.year += 1900;
  }
  c.SkipSpaces();
  if (!c.Done()) {
    t.has_time = true;
    if (!c.Digits(1, 2, &t.hour) || !c.Consume(':') ||
        !c.Digits(2, 2, &t.minute)) {
      return std::nullopt;
    }
    if (c.Consume(':') && !c.Digits(2, 2, &t.second)) return std::nullopt;
    if (c.Consume('.')) c.SkipDigits();
    c.SkipSpaces();
    if (c.Peek() == '+' || c.Peek() == '-') {
      if (!ReadNumericOffset(&c, &t.offset_minutes)) return std::nullopt;
      t.has_zone = true;
    } else {
      const std::string_view zone = c.Word();
      // An unknown zone name still leaves a usable local time.
      if (!zone.empty()) t.has_zone = NamedZoneOffset(zone, &t.offset_minutes);
    }
    c.SkipSpaces();
    c.SkipComment();
    c.SkipSpaces();
  }
  if (!c.Done() || !IsValid(t)) return std::nullopt;
  return t;
}

// "2024-06-05", "2024-06-05T10:00[:00[.123]][Z|+02:00|+0200|+02]", with a
// space allowed for the "T".
std::optional<DateTime> ParseIso(std::string_view text) {
  Cursor c(text);
  DateTime t;
  if (!c.Digits(4, 4, &t.year) || !c.Consume('-') ||
      !c.Digits(2, 2, &t.month) || !c.Consume('-') || !c.Digits(2, 2, &t.day)) {
    return std::nullopt;
  }
  if (!c.Done()) {
    if (!c.Consume('T') && !c.Consume('t') && !c.Consume(' ')) {
      return std::nullopt;
    }
    t.has_time = true;
    if (!c.Digits(2, 2, &t.hour) || !c.Consume(':') ||
        !c.Digits(2, 2, &t.minute)) {
      return std::nullopt;
    }
    if (c.Consume(':')) {
      if (!c.Digits(2, 2, &t.second)) return std::nullopt;
      if (c.Consume('.') || c.Consume(',')) c.SkipDigits();
    }
    if (c.Consume('Z') || c.Consume('z')) {
      t.has_zone = true;
    } else if (c.Peek() == '+' || c.Peek() == '-') {
      if (!ReadNumericOffset(&c, &t.offset_minutes)) return std::nullopt;
      t.has_zone = true;
    }
  }
  if (!c.Done() || !IsValid(t)) return std::nullopt;
  return t;
}

std::string StripTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '<' || i + 1 == s.size()) {
      out += s[i++];
      continue;
    }
    if (s.substr(i, 4) == "<!--") {
      const size_t end = s.find("-->", i + 4);
      i = end == std::string_view::npos ? s.size() : end + 3;
      continue;
    }
    const char next = s[i + 1];
    if (!IsAlpha(next) && next != '/' && next != '!' && next != '?') {
      out += s[i++];  // "a < b": not a tag
      continue;
    }
    const size_t end = s.find('>', i);
    if (end == std::string_view::npos) {
      out += s[i++];
      continue;
    }
    // A tag that breaks a line in HTML separates words; inline ones do not.
    size_t name = i + 1 + (next == '/' ? 1 : 0);
    size_t name_end = name;
    while (name_end < end && (IsAlpha(s[name_end]) || IsDigit(s[name_end]))) {
      ++name_end;
    }
    const std::string_view tag = s.substr(name, name_end - name);
    static constexpr std::string_view kBreaking[] = {
        "br", "p",  "div", "li", "tr", "td", "th",         "h1", "h2",
        "h3", "h4", "h5",  "h6", "ul", "ol", "blockquote", "hr"};
    for (std::string_view b : kBreaking) {
      if (EqualsIgnoreAsciiCase(tag, b)) {
        out += ' ';
        break;
      }
    }
    i = end + 1;
  }
  return out;
}

// What HTML does with &#128; .. &#159;: windows-1252's characters.
char32_t FromNumericReference(uint32_t value) {
  static constexpr char32_t kWindows1252[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
      0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  if (value >= 0x80 && value <= 0x9F) return kWindows1252[value - 0x80];
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return 0xFFFD;
  }
  return static_cast<char32_t>(value);
}

// Decodes "&name;", "&#NN;" and "&#xHH;"; anything else stays as written.
std::string DecodeReferences(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    const size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 34 || semi == i + 1) {
      out += s[i++];
      continue;
    }
    const std::string_view ref = s.substr(i + 1, semi - i - 1);
    std::optional<char32_t> c;
    if (ref[0] == '#') {
      const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      uint32_t value = 0;
      bool ok = !digits.empty() && digits.size() <= 8;
      for (char d : digits) {
        int v = -1;
        if (IsDigit(d)) {
          v = d - '0';
        } else if (hex && LowerAscii(d) >= 'a' && LowerAscii(d) <= 'f') {
          v = LowerAscii(d) - 'a' + 10;
        }
        if (v < 0) {
          ok = false;
          break;
        }
        value = value * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (ok) c = FromNumericReference(value);
    } else {
      const std::string name(ref);
      const htmlEntityDesc* entity =
          htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
      if (entity != nullptr) {
        c = entity->value;
      } else if (name == "apos") {
        c = U'\'';
      }
    }
    if (!c) {
      out += s[i++];
      continue;
    }
    AppendUtf8(*c, &out);
    i = semi + 1;
  }
  return out;
}

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = 1;
    bool space = c < 0x20 || c == ' ' || c == 0x7F;
    const unsigned char next =
        i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC2 && next == 0xA0) {
      space = true;  // U+00A0 NO-BREAK SPACE
      len = 2;
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
      // C1 controls come from windows-1252 text read as Latin-1 (or from
      // "&#150;" in XML): read them as the windows-1252 characters meant.
      if (pending_space) out += ' ';
      pending_space = false;
      AppendUtf8(FromNumericReference(next), &out);
      i += 2;
      continue;
    }
    if (space) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string NormalizeFeedDate(std::string_view text) {
  text = TrimAscii(text);
  std::optional<DateTime> t = ParseIso(text);
  if (!t) t = ParseRfc822(text);
  return t ? Format(*t) : std::string(text);
}

std::string CleanTitle(std::string_view text, bool html) {
  if (!html) return CollapseWhitespace(text);
  return CollapseWhitespace(DecodeReferences(StripTags(text)));
}

}  // namespace newsline
