#include "extractors/figures/internal/lexicon.h"

#include <charconv>
#include <utility>

#include "core/ascii.h"
#include "extractors/figures/internal/text.h"

namespace newsline::figures {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    s = Trim(s);
    if (s.empty()) break;
    const size_t space = s.find(' ');
    out.push_back(s.substr(0, space));
    if (space == std::string_view::npos) break;
    s.remove_prefix(space);
  }
  return out;
}

std::optional<double> ParseDouble(std::string_view s) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

bool IsContinuationByte(std::string_view s, size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

class TableError {
 public:
  TableError(const RulePack& pack, std::string_view table)
      : pack_(pack), table_(table) {}
  std::unexpected<Error> operator()(std::string_view key,
                                    std::string message) const {
    return MakeError(ErrorCode::kBadRule, pack_.path(),
                     "table " + std::string(table_) + ", key \"" +
                         std::string(key) + "\": " + std::move(message));
  }

 private:
  const RulePack& pack_;
  std::string_view table_;
};

using Entries = std::vector<std::pair<std::string, std::string>>;

const Entries& EntriesOf(const RulePack& pack, std::string_view name) {
  static const Entries kEmpty;
  const Table* table = pack.FindTable(name);
  return table == nullptr ? kEmpty : table->entries();
}

}  // namespace

namespace {

// Marks byte b (of a folded key) and what it may be in the text: the ASCII
// upper case, any byte of a non-ASCII character.
void MarkByte(bool* table, char c) {
  const unsigned char b = static_cast<unsigned char>(c);
  table[b] = true;
  if (b >= 'a' && b <= 'z') table[b - 32] = true;
  if (b >= 0x80) {
    for (int x = 0x80; x < 0x100; ++x) table[x] = true;
  }
}

}  // namespace

void Phrases::Add(std::string key, std::string value) {
  max_bytes_ = std::max(max_bytes_, key.size());
  if (!key.empty()) {
    MarkByte(first_byte_, key.front());
    MarkByte(last_byte_, key.back());
  }
  // The key's longest run of ASCII letters is its probe (FoldCaseTo folds
  // no other character to ASCII, so the run stands in any text holding the
  // key, in some case); a key without a run of three is found anywhere.
  std::string probe, run;
  for (char c : key) {
    if (c >= 'a' && c <= 'z') {
      run.push_back(c);
      continue;
    }
    if (run.size() > probe.size()) probe = run;
    run.clear();
  }
  if (run.size() > probe.size()) probe = run;
  if (probe.size() < 3) {
    anywhere_ = true;
  } else if (std::find(probes_.begin(), probes_.end(), probe) ==
             probes_.end()) {
    probes_.push_back(std::move(probe));
  }
  map_.emplace(std::move(key), std::move(value));
}

bool Phrases::MayOccurIn(std::string_view text) const {
  if (anywhere_) return true;
  for (const std::string& probe : probes_) {
    for (size_t i = 0; i + probe.size() <= text.size(); ++i) {
      if (LowerAscii(text[i]) == probe[0] &&
          EqualsIgnoreAsciiCase(text.substr(i, probe.size()), probe)) {
        return true;
      }
    }
  }
  return false;
}

const std::string* Phrases::Find(std::string_view folded) const {
  auto it = map_.find(folded);
  return it == map_.end() ? nullptr : &it->second;
}

size_t Phrases::MatchAfter(std::string_view text, size_t pos, size_t end,
                           const std::string** value) const {
  if (map_.empty()) return std::string_view::npos;
  pos = SkipSpaces(text, pos, end);
  if (pos >= end || !first_byte_[static_cast<unsigned char>(text[pos])]) {
    return std::string_view::npos;
  }
  thread_local std::vector<size_t> ends;
  thread_local std::string folded;
  ends.clear();
  KeyEnds(text, pos, end, max_bytes_, &ends);
  if (ends.empty()) return std::string_view::npos;
  FoldCaseTo(text.substr(pos, ends.back() - pos), &folded);
  for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
    const std::string_view key(folded.data(), *it - pos);
    if (const std::string* v = Find(key)) {
      if (value != nullptr) *value = v;
      return *it;
    }
  }
  return std::string_view::npos;
}

size_t Phrases::MatchBefore(std::string_view text, size_t pos, size_t begin,
                            const std::string** value) const {
  if (map_.empty()) return std::string_view::npos;
  const size_t stop = SkipSpacesBack(text, pos, begin);
  if (stop <= begin ||
      !last_byte_[static_cast<unsigned char>(text[stop - 1])]) {
    return std::string_view::npos;
  }
  size_t start = stop > begin + max_bytes_ ? stop - max_bytes_ : begin;
  while (IsContinuationByte(text, start)) ++start;
  thread_local std::vector<size_t> starts;
  thread_local std::string folded;
  // Where a key may start: not inside a word.
  starts.clear();
  if (start == begin ||
      !(WordCharBefore(text, start) && WordCharAt(text, start))) {
    starts.push_back(start);
  }
  KeyEnds(text, start, stop, stop - start, &starts);
  FoldCaseTo(text.substr(start, stop - start), &folded);
  for (size_t s : starts) {
    if (s >= stop) break;
    const std::string_view key(folded.data() + (s - start), stop - s);
    if (const std::string* v = Find(key)) {
      if (value != nullptr) *value = v;
      return s;
    }
  }
  return std::string_view::npos;
}

Result<Lexicon> Lexicon::Build(const RulePack& pack) {
  Lexicon lex;

  const std::string_view mark = pack.Setting("decimal_mark");
  if (mark != "," && mark != ".") {
    return MakeError(ErrorCode::kBadRule, pack.path(),
                     "setting decimal_mark must be \",\" or \".\", got \"" +
                         std::string(mark) + "\"");
  }
  lex.decimal_mark_ = mark[0];
  for (auto [key, field] : {std::pair{"year_min", &lex.year_min_},
                            std::pair{"year_max", &lex.year_max_}}) {
    const std::string_view v = pack.Setting(key);
    if (v.empty()) continue;
    auto parsed = ParseDouble(v);
    if (!parsed || *parsed != static_cast<int>(*parsed)) {
      return MakeError(ErrorCode::kBadRule, pack.path(),
                       "setting " + std::string(key) + " must be a year");
    }
    *field = static_cast<int>(*parsed);
  }

  const std::string_view head = pack.Setting("noun_head", "first");
  if (head != "first" && head != "last") {
    return MakeError(ErrorCode::kBadRule, pack.path(),
                     "setting noun_head must be first or last, got \"" +
                         std::string(head) + "\"");
  }
  lex.head_last_ = head == "last";

  // Number words come from several tables; one map finds them all, so that
  // the run tokenizer takes the longest key whatever its table.
  auto add_number_word = [&](std::string_view table, const std::string& key,
                             NumberWord word) -> Result<void> {
    std::string folded = FoldKey(key);
    lex.max_number_word_bytes_ =
        std::max(lex.max_number_word_bytes_, folded.size());
    if (!lex.number_words_.emplace(std::move(folded), word).second) {
      return TableError(pack, table)(key,
                                     "already a number word in another table");
    }
    return {};
  };

  for (std::string_view table : {"NUMBER_WORD", "VULGAR_FRACTION"}) {
    for (const auto& [key, value] : EntriesOf(pack, table)) {
      TableError error(pack, table);
      std::vector<std::string_view> fields = Words(value);
      if (fields.empty())
        return error(key, "expected \"VALUE [ROLE] [FLAGS]\"");
      auto v = ParseDouble(fields[0]);
      if (!v) return error(key, "bad value \"" + std::string(fields[0]) + "\"");
      NumberWord word;
      word.value = *v;
      for (size_t i = 1; i < fields.size(); ++i) {
        const std::string_view f = fields[i];
        if (f == "add") {
          word.role = Role::kAdd;
        } else if (f == "hundred") {
          word.role = Role::kHundred;
        } else if (f == "scale") {
          word.role = Role::kScale;
        } else if (f == "collective") {
          word.role = Role::kCollective;
        } else if (f == "standalone") {
          word.standalone = true;
        } else if (f == "approx") {
          word.approx = true;
        } else if (f == "words_only") {
          word.words_only = true;
        } else if (f == "ambiguous") {
          word.ambiguous = true;
        } else {
          return error(key, "unknown role or flag \"" + std::string(f) +
                                "\" (add, hundred, scale, collective, "
                                "standalone, approx, words_only, ambiguous)");
        }
      }
      if (word.value <= 0 && word.role != Role::kAdd) {
        return error(key, "a multiplier must be positive");
      }
      if (auto r = add_number_word(table, key, word); !r) {
        return std::unexpected(r.error());
      }
    }
  }

  for (std::string_view table : {"ORDINAL_WORD", "FRACTION_WORD"}) {
    TableError error(pack, table);
    for (const auto& [key, value] : EntriesOf(pack, table)) {
      std::vector<std::string_view> fields = Words(value);
      if (fields.empty()) return error(key, "expected \"VALUE [FLAGS]\"");
      auto v = ParseDouble(fields[0]);
      if (!v || *v < 1)
        return error(key, "bad value \"" + std::string(fields[0]) + "\"");
      NumberWord word;
      word.value = *v;
      word.role = table == "ORDINAL_WORD" ? Role::kOrdinal : Role::kFraction;
      for (size_t i = 1; i < fields.size(); ++i) {
        if (fields[i] == "plural") {
          word.plural = true;
        } else if (fields[i] == "standalone") {
          word.standalone = true;
        } else {
          return error(key, "unknown flag \"" + std::string(fields[i]) +
                                "\" (plural, standalone)");
        }
      }
      if (auto r = add_number_word(table, key, word); !r) {
        return std::unexpected(r.error());
      }
    }
  }

  for (auto [table, role] : {std::pair{"ARTICLE", Role::kArticle},
                             std::pair{"NUMBER_AND", Role::kAnd},
                             std::pair{"NUMBER_POINT", Role::kPoint},
                             std::pair{"NUMBER_MINUS", Role::kMinus},
                             std::pair{"NUMBER_OVER", Role::kOver}}) {
    for (const auto& [key, value] : EntriesOf(pack, table)) {
      NumberWord word;
      word.value = 1;
      word.role = role;
      if (role == Role::kOver && Trim(value) == "proper") {
        word.proper = true;
      } else if (role == Role::kArticle && Trim(value) == "inner") {
        word.inner = true;
      } else if (!Trim(value).empty()) {
        return TableError(pack, table)(key,
                                       "unexpected value \"" + value + "\"");
      }
      if (auto r = add_number_word(table, key, word); !r) {
        return std::unexpected(r.error());
      }
    }
  }
  if (lex.number_words_.empty()) {
    return MakeError(ErrorCode::kBadRule, pack.path(),
                     "the figures rules need a NUMBER_WORD table");
  }

  for (auto [table, map] : {std::pair{"SCALE_ABBR", &lex.scale_abbr_},
                            std::pair{"MONEY_SCALE_ABBR", &lex.money_scale_}}) {
    TableError error(pack, table);
    for (const auto& [key, value] : EntriesOf(pack, table)) {
      auto v = ParseDouble(Trim(value));
      if (!v || *v <= 0) return error(key, "expected a positive number");
      map->emplace(key, *v);
    }
  }

  for (std::string_view table : {"CURRENCY_NAME", "CURRENCY_SIGN"}) {
    TableError error(pack, table);
    for (const auto& [key, value] : EntriesOf(pack, table)) {
      std::vector<std::string_view> fields = Words(value);
      if (fields.empty() || fields.size() > 2 || fields[0].size() != 3) {
        return error(key, "expected \"ISO_CODE [FACTOR]\"");
      }
      Currency currency{std::string(fields[0]), 1};
      if (fields.size() == 2) {
        auto f = ParseDouble(fields[1]);
        if (!f || *f <= 0) return error(key, "bad factor");
        currency.factor = *f;
      }
      lex.currencies_.emplace(FoldKey(key), std::move(currency));
    }
  }

  for (const auto& [key, value] : EntriesOf(pack, "UNIT_SYMBOL")) {
    if (Trim(value).empty())
      return TableError(pack, "UNIT_SYMBOL")(key, "no unit");
    lex.unit_symbols_.emplace(key, std::string(Trim(value)));
  }
  for (const auto& [key, value] : EntriesOf(pack, "UNIT_NAME")) {
    if (Trim(value).empty())
      return TableError(pack, "UNIT_NAME")(key, "no unit");
    lex.unit_names_.emplace(FoldKey(key), std::string(Trim(value)));
  }

  for (auto [table, phrases] :
       {std::pair{"STOP_WORD", &lex.stop_words_},
        std::pair{"MONTH", &lex.months_},
        std::pair{"TIME_UNIT", &lex.time_units_},
        std::pair{"YEAR_CUE", &lex.year_cues_},
        std::pair{"CLOCK_MARK", &lex.clock_marks_},
        std::pair{"OBJECT_LINK", &lex.object_links_},
        std::pair{"OBJECT_MODIFIER", &lex.object_modifiers_},
        std::pair{"FRACTION_OF", &lex.fraction_of_},
        std::pair{"PRONOUN_BEFORE", &lex.pronoun_before_},
        std::pair{"NUMBER_OF", &lex.number_of_},
        std::pair{"PERCENT_WORD", &lex.percent_words_},
        std::pair{"MODIFIER", &lex.modifiers_}}) {
    for (const auto& [key, value] : EntriesOf(pack, table)) {
      if (phrases == &lex.modifiers_ && !lex.ModifierOf(value)) {
        return TableError(pack, table)(key, "expected approx, min or max");
      }
      phrases->Add(FoldKey(key), value);
    }
  }

  for (const auto& [key, value] : EntriesOf(pack, "PAIR")) {
    TableError error(pack, "PAIR");
    const size_t dots = key.find("...");
    if (dots == std::string::npos)
      return error(key, "expected \"[OPENER] ... CONNECTOR\"");
    PairShape shape;
    shape.opener = FoldKey(Trim(std::string_view(key).substr(0, dots)));
    shape.connector = FoldKey(Trim(std::string_view(key).substr(dots + 3)));
    if (shape.connector.empty()) return error(key, "no connector");
    if (value == "range") {
      shape.type = PairType::kRange;
    } else if (value == "change") {
      shape.type = PairType::kChange;
    } else {
      return error(key, "expected range or change");
    }
    lex.pairs_.push_back(std::move(shape));
  }

  for (const auto& [key, value] : EntriesOf(pack, "PLURAL_ENDING")) {
    const std::string_view v = Trim(value);
    if (v != "plural" && v != "singular") {
      return TableError(pack, "PLURAL_ENDING")(key,
                                               "expected plural or singular");
    }
    lex.plural_endings_.emplace_back(FoldKey(key), v == "plural");
  }
  std::stable_sort(lex.plural_endings_.begin(), lex.plural_endings_.end(),
                   [](const auto& a, const auto& b) {
                     return a.first.size() > b.first.size();
                   });
  for (const auto& [key, value] : EntriesOf(pack, "CHANGE_VERB")) {
    std::string folded = FoldKey(key);
    if (folded.ends_with('*')) {
      folded.pop_back();
      if (folded.empty())
        return TableError(pack, "CHANGE_VERB")(key, "empty prefix");
      lex.change_prefixes_.push_back(std::move(folded));
    } else {
      lex.change_words_.emplace(std::move(folded), true);
    }
  }
  return lex;
}

const NumberWord* Lexicon::FindNumberWord(std::string_view folded) const {
  auto it = number_words_.find(folded);
  return it == number_words_.end() ? nullptr : &it->second;
}

const NumberWord* Lexicon::MatchNumberWord(std::string_view folded, size_t pos,
                                           size_t* len) const {
  thread_local std::vector<size_t> ends;
  ends.clear();
  KeyEnds(folded, pos, folded.size(), max_number_word_bytes_, &ends);
  for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
    if (const NumberWord* w = FindNumberWord(folded.substr(pos, *it - pos))) {
      *len = *it - pos;
      return w;
    }
  }
  return nullptr;
}

std::optional<double> Lexicon::ScaleAbbreviation(std::string_view exact) const {
  auto it = scale_abbr_.find(exact);
  if (it == scale_abbr_.end()) return std::nullopt;
  return it->second;
}

std::optional<double> Lexicon::MoneyScale(std::string_view exact) const {
  if (auto v = ScaleAbbreviation(exact)) return v;
  auto it = money_scale_.find(exact);
  if (it == money_scale_.end()) return std::nullopt;
  return it->second;
}

const Currency* Lexicon::FindCurrency(std::string_view text) const {
  auto it = currencies_.find(FoldKey(text));
  return it == currencies_.end() ? nullptr : &it->second;
}

const std::string* Lexicon::FindUnit(std::string_view text) const {
  if (auto it = unit_symbols_.find(text); it != unit_symbols_.end()) {
    return &it->second;
  }
  if (auto it = unit_names_.find(FoldKey(text)); it != unit_names_.end()) {
    return &it->second;
  }
  return nullptr;
}

std::optional<Modifier> Lexicon::ModifierOf(const std::string& value) const {
  if (value == "approx") return Modifier::kApprox;
  if (value == "min") return Modifier::kMin;
  if (value == "max") return Modifier::kMax;
  return std::nullopt;
}

bool Lexicon::LooksPlural(std::string_view folded_word) const {
  for (const auto& [ending, plural] : plural_endings_) {
    if (folded_word.ends_with(ending)) {
      return plural;
    }
  }
  return false;
}

bool Lexicon::IsChangeWord(std::string_view folded_word) const {
  if (change_words_.find(folded_word) != change_words_.end()) return true;
  for (const std::string& prefix : change_prefixes_) {
    if (folded_word.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace newsline::figures
