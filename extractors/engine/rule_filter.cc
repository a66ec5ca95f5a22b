#include "extractors/engine/rule_filter.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <deque>
#include <optional>

namespace newsline {
namespace {

// Minimum atom length: shorter strings ("in", "am") occur everywhere and
// would let every rule through.
constexpr int kMinAtomLength = 3;

// The byte a capital letter's byte is folded to: ASCII A-Z, and the second
// bytes 0x80..0x9E of the Latin-1 capitals U+00C0..U+00DE (after 0xC3). The
// latter are folded whatever the byte before them, which can only make the
// scanner report an atom too many.
inline unsigned char Fold(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c + 32);
  if (c >= 0x80 && c <= 0x9E) return static_cast<unsigned char>(c + 32);
  return c;
}

// The marker that stands for a digit in RequiresDigit's rewritten patterns:
// three private-use characters, long enough for FilteredRE2 to keep as an
// atom, and kDigitAtom, their UTF-8 bytes.
constexpr std::string_view kDigitMarker = R"(\x{E000}\x{E001}\x{E002})";
constexpr std::string_view kDigitAtom = "\xEE\x80\x80\xEE\x80\x81\xEE\x80\x82";

// Rewrites `pattern` so that every digit it can match becomes kDigitMarker:
// \d, classes of digits only ([0-9], [12]) and literal digits. Counted
// repetitions ({2}, {1,5}) are kept. Returns nullopt for a pattern it does
// not understand, e.g. a class mixing digits with other characters.
std::optional<std::string> MarkDigits(std::string_view p) {
  std::string out;
  size_t i = 0;
  const std::string marker = "(?:" + std::string(kDigitMarker) + ")";
  while (i < p.size()) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size()) return std::nullopt;
      const char e = p[i + 1];
      if (e == 'd') {
        out += marker;
      } else if (e >= '0' && e <= '9') {
        return std::nullopt;  // a back-reference or octal escape
      } else if (e == 'p' || e == 'P' || e == 'x') {
        // \pL, \p{...}, \x{...}, \xHH: copy whole.
        size_t end = i + 2;
        if (end < p.size() && p[end] == '{') {
          end = p.find('}', end);
          if (end == std::string_view::npos) return std::nullopt;
          ++end;
        } else {
          end += e == 'x' ? 2 : 1;
        }
        out.append(p.substr(i, end - i));
        i = end;
        continue;
      } else {
        out.append(p.substr(i, 2));
      }
      i += 2;
      continue;
    }
    if (c == '[') {
      if (i + 1 >= p.size()) return std::nullopt;
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      bool escaped = false;
      bool digits_only = p[i + 1] != '^';
      bool any_digit = false;
      for (; j < p.size(); ++j) {
        if (escaped) {
          escaped = false;
          digits_only = false;
          // \x{10FFFF}, \xFF, \p{Lu}: skip the digits of the escape.
          if ((p[j] == 'x' || p[j] == 'p' || p[j] == 'P') && j + 1 < p.size()) {
            if (p[j + 1] == '{') {
              const size_t close = p.find('}', j + 1);
              if (close == std::string_view::npos) return std::nullopt;
              j = close;
            } else {
              j += p[j] == 'x' ? 2 : 1;
            }
          }
          continue;
        }
        if (p[j] == '\\') {
          escaped = true;
          continue;
        }
        if (p[j] == ']') break;
        if (p[j] >= '0' && p[j] <= '9') {
          any_digit = true;
        } else if (p[j] != '-') {
          digits_only = false;
        }
      }
      if (j >= p.size()) return std::nullopt;
      if (digits_only && any_digit) {
        out += marker;
      } else if (any_digit) {
        return std::nullopt;
      } else {
        out.append(p.substr(i, j + 1 - i));
      }
      i = j + 1;
      continue;
    }
    if (c == '{') {
      // A counted repetition keeps its digits; a literal brace is escaped in
      // rule files, so any other brace is an error the caller reports.
      const size_t close = p.find('}', i);
      if (close == std::string_view::npos) return std::nullopt;
      out.append(p.substr(i, close + 1 - i));
      i = close + 1;
      continue;
    }
    if (c >= '0' && c <= '9') {
      out += marker;
    } else {
      out.push_back(c);
    }
    ++i;
  }
  return out;
}

}  // namespace

AtomScanner::AtomScanner(const std::vector<std::string>& atoms) {
  // Trie, then breadth-first failure links turned into a full transition
  // table.
  std::vector<std::array<int32_t, 256>> go(1);
  go[0].fill(-1);
  outputs_.assign(1, {});
  for (size_t i = 0; i < atoms.size(); ++i) {
    int32_t s = 0;
    for (unsigned char raw : atoms[i]) {
      const unsigned char c = Fold(raw);
      if (go[s][c] < 0) {
        go[s][c] = static_cast<int32_t>(go.size());
        go.emplace_back();
        go.back().fill(-1);
        outputs_.emplace_back();
      }
      s = go[s][c];
    }
    outputs_[s].push_back(static_cast<int>(i));
  }
  std::vector<int32_t> fail(go.size(), 0);
  std::deque<int32_t> queue;
  for (int c = 0; c < 256; ++c) {
    if (go[0][c] < 0) {
      go[0][c] = 0;
    } else {
      queue.push_back(go[0][c]);
    }
  }
  while (!queue.empty()) {
    const int32_t s = queue.front();
    queue.pop_front();
    const auto& inherited = outputs_[fail[s]];
    outputs_[s].insert(outputs_[s].end(), inherited.begin(), inherited.end());
    for (int c = 0; c < 256; ++c) {
      const int32_t t = go[s][c];
      if (t < 0) {
        go[s][c] = go[fail[s]][c];
      } else {
        fail[t] = go[fail[s]][c];
        queue.push_back(t);
      }
    }
  }
  // Byte classes: each byte that starts a transition somewhere gets its own
  // class; the folded forms of upper-case bytes share their lower case's.
  std::array<bool, 256> used{};
  for (const auto& row : go) {
    for (int c = 0; c < 256; ++c) {
      if (row[c] != 0) used[c] = true;
    }
  }
  for (int c = 0; c < 256; ++c) {
    if (used[c]) byte_class_[c] = static_cast<uint16_t>(classes_++);
  }
  for (int c = 0; c < 256; ++c)
    byte_class_[c] = byte_class_[Fold(static_cast<unsigned char>(c))];
  assert(go.size() * classes_ < (uint32_t{1} << 31));
  next_.assign(go.size() * classes_, 0);
  for (size_t s = 0; s < go.size(); ++s) {
    for (int c = 0; c < 256; ++c) {
      const size_t t = static_cast<size_t>(go[s][c]);
      next_[s * classes_ + byte_class_[c]] =
          static_cast<uint32_t>(t * classes_ << 1) |
          (outputs_[t].empty() ? 0u : 1u);
    }
  }
}

namespace {

void SortUnique(std::vector<int>* found, size_t first) {
  if (found->size() > first + 1) {
    std::sort(found->begin() + static_cast<ptrdiff_t>(first), found->end());
    found->erase(std::unique(found->begin() + static_cast<ptrdiff_t>(first),
                             found->end()),
                 found->end());
  }
}

}  // namespace

bool AtomScanner::Scan(std::string_view text, std::vector<int>* found) const {
  const size_t first = found->size();
  uint32_t row = 0;
  bool digit = false;
  for (unsigned char c : text) {
    digit |= c >= '0' && c <= '9';
    Step(c, &row, found);
  }
  SortUnique(found, first);
  return digit;
}

void AtomScanner::ScanPair(std::string_view a, std::vector<int>* found_a,
                           bool* digit_a, std::string_view b,
                           std::vector<int>* found_b, bool* digit_b) const {
  // Each step waits for the previous one's table load; two texts in one loop
  // keep two such chains in flight.
  const size_t first_a = found_a->size(), first_b = found_b->size();
  const size_t both = std::min(a.size(), b.size());
  uint32_t row_a = 0, row_b = 0;
  bool da = false, db = false;
  for (size_t i = 0; i < both; ++i) {
    const unsigned char ca = static_cast<unsigned char>(a[i]);
    const unsigned char cb = static_cast<unsigned char>(b[i]);
    da |= ca >= '0' && ca <= '9';
    db |= cb >= '0' && cb <= '9';
    Step(ca, &row_a, found_a);
    Step(cb, &row_b, found_b);
  }
  for (size_t i = both; i < a.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(a[i]);
    da |= c >= '0' && c <= '9';
    Step(c, &row_a, found_a);
  }
  for (size_t i = both; i < b.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(b[i]);
    db |= c >= '0' && c <= '9';
    Step(c, &row_b, found_b);
  }
  SortUnique(found_a, first_a);
  SortUnique(found_b, first_b);
  *digit_a = da;
  *digit_b = db;
}

bool RequiresDigit(const std::string& pattern, bool case_sensitive) {
  const auto marked = MarkDigits(pattern);
  if (!marked) return false;
  re2::FilteredRE2 filter(kMinAtomLength);
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_case_sensitive(case_sensitive);
  int id = 0;
  if (filter.Add(*marked, options, &id) != RE2::NoError) return false;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  // Does the pattern pass the filter with every atom that holds no digit?
  // (FilteredRE2 joins the marker with the literals around it.)
  std::vector<int> others;
  for (size_t i = 0; i < atoms.size(); ++i) {
    if (atoms[i].find(kDigitAtom) == std::string::npos)
      others.push_back(static_cast<int>(i));
  }
  std::vector<int> passed;
  filter.AllPotentials(others, &passed);
  return passed.empty();
}

RuleFilter::RuleFilter() = default;
RuleFilter::RuleFilter(RuleFilter&&) noexcept = default;
RuleFilter& RuleFilter::operator=(RuleFilter&&) noexcept = default;
RuleFilter::~RuleFilter() = default;

bool MatchesOnlyEmpty(const RE2& re) {
  // PossibleMatchRange gives "" as the greatest string the pattern can
  // match exactly when it matches nothing, or only the empty string.
  std::string min, max;
  return re.PossibleMatchRange(&min, &max, 4) && max.empty();
}

Result<RuleFilter> RuleFilter::Create(std::vector<const Rule*> rules) {
  static std::atomic<uint64_t> next_id{1};
  RuleFilter out;
  out.id_ = next_id++;
  // A rule whose matches come from code rather than its pattern (a
  // gazetteer's, with a pattern that matches nothing) would cost a pass
  // over every sentence for nothing; the empty matches of a pattern are
  // dropped anyway.
  std::erase_if(
      rules, [](const Rule* rule) { return MatchesOnlyEmpty(*rule->regex); });
  out.rules_ = std::move(rules);
  out.filter_ = std::make_unique<re2::FilteredRE2>(kMinAtomLength);
  for (const Rule* rule : out.rules_) {
    // The pattern and options the pack compiled, case folding included.
    int id = 0;
    if (out.filter_->Add(rule->regex->pattern(), rule->regex->options(), &id) !=
        RE2::NoError) {
      return MakeError(ErrorCode::kBadRule, "",
                       "rule " + rule->id + ": bad pattern");
    }
  }
  if (out.rules_.empty()) {
    out.scanner_ = std::make_unique<AtomScanner>(std::vector<std::string>());
    return out;
  }
  out.filter_->Compile(&out.atoms_);
  out.scanner_ = std::make_unique<AtomScanner>(out.atoms_);
  // FilteredRE2 lets the rules it cannot filter through whatever the atoms.
  std::vector<int> none;
  std::vector<int> unfiltered;
  if (!out.rules_.empty()) out.filter_->AllPotentials(none, &unfiltered);
  out.unfiltered_.assign(out.rules_.size(), 0);
  out.needs_digit_.assign(out.rules_.size(), 0);
  for (size_t i = 0; i < out.rules_.size(); ++i) {
    out.needs_digit_[i] =
        RequiresDigit(out.rules_[i]->pattern, out.rules_[i]->case_sensitive);
  }
  std::vector<const Rule*> always;
  std::vector<const Rule*> with_digit;
  for (int i : unfiltered) {
    out.unfiltered_[static_cast<size_t>(i)] = 1;
    const Rule* rule = out.rules_[static_cast<size_t>(i)];
    (out.needs_digit_[static_cast<size_t>(i)] ? with_digit : always)
        .push_back(rule);
  }
  for (auto [subset, list] : {std::pair(&out.always_, &always),
                              std::pair(&out.with_digit_, &with_digit)}) {
    auto built = RuleSubset::Create(std::move(*list));
    if (!built) return std::unexpected(built.error());
    *subset = std::move(*built);
  }
  return out;
}

std::span<const int> RuleFilter::Potentials(const std::vector<int>& atoms,
                                            Scratch* scratch) const {
  // FilteredRE2 evaluates its formulas afresh on each call, allocating
  // arrays as large as all of them; sentences share a few common atom
  // sets, so the answers are remembered, per thread, a bounded number.
  // The table starts small (a Scratch may serve one document only) and
  // doubles up to kMaxSlots; when that is half full, it starts afresh.
  constexpr size_t kFirstSlots = size_t{1} << 10;
  constexpr size_t kMaxSlots = size_t{1} << 15;
  constexpr size_t kMaxPool = size_t{1} << 22;  // ints: 16 MB
  uint64_t hash = id_ * 0x9E3779B97F4A7C15ull;
  for (int a : atoms) {
    hash = (hash ^ static_cast<uint32_t>(a)) * 0x100000001B3ull;
  }
  hash ^= hash >> 29;
  hash |= 1;  // 0 marks an empty slot
  auto& slots = scratch->memo_slots;
  auto& pool = scratch->memo_pool;
  if (slots.empty()) slots.resize(kFirstSlots);
  const auto id_low = static_cast<int>(static_cast<uint32_t>(id_));
  const auto id_high = static_cast<int>(static_cast<uint32_t>(id_ >> 32));
  const auto size = static_cast<int>(atoms.size());
  auto home = [&](uint64_t h) { return (h >> 17) & (slots.size() - 1); };
  size_t i = home(hash);
  for (; slots[i].hash != 0; i = (i + 1) & (slots.size() - 1)) {
    if (slots[i].hash != hash) continue;
    const int* entry = pool.data() + slots[i].at;
    if (entry[0] != id_low || entry[1] != id_high || entry[2] != size ||
        !std::equal(atoms.begin(), atoms.end(), entry + 4)) {
      continue;
    }
    return {entry + 4 + size, static_cast<size_t>(entry[3])};
  }
  if (scratch->memo_used >= slots.size() / 2 || pool.size() >= kMaxPool) {
    if (slots.size() < kMaxSlots && pool.size() < kMaxPool) {
      std::vector<Scratch::MemoSlot> old(slots.size() * 2);
      old.swap(slots);
      for (const Scratch::MemoSlot& slot : old) {
        if (slot.hash == 0) continue;
        size_t k = home(slot.hash);
        while (slots[k].hash != 0) k = (k + 1) & (slots.size() - 1);
        slots[k] = slot;
      }
    } else {
      std::fill(slots.begin(), slots.end(), Scratch::MemoSlot{});
      pool.clear();
      scratch->memo_used = 0;
    }
    i = home(hash);
    while (slots[i].hash != 0) i = (i + 1) & (slots.size() - 1);
  }
  std::vector<int>& potential = scratch->potential;
  potential.clear();
  filter_->AllPotentials(atoms, &potential);
  const auto at = static_cast<uint32_t>(pool.size());
  pool.insert(pool.end(),
              {id_low, id_high, size, static_cast<int>(potential.size())});
  pool.insert(pool.end(), atoms.begin(), atoms.end());
  pool.insert(pool.end(), potential.begin(), potential.end());
  slots[i] = {hash, at};
  ++scratch->memo_used;
  return {pool.data() + at + 4 + size, potential.size()};
}

void RuleFilter::FindAll(std::string_view text, size_t begin, size_t end,
                         Scratch* scratch, std::vector<RuleMatch>* out) const {
  const TextRange range{begin, end};
  FindAllIn(text, std::span(&range, 1), scratch, &scratch->one);
  for (RuleMatch& m : scratch->one[0]) out->push_back(std::move(m));
}

void RuleFilter::FindAllIn(std::string_view text,
                           std::span<const TextRange> ranges, Scratch* scratch,
                           std::vector<std::vector<RuleMatch>>* out) const {
  const MatchJob job{text, ranges};
  FindAllInBatch(std::span(&job, 1), scratch, &scratch->batch);
  *out = std::move(scratch->batch[0]);
}

void RuleFilter::FindAllInBatch(
    std::span<const MatchJob> jobs, Scratch* scratch,
    std::vector<std::vector<std::vector<RuleMatch>>>* out) const {
  out->resize(jobs.size());
  // Every range of every job, numbered in order.
  auto& where = scratch->where;  // (job, range) by number
  where.clear();
  for (size_t j = 0; j < jobs.size(); ++j) {
    (*out)[j].resize(jobs[j].ranges.size());
    for (auto& matches : (*out)[j]) matches.clear();
    for (size_t i = 0; i < jobs[j].ranges.size(); ++i)
      where.emplace_back(static_cast<uint32_t>(j), static_cast<uint32_t>(i));
  }
  if (rules_.empty()) return;
  const size_t count = where.size();
  // Each range's text and bounds, read by every pass below: looked up
  // through `where` and the jobs each time, they cost a tenth of this
  // function's own time.
  auto& spans = scratch->spans;
  spans.clear();
  for (const auto& [j, i] : where) {
    const TextRange& r = jobs[j].ranges[i];
    spans.push_back(
        {jobs[j].text, r.begin, std::min(r.end, jobs[j].text.size())});
  }
  auto text_of = [&](size_t g) { return spans[g].text; };
  auto begin_of = [&](size_t g) { return spans[g].begin; };
  auto end_of = [&](size_t g) { return spans[g].end; };
  // Rule keys order the rules as FindAll runs them for one range: the
  // unfiltered rules, those of them that need a digit, then the filtered
  // rules by index.
  const uint32_t digit_base = static_cast<uint32_t>(always_.size());
  const uint32_t filtered_base =
      digit_base + static_cast<uint32_t>(with_digit_.size());
  auto& tasks = scratch->tasks;
  tasks.clear();
  auto add = [&](uint32_t key, size_t g) {
    tasks.emplace_back(key, static_cast<uint32_t>(g));
  };
  // One kind of pass at a time over all ranges, each with its automaton warm.
  for (size_t g = 0; !always_.empty() && g < count; ++g) {
    always_.Hits(text_of(g), begin_of(g), end_of(g), &scratch->hits);
    for (int h : scratch->hits) add(static_cast<uint32_t>(h), g);
  }
  // The atoms of each range, two ranges at a time.
  auto span_of = [&](size_t g) {
    const size_t begin = std::min(begin_of(g), end_of(g));
    return text_of(g).substr(begin, end_of(g) - begin);
  };
  scratch->digit.assign(count, 0);
  if (scratch->atoms_of.size() < count) scratch->atoms_of.resize(count);
  // Ranges a shared scan has seen take their literals from it; the others
  // are scanned here.
  auto& unscanned = scratch->unscanned;
  unscanned.clear();
  const SharedScan::Batch* shared = SharedScan::Batch::Current();
  for (size_t g = 0; g < count; ++g) {
    bool digit = false;
    if (shared != nullptr &&
        shared->Lookup(id_, text_of(g), begin_of(g), end_of(g),
                       &scratch->atoms_of[g], &digit)) {
      scratch->digit[g] = digit;
    } else {
      unscanned.push_back(static_cast<uint32_t>(g));
    }
  }
  for (size_t k = 0; k < unscanned.size(); k += 2) {
    const size_t g = unscanned[k];
    std::vector<int>& a = scratch->atoms_of[g];
    a.clear();
    bool digit_a = false, digit_b = false;
    if (k + 1 < unscanned.size()) {
      const size_t h = unscanned[k + 1];
      std::vector<int>& b = scratch->atoms_of[h];
      b.clear();
      scanner_->ScanPair(span_of(g), &a, &digit_a, span_of(h), &b, &digit_b);
      scratch->digit[h] = digit_b;
    } else {
      digit_a = scanner_->Scan(span_of(g), &a);
    }
    scratch->digit[g] = digit_a;
  }
  for (size_t g = 0; g < count; ++g) {
    const std::vector<int>& atoms = scratch->atoms_of[g];
    if (atoms.empty()) continue;
    const bool digit = scratch->digit[g];
    for (int p : Potentials(atoms, scratch)) {
      const size_t r = static_cast<size_t>(p);
      if (unfiltered_[r] || (needs_digit_[r] && !digit)) continue;
      add(filtered_base + static_cast<uint32_t>(p), g);
    }
  }
  for (size_t g = 0; g < count; ++g) {
    if (!scratch->digit[g] || with_digit_.empty()) continue;
    with_digit_.Hits(text_of(g), begin_of(g), end_of(g), &scratch->hits);
    for (int h : scratch->hits) add(digit_base + static_cast<uint32_t>(h), g);
  }
  // Rule by rule, each over its ranges in order; a range's matches come out
  // rule by rule in key order, as FindAll gives them. Each key's tasks were
  // added in range order by one of the loops above, so a stable counting
  // sort by key orders them as sorting the pairs would, in linear time.
  const size_t keys = filtered_base + rules_.size();
  auto& first = scratch->first_task;
  first.assign(keys + 1, 0);
  for (const auto& task : tasks) ++first[task.first + 1];
  for (size_t k = 0; k < keys; ++k) first[k + 1] += first[k];
  auto& ordered = scratch->ordered_tasks;
  ordered.resize(tasks.size());
  for (const auto& task : tasks) ordered[first[task.first]++] = task;
  for (const auto& [key, g] : ordered) {
    const Rule& rule =
        key < digit_base ? always_.rule(static_cast<int>(key))
        : key < filtered_base
            ? with_digit_.rule(static_cast<int>(key - digit_base))
            : *rules_[key - filtered_base];
    FindRuleMatches(rule, text_of(g), begin_of(g), end_of(g),
                    &(*out)[where[g].first][where[g].second]);
  }
}

namespace {

thread_local const SharedScan::Batch* current_batch = nullptr;

}  // namespace

SharedScan::SharedScan(std::span<const RuleFilter* const> filters) {
  std::unordered_map<std::string_view, int> index;
  std::vector<std::string> all;
  for (const RuleFilter* filter : filters) {
    for (const std::string& atom : filter->atoms()) {
      if (index.emplace(atom, static_cast<int>(all.size())).second)
        all.push_back(atom);
    }
  }
  // `index` views the filters' strings, which outlive this loop.
  for (const RuleFilter* filter : filters) {
    filters_.push_back(filter->id());
    std::vector<int>& local = local_.emplace_back(all.size(), -1);
    const std::vector<std::string>& atoms = filter->atoms();
    for (size_t i = 0; i < atoms.size(); ++i)
      local[static_cast<size_t>(index.at(atoms[i]))] = static_cast<int>(i);
  }
  scanner_ = std::make_unique<AtomScanner>(all);
}

int SharedScan::SlotOf(uint64_t filter) const {
  for (size_t i = 0; i < filters_.size(); ++i) {
    if (filters_[i] == filter) return static_cast<int>(i);
  }
  return -1;
}

SharedScan::Batch::Batch(const SharedScan& scan, std::span<const MatchJob> jobs)
    : scan_(scan), previous_(current_batch) {
  for (const MatchJob& job : jobs) {
    const uint32_t first = static_cast<uint32_t>(entries_.size());
    bool sorted = true;
    for (const TextRange& r : job.ranges) {
      const size_t end = std::min(r.end, job.text.size());
      if (r.begin >= end) continue;
      sorted = sorted &&
               (entries_.size() == first || entries_.back().begin < r.begin);
      entries_.push_back({job.text.data(), r.begin, end, 0, 0, false});
    }
    const uint32_t last = static_cast<uint32_t>(entries_.size());
    // Ranges out of order, or a text seen twice, are served by the scan
    // order only (Find's fast path); binary search needs sorted ranges.
    if (sorted) texts_.emplace(job.text.data(), std::pair(first, last));
  }
  std::vector<int> a, b;
  auto range_of = [&](const Entry& e) {
    return std::string_view(e.text + e.begin, e.end - e.begin);
  };
  auto store = [&](Entry* e, const std::vector<int>& atoms, bool digit) {
    e->first = static_cast<uint32_t>(found_.size());
    e->count = static_cast<uint32_t>(atoms.size());
    e->digit = digit;
    found_.insert(found_.end(), atoms.begin(), atoms.end());
  };
  for (size_t k = 0; k < entries_.size(); k += 2) {
    a.clear();
    bool digit_a = false, digit_b = false;
    if (k + 1 < entries_.size()) {
      b.clear();
      scan_.scanner_->ScanPair(range_of(entries_[k]), &a, &digit_a,
                               range_of(entries_[k + 1]), &b, &digit_b);
      store(&entries_[k + 1], b, digit_b);
    } else {
      digit_a = scan_.scanner_->Scan(range_of(entries_[k]), &a);
    }
    store(&entries_[k], a, digit_a);
  }
  current_batch = this;
}

SharedScan::Batch::~Batch() { current_batch = previous_; }

const SharedScan::Batch* SharedScan::Batch::Current() { return current_batch; }

const SharedScan::Batch::Entry* SharedScan::Batch::Find(const char* text,
                                                        size_t begin) const {
  for (size_t i : {next_, next_ + 1}) {
    if (i < entries_.size() && entries_[i].text == text &&
        entries_[i].begin == begin) {
      next_ = i + 1;
      return &entries_[i];
    }
  }
  const auto it = texts_.find(text);
  if (it == texts_.end()) return nullptr;
  const auto first = entries_.begin() + it->second.first;
  const auto last = entries_.begin() + it->second.second;
  const auto at = std::lower_bound(
      first, last, begin,
      [](const Entry& e, size_t value) { return e.begin < value; });
  if (at == last || at->begin != begin) return nullptr;
  next_ = static_cast<size_t>(at - entries_.begin()) + 1;
  return &*at;
}

bool SharedScan::Batch::Lookup(uint64_t filter, std::string_view text,
                               size_t begin, size_t end,
                               std::vector<int>* atoms, bool* digit) const {
  const int slot = scan_.SlotOf(filter);
  if (slot < 0) return false;
  const Entry* entry = Find(text.data(), begin);
  if (entry == nullptr || entry->end < end) return false;
  const std::vector<int>& local = scan_.local_[static_cast<size_t>(slot)];
  // Sized for every literal found, then cut to this filter's: no capacity
  // check per literal.
  atoms->resize(entry->count);
  int* out = atoms->data();
  for (uint32_t i = 0; i < entry->count; ++i) {
    const int mine = local[static_cast<size_t>(found_[entry->first + i])];
    *out = mine;
    out += mine >= 0;
  }
  atoms->resize(static_cast<size_t>(out - atoms->data()));
  std::sort(atoms->begin(), atoms->end());
  *digit = entry->digit;
  return true;
}

}  // namespace newsline
