#include "extractors/entities/internal/tokens.h"

#include <unicode/uchar.h>

#include <array>

#include "core/unicode.h"

namespace newsline::entities_internal {
namespace {

// Character classes of ASCII bytes, looked up once per byte: most of any
// article's text is ASCII, and decoding it as UTF-8 costs more than
// tokenizing it.
enum : uint8_t {
  kSpace = 1,
  kWordByte = 2,
  kUpperByte = 4,
  kLowerByte = 8,
  kDigitByte = 16
};
constexpr std::array<uint8_t, 128> kAscii = [] {
  std::array<uint8_t, 128> t{};
  for (int c : {' ', '\t', '\n', '\r', '\f'}) t[c] = kSpace;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kWordByte | kLowerByte;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kWordByte | kUpperByte;
  for (int c = '0'; c <= '9'; ++c) t[c] = kWordByte | kDigitByte;
  return t;
}();

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

// Decodes one code point with an ASCII fast path.
inline char32_t Next(std::string_view text, size_t pos, size_t* len) {
  const auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    *len = 1;
    return b;
  }
  return DecodeAt(text, pos, len);
}

inline bool IsSpace(char32_t c) {
  return c < 0x80 && (kAscii[c] & kSpace) != 0;
}

inline bool IsWord(char32_t c) {
  return c < 0x80 ? (kAscii[c] & kWordByte) != 0 : IsWordChar(c);
}

// Characters that join two word characters into one token: "Jean-Pierre",
// "aujourd'hui", "U.S", "AT&T", "3.5".
inline bool IsJoiner(char32_t c) {
  return c == '-' || c == '\'' || c == '.' || c == '&';
}

// Punctuation after which a capital does not tell a name: it opens a
// quotation, a heading or a list item like a sentence start does.
bool OpensClause(char32_t c) {
  return c == '"' || c == ':' || c == '|' || c == U'\u2022' || c == '*' ||
         c == '-' || c == U'\u00B7';
}

// A word token from what the scan learnt: `seen` holds the kAscii classes
// of its ASCII bytes, `hash` its HashWord. The folded hash is the same for a
// word without capitals; others (a sixth of the words) hash again.
Token FinishToken(std::string_view text, size_t begin, size_t end,
                  uint16_t extra, int sentence, bool ascii, uint8_t seen,
                  uint64_t hash) {
  const std::string_view word = text.substr(begin, end - begin);
  uint16_t flags = kWord | extra;
  Token t{static_cast<uint32_t>(begin),
          static_cast<uint32_t>(end),
          0,
          sentence,
          hash,
          hash};
  if (ascii) {
    if (seen & kLowerByte) flags |= kHasLower;
    if (seen & kDigitByte) flags |= kHasDigit;
    if (seen & kUpperByte) {
      flags |= kHasUpper;
      if (!(seen & kLowerByte)) flags |= kAllUpper;
      if (kAscii[static_cast<unsigned char>(text[begin])] & kUpperByte) {
        flags |= kUpperInitial;
      }
      t.folded = HashFolded(word);
    }
    t.flags = flags;
    return t;
  }
  bool upper = false;
  for (size_t p = begin; p < end;) {
    size_t len;
    const auto c = static_cast<UChar32>(Next(text, p, &len));
    if (c < 0x80 ? (kAscii[c] & kUpperByte) != 0
                 : (u_isupper(c) || u_istitle(c))) {
      upper = true;
      if (p == begin) flags |= kUpperInitial;
    } else if (c < 0x80 ? (kAscii[c] & kLowerByte) != 0 : u_islower(c)) {
      flags |= kHasLower;
    } else if (c < 0x80 ? (kAscii[c] & kDigitByte) != 0 : u_isdigit(c)) {
      flags |= kHasDigit;
    }
    p += len;
  }
  if (upper) {
    flags |= kHasUpper;
    if (!(flags & kHasLower)) flags |= kAllUpper;
    t.folded = HashFolded(word);
  }
  t.flags = flags;
  return t;
}

// A word token from scratch (the parts of a split word).
Token MakeToken(std::string_view text, size_t begin, size_t end, uint16_t extra,
                int sentence) {
  bool ascii = true;
  uint8_t seen = 0;
  for (size_t p = begin; p < end; ++p) {
    const auto byte = static_cast<unsigned char>(text[p]);
    if (byte >= 0x80) {
      ascii = false;
      break;
    }
    seen |= kAscii[byte];
  }
  return FinishToken(text, begin, end, extra, sentence, ascii, seen,
                     HashWord(text.substr(begin, end - begin)));
}

// Appends `t` to *out field by field. Copied whole (push_back), the token
// the compiler had just built on the stack in narrow stores was read back
// with two 16-byte loads, which waited for those stores (a failed store
// forward): a fifth of the tokenizer's samples. Tokenizing the html-dev
// texts alone runs 3-5% faster this way.
inline void Append(const Token& t, std::vector<Token>* out) {
  Token& d = out->emplace_back();
  d.begin = t.begin;
  d.end = t.end;
  d.flags = t.flags;
  d.sentence = t.sentence;
  d.hash = t.hash;
  d.folded = t.folded;
}

bool StartsWithLetter(std::string_view text, size_t pos, bool upper_only) {
  size_t len;
  const auto c = static_cast<UChar32>(Next(text, pos, &len));
  if (upper_only) return u_isupper(c) || u_istitle(c);
  return u_isalpha(c);
}

}  // namespace

Tokenizer::Tokenizer(WordSet prefixes, std::vector<std::string> suffixes)
    : prefixes_(std::move(prefixes)) {
  for (const std::string& s : suffixes) {
    std::string lower;
    LowerInto(s, &lower);
    if (!lower.empty()) suffixes_.push_back(std::move(lower));
  }
}

void Tokenizer::EmitWord(std::string_view text, size_t begin, size_t end,
                         bool space, bool joined, int sentence,
                         std::vector<Token>* out) const {
  // Split prefix: the first apostrophe or hyphen closes a candidate prefix.
  if (joined && !prefixes_.empty()) {
    const size_t cut = text.substr(begin, end - begin).find_first_of("'-");
    if (cut != std::string_view::npos && begin + cut + 1 < end) {
      const size_t rest = begin + cut + 1;
      const bool apostrophe = text[begin + cut] == '\'';
      if (prefixes_.Contains(text.substr(begin, rest - begin)) &&
          StartsWithLetter(text, rest, !apostrophe)) {
        Append(MakeToken(text, begin, rest,
                         static_cast<uint16_t>(kSplitPrefix |
                                               (space ? kSpaceBefore : 0)),
                         sentence),
               out);
        begin = rest;
        space = false;
      }
    }
  }
  size_t word_end = end;
  for (size_t k = 0; joined && k < suffixes_.size(); ++k) {
    const std::string& suffix = suffixes_[k];
    if (end - begin <= suffix.size()) continue;
    const std::string_view tail =
        text.substr(end - suffix.size(), suffix.size());
    bool same = true;
    for (size_t i = 0; i < suffix.size() && same; ++i) {
      char c = tail[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      same = c == suffix[i];
    }
    if (same) {
      word_end = end - suffix.size();
      break;
    }
  }
  Append(MakeToken(text, begin, word_end,
                   static_cast<uint16_t>(space ? kSpaceBefore : 0), sentence),
         out);
  if (word_end < end) {
    Token suffix = MakeToken(text, word_end, end, kPossessive, sentence);
    suffix.flags = static_cast<uint16_t>(
        suffix.flags & ~(kUpperInitial | kAllUpper | kHasUpper));
    Append(suffix, out);
  }
}

// Flattened: building each token and appending it to *out ran as calls
// that took 2% of an analysis' samples.
[[gnu::flatten]] void Tokenizer::Tokenize(std::string_view text, size_t begin,
                                          size_t end, int sentence,
                                          std::vector<Token>* out) const {
  bool space = true;
  // Whether the next word opens the sentence or a clause that starts like
  // one: a quotation, a heading, a list item.
  bool open = true;
  size_t pos = begin;
  while (pos < end) {
    size_t len;
    const char32_t c = Next(text, pos, &len);
    if (IsSpace(c)) {
      space = true;
      pos += len;
      continue;
    }
    if (!IsWord(c)) {
      const uint64_t h = HashWord(text.substr(pos, len));
      out->push_back(Token{
          static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + len),
          static_cast<uint16_t>(space ? kSpaceBefore : 0), sentence, h, h});
      if (OpensClause(c)) open = true;
      space = false;
      pos += len;
      continue;
    }
    // Scan the word, hashing it (FNV-1a, as HashWord) and noting its ASCII
    // letter classes on the way: one pass over the bytes of most words.
    size_t e = pos;
    bool joined = false;  // holds an apostrophe or a hyphen
    bool ascii = true;
    uint8_t seen = 0;
    uint64_t hash = kFnvOffset;
    while (e < end) {
      const auto byte = static_cast<unsigned char>(text[e]);
      if (byte < 0x80) {
        const uint8_t k = kAscii[byte];
        if (k & kWordByte) {
          seen |= k;
          hash = (hash ^ byte) * kFnvPrime;
          ++e;
          continue;
        }
      } else {
        size_t l;
        if (IsWordChar(DecodeAt(text, e, &l))) {
          ascii = false;
          for (size_t i = 0; i < l; ++i) {
            hash = (hash ^ static_cast<unsigned char>(text[e + i])) * kFnvPrime;
          }
          e += l;
          continue;
        }
        break;
      }
      // A joiner between two word characters: "Jean-Pierre", "U.S", "AT&T".
      if (e > pos && IsJoiner(byte) && e + 1 < end) {
        size_t l2;
        if (IsWord(Next(text, e + 1, &l2))) {
          joined = joined || byte == '\'' || byte == '-';
          hash = (hash ^ byte) * kFnvPrime;
          ++e;
          continue;
        }
      }
      break;
    }
    if (joined) {
      const size_t first = out->size();
      EmitWord(text, pos, e, space, joined, sentence, out);
      for (size_t i = first; i < out->size(); ++i) {
        Token& t = (*out)[i];
        if (open) t.flags |= kInitial;
        // "L'Europe ...": the word after an opening elision opens it too.
        open = open && t.Is(kSplitPrefix);
      }
    } else {
      Append(FinishToken(text, pos, e,
                         static_cast<uint16_t>((space ? kSpaceBefore : 0) |
                                               (open ? kInitial : 0)),
                         sentence, ascii, seen, hash == 0 ? 1 : hash),
             out);
      open = false;
    }
    space = false;
    pos = e;
  }
}

}  // namespace newsline::entities_internal
