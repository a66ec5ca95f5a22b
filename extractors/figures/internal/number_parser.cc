#include "extractors/figures/internal/number_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "extractors/figures/internal/text.h"

namespace newsline::figures {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsMark(char c) { return c == '.' || c == ','; }

// What stands between a token and the one before it.
enum class Gap {
  kNone,    // "10k", "2,5Md"
  kSpace,   // "trois cent"
  kHyphen,  // "vingt-deux", "10 - 20"
  kBreak,   // a list split out of one digit string: "22,24"
};

struct Token {
  enum class Kind { kNumeric, kWord, kAbbr };
  Kind kind = Kind::kWord;
  size_t begin = 0;
  size_t end = 0;
  Gap gap = Gap::kNone;
  bool single_space = false;     // the gap is exactly one space
  bool unspaced_hyphen = false;  // the gap is exactly "-"
  bool dropped = false;          // part of a date or code
  // Numeric tokens and abbreviations.
  double value = 0;
  int sign = 1;
  bool integer = true;
  bool grouping = false;  // read with thousands marks ("1,234")
  int int_digits = 0;     // digits before the decimal mark
  bool plain = false;     // digits only, no sign or mark
  bool leading_zero = false;
  bool groupable = false;  // may take a following " ddd" group
  // Word tokens.
  const NumberWord* word = nullptr;
};

bool IsTens(double v) { return v >= 10 && v < 100 && std::fmod(v, 10) == 0; }

std::optional<double> DigitsValue(const std::string& int_part,
                                  const std::string& frac_part) {
  std::string s = int_part.empty() ? "0" : int_part;
  if (!frac_part.empty()) s += "." + frac_part;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Reads one digit string ("-1.234,5", ",08", "22,24,26") at `p` and appends
// the numbers it holds. Returns where it ends.
size_t ReadDigits(std::string_view text, size_t p, size_t end,
                  char decimal_mark, bool allow_sign, std::vector<Token>* out) {
  const size_t start = p;
  int sign = 1;
  if (allow_sign && (text[p] == '-' || text[p] == '+')) {
    sign = text[p] == '-' ? -1 : 1;
    ++p;
  }
  bool leading_mark = false;
  if (IsMark(text[p])) {
    leading_mark = true;
    ++p;
  }
  struct Group {
    size_t begin, end;
  };
  std::vector<Group> groups;
  std::vector<char> marks;
  auto read_group = [&]() {
    const size_t b = p;
    while (p < end && IsDigit(text[p])) ++p;
    groups.push_back({b, p});
  };
  read_group();
  while (p + 1 < end && IsMark(text[p]) && IsDigit(text[p + 1])) {
    marks.push_back(text[p]);
    ++p;
    read_group();
  }
  auto digits_of = [&](const Group& g) {
    return std::string(text.substr(g.begin, g.end - g.begin));
  };
  auto length = [](const Group& g) {
    return static_cast<int>(g.end - g.begin);
  };

  Token t;
  t.kind = Token::Kind::kNumeric;
  t.begin = start;
  t.end = p;
  t.sign = sign;

  if (leading_mark) {
    if (!marks.empty()) return p;  // ".5.3": not a number
    auto v = DigitsValue("", digits_of(groups[0]));
    if (!v) return p;
    t.value = *v;
    t.integer = false;
    out->push_back(t);
    return p;
  }

  // Which marks group thousands and which one is decimal.
  bool valid = true;
  int decimal_at = -1;  // index into marks
  if (!marks.empty()) {
    const bool has_dot =
        std::find(marks.begin(), marks.end(), '.') != marks.end();
    const bool has_comma =
        std::find(marks.begin(), marks.end(), ',') != marks.end();
    const size_t n = marks.size();
    if (has_dot && has_comma) {
      const char dec = marks.back();
      for (size_t i = 0; i + 1 < n; ++i) valid = valid && marks[i] != dec;
      decimal_at = static_cast<int>(n) - 1;
    } else if (n == 1) {
      const bool thousands =
          marks[0] != decimal_mark && length(groups[1]) == 3 &&
          length(groups[0]) <= 3 &&
          !(length(groups[0]) > 1 && text[groups[0].begin] == '0');
      if (!thousands) decimal_at = 0;
    }
    // Grouping marks: first group 1-3 digits, the last one 3; the ones
    // between 3, or 2 in the Indian way ("12,34,567").
    const size_t grouped =
        decimal_at >= 0 ? static_cast<size_t>(decimal_at) : n;
    if (grouped > 0) {
      valid = valid && length(groups[0]) >= 1 && length(groups[0]) <= 3 &&
              length(groups[grouped]) == 3;
      for (size_t i = 1; i < grouped; ++i) {
        valid = valid && (length(groups[i]) == 3 || length(groups[i]) == 2);
      }
    }
  }

  if (!valid) {
    // With dots, a date, a version or an address ("30.01.2019", "3.11.2",
    // "192.168.1.2"): no figure. With commas only, a list: "22,24,26,31".
    const bool dotted =
        std::find(marks.begin(), marks.end(), '.') != marks.end();
    for (size_t i = 0; i < groups.size(); ++i) {
      Token g = t;
      g.begin = i == 0 ? start : groups[i].begin;
      g.end = groups[i].end;
      g.sign = i == 0 ? sign : 1;
      g.gap = i == 0 ? Gap::kNone : Gap::kBreak;
      auto v = DigitsValue(digits_of(groups[i]), "");
      if (!v) return p;
      g.value = *v;
      g.int_digits = length(groups[i]);
      g.plain = i > 0 || start == groups[0].begin;
      g.leading_zero = length(groups[i]) > 1 && text[groups[i].begin] == '0';
      g.dropped = dotted;
      out->push_back(g);
    }
    return p;
  }

  std::string int_part, frac_part;
  const size_t int_groups =
      decimal_at >= 0 ? static_cast<size_t>(decimal_at) + 1 : groups.size();
  for (size_t i = 0; i < int_groups; ++i) int_part += digits_of(groups[i]);
  if (decimal_at >= 0) frac_part = digits_of(groups.back());
  auto v = DigitsValue(int_part, frac_part);
  if (!v) return p;
  t.value = *v;
  t.integer = frac_part.empty();  // "5.00" is read as written: a decimal
  t.grouping = int_groups > 1;
  t.int_digits = static_cast<int>(int_part.size());
  t.plain = marks.empty() && sign == 1 && start == groups[0].begin;
  t.leading_zero = marks.empty() && int_part.size() > 1 && int_part[0] == '0';
  t.groupable = marks.empty() && int_part.size() <= 3 && !t.leading_zero;
  out->push_back(t);
  return p;
}

class Parser {
 public:
  Parser(std::string_view text, const Lexicon& lex, const ParseOptions& options)
      : text_(text), lex_(lex), options_(options) {}

  std::vector<Piece> Parse(size_t begin, size_t end) {
    Tokenize(begin, end);
    MergeSpaceGroups();
    DropDateChains();
    return Compose();
  }

 private:
  // The value built so far by ParseCardinal.
  struct Card {
    bool any = false;
    size_t first = kNone;  // token indices, inclusive
    size_t last = kNone;
    double total =
        0;  // closed groups: "deux millions" in "deux millions trois"
    double hundreds = 0;        // the current group's hundreds
    double small = 0;           // the current group below a hundred
    bool small_tens = false;    // small is a tens word that may take a unit
    bool small_digits = false;  // small came from digits
    size_t small_start = kNone;
    double last_scale = std::numeric_limits<double>::infinity();
    bool after_scale = false;  // the last token was a scale word
    bool closed = false;       // an abbreviation, zero or ½ ended it
    bool decimal = false;
    bool spelled = false;
    bool has_digits = false;
    bool approx = false;
    bool pending_article = false;  // "un million", "a hundred"
    int value_tokens = 0;
    double scale = 1;
    size_t and_tok = kNone;  // the last "et"/"and" inside
    double before_and = 0;   // the value before it
    double and_scale = 1;    // the scale word right before it: "millions et"
    double Value() const { return total + hundreds + small; }
  };

  void Tokenize(size_t begin, size_t end) {
    folded_ = FoldCase(text_.substr(begin, end - begin));
    size_t p = begin;
    bool first = true;
    while (p < end) {
      const size_t gap_start = p;
      bool hyphen = false;
      while (p < end && (text_[p] == ' ' || text_[p] == '\t' ||
                         (text_[p] == '-' &&
                          !(first && p + 1 < end && IsDigit(text_[p + 1]))))) {
        hyphen = hyphen || text_[p] == '-';
        ++p;
      }
      if (p >= end) break;
      Gap gap =
          hyphen ? Gap::kHyphen : (p > gap_start ? Gap::kSpace : Gap::kNone);
      const bool single_space = p == gap_start + 1 && text_[gap_start] == ' ';
      const bool unspaced_hyphen =
          p == gap_start + 1 && text_[gap_start] == '-';
      const size_t before = tokens_.size();
      const char c = text_[p];
      const bool sign = first && (c == '-' || c == '+') && p + 1 < end &&
                        (IsDigit(text_[p + 1]) || IsMark(text_[p + 1]));
      if (IsDigit(c) || sign ||
          (IsMark(c) && p + 1 < end && IsDigit(text_[p + 1]) && p == begin)) {
        p = ReadDigits(text_, p, end, lex_.decimal_mark(), first, &tokens_);
      } else {
        size_t len = 0;
        if (const NumberWord* w =
                lex_.MatchNumberWord(folded_, p - begin, &len)) {
          Token t;
          t.kind = Token::Kind::kWord;
          t.begin = p;
          t.end = p + len;
          t.word = w;
          t.value = w->value;
          tokens_.push_back(t);
          p += len;
        } else if (size_t n = MatchAbbreviation(p, end); n > 0) {
          Token t;
          t.kind = Token::Kind::kAbbr;
          t.begin = p;
          t.end = p + n;
          t.value = *lex_.ScaleAbbreviation(text_.substr(p, n));
          tokens_.push_back(t);
          p += n;
        } else {
          break;
        }
      }
      if (tokens_.size() == before) break;
      tokens_[before].gap = first ? Gap::kNone : gap;
      tokens_[before].single_space = single_space;
      tokens_[before].unspaced_hyphen = unspaced_hyphen;
      first = false;
    }
  }

  size_t MatchAbbreviation(size_t p, size_t end) const {
    for (size_t n = std::min<size_t>(5, end - p); n > 0; --n) {
      if (WordCharAt(text_, p + n) && p + n < end) continue;
      if (lex_.ScaleAbbreviation(text_.substr(p, n))) return n;
    }
    return 0;
  }

  // "35 000", "1 234 567,89": a number followed by one space and a group of
  // three digits is one number.
  void MergeSpaceGroups() {
    std::vector<Token> merged;
    for (Token& t : tokens_) {
      if (!merged.empty()) {
        Token& a = merged.back();
        if (a.kind == Token::Kind::kNumeric && a.groupable &&
            t.kind == Token::Kind::kNumeric && t.gap == Gap::kSpace &&
            t.single_space && t.sign == 1 && !t.grouping && t.int_digits == 3 &&
            !IsMark(text_[t.begin])) {
          a.value = a.value * 1000 + t.value;
          a.end = t.end;
          a.int_digits += 3;
          a.integer = t.integer;
          a.grouping = true;
          a.plain = false;
          a.groupable = t.integer;
          continue;
        }
      }
      merged.push_back(t);
    }
    tokens_ = std::move(merged);
  }

  void DropDateChains() {
    auto plain = [&](size_t k) {
      return tokens_[k].kind == Token::Kind::kNumeric && tokens_[k].plain;
    };
    size_t i = 0;
    while (i < tokens_.size()) {
      size_t j = i + 1;
      bool zero = tokens_[i].leading_zero;
      bool all_plain = plain(i);
      if (tokens_[i].kind == Token::Kind::kNumeric) {
        // "2024-06-05", "0800 138 1016", "06 12 34 56 78"
        while (j < tokens_.size() && tokens_[j].kind == Token::Kind::kNumeric &&
               (tokens_[j].unspaced_hyphen || tokens_[j].single_space)) {
          zero = zero || tokens_[j].leading_zero;
          all_plain = all_plain && plain(j);
          ++j;
        }
      }
      const size_t n = j - i;
      const bool code = (n >= 2 && zero) || (n >= 3 && all_plain);
      for (size_t k = i; k < j; ++k) {
        tokens_[k].dropped =
            tokens_[k].dropped || code || tokens_[k].leading_zero;
      }
      i = j;
    }
  }

  bool IsRole(size_t k, Role role) const {
    return k < tokens_.size() && !tokens_[k].dropped &&
           tokens_[k].kind == Token::Kind::kWord &&
           tokens_[k].word->role == role;
  }
  bool IsDenominatorOrMultiplier(size_t k) const {
    return IsRole(k, Role::kOrdinal) || IsRole(k, Role::kFraction) ||
           IsRole(k, Role::kHundred) || IsRole(k, Role::kScale) ||
           IsRole(k, Role::kCollective);
  }

  // Adds word `w` to `c`, if it fits there; k is its token.
  bool ApplyWord(Card& c, const NumberWord& w, size_t k) const {
    const double v = w.value;
    switch (w.role) {
      case Role::kAdd:
        if (!c.any) {
          c.small = v;
          c.small_tens = IsTens(v);
          c.small_start = k;
          c.closed = v == 0;
          break;
        }
        if (c.closed || v == 0) return false;
        if (c.small == 0 && (c.hundreds > 0 || c.total > 0)) {
          c.small = v;
          c.small_tens = IsTens(v);
          c.small_digits = false;
          c.small_start = k;
        } else if (c.small_tens && !c.small_digits && v >= 1 && v < c.small &&
                   c.small + v < 100 && v == std::floor(v)) {
          c.small += v;
          c.small_tens = IsTens(c.small);
        } else if (v < 1 && !c.decimal && c.small == std::floor(c.small)) {
          c.small += v;
          c.closed = true;
        } else {
          return false;
        }
        break;
      case Role::kHundred:
        if (!c.any) {
          if (!c.pending_article && !w.standalone) return false;
          c.hundreds = v;
          break;
        }
        if (c.closed || c.hundreds > 0 || (w.words_only && c.small_digits))
          return false;
        if (c.small > 0) {
          if (!c.small_digits && c.small >= 100) return false;
          c.hundreds = c.small * v;
          c.small = 0;
          c.small_tens = false;
          c.small_start = kNone;
        } else if (c.total > 0) {
          c.hundreds = v;
        } else {
          return false;
        }
        break;
      case Role::kScale:
        if (!c.any) {
          if (!c.pending_article && !w.standalone) return false;
          c.total = v;
        } else {
          if (c.closed || (w.words_only && c.small_digits)) return false;
          const double group = c.hundreds + c.small;
          if (group > 0) {
            if (v >= c.last_scale) return false;
            c.total += group * v;
            c.hundreds = 0;
            c.small = 0;
            c.small_tens = false;
            c.small_start = kNone;
          } else if (c.after_scale) {
            c.total *= v;  // "mille milliards", "lakh crore"
            c.scale *= v;
            c.last_scale = v;
            c.after_scale = true;
            return true;
          } else {
            return false;
          }
        }
        c.last_scale = v;
        c.scale = v;
        c.after_scale = true;
        return true;
      case Role::kCollective:
        if (!c.any) {
          if (!c.pending_article) return false;
          c.small = v;
          c.small_start = k;
        } else {
          if (c.closed || c.small == 0) return false;
          c.small *= v;
          c.small_tens = false;
        }
        c.approx = c.approx || w.approx;
        break;
      default:
        return false;
    }
    c.after_scale = false;
    return true;
  }

  bool Apply(Card& c, size_t k, bool after_and) const {
    const Token& t = tokens_[k];
    if (t.dropped) return false;
    Card next = c;
    bool ok = false;
    switch (t.kind) {
      case Token::Kind::kNumeric:
        if (!c.any) {
          next.small = t.value;
          next.small_digits = true;
          next.small_start = k;
          next.decimal = !t.integer;
          ok = true;
        } else if (!c.closed && t.gap != Gap::kBreak && t.integer &&
                   t.sign > 0 && t.value >= 1 && c.small == 0 &&
                   (c.hundreds > 0 || c.total > 0) &&
                   t.value < (c.hundreds > 0 ? 100 : 1000) &&
                   (after_and || t.gap == Gap::kSpace)) {
          // "3 hundred and 21", "4 thousand 3 hundred"
          next.small = t.value;
          next.small_digits = true;
          next.small_start = k;
          ok = true;
        }
        next.after_scale = false;
        break;
      case Token::Kind::kAbbr:
        if (c.any && !c.closed && t.gap != Gap::kHyphen) {
          next.total = c.Value() * t.value;
          next.hundreds = 0;
          next.small = 0;
          next.closed = true;
          next.scale = t.value;
          next.after_scale = false;
          ok = true;
        }
        break;
      case Token::Kind::kWord:
        ok = ApplyWord(next, *t.word, k);
        next.spelled = true;
        break;
    }
    if (!ok) return false;
    next.has_digits = next.has_digits || t.kind == Token::Kind::kNumeric;
    if (!next.any) next.first = next.first == kNone ? k : next.first;
    next.any = true;
    next.pending_article = false;
    next.last = k;
    ++next.value_tokens;
    c = next;
    return true;
  }

  // An article inside a number is one: "vingt et un", "quatre-vingt-un".
  bool ApplyOne(Card& c, size_t k) const {
    Card next = c;
    NumberWord one;
    one.value = 1;
    if (!ApplyWord(next, one, k)) return false;
    next.spelled = true;
    next.last = k;
    ++next.value_tokens;
    c = next;
    return true;
  }

  // The longest cardinal starting at token i (see the header for the rules);
  // *next is the first token after it.
  Card ParseCardinal(size_t i, size_t* next) const {
    Card c;
    size_t k = i;
    const size_t n = tokens_.size();
    if (IsRole(k, Role::kArticle)) {
      if (IsRole(k + 1, Role::kHundred) || IsRole(k + 1, Role::kScale) ||
          IsRole(k + 1, Role::kCollective)) {
        c.pending_article = true;
        c.first = k;
        ++k;
      } else if (IsRole(k + 1, Role::kAnd) || IsRole(k + 1, Role::kOver)) {
        // "un et un demi", "un sur trois": the article is the number one.
        c.any = true;
        c.first = c.last = k;
        c.small = 1;
        c.small_start = k;
        c.spelled = true;
        c.value_tokens = 1;
        *next = k + 1;
        return c;
      } else {
        *next = i;
        return c;
      }
    }
    Card snapshot;
    size_t snapshot_next = kNone;
    while (k < n && !tokens_[k].dropped) {
      const Token& t = tokens_[k];
      if (IsRole(k, Role::kAnd)) {
        const size_t m = k + 1;
        if (!c.any || m >= n) break;
        Card trial = c;
        bool ok;
        if (IsRole(m, Role::kArticle)) {
          ok = tokens_[m].word->inner && !IsDenominatorOrMultiplier(m + 1) &&
               ApplyOne(trial, m);
        } else {
          ok = Apply(trial, m, /*after_and=*/true);
        }
        if (!ok) break;
        trial.and_tok = k;
        trial.before_and = c.Value();
        trial.and_scale = c.after_scale ? c.last_scale : 1;
        if (trial.small_start == m) {
          snapshot = c;
          snapshot_next = m;
        }
        c = trial;
        k = m + 1;
        continue;
      }
      if (IsRole(k, Role::kArticle)) {
        if (!c.any || !t.word->inner || IsDenominatorOrMultiplier(k + 1)) break;
        if (!ApplyOne(c, k)) break;
        ++k;
        continue;
      }
      Card trial = c;
      if (Apply(trial, k, /*after_and=*/false)) {
        if (c.any && trial.small_start == k) {
          snapshot = c;
          snapshot_next = k;
        }
        c = trial;
        ++k;
        continue;
      }
      // "3 hundred and 2 hundred": a multiplier that does not fit starts a
      // new number with the count before it.
      if (t.kind == Token::Kind::kWord &&
          (t.word->role == Role::kHundred || t.word->role == Role::kScale) &&
          snapshot_next != kNone && snapshot.any && c.small_start != kNone &&
          c.small_start > c.first) {
        c = snapshot;
        k = snapshot_next;
      }
      break;
    }
    *next = c.any ? k : i;
    return c;
  }

  struct Ordinal {
    double value = 0;
    size_t end_tok = kNone;  // the ordinal token
    bool plural = false;
  };

  // Whether the ordinal word at j (or after an "et"/"and" at j) extends the
  // cardinal `c`: "vingt" + "et unième" is the 21st.
  std::optional<Ordinal> TryOrdinal(const Card& c, size_t j) const {
    size_t m = j;
    if (IsRole(m, Role::kAnd)) ++m;
    if (!IsRole(m, Role::kOrdinal)) return std::nullopt;
    // "280 million first preferred": digits do not take ordinal words.
    if (c.has_digits) return std::nullopt;
    const double v = tokens_[m].value;
    // "deux millièmes", "cent mille billionième": with a count, an ordinal of
    // a scale is a fraction.
    if (v >= 1000) return std::nullopt;
    Card trial = c;
    NumberWord as_cardinal;
    as_cardinal.value = v;
    as_cardinal.role = v == 100 ? Role::kHundred : Role::kAdd;
    if (!ApplyWord(trial, as_cardinal, m)) return std::nullopt;
    return Ordinal{trial.Value(), m, tokens_[m].word->plural};
  }

  Piece MakePiece(const Card& c, size_t first_tok, size_t last_tok) const {
    Piece p;
    p.begin = tokens_[first_tok].begin;
    p.end = tokens_[last_tok].end;
    p.value = c.Value();
    p.spelled = c.spelled;
    p.approx = c.approx;
    p.scale = c.scale;
    p.type = c.decimal || p.value != std::floor(p.value) ? NumberType::kDecimal
                                                         : NumberType::kInteger;
    if (c.first == c.last && c.first != kNone) {
      const Token& t = tokens_[c.first];
      p.plain = t.kind == Token::Kind::kNumeric && t.plain;
      p.digits = t.int_digits;
      p.leading_zero = t.leading_zero;
      p.single_word =
          t.kind == Token::Kind::kWord && t.word->role == Role::kAdd;
      p.ambiguous = p.single_word && t.word->ambiguous;
    }
    return p;
  }

  // "half million", "demi-million", "half a dozen": a fraction times the
  // multiplier after it.
  void ApplyPostScale(Piece* p, size_t* last) const {
    const size_t k = *last + 1;
    if (IsRole(k, Role::kScale) || IsRole(k, Role::kCollective)) {
      p->value *= tokens_[k].value;
      p->scale = tokens_[k].value;
      p->approx = p->approx || tokens_[k].word->approx;
      *last = k;
    } else if (IsRole(k, Role::kArticle) && (IsRole(k + 1, Role::kCollective) ||
                                             IsRole(k + 1, Role::kScale))) {
      p->value *= tokens_[k + 1].value;
      p->scale = tokens_[k + 1].value;
      *last = k + 1;
    }
  }

  // A denominator after a count: "trois cinquièmes", "deux tiers". With an
  // "et" inside the count, the fraction may be the part after it:
  // "cent trois et deux tiers" is 103 + 2/3.
  // After a scale, the fraction is of the scale: "cinq milliards et trois
  // quarts" is 5.75e9.
  double FractionValue(const Card& c, double den) const {
    if (c.and_tok != kNone && c.before_and > 0) {
      const double after = c.Value() - c.before_and;
      if (after > 0 && after < den)
        return c.before_and + after / den * c.and_scale;
    }
    return c.Value() / den;
  }

  std::vector<Piece> Compose() {
    std::vector<Piece> out;
    const size_t n = tokens_.size();
    size_t i = 0;
    while (i < n) {
      if (tokens_[i].dropped) {
        ++i;
        continue;
      }
      const size_t start = i;
      int sign = 1;
      if (IsRole(i, Role::kMinus)) {
        sign = -1;
        ++i;
        if (i >= n) break;
      }
      if (tokens_[i].kind == Token::Kind::kNumeric) sign *= tokens_[i].sign;

      // An article before a denominator or a compound ordinal is the
      // numerator one: "un cinquième", "a half", "un vingt-cinquième".
      if (IsRole(i, Role::kArticle)) {
        if (IsRole(i + 1, Role::kOrdinal) || IsRole(i + 1, Role::kFraction)) {
          const double den = tokens_[i + 1].value;
          if (IsRole(i + 1, Role::kOrdinal) && den < 3) {
            ++i;  // "un premier": the ordinal alone
            continue;
          }
          Piece p;
          p.begin = tokens_[start].begin;
          p.value = sign / den;
          p.type = NumberType::kFraction;
          p.spelled = true;
          p.article_ordinal =
              IsRole(i + 1, Role::kOrdinal) && !tokens_[i + 1].word->plural;
          size_t last = i + 1;
          ApplyPostScale(&p, &last);
          p.end = tokens_[last].end;
          out.push_back(p);
          i = last + 1;
          continue;
        }
        size_t k;
        Card c2 = ParseCardinal(i + 1, &k);
        if (c2.any) {
          if (auto o = TryOrdinal(c2, k)) {
            Piece p;
            p.begin = tokens_[start].begin;
            p.end = tokens_[o->end_tok].end;
            p.value = sign / o->value;
            p.type = NumberType::kFraction;
            p.spelled = true;
            out.push_back(p);
            i = o->end_tok + 1;
            continue;
          }
        }
      }

      size_t j;
      Card c = ParseCardinal(i, &j);
      if (!c.any) {
        const Token& t = tokens_[i];
        if (IsRole(i, Role::kOrdinal)) {
          Piece p;
          p.begin = tokens_[start].begin;
          p.end = t.end;
          p.value = t.value;
          p.type = NumberType::kOrdinal;
          p.spelled = true;
          out.push_back(p);
        } else if (IsRole(i, Role::kFraction) &&
                   (t.word->standalone || IsRole(i + 1, Role::kScale))) {
          // "half", "la moitié"; "quarter million"
          Piece p;
          p.begin = tokens_[start].begin;
          p.value = sign / t.value;
          p.type = NumberType::kFraction;
          p.spelled = true;
          size_t last = i;
          ApplyPostScale(&p, &last);
          p.end = tokens_[last].end;
          out.push_back(p);
          i = last + 1;
          continue;
        }
        ++i;
        continue;
      }

      Piece p = MakePiece(c, start, c.last);
      size_t last = c.last;
      if (auto tail = ReadTail(c, j, &p, &last); tail) {
        p.end = tokens_[last].end;
      }
      p.value *= sign;
      p.begin = tokens_[start].begin;
      out.push_back(p);
      i = std::max(last + 1, j);
    }
    return out;
  }

  // Reads what may follow a cardinal: a decimal point, "sur"/"over", a
  // denominator or ordinal, "et demi". Updates *p and *last; returns whether
  // anything was read.
  bool ReadTail(const Card& c, size_t j, Piece* p, size_t* last) const {
    const size_t n = tokens_.size();
    if (j >= n) return false;

    // "deux cent virgule cinquante deux", "nought point eleven"
    if (IsRole(j, Role::kPoint) && !c.decimal && c.spelled && !c.approx &&
        p->value == std::floor(p->value)) {
      std::string digits;
      size_t k = j + 1;
      while (IsRole(k, Role::kAdd) &&
             tokens_[k].value == std::floor(tokens_[k].value) &&
             tokens_[k].value < 100) {
        double v = tokens_[k].value;
        if (IsTens(v) && v >= 20 && IsRole(k + 1, Role::kAdd) &&
            tokens_[k + 1].value >= 1 && tokens_[k + 1].value < 10 &&
            tokens_[k + 1].gap != Gap::kBreak) {
          v += tokens_[k + 1].value;
          ++k;
        }
        digits += std::to_string(static_cast<int>(v));
        ++k;
      }
      if (digits.empty()) return false;
      auto frac = DigitsValue("0", digits);
      if (!frac) return false;
      p->value += *frac;
      p->type = NumberType::kDecimal;
      *last = k - 1;
      return true;
    }

    // "un sur trois", "two out of five hundred"
    if (IsRole(j, Role::kOver) && options_.allow_over && !c.decimal &&
        !c.closed && p->value == std::floor(p->value)) {
      size_t k;
      Card d = ParseCardinal(j + 1, &k);
      const bool proper = tokens_[j].word->proper;
      if (d.any && d.Value() > 0 && d.Value() == std::floor(d.Value()) &&
          (!proper || p->value <= d.Value())) {
        p->value = p->value / d.Value();
        p->type = NumberType::kFraction;
        p->spelled = true;
        p->plain = false;
        *last = d.last;
        return true;
      }
      return false;
    }

    // "vingt et unième", "trois centième"; plural: "one hundred thirty
    // fifths" (100/35), "twenty fifths" (20/5).
    if (auto o = TryOrdinal(c, j)) {
      if (!o->plural) {
        p->value = o->value;
        p->type = NumberType::kOrdinal;
      } else {
        const double ord = tokens_[o->end_tok].value;
        const Token& tail = tokens_[c.last];
        const bool tens_compound =
            tail.kind == Token::Kind::kWord && tail.word->role == Role::kAdd &&
            IsTens(tail.value) && c.small == tail.value &&
            c.small_start == c.last &&
            (c.and_tok == kNone || c.and_tok + 1 != c.last) &&
            c.Value() - c.small > 0 && o->end_tok == j;
        if (tens_compound) {
          p->value = (c.Value() - c.small) / (c.small + ord);
        } else {
          p->value = FractionValue(c, ord);
        }
        p->type = NumberType::kFraction;
      }
      p->plain = false;
      p->spelled = true;
      *last = o->end_tok;
      if (p->type == NumberType::kFraction) ApplyPostScale(p, last);
      return true;
    }

    // "trois cinquièmes", "deux tiers", "cent trois et deux tiers"
    if (IsRole(j, Role::kFraction) ||
        (IsRole(j, Role::kOrdinal) && tokens_[j].value >= 3)) {
      const double den = tokens_[j].value;
      p->value = FractionValue(c, den);
      p->type = NumberType::kFraction;
      p->plain = false;
      p->spelled = true;
      *last = j;
      const bool split = c.and_tok != kNone && c.before_and > 0 &&
                         c.Value() - c.before_and < den;
      if (!split) {
        ApplyPostScale(p, last);
      } else if (IsRole(j + 1, Role::kScale) &&
                 tokens_[j + 1].value < c.and_scale) {
        // "one billion and three quarters million"
        p->value = c.before_and +
                   (c.Value() - c.before_and) / den * tokens_[j + 1].value;
        *last = j + 1;
      }
      return true;
    }

    // "un million et demi", "two and three quarters", "one billion and a
    // half million"
    if (IsRole(j, Role::kAnd)) {
      size_t m = j + 1;
      double numerator = 1;
      if (IsRole(m, Role::kArticle)) {
        ++m;
      } else if (!IsRole(m, Role::kFraction)) {
        size_t k;
        Card d = ParseCardinal(m, &k);
        if (!d.any || d.closed) return false;
        numerator = d.Value();
        m = k;
      }
      if (!(IsRole(m, Role::kFraction) ||
            (IsRole(m, Role::kOrdinal) && tokens_[m].value >= 3))) {
        return false;
      }
      const double fraction = numerator / tokens_[m].value;
      if (fraction >= 1) return false;
      size_t end_tok = m;
      if (c.after_scale) {
        double scale = c.last_scale;
        if (IsRole(m + 1, Role::kScale) &&
            tokens_[m + 1].value < c.last_scale) {
          scale = tokens_[m + 1].value;
          end_tok = m + 1;
        }
        p->value = c.Value() + fraction * scale;
      } else {
        p->value = c.Value() + fraction;
        ApplyPostScale(p, &end_tok);
      }
      p->type = NumberType::kFraction;
      p->plain = false;
      p->spelled = true;
      *last = end_tok;
      return true;
    }

    // A count followed by a compound ordinal: "one one hundred fifth",
    // "three twenty-firsts", "twenty twenty fifths".
    if (!c.closed && !c.decimal && p->value == std::floor(p->value)) {
      size_t k;
      Card d = ParseCardinal(j, &k);
      if (d.any && !d.decimal) {
        if (auto o = TryOrdinal(d, k); o && p->value < o->value) {
          p->value = p->value / o->value;
          p->type = NumberType::kFraction;
          p->plain = false;
          p->spelled = true;
          *last = o->end_tok;
          return true;
        }
      }
    }
    return false;
  }

  std::string_view text_;
  const Lexicon& lex_;
  const ParseOptions& options_;
  std::string folded_;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Piece> ParseNumbers(std::string_view text, size_t begin, size_t end,
                                const Lexicon& lexicon,
                                const ParseOptions& options) {
  if (begin >= end || end > text.size()) return {};
  Parser parser(text, lexicon, options);
  std::vector<Piece> pieces = parser.Parse(begin, end);
  // "mille mille mille ..." multiplies without end.
  std::erase_if(pieces, [](const Piece& p) { return !std::isfinite(p.value); });
  return pieces;
}

}  // namespace newsline::figures
