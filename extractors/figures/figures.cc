#include "extractors/figures/figures.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "core/unicode.h"
#include "extractors/figures/internal/lexicon.h"
#include "extractors/figures/internal/number_parser.h"
#include "extractors/figures/internal/text.h"

namespace newsline {
namespace {

using figures::FoldKey;
using figures::Lexicon;
using figures::NumberType;
using figures::Piece;

constexpr size_t kNpos = std::string_view::npos;

// What a rule is, read once from its attributes and group names.
struct RuleSpec {
  const Rule* rule = nullptr;
  MentionKind kind = MentionKind::kNumber;
  std::string unit;
  bool standalone = false;
  double max_denominator = 0;
  // Group indices into RuleMatch::groups; -1 when the rule has none.
  int num = -1, numer = -1, denom = -1, whole = -1, sign = -1, pow = -1,
      exp = -1, suffix = -1, cur = -1, scale = -1, minor = -1, minor_cur = -1,
      unit_group = -1, pct = -1, one = -1;
};

struct Candidate {
  const RuleSpec* spec = nullptr;
  MentionKind kind = MentionKind::kNumber;
  size_t begin = 0;
  size_t end = 0;
  double value = 0;
  double mult =
      1;  // currency factor and scale the piece's value was multiplied by
  std::string unit;
  std::string object;
  bool approx = false;
  std::optional<double> min, max, from, to;
  Piece piece;
  bool paired = false;

  bool Bare() const {
    return kind == MentionKind::kNumber && object.empty() && unit.empty();
  }
};

struct Span {
  size_t begin = 0, end = 0;
};

std::optional<double> ParseInt(std::string_view s) {
  double v = 0;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

struct FiguresExtractor::Impl {
  RulePack pack;
  Lexicon lex;
  std::vector<RuleSpec> specs;  // by rule index

  explicit Impl(RulePack p, Lexicon l)
      : pack(std::move(p)), lex(std::move(l)) {}

  // Per-sentence context.
  struct Context {
    std::string_view text;
    size_t begin, end;
    std::vector<Span> urls;
    figures::LazyTitleCase title_case;  // capitals mark no names there
  };

  // The text each sentence's rules search: the sentence and the character
  // after it (see ExtractSentence).
  static std::vector<TextRange> SearchRanges(const Document& doc);
  // The figures of `doc`, given its rule matches in SearchRanges(doc).
  void ExtractDocument(const Document& doc,
                       const std::vector<std::vector<RuleMatch>>& matches,
                       std::vector<Mention>* out) const;
  void ExtractSentence(const Document& doc, int index,
                       const std::vector<RuleMatch>& matches,
                       const std::vector<Span>& urls,
                       std::vector<Candidate>* kept) const;
  void BuildCandidates(const RuleMatch& m, const Context& s,
                       std::vector<Candidate>* out) const;
  bool LocallyExcluded(const Candidate& c, const Context& s) const;
  bool DayOfRange(std::string_view text, const Candidate& c,
                  const Context& s) const;
  // The noun phrase a count at `pos` counts, or "". `plural_count`: the
  // count is two or more, so its noun is plural (see PLURAL_ENDING).
  std::string FindObject(std::string_view text, size_t pos, size_t end,
                         const figures::LazyTitleCase& title_case,
                         bool plural_count) const;
  bool IsExcludedHead(std::string_view word) const;
  void ApplyModifiers(Candidate* c, const Context& s) const;
  void PairUp(std::vector<Candidate>* cands, const Context& s) const;
  bool HasChangeWord(const Context& s) const;
  bool NumberBefore(std::string_view text, size_t pos, size_t begin) const;
};

Result<std::unique_ptr<FiguresExtractor>> FiguresExtractor::Create(
    RulePack pack) {
  auto lex = Lexicon::Build(pack);
  if (!lex) return std::unexpected(lex.error());
  auto impl = std::make_unique<Impl>(std::move(pack), std::move(*lex));

  static const std::set<std::string, std::less<>> kAttributes = {
      "kind", "unit", "standalone", "max_denominator"};
  for (const Rule& rule : impl->pack.rules()) {
    auto fail = [&](std::string message) {
      return MakeError(ErrorCode::kBadRule,
                       impl->pack.path() + ":" + std::to_string(rule.line),
                       "rule " + rule.id + ": " + std::move(message));
    };
    RuleSpec spec;
    spec.rule = &rule;
    for (const auto& [key, value] : rule.attributes) {
      if (!kAttributes.count(key)) {
        return fail("unknown attribute \"" + key +
                    "\" (kind, unit, standalone, max_denominator)");
      }
    }
    const std::string_view kind = rule.Attribute("kind");
    if (kind.empty())
      return fail("needs a kind (number, ordinal, money, percent, quantity)");
    auto parsed = ParseMentionKind(kind);
    if (!parsed || !IsFigure(*parsed)) {
      return fail(
          "kind must be number, ordinal, money, percent or quantity, got \"" +
          std::string(kind) + "\"");
    }
    spec.kind = *parsed;
    spec.unit = std::string(rule.Attribute("unit"));
    const std::string_view standalone = rule.Attribute("standalone", "no");
    if (standalone != "yes" && standalone != "no")
      return fail("standalone takes yes or no");
    spec.standalone = standalone == "yes";
    if (rule.HasAttribute("max_denominator")) {
      auto v = ParseInt(rule.Attribute("max_denominator"));
      if (!v || *v < 2)
        return fail("max_denominator takes an integer of at least 2");
      spec.max_denominator = *v;
    }

    const std::pair<std::string_view, int*> groups[] = {
        {"num", &spec.num},         {"numer", &spec.numer},
        {"denom", &spec.denom},     {"whole", &spec.whole},
        {"sign", &spec.sign},       {"pow", &spec.pow},
        {"exp", &spec.exp},         {"suffix", &spec.suffix},
        {"cur", &spec.cur},         {"scale", &spec.scale},
        {"minor", &spec.minor},     {"minor_cur", &spec.minor_cur},
        {"unit", &spec.unit_group}, {"pct", &spec.pct},
        {"one", &spec.one}};
    for (size_t i = 0; i < rule.group_names.size(); ++i) {
      const std::string& name = rule.group_names[i];
      if (name.empty()) continue;
      bool known = false;
      for (const auto& [g, field] : groups) {
        if (g == name) {
          *field = static_cast<int>(i);
          known = true;
        }
      }
      if (!known) return fail("unknown group (?P<" + name + ">...)");
    }
    const bool digit_fraction = spec.numer >= 0 && spec.denom >= 0;
    const bool any_group =
        std::any_of(rule.group_names.begin(), rule.group_names.end(),
                    [](const std::string& g) { return !g.empty(); });
    const bool counting =
        spec.kind == MentionKind::kNumber || spec.kind == MentionKind::kOrdinal;
    if (spec.num < 0 && !digit_fraction && !(counting && !any_group)) {
      return fail(
          "needs a group (?P<num>...) or (?P<numer>...)/(?P<denom>...); only "
          "number and ordinal rules may have no group");
    }
    if (spec.one >= 0 && spec.kind != MentionKind::kMoney) {
      return fail("only money rules take (?P<one>...): \"un dollar\"");
    }
    if (spec.kind == MentionKind::kMoney && spec.cur < 0) {
      return fail("a money rule needs a group (?P<cur>...)");
    }
    if (spec.kind == MentionKind::kQuantity && spec.unit_group < 0 &&
        spec.unit.empty()) {
      return fail(
          "a quantity rule needs a group (?P<unit>...) or an attribute unit");
    }
    if (spec.kind == MentionKind::kOrdinal &&
        (spec.cur >= 0 || spec.unit_group >= 0)) {
      return fail("an ordinal has no currency or unit");
    }
    if (digit_fraction && spec.max_denominator == 0) {
      return fail("a digit fraction rule needs max_denominator");
    }
    if ((spec.minor_cur >= 0 || spec.minor >= 0) && spec.cur < 0) {
      return fail("minor amounts need a main currency group (?P<cur>...)");
    }
    if (rule.examples.empty()) return fail("has no example");
    impl->specs.push_back(std::move(spec));
  }
  return std::unique_ptr<FiguresExtractor>(
      new FiguresExtractor(std::move(impl)));
}

FiguresExtractor::FiguresExtractor(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
FiguresExtractor::~FiguresExtractor() = default;

const RulePack& FiguresExtractor::pack() const { return impl_->pack; }

bool FiguresExtractor::Impl::NumberBefore(std::string_view text, size_t pos,
                                          size_t begin) const {
  const size_t stop = figures::SkipSpacesBack(text, pos, begin);
  if (stop == begin) return false;
  if (IsAsciiDigit(text[stop - 1])) return true;
  const size_t start = figures::WordStart(text, stop, begin);
  return start < stop &&
         lex.FindNumberWord(FoldKey(text.substr(start, stop - start)));
}

bool FiguresExtractor::Impl::IsExcludedHead(std::string_view word) const {
  const std::string folded = FoldKey(word);
  return lex.stop_words().Contains(folded) || lex.months().Contains(folded) ||
         lex.time_units().Contains(folded) ||
         lex.percent_words().Contains(folded) ||
         lex.FindNumberWord(folded) != nullptr ||
         lex.FindCurrency(word) != nullptr || lex.FindUnit(word) != nullptr;
}

// The counted noun phrase after a number: the first word (after "de", "of"
// and adjectives such as "nouvelles", "key") if it is a content word, then up
// to three capitalized, all-caps or model- name words: "GPU NVIDIA H100". In a
// title-case title only the last two.
std::string FiguresExtractor::Impl::FindObject(
    std::string_view text, size_t pos, size_t end,
    const figures::LazyTitleCase& title_case, bool plural_count) const {
  constexpr int kMaxWords = 4;
  size_t p = figures::SkipSpaces(text, pos, end);
  if (p == pos && p < end && figures::WordCharAt(text, p)) return "";
  if (size_t e = lex.object_links().MatchAfter(text, p, end); e != kNpos) {
    p = figures::SkipSpaces(text, e, end);
  }
  // "deux nouvelles baisses", "three key rates": the noun, not its adjective.
  constexpr int kMaxModifiers = 2;
  for (int i = 0; i < kMaxModifiers; ++i) {
    const size_t e = lex.object_modifiers().MatchAfter(text, p, end);
    if (e == kNpos || e >= end || text[e] != ' ') break;
    p = figures::SkipSpaces(text, e, end);
  }
  const size_t head_end = figures::WordEnd(text, p, end);
  if (head_end == p) return "";
  const std::string_view head = text.substr(p, head_end - p);
  if (head.back() == '\'' || !figures::HasLetter(head) ||
      IsExcludedHead(head)) {
    return "";
  }
  size_t obj_end = head_end;
  int words = 1;
  while (words < kMaxWords && obj_end + 1 < end && text[obj_end] == ' ') {
    const size_t w_begin = obj_end + 1;
    const size_t w_end = figures::WordEnd(text, w_begin, end);
    if (w_end == w_begin) break;
    const std::string_view w = text.substr(w_begin, w_end - w_begin);
    if (w.back() == '\'') break;
    const bool name_like = (figures::StartsUpper(w) && !title_case.Get()) ||
                           figures::AllUpper(w) ||
                           (figures::HasDigit(w) && figures::HasLetter(w));
    if (!name_like || IsExcludedHead(w)) break;
    obj_end = w_end;
    ++words;
  }
  if (plural_count && lex.HeadFirst() && !figures::StartsUpper(head) &&
      !figures::HasDigit(head) && !lex.LooksPlural(FoldKey(head))) {
    // A plural count's noun is plural where the head comes first: "quinze
    // apparaissaient" is a verb, not what is counted.
    return "";
  }
  if (plural_count && lex.HeadLast()) {
    // Where a noun phrase ends with its head, the object runs on over
    // lower-case words up to the first plural: "three key interest rates"
    // counts "interest rates", "12,000 Nvidia H100 chips" "Nvidia H100
    // chips"; but "449,080 cars analysts had expected" stops at "cars".
    size_t q = obj_end;
    std::string last = FoldKey(text.substr(p, obj_end - p));
    for (int extra = 1; !lex.LooksPlural(last) && words + extra <= kMaxWords &&
                        q + 1 < end && text[q] == ' ';
         ++extra) {
      const size_t w_begin = q + 1;
      const size_t w_end = figures::WordEnd(text, w_begin, end);
      const std::string_view w = text.substr(w_begin, w_end - w_begin);
      if (w.empty() || !figures::AllLowerLetters(w) || IsExcludedHead(w)) {
        break;
      }
      q = w_end;
      last = FoldKey(w);
      if (lex.LooksPlural(last)) {
        obj_end = q;
        words += extra;
      }
    }
  }
  return std::string(text.substr(p, obj_end - p));
}

void FiguresExtractor::Impl::BuildCandidates(
    const RuleMatch& m, const Context& s, std::vector<Candidate>* out) const {
  const std::string_view text = s.text;
  const RuleSpec& spec =
      specs[static_cast<size_t>(m.rule - pack.rules().data())];
  auto has = [&](int g) {
    return g >= 0 && static_cast<size_t>(g) < m.groups.size() &&
           m.groups[g].data() != nullptr;
  };
  auto begin_of = [&](int g) {
    return static_cast<size_t>(m.groups[g].data() - text.data());
  };
  auto end_of = [&](int g) { return begin_of(g) + m.groups[g].size(); };
  auto str = [&](int g) { return has(g) ? m.groups[g] : std::string_view(); };

  // The mention runs from the first to the last named group. A rule
  // without groups is a number run as a whole (RE2 is much faster when it
  // need not report groups); the parser leaves out the END character.
  size_t span_begin = kNpos, span_end = 0;
  for (size_t i = 1; i < m.groups.size(); ++i) {
    if (m.rule->group_names[i].empty() || !has(static_cast<int>(i))) continue;
    span_begin = std::min(span_begin, begin_of(static_cast<int>(i)));
    span_end = std::max(span_end, end_of(static_cast<int>(i)));
  }
  const bool whole_run = span_begin == kNpos && spec.num < 0 && spec.numer < 0;
  std::vector<Piece> run_pieces;
  if (whole_run) {
    // "$2000 over 3 years" is not a fraction.
    size_t run_end = m.end;
    if (run_end > m.begin && !figures::WordCharBefore(text, run_end)) {
      DecodeBefore(text, run_end, &run_end);
    }
    figures::ParseOptions options;
    options.allow_over =
        lex.time_units().MatchAfter(text, run_end, s.end) == kNpos;
    run_pieces = figures::ParseNumbers(text, m.begin, m.end, lex, options);
    // The run may start or end inside a token ("-19 35 000" after "COVID",
    // "320 3 fois" after "A"): such pieces go, the others stay.
    while (!run_pieces.empty() &&
           !figures::StartsToken(text, run_pieces.front().begin)) {
      run_pieces.erase(run_pieces.begin());
    }
    while (!run_pieces.empty() &&
           !figures::EndsToken(text, run_pieces.back().end)) {
      run_pieces.pop_back();
    }
    if (run_pieces.empty()) return;
    span_begin = run_pieces.front().begin;
    span_end = run_pieces.back().end;
  }
  if (span_begin == kNpos || span_begin >= span_end) return;
  if (!figures::StartsToken(text, span_begin) ||
      !figures::EndsToken(text, span_end)) {
    return;
  }

  Candidate c;
  c.spec = &spec;
  c.kind = spec.kind;
  c.unit = spec.unit;

  // Digit forms read without the number parser.
  if (has(spec.suffix)) {
    auto v = ParseInt(str(spec.num));
    if (!v) return;
    c.begin = span_begin;
    c.end = span_end;
    c.value = *v;
    c.piece.type = NumberType::kOrdinal;
    c.piece.plain = true;
    c.piece.digits = static_cast<int>(str(spec.num).size());
    c.piece.value = *v;
    out->push_back(std::move(c));
    return;
  }
  if (has(spec.numer) && has(spec.denom)) {
    const std::string_view ns = str(spec.numer), ds = str(spec.denom);
    if ((ns.size() > 1 && ns[0] == '0') || (ds.size() > 1 && ds[0] == '0'))
      return;
    auto numer = ParseInt(ns), denom = ParseInt(ds);
    if (!numer || !denom || *denom < 2 || *numer >= *denom ||
        *denom > spec.max_denominator) {
      return;
    }
    double v = *numer / *denom;
    if (has(spec.whole)) {
      auto whole = ParseInt(str(spec.whole));
      if (!whole) return;
      v += *whole;
    }
    if (str(spec.sign) == "-") v = -v;
    c.begin = span_begin;
    c.end = span_end;
    c.value = v;
    c.piece.type = NumberType::kFraction;
    c.piece.value = v;
    out->push_back(std::move(c));
    return;
  }
  std::vector<Piece> pieces;
  size_t num_begin, num_end;
  if (whole_run) {
    num_begin = span_begin;
    num_end = span_end;
    pieces = std::move(run_pieces);
  } else if (has(spec.num)) {
    num_begin = begin_of(spec.num);
    num_end = end_of(spec.num);
    figures::ParseOptions options;
    // "$2000 over 3 years" is not a fraction.
    options.allow_over =
        lex.time_units().MatchAfter(text, span_end, s.end) == kNpos;
    pieces = figures::ParseNumbers(text, num_begin, num_end, lex, options);
  } else if (has(spec.one)) {
    // "un dollar": the article is the amount.
    num_begin = begin_of(spec.one);
    num_end = end_of(spec.one);
    Piece one;
    one.begin = num_begin;
    one.end = num_end;
    one.value = 1;
    one.spelled = true;
    pieces.push_back(one);
  } else {
    return;
  }
  if (pieces.empty()) return;

  if (has(spec.pow) || has(spec.exp)) {
    if (pieces.size() != 1 || pieces[0].begin != num_begin ||
        pieces[0].end != num_end || pieces[0].spelled) {
      return;
    }
    auto e = ParseInt(has(spec.pow) ? str(spec.pow) : str(spec.exp));
    if (!e) return;
    const double base = pieces[0].value;
    const double v =
        has(spec.pow) ? std::pow(base, *e) : base * std::pow(10.0, *e);
    if (!std::isfinite(v)) return;
    c.begin = span_begin;
    c.end = span_end;
    c.value = v;
    c.piece = pieces[0];
    c.piece.plain = false;
    c.piece.type = NumberType::kDecimal;
    out->push_back(std::move(c));
    return;
  }

  if (spec.kind == MentionKind::kNumber || spec.kind == MentionKind::kOrdinal) {
    for (const Piece& p : pieces) {
      const bool ordinal = p.type == NumberType::kOrdinal;
      if (ordinal != (spec.kind == MentionKind::kOrdinal)) continue;
      // "a fourth round", "une troisième fois": before a word other than
      // "of", "des", an ordinal (the ordinal rule reports it), not a
      // fraction ("a fifth of", "un cinquième des").
      if (p.article_ordinal) {
        const size_t next = figures::SkipSpaces(text, p.end, s.end);
        if (next < s.end && figures::WordCharAt(text, next) &&
            lex.fraction_of().MatchAfter(text, next, s.end) == kNpos) {
          continue;
        }
      }
      Candidate n = c;
      n.begin = p.begin;
      n.end = p.end;
      n.value = p.value;
      n.approx = p.approx;
      n.piece = p;
      out->push_back(std::move(n));
    }
    return;
  }

  // Money, percent, quantity: the piece next to the unit carries it.
  size_t others_begin = kNpos, others_end = 0;
  for (int g : {spec.cur, spec.scale, spec.unit_group, spec.pct, spec.minor,
                spec.minor_cur}) {  // not `one`: it is the amount
    if (!has(g)) continue;
    others_begin = std::min(others_begin, begin_of(g));
    others_end = std::max(others_end, end_of(g));
  }
  const bool unit_after = others_begin == kNpos || others_begin >= num_end;
  const Piece& p = unit_after ? pieces.back() : pieces.front();
  if (unit_after ? p.end != num_end : p.begin != num_begin) return;
  if (p.type == NumberType::kOrdinal) return;
  c.piece = p;
  c.value = p.value;
  c.approx = p.approx;
  c.begin = std::min(p.begin, others_begin);
  c.end = std::max(p.end, others_begin == kNpos ? p.end : others_end);

  if (spec.standalone) {
    if (NumberBefore(text, c.begin, s.begin)) return;
    const size_t next = figures::SkipSpaces(text, c.end, s.end);
    if (next < s.end) {
      if (text[next] == '%') return;
      const size_t w_end = figures::WordEnd(text, next, s.end);
      if (w_end > next && !lex.stop_words().Contains(
                              FoldKey(text.substr(next, w_end - next)))) {
        return;
      }
    }
  }

  if (spec.kind == MentionKind::kMoney) {
    const figures::Currency* currency = lex.FindCurrency(str(spec.cur));
    if (currency == nullptr) return;
    c.unit = currency->code;
    c.mult = currency->factor;
    if (has(spec.scale)) {
      // An abbreviation ("£10m", "MAUD") or a scale word ("75 USD million").
      std::optional<double> scale = lex.MoneyScale(str(spec.scale));
      if (const figures::NumberWord* w =
              lex.FindNumberWord(FoldKey(str(spec.scale)));
          !scale && w != nullptr && w->role == figures::Role::kScale) {
        scale = w->value;
      }
      if (!scale) return;
      c.mult *= *scale;
      c.piece.scale = *scale;
    }
    c.value = p.value * c.mult;
    if (has(spec.minor)) {
      // The run may have taken the minor unit as a number word: "quarante-
      // cinq cents" (as in "cinq cents"). Then the last word is the unit.
      size_t minor_end = end_of(spec.minor);
      std::string_view minor_unit = str(spec.minor_cur);
      if (minor_unit.empty()) {
        size_t last = minor_end;
        while (last > begin_of(spec.minor) && text[last - 1] != ' ') --last;
        const figures::Currency* tail =
            last > begin_of(spec.minor)
                ? lex.FindCurrency(text.substr(last, minor_end - last))
                : nullptr;
        if (tail != nullptr && tail->factor < 1) {
          minor_unit = text.substr(last, minor_end - last);
          minor_end = figures::SkipSpacesBack(text, last, begin_of(spec.minor));
        }
      }
      std::vector<Piece> minor =
          figures::ParseNumbers(text, begin_of(spec.minor), minor_end, lex);
      if (minor.size() != 1 || minor[0].begin != begin_of(spec.minor) ||
          minor[0].end != minor_end || minor[0].type != NumberType::kInteger ||
          minor[0].value < 1 || minor[0].value > 99 || currency->factor < 1 ||
          c.mult != 1 || p.scale != 1) {
        return;
      }
      double factor = 0.01;
      if (!minor_unit.empty()) {
        const figures::Currency* mc = lex.FindCurrency(minor_unit);
        if (mc == nullptr || mc->factor >= 1) return;
        factor = mc->factor;
      } else {
        // "15 dollars 50." but not "15 dollars 50 personnes", "10 $ 30 $".
        const size_t next =
            figures::SkipSpaces(text, end_of(spec.minor), s.end);
        if (next < s.end &&
            std::string_view(".,;:!?)").find(text[next]) == kNpos)
          return;
      }
      c.value += minor[0].value * factor;
    }
  } else if (spec.kind == MentionKind::kQuantity && has(spec.unit_group)) {
    const std::string* unit = lex.FindUnit(str(spec.unit_group));
    if (unit == nullptr) return;
    c.unit = *unit;
  }
  if (!std::isfinite(c.value)) return;
  out->push_back(std::move(c));
}

// Whether the day number `c` has another day and a month on one side:
// "28 [au] 30 mai", "May 28-[30]", "between May 28 and [30]".
bool FiguresExtractor::Impl::DayOfRange(std::string_view text,
                                        const Candidate& c,
                                        const Context& s) const {
  constexpr size_t kMaxConnector = 4;  // "au", "et", "and", "to", "-"
  // Forwards: connector, day, month.
  size_t p = figures::SkipSpaces(text, c.end, s.end);
  size_t q =
      p < s.end && text[p] == '-' ? p + 1 : figures::WordEnd(text, p, s.end);
  if (q > p && q - p <= kMaxConnector && !IsAsciiDigit(text[p])) {
    q = figures::SkipSpaces(text, q, s.end);
    size_t d = q;
    while (d < s.end && d - q < 2 && IsAsciiDigit(text[d])) ++d;
    if (d > q && lex.months().MatchAfter(text, figures::WordEnd(text, q, s.end),
                                         s.end) != kNpos) {
      return true;
    }
  }
  // Backwards: month, day, connector.
  p = figures::SkipSpacesBack(text, c.begin, s.begin);
  q = p > s.begin && text[p - 1] == '-' ? p - 1
                                        : figures::WordStart(text, p, s.begin);
  if (q < p && p - q <= kMaxConnector && !IsAsciiDigit(text[q])) {
    q = figures::SkipSpacesBack(text, q, s.begin);
    size_t d = q;
    while (d > s.begin && q - d < 2 && IsAsciiDigit(text[d - 1])) --d;
    if (d < q && lex.months().MatchBefore(text, d, s.begin) != kNpos)
      return true;
  }
  return false;
}

bool FiguresExtractor::Impl::LocallyExcluded(const Candidate& c,
                                             const Context& s) const {
  const std::string_view text = s.text;
  for (const Span& url : s.urls) {
    if (c.begin < url.end && url.begin < c.end) return true;
  }
  // "one-time", "deux-roues", "the 50-second mark": a figure glued to a
  // word by a hyphen is part of a compound. Numbers joined by hyphens are
  // not: "10-20", "three-nought-four".
  auto compound = [&](size_t hyphen, bool after) {
    size_t a = after ? hyphen + 1 : hyphen;
    size_t b = a;
    if (after) {
      b = figures::WordEnd(text, a, s.end);
      for (size_t i = a; i < b; ++i) {
        if (text[i] == '-' || text[i] == '.') b = i;  // the first part only
      }
    } else {
      while (a > s.begin && figures::WordCharBefore(text, a)) {
        DecodeBefore(text, a, &a);
      }
    }
    if (a == b) return false;
    const std::string_view word = text.substr(a, b - a);
    const bool word_digit = IsAsciiDigit(after ? word.front() : word.back());
    const bool edge_digit =
        IsAsciiDigit(after ? text[hyphen - 1] : text[hyphen + 1]);
    if (word_digit || edge_digit) return word_digit != edge_digit;
    return !lex.FindNumberWord(FoldKey(word));
  };
  if (c.end + 1 < s.end && text[c.end] == '-' && compound(c.end, true)) {
    return true;
  }
  if (c.begin > s.begin + 1 && text[c.begin - 1] == '-' &&
      compound(c.begin - 1, false)) {
    return true;
  }
  const Piece& p = c.piece;
  const bool count =
      c.kind == MentionKind::kNumber || c.kind == MentionKind::kOrdinal;
  if (!count) return false;

  // "the one", "this one": a pronoun.
  if (p.single_word && c.value == 1 &&
      lex.pronoun_before().MatchBefore(text, c.begin, s.begin) != kNpos) {
    return true;
  }
  if (!p.plain) return false;
  // Clock times: "10:30", "10 h 30", "9 a.m.".
  if (c.end + 1 < s.end && text[c.end] == ':' && IsAsciiDigit(text[c.end + 1]))
    return true;
  if (c.begin >= 2 && c.begin > s.begin + 1 && text[c.begin - 1] == ':' &&
      IsAsciiDigit(text[c.begin - 2])) {
    return true;
  }
  if (c.value <= 24 &&
      lex.clock_marks().MatchAfter(text, c.end, s.end) != kNpos) {
    return true;
  }
  if (c.value < 60) {
    const size_t mark = lex.clock_marks().MatchBefore(text, c.begin, s.begin);
    if (mark != kNpos) {
      const size_t before = figures::SkipSpacesBack(text, mark, s.begin);
      if (before > s.begin && IsAsciiDigit(text[before - 1])) return true;
    }
  }
  // Day numbers: "10 avril", "April 10", "le 1er mai", and the first of a
  // range of days: "du 28 au 30 mai", "May 28-30".
  if (p.digits <= 2 && c.value >= 1 && c.value <= 31 &&
      (lex.months().MatchAfter(text, c.end, s.end) != kNpos ||
       lex.months().MatchBefore(text, c.begin, s.begin) != kNpos ||
       DayOfRange(text, c, s))) {
    return true;
  }
  // A number right after a capitalized word inside a sentence is part of a
  // name: "Boeing 737", "Windows 11", "COP 28", "S&P 500".
  if (c.begin >= s.begin + 2 && text[c.begin - 1] == ' ') {
    const size_t stop = c.begin - 1;
    size_t start = figures::WordStart(text, stop, s.begin);
    if (start < stop && start > s.begin) {
      // "S&P": the word may join capitals with '&'.
      while (start >= s.begin + 2 && text[start - 1] == '&' &&
             figures::WordCharBefore(text, start - 1)) {
        start = figures::WordStart(text, start - 1, s.begin);
      }
      const std::string_view word = text.substr(start, stop - start);
      if (start > s.begin && figures::StartsUpper(word) &&
          word.back() != '\'' && !IsExcludedHead(word) &&
          lex.modifiers().MatchBefore(text, c.begin, s.begin) == kNpos &&
          !s.title_case.Get()) {
        return true;
      }
    }
  }
  return false;
}

void FiguresExtractor::Impl::ApplyModifiers(Candidate* c,
                                            const Context& s) const {
  const std::string* value = nullptr;
  if (lex.modifiers().MatchBefore(s.text, c->begin, s.begin, &value) == kNpos)
    return;
  switch (*lex.ModifierOf(*value)) {
    case figures::Modifier::kApprox:
      c->approx = true;
      break;
    case figures::Modifier::kMin:
      c->min = c->value;
      break;
    case figures::Modifier::kMax:
      c->max = c->value;
      break;
  }
}

bool FiguresExtractor::Impl::HasChangeWord(const Context& s) const {
  size_t p = s.begin;
  while (p < s.end) {
    if (!figures::WordCharAt(s.text, p)) {
      ++p;
      continue;
    }
    const size_t e = figures::WordEnd(s.text, p, s.end);
    if (e == p) {
      ++p;
      continue;
    }
    std::string word = FoldKey(s.text.substr(p, e - p));
    // "s'envolent": the verb after an elided pronoun.
    if (size_t apostrophe = word.rfind('\''); apostrophe != std::string::npos) {
      word.erase(0, apostrophe + 1);
    }
    if (!word.empty() && lex.IsChangeWord(word)) return true;
    p = e;
  }
  return false;
}

// Ranges and changes: two figures joined by a PAIR shape ("entre 10 et 20",
// "de 35 000 à 85 000", "10-20 %").
void FiguresExtractor::Impl::PairUp(std::vector<Candidate>* cands,
                                    const Context& s) const {
  std::optional<bool> change_word;
  const std::string_view text = s.text;
  for (size_t i = 0; i + 1 < cands->size(); ++i) {
    Candidate& a = (*cands)[i];
    Candidate& b = (*cands)[i + 1];
    if (a.paired || a.kind == MentionKind::kOrdinal ||
        b.kind == MentionKind::kOrdinal) {
      continue;
    }
    std::string_view between = text.substr(a.end, b.begin - a.end);
    while (!between.empty() && between.front() == ' ') between.remove_prefix(1);
    while (!between.empty() && between.back() == ' ') between.remove_suffix(1);
    if (between.empty() || between.size() > 16) continue;
    const std::string connector = FoldKey(between);
    const figures::PairShape* shape = nullptr;
    for (const figures::PairShape& sh : lex.pairs()) {
      if (sh.connector != connector) continue;
      if (!sh.opener.empty()) {
        const size_t stop = figures::SkipSpacesBack(text, a.begin, s.begin);
        if (stop < s.begin + sh.opener.size()) continue;
        const size_t start = stop - sh.opener.size();
        if (FoldKey(text.substr(start, sh.opener.size())) != sh.opener)
          continue;
        if (start > s.begin && figures::WordCharBefore(text, start)) continue;
        shape = &sh;
        break;
      }
      if (shape == nullptr) shape = &sh;
    }
    if (shape == nullptr) continue;
    const bool compatible =
        a.Bare() || b.Bare() ||
        (a.kind == b.kind && a.unit == b.unit && a.object == b.object);
    if (!compatible) continue;

    // A bare side takes the other's kind, unit, object and scale: "entre 2
    // et 3 milliards d'euros".
    auto inherit = [](Candidate& bare, const Candidate& full) {
      bare.kind = full.kind;
      bare.unit = full.unit;
      bare.object = full.object;
      double factor = full.mult;
      if (bare.piece.scale == 1 && full.piece.scale > 1 &&
          std::fabs(bare.piece.value) < 1000) {
        factor *= full.piece.scale;
      }
      bare.value = bare.piece.value * factor;
      bare.mult = factor;
      bare.piece.scale = full.piece.scale;
    };
    Candidate na = a, nb = b;
    if (a.Bare() && !b.Bare()) inherit(na, b);
    if (b.Bare() && !a.Bare()) inherit(nb, a);

    bool change = false;
    if (shape->type == figures::PairType::kChange) {
      if (!change_word) change_word = HasChangeWord(s);
      change = *change_word;
    }
    if (!change && !(na.value < nb.value)) continue;
    a = std::move(na);
    b = std::move(nb);
    if (change) {
      a.from = b.from = a.value;
      a.to = b.to = b.value;
    } else {
      a.min = b.min = a.value;
      a.max = b.max = b.value;
    }
    a.paired = b.paired = true;
  }
}

std::vector<TextRange> FiguresExtractor::Impl::SearchRanges(
    const Document& doc) {
  // The rules end with a guard that takes the character after the figure;
  // RE2 sees no end of text at a sentence end inside the text, so the search
  // runs one character further (the blank after the sentence). Searching
  // sentence by sentence is cheaper than the whole text at once: a rule
  // that hits is then searched only where it hits.
  std::vector<TextRange> ranges;
  ranges.reserve(doc.sentences.size());
  for (const Sentence& sentence : doc.sentences) {
    size_t search_end = sentence.end;
    if (search_end < doc.text.size()) {
      size_t len;
      DecodeAt(doc.text, search_end, &len);
      search_end += len;
    }
    ranges.push_back({sentence.begin, search_end});
  }
  return ranges;
}

void FiguresExtractor::Impl::ExtractSentence(
    const Document& doc, int index, const std::vector<RuleMatch>& matches,
    const std::vector<Span>& urls, std::vector<Candidate>* kept) const {
  const Sentence& sentence = doc.sentences[static_cast<size_t>(index)];
  Context s{doc.text,
            sentence.begin,
            sentence.end,
            {},
            figures::LazyTitleCase(doc.text, sentence.begin, sentence.end)};
  if (matches.empty()) return;

  for (const Span& url : urls) {
    if (url.begin < s.end && s.begin < url.end) s.urls.push_back(url);
  }

  std::vector<Candidate> cands;
  for (const RuleMatch& m : matches) BuildCandidates(m, s, &cands);
  std::erase_if(cands, [&](const Candidate& c) {
    return c.begin < s.begin || c.end > s.end || LocallyExcluded(c, s);
  });

  // Longest first, then priority, then earliest, then rule order
  // (the engine's ResolveOverlaps, on the candidates' own spans).
  std::sort(cands.begin(), cands.end(),
            [](const Candidate& a, const Candidate& b) {
              const size_t la = a.end - a.begin, lb = b.end - b.begin;
              if (la != lb) return la > lb;
              if (a.spec->rule->priority != b.spec->rule->priority) {
                return a.spec->rule->priority > b.spec->rule->priority;
              }
              if (a.begin != b.begin) return a.begin < b.begin;
              return a.spec->rule->line < b.spec->rule->line;
            });
  std::vector<Candidate> chosen;
  for (Candidate& c : cands) {
    bool overlaps = false;
    for (const Candidate& k : chosen) {
      if (c.begin < k.end && k.begin < c.end) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) chosen.push_back(std::move(c));
  }
  std::sort(
      chosen.begin(), chosen.end(),
      [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });

  for (Candidate& c : chosen) {
    if (c.kind == MentionKind::kNumber && c.value >= 0) {
      c.object = FindObject(s.text, c.end, s.end, s.title_case,
                            /*plural_count=*/c.value >= 2);
      if (!c.object.empty()) c.kind = MentionKind::kQuantity;
    }
  }
  std::erase_if(chosen, [&](const Candidate& c) {
    // "neuf" alone is "new"; "neuf voitures" is a count.
    if (c.piece.ambiguous && c.object.empty()) return true;
    // A year is a date unless it counts something: "en 2030" is a date, "en
    // 2030 exemplaires" a count.
    const bool year_like =
        c.piece.plain && c.piece.digits == 4 && c.value >= lex.year_min() &&
        c.value <= lex.year_max() &&
        (c.kind == MentionKind::kNumber || c.kind == MentionKind::kQuantity) &&
        c.unit.empty();
    if (!year_like) return false;
    // "depuis 2020 les ventes", "the 2008 crisis": after these words, a year.
    if (lex.year_cues().MatchBefore(s.text, c.begin, s.begin) != kNpos ||
        lex.months().MatchBefore(s.text, c.begin, s.begin) != kNpos) {
      return true;
    }
    // "2019-2020", "1939-45": a span of years.
    const std::string_view t = s.text;
    const bool years_before = c.begin >= s.begin + 5 && t[c.begin - 1] == '-' &&
                              IsAsciiDigit(t[c.begin - 2]) &&
                              IsAsciiDigit(t[c.begin - 5]);
    const bool years_after = c.end + 2 < s.end && t[c.end] == '-' &&
                             IsAsciiDigit(t[c.end + 1]) &&
                             IsAsciiDigit(t[c.end + 2]);
    // "2022 Belize City Fast Pitch", "en 2030 Tesla": a year before a name.
    return c.object.empty() || years_before || years_after ||
           figures::StartsUpper(c.object);
  });
  for (Candidate& c : chosen) ApplyModifiers(&c, s);
  PairUp(&chosen, s);
  for (Candidate& c : chosen) kept->push_back(std::move(c));
}

std::vector<const RuleFilter*> FiguresExtractor::Filters() const {
  return {impl_->pack.filter()};
}

void FiguresExtractor::ExtractBatch(std::span<const BatchItem> items) const {
  std::vector<std::vector<TextRange>> ranges;
  const std::vector<MatchJob> jobs =
      BatchJobs(items, &Impl::SearchRanges, &ranges);
  const auto matches = impl_->pack.FindAllInBatch(jobs);
  for (size_t i = 0; i < items.size(); ++i) {
    ReserveForMatches(matches[i], items[i].out);
    impl_->ExtractDocument(*items[i].doc, matches[i], items[i].out);
  }
}

void FiguresExtractor::Impl::ExtractDocument(
    const Document& doc, const std::vector<std::vector<RuleMatch>>& matches,
    std::vector<Mention>* out) const {
  const Impl& impl = *this;
  const Lexicon& lex = impl.lex;
  constexpr int kCarryBack = 2;  // sentences a "le nombre de" object reaches

  // "le nombre de <NP>" cues, found lazily per sentence: (position, object).
  std::vector<std::optional<std::vector<std::pair<size_t, std::string>>>> cues(
      doc.sentences.size());
  auto cues_of =
      [&](size_t si) -> const std::vector<std::pair<size_t, std::string>>& {
    if (!cues[si]) {
      cues[si].emplace();
      const Sentence& s = doc.sentences[si];
      size_t p = s.begin;
      if (!lex.number_of().MayOccurIn(
              doc.text.substr(s.begin, s.end - s.begin))) {
        p = s.end;
      }
      while (p < s.end) {
        const bool word_start =
            figures::WordCharAt(doc.text, p) &&
            (p == s.begin || !figures::WordCharBefore(doc.text, p));
        if (word_start) {
          const size_t e = lex.number_of().MatchAfter(doc.text, p, s.end);
          if (e != kNpos) {
            std::string object = impl.FindObject(
                doc.text, e, s.end,
                figures::LazyTitleCase(doc.text, s.begin, s.end),
                /*plural_count=*/true);
            if (!object.empty()) cues[si]->emplace_back(p, std::move(object));
            p = e;
            continue;
          }
        }
        ++p;
      }
    }
    return *cues[si];
  };

  // Numbers inside URLs are not figures. A URL may span sentences
  // ("www.test.com" has periods): found on the whole text.
  std::vector<Span> urls;
  for (std::string_view marker : {"://", "www."}) {
    size_t at = doc.text.find(marker);
    while (at != kNpos) {
      size_t b = at, e = at;
      while (b > 0 && doc.text[b - 1] != ' ' && doc.text[b - 1] != '\n') --b;
      while (e < doc.text.size() && doc.text[e] != ' ' && doc.text[e] != '\n')
        ++e;
      urls.push_back({b, e});
      at = doc.text.find(marker, e);
    }
  }

  std::vector<Candidate> kept;  // per sentence; its storage reused
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    kept.clear();
    impl.ExtractSentence(doc, static_cast<int>(si), matches[si], urls, &kept);
    for (Candidate& c : kept) {
      const bool bare = c.Bare() && c.piece.type != NumberType::kOrdinal;
      if (bare && !lex.number_of().empty()) {
        // The nearest "le nombre de <NP>" before it, at most kCarryBack
        // sentences back, gives a bare count its object.
        for (size_t back = 0;
             back <= kCarryBack && back <= si && c.object.empty(); ++back) {
          const auto& list = cues_of(si - back);
          for (auto it = list.rbegin(); it != list.rend(); ++it) {
            if (back == 0 && it->first >= c.begin) continue;
            c.object = it->second;
            c.kind = MentionKind::kQuantity;
            break;
          }
        }
      }
      Mention m;
      m.kind = c.kind;
      m.begin = c.begin;
      m.end_byte = c.end;
      m.text = std::string(doc.text.substr(c.begin, c.end - c.begin));
      m.sentence = static_cast<int>(si);
      m.rule = c.spec->rule->id;
      m.value = c.value;
      m.unit = std::move(c.unit);
      m.object = std::move(c.object);
      m.approx = c.approx;
      m.min = c.min;
      m.max = c.max;
      m.from = c.from;
      m.to = c.to;
      out->push_back(std::move(m));
    }
  }
}

}  // namespace newsline
