#include "extractors/figures/internal/text.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "core/unicode.h"

namespace newsline::figures {
namespace {

size_t Utf8Length(char32_t c) {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c < 0x10000) return 3;
  return 4;
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string FoldCase(std::string_view s) {
  std::string out;
  FoldCaseTo(s, &out);
  return out;
}

void FoldCaseTo(std::string_view s, std::string* out_ptr) {
  std::string& out = *out_ptr;
  out.clear();
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32)
                                         : static_cast<char>(b));
      ++i;
      continue;
    }
    size_t len;
    const char32_t c = DecodeAt(s, i, &len);
    const char32_t lower =
        static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
    if (lower != c && Utf8Length(lower) == len) {
      AppendUtf8(lower, &out);
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
}

std::string FoldKey(std::string_view s) {
  std::string folded = FoldCase(s);
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded.compare(i, 3, "\xE2\x80\x99") == 0) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(folded[i]);
    }
  }
  return out;
}

void KeyEnds(std::string_view text, size_t begin, size_t end, size_t limit,
             std::vector<size_t>* out) {
  const size_t stop = std::min(end, begin + limit);
  if (begin >= stop) return;
  size_t len;
  bool prev_word = IsWordChar(DecodeAt(text, begin, &len));
  size_t p = begin + len;
  while (p <= stop) {
    const bool at_word = p < end && WordCharAt(text, p);
    if (!(prev_word && at_word)) out->push_back(p);  // not inside a word
    if (p >= stop) break;
    prev_word = at_word;
    DecodeAt(text, p, &len);
    p += len;
  }
}

bool WordCharAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  size_t len;
  return IsWordChar(DecodeAt(text, pos, &len));
}

bool WordCharBefore(std::string_view text, size_t pos) {
  if (pos == 0 || pos > text.size()) return false;
  size_t start;
  return IsWordChar(DecodeBefore(text, pos, &start));
}

namespace {

bool IsJoiner(char32_t c) {
  return c == '-' || c == '.' || c == ',' || c == '/' || c == '_';
}

}  // namespace

bool StartsToken(std::string_view text, size_t pos) {
  if (pos == 0 || pos >= text.size()) return pos < text.size();
  size_t len, prev_start;
  const char32_t first = DecodeAt(text, pos, &len);
  const char32_t prev = DecodeBefore(text, pos, &prev_start);
  // "-19" in "COVID-19", ".6" in "Python2.6"
  if (first == '-' || first == '+' || first == '.' || first == ',') {
    return !IsWordChar(prev);
  }
  if (!IsWordChar(first)) return true;
  if (IsWordChar(prev)) return false;
  return !(IsDigitChar(first) && IsJoiner(prev) &&
           WordCharBefore(text, prev_start));
}

bool EndsToken(std::string_view text, size_t pos) {
  if (pos == 0 || pos >= text.size()) return pos > 0;
  size_t last_start, len;
  const char32_t last = DecodeBefore(text, pos, &last_start);
  if (!IsWordChar(last)) return true;
  const char32_t next = DecodeAt(text, pos, &len);
  if (IsWordChar(next)) return false;
  return !(IsDigitChar(last) && IsJoiner(next) && WordCharAt(text, pos + len));
}

bool HasLetter(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t len;
    const char32_t c = DecodeAt(s, i, &len);
    if (IsWordChar(c) && !IsDigitChar(c)) return true;
    i += len;
  }
  return false;
}

bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

bool StartsUpper(std::string_view s) {
  if (s.empty()) return false;
  size_t len;
  return IsUpperChar(DecodeAt(s, 0, &len));
}

bool AllUpper(std::string_view s) {
  bool letter = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t len;
    const char32_t c = DecodeAt(s, i, &len);
    if (u_islower(static_cast<UChar32>(c))) return false;
    if (IsUpperChar(c)) letter = true;
    i += len;
  }
  return letter;
}

bool AllLowerLetters(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  size_t i = 0;
  while (i < s.size()) {
    size_t len;
    const char32_t c = DecodeAt(s, i, &len);
    if (c != '-' && !u_islower(static_cast<UChar32>(c))) return false;
    i += len;
  }
  return true;
}

bool IsTitleCase(std::string_view text, size_t begin, size_t end) {
  constexpr int kMinWords = 5;
  int words = 0, capitalized = 0;
  bool in_word = false;
  size_t p = begin;
  while (p < end) {
    const unsigned char b = static_cast<unsigned char>(text[p]);
    size_t len = 1;
    char32_t c = b;
    if (b >= 0x80) c = DecodeAt(text, p, &len);
    const bool word = b < 0x80 ? ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ||
                                     (b >= '0' && b <= '9')
                               : IsWordChar(c);
    if (word && !in_word && !IsDigitChar(c)) {
      ++words;
      if (b < 0x80 ? (b >= 'A' && b <= 'Z') : IsUpperChar(c)) ++capitalized;
    }
    in_word = word;
    p += len;
  }
  // Short function words stay in lower case in titles ("of", "the", "à").
  return words >= kMinWords && capitalized * 10 >= words * 7;
}

size_t SkipSpaces(std::string_view text, size_t pos, size_t end) {
  while (pos < end && IsSpaceByte(text[pos])) ++pos;
  return pos;
}

size_t SkipSpacesBack(std::string_view text, size_t pos, size_t begin) {
  while (pos > begin && IsSpaceByte(text[pos - 1])) --pos;
  return pos;
}

size_t WordEnd(std::string_view text, size_t pos, size_t end) {
  size_t p = pos;
  while (p < end) {
    if (WordCharAt(text, p)) {
      size_t len;
      DecodeAt(text, p, &len);
      p += len;
      continue;
    }
    const char c = text[p];
    if ((c == '-' || c == '.') && p > pos && p + 1 < end &&
        WordCharAt(text, p + 1)) {
      ++p;
      continue;
    }
    if (c == '\'' && p > pos) return p + 1;  // elision: "d'", "l'"
    break;
  }
  return p;
}

size_t WordStart(std::string_view text, size_t pos, size_t begin) {
  size_t p = pos;
  // An elided word ends with its apostrophe.
  if (p > begin && text[p - 1] == '\'') --p;
  while (p > begin) {
    if (WordCharBefore(text, p)) {
      size_t start;
      DecodeBefore(text, p, &start);
      p = start;
      continue;
    }
    const char c = text[p - 1];
    if ((c == '-' || c == '.') && p - 1 > begin && p < pos &&
        WordCharBefore(text, p - 1)) {
      --p;
      continue;
    }
    break;
  }
  return p == pos || (p + 1 == pos && text[p] == '\'') ? pos : p;
}

}  // namespace newsline::figures
