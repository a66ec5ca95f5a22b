#include "extractors/entities/internal/words.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/ucurr.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>

#include "core/unicode.h"

namespace newsline::entities_internal {

void LowerInto(std::string_view s, std::string* out) {
  out->clear();
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      *out = ToLower(s);
      return;
    }
    out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
}

std::string FoldTypography(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    size_t len;
    const char32_t c = DecodeAt(s, pos, &len);
    switch (c) {
      case U'\u2019':
      case U'\u2018':
      case U'\u02BC':
        out.push_back('\'');
        break;
      case U'\u00AB':
      case U'\u00BB':
      case U'\u201C':
      case U'\u201D':
        out.push_back('"');
        break;
      case U'\u00A0':
      case U'\u202F':
      case U'\u2009':
        out.push_back(' ');
        break;
      case U'\u2010':
      case U'\u2011':
      case U'\u2013':
      case U'\u2014':
        out.push_back('-');
        break;
      default:
        out.append(s.substr(pos, len));
    }
    pos += len;
  }
  return out;
}

std::string ToUpper(std::string_view s, std::string_view lang) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toUpper(icu::Locale(std::string(lang).c_str()));
  std::string out;
  u.toUTF8String(out);
  return out;
}

// FNV-1a: cheap for the short words of running text, and the tokenizer
// computes it while it scans a word.
uint64_t HashWord(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h == 0 ? 1 : h;
}

uint64_t HashFolded(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      h = (h ^ (b >= 'A' && b <= 'Z' ? b + 32u : b)) * 1099511628211ull;
      ++i;
      continue;
    }
    size_t len;
    const auto c = static_cast<UChar32>(DecodeAt(s, i, &len));
    if (u_isupper(c) || u_istitle(c)) {
      // A non-ASCII capital ("États"): ICU's full case mapping.
      thread_local std::string lower;
      LowerInto(s, &lower);
      return HashWord(lower);
    }
    for (size_t k = 0; k < len; ++k) {
      h = (h ^ static_cast<unsigned char>(s[i + k])) * 1099511628211ull;
    }
    i += len;
  }
  return h == 0 ? 1 : h;
}

void HashSet::Insert(uint64_t h) {
  if ((size_ + 1) * 2 > slots_.size()) {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, old.size() * 2), 0);
    size_ = 0;
    for (uint64_t x : old) {
      if (x != 0) Insert(x);
    }
  }
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return;
    if (slots_[i] == 0) {
      slots_[i] = h;
      ++size_;
      return;
    }
  }
}

bool HashSet::Contains(uint64_t h) const {
  if (size_ == 0) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h) return true;
    if (slots_[i] == 0) return false;
  }
}

void HashSet::Reserve(size_t n) {
  size_t want = 16;
  while (want < n * 2) want *= 2;
  if (want <= slots_.size()) return;
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(want, 0);
  size_ = 0;
  for (uint64_t x : old) {
    if (x != 0) Insert(x);
  }
}

void HashIndex::Put(uint64_t key, uint32_t value) {
  if ((size_ + 1) * 2 > slots_.size()) {
    std::vector<std::pair<uint64_t, uint32_t>> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, old.size() * 2), {0, 0});
    size_ = 0;
    for (const auto& [k, v] : old) {
      if (k != 0) Put(k, v);
    }
  }
  const size_t mask = slots_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    if (slots_[i].first == key) {
      slots_[i].second = value;
      return;
    }
    if (slots_[i].first == 0) {
      slots_[i] = {key, value};
      ++size_;
      return;
    }
  }
}

const uint32_t* HashIndex::Find(uint64_t key) const {
  if (size_ == 0) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    if (slots_[i].first == key) return &slots_[i].second;
    if (slots_[i].first == 0) return nullptr;
  }
}

void HashSet::Clear() {
  slots_.clear();
  size_ = 0;
}

WordSet::WordSet(const Table* table) {
  if (table == nullptr) return;
  for (const auto& [key, value] : table->entries()) Add(FoldTypography(key));
}

void WordSet::Add(std::string_view word) { hashes_.Insert(HashFolded(word)); }

bool IsRomanNumeral(std::string_view t) {
  if (t.empty()) return false;
  // Digit by digit from the thousands down: each place allows its own
  // letters in the standard subtractive forms (IV, IX, XL, XC, CD, CM).
  struct Place {
    char one, five, ten;
  };
  constexpr std::array<Place, 3> kPlaces{
      {{'C', 'D', 'M'}, {'X', 'L', 'C'}, {'I', 'V', 'X'}}};
  size_t i = 0;
  while (i < t.size() && i < 3 && t[i] == 'M') ++i;
  for (const Place& p : kPlaces) {
    auto at = [&](size_t k, char c) { return k < t.size() && t[k] == c; };
    if (at(i, p.one) && at(i + 1, p.ten)) {
      i += 2;
    } else if (at(i, p.one) && at(i + 1, p.five)) {
      i += 2;
    } else {
      if (at(i, p.five)) ++i;
      for (int n = 0; n < 3 && at(i, p.one); ++n) ++i;
    }
  }
  return i == t.size();
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  UChar iso[4];
  for (size_t i = 0; i < 3; ++i) {
    if (code[i] < 'A' || code[i] > 'Z') return false;
    iso[i] = static_cast<UChar>(code[i]);
  }
  iso[3] = 0;
  UErrorCode status = U_ZERO_ERROR;
  // Currencies in use at any time: "FRF" and "DEM" are currencies too.
  const UBool known = ucurr_isAvailable(iso, U_DATE_MIN, U_DATE_MAX, &status);
  return U_SUCCESS(status) && known;
}

}  // namespace newsline::entities_internal
