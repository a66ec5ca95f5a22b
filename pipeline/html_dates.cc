#include "pipeline/html_dates.h"

#include <array>
#include <charconv>
#include <cstdio>
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

struct MonthName {
  std::string_view name;  // lower case UTF-8
  int month;
};

// Full names and the usual abbreviations (with or without a final dot) in
// en, fr, de, es, it, pt.
constexpr MonthName kMonths[] = {
    {"january", 1},    {"jan", 1},        {"janvier", 1},    {"janv", 1},
    {"januar", 1},     {"jänner", 1},     {"enero", 1},      {"ene", 1},
    {"gennaio", 1},    {"gen", 1},        {"janeiro", 1},    {"february", 2},
    {"feb", 2},        {"février", 2},    {"fevrier", 2},    {"févr", 2},
    {"fév", 2},        {"februar", 2},    {"febrero", 2},    {"febbraio", 2},
    {"fevereiro", 2},  {"fev", 2},        {"march", 3},      {"mar", 3},
    {"mars", 3},       {"märz", 3},       {"maerz", 3},      {"marzo", 3},
    {"março", 3},      {"marco", 3},      {"april", 4},      {"apr", 4},
    {"avril", 4},      {"avr", 4},        {"abril", 4},      {"abr", 4},
    {"aprile", 4},     {"may", 5},        {"mai", 5},        {"mayo", 5},
    {"maggio", 5},     {"mag", 5},        {"maio", 5},       {"june", 6},
    {"jun", 6},        {"juin", 6},       {"juni", 6},       {"junio", 6},
    {"giugno", 6},     {"giu", 6},        {"junho", 6},      {"july", 7},
    {"jul", 7},        {"juillet", 7},    {"juil", 7},       {"juli", 7},
    {"julio", 7},      {"luglio", 7},     {"lug", 7},        {"julho", 7},
    {"august", 8},     {"aug", 8},        {"août", 8},       {"aout", 8},
    {"agosto", 8},     {"ago", 8},        {"september", 9},  {"sep", 9},
    {"sept", 9},       {"septembre", 9},  {"septiembre", 9}, {"set", 9},
    {"settembre", 9},  {"setembro", 9},   {"setiembre", 9},  {"october", 10},
    {"oct", 10},       {"octobre", 10},   {"oktober", 10},   {"okt", 10},
    {"octubre", 10},   {"ottobre", 10},   {"ott", 10},       {"outubro", 10},
    {"out", 10},       {"november", 11},  {"nov", 11},       {"novembre", 11},
    {"noviembre", 11}, {"novembro", 11},  {"december", 12},  {"dec", 12},
    {"décembre", 12},  {"decembre", 12},  {"déc", 12},       {"dezember", 12},
    {"dez", 12},       {"diciembre", 12}, {"dic", 12},       {"dicembre", 12},
    {"dezembro", 12},  {"sett", 9},       {"febr", 2},       {"mär", 3},
    {"marz", 3},
};

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
  for (const MonthName& m : kMonths) {
    if (lower == m.name) return m.month;
  }
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
    } else if (IsLetter(c)) {
      const size_t start = i;
      while (i < s.size() && IsLetter(s[i])) ++i;
      tokens.push_back({Token::kWord, s.substr(start, i - start)});
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
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
  if (Digits(value, 0, 4) >= 0 && value.size() >= 10 && value[4] == '-' &&
      value[7] == '-') {
    date =
        Format(Digits(value, 0, 4), Digits(value, 5, 2), Digits(value, 8, 2));
    pos = 10;
  } else if (Digits(value, 0, 8) >= 0 &&
             (value.size() == 8 || !IsDigit(value[8]))) {
    date =
        Format(Digits(value, 0, 4), Digits(value, 4, 2), Digits(value, 6, 2));
    pos = 8;
  } else {
    // RFC 822 and people's forms; the time of day is not worth the risk.
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
