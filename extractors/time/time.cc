#include "extractors/time/time.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "extractors/engine/rule_filter.h"
#include "extractors/engine/rule_subset.h"
#include "extractors/time/internal/resolve.h"
#include "extractors/time/internal/template.h"
#include "extractors/time/internal/timex_value.h"

namespace newsline {
namespace {

using time_internal::Direction;
using time_internal::FillContext;
using time_internal::Template;
using time_internal::Tense;

enum class Cue { kFuture, kPast, kPresent, kNone, kClause };

constexpr std::array<std::pair<std::string_view, Cue>, 5> kCues{{
    {"future", Cue::kFuture},
    {"past", Cue::kPast},
    {"present", Cue::kPresent},
    {"none", Cue::kNone},
    {"clause", Cue::kClause},
}};

constexpr std::array<std::pair<std::string_view, MentionKind>, 4> kKinds{{
    {"date", MentionKind::kDate},
    {"time", MentionKind::kTime},
    {"duration", MentionKind::kDuration},
    {"set", MentionKind::kSet},
}};

constexpr std::array<std::string_view, 12> kMods = {
    "START",     "MID",       "END",           "APPROX",
    "BEFORE",    "AFTER",     "ON_OR_BEFORE",  "ON_OR_AFTER",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"};

constexpr std::array<std::string_view, 5> kExpressionAttributes = {
    "kind", "timex", "anchor", "direction", "mod"};

bool IsMod(std::string_view s) {
  return s.empty() || std::find(kMods.begin(), kMods.end(), s) != kMods.end();
}

std::string_view CueName(Cue cue) {
  for (const auto& [name, c] : kCues) {
    if (c == cue) return name;
  }
  return "none";
}

std::string_view TypeOf(MentionKind kind) {
  switch (kind) {
    case MentionKind::kTime:
      return "TIME";
    case MentionKind::kDuration:
      return "DURATION";
    case MentionKind::kSet:
      return "SET";
    default:
      return "DATE";
  }
}

// A SET is a duration ("P1M") or a date pattern ("XXXX-WXX-1", "TMO").
bool IsSetValue(std::string_view value) {
  if (time_internal::IsDuration(value)) return true;
  const auto [date, time] = time_internal::SplitTime(value);
  if (!time.empty() && !time_internal::IsTimePart(time)) return false;
  if (date.empty()) return !time.empty();
  return time_internal::ParseDate(date).has_value();
}

bool IsValueFor(MentionKind kind, std::string_view value) {
  switch (kind) {
    case MentionKind::kDuration:
      return time_internal::IsDuration(value);
    case MentionKind::kSet:
      return IsSetValue(value);
    default:
      return time_internal::ResolveDate(value, Direction::kTense,
                                        Tense::kUnknown, std::nullopt)
          .has_value();
  }
}

struct ExpressionRule {
  // A blocking rule ("kind none") wins overlaps like any other but makes no
  // mention: "en maintenant" (a verb) hides "maintenant" (now).
  bool blocker = false;
  MentionKind kind = MentionKind::kDate;
  Template timex;
  Template mod;
  Template direction;
  bool has_anchor = false;
  Template anchor_unit;
  Template anchor_offset;
  int extent_group = -1;
};

struct CompiledRule {
  bool is_cue = false;
  Cue cue = Cue::kNone;
  ExpressionRule expression;
};

struct CueSpan {
  size_t begin = 0;
  size_t end = 0;
  Cue cue = Cue::kNone;
  const Rule* rule = nullptr;
};

struct Candidate {
  size_t begin = 0;  // the mention's extent
  size_t end = 0;
  const Rule* rule = nullptr;
  bool blocker = false;
  Mention mention;
};

// Buffers reused from one sentence to the next, so that a sentence without
// a time expression costs no allocation.
struct Scratch {
  RuleFilter::Scratch filter;
  std::vector<int> hits;
  std::vector<RuleMatch> cue_matches;
  std::vector<Candidate> candidates;
  std::vector<Candidate*> kept;
};

// What a sentence's analysis fired besides its mentions, for Hits().
struct Trace {
  std::vector<CueSpan> cues;
  std::vector<Candidate> blocked;  // kept blocking matches
};

bool IsFigureContainer(MentionKind kind) {
  return kind == MentionKind::kMoney || kind == MentionKind::kPercent ||
         kind == MentionKind::kQuantity;
}

// The tense at [begin, end): the nearest tense cue before it in its clause,
// else the nearest one after it in its clause. `cues` are sorted and do not
// overlap.
Tense TenseAt(const std::vector<CueSpan>& cues, size_t begin, size_t end,
              const Sentence& sentence) {
  size_t clause_begin = sentence.begin;
  size_t clause_end = sentence.end;
  for (const CueSpan& c : cues) {
    if (c.cue != Cue::kClause) continue;
    if (c.end <= begin) clause_begin = std::max(clause_begin, c.end);
    if (c.begin >= end) clause_end = std::min(clause_end, c.begin);
  }
  const CueSpan* before = nullptr;
  const CueSpan* after = nullptr;
  for (const CueSpan& c : cues) {
    if (c.cue == Cue::kClause || c.cue == Cue::kNone) continue;
    if (c.end <= begin && c.begin >= clause_begin) {
      before = &c;
    } else if (c.begin >= end && c.end <= clause_end && after == nullptr) {
      after = &c;
    }
  }
  const CueSpan* chosen = before != nullptr ? before : after;
  if (chosen == nullptr) return Tense::kUnknown;
  switch (chosen->cue) {
    case Cue::kFuture:
      return Tense::kFuture;
    case Cue::kPast:
      return Tense::kPast;
    default:
      return Tense::kPresent;
  }
}

Result<Template> CompileAttribute(const Rule& rule, const RulePack& pack,
                                  std::string_view attribute,
                                  std::string_view text, bool allow_anchor) {
  auto t = Template::Compile(text, rule, pack, allow_anchor);
  if (!t) {
    return MakeError(ErrorCode::kBadRule, "",
                     std::string(attribute) + ": " + t.error().message);
  }
  return t;
}

// Checks that every value a template can give passes `ok`.
std::optional<std::string> CheckValues(const Template& t,
                                       std::string_view attribute,
                                       bool (*ok)(std::string_view)) {
  const auto values = t.PossibleValues();
  if (!values) return std::nullopt;
  for (const std::string& v : *values) {
    if (!ok(v)) {
      return std::string(attribute) + ": \"" + v + "\" is not a valid " +
             std::string(attribute);
    }
  }
  return std::nullopt;
}

Result<CompiledRule> CompileRule(const Rule& rule, const RulePack& pack) {
  auto fail = [](std::string message) {
    return MakeError(ErrorCode::kBadRule, "", std::move(message));
  };
  CompiledRule out;
  const bool has_cue = rule.HasAttribute("cue");
  const bool has_kind = rule.HasAttribute("kind");
  if (has_cue == has_kind) {
    return fail(has_cue ? "a rule has either \"kind\" or \"cue\", not both"
                        : "missing \"kind\" (date, time, duration, set) or "
                          "\"cue\" (future, past, present, none, clause)");
  }
  if (has_cue) {
    out.is_cue = true;
    const std::string_view name = rule.Attribute("cue");
    auto it = std::find_if(kCues.begin(), kCues.end(),
                           [&](const auto& c) { return c.first == name; });
    if (it == kCues.end()) {
      return fail("unknown cue \"" + std::string(name) +
                  "\" (future, past, present, none, clause)");
    }
    out.cue = it->second;
    if (rule.attributes.size() != 1) {
      for (const auto& [key, value] : rule.attributes) {
        if (key != "cue")
          return fail("unknown attribute \"" + key + "\" in a cue rule");
      }
    }
    return out;
  }
  for (const auto& [key, value] : rule.attributes) {
    if (std::find(kExpressionAttributes.begin(), kExpressionAttributes.end(),
                  key) == kExpressionAttributes.end()) {
      return fail("unknown attribute \"" + key +
                  "\" (kind, timex, anchor, direction, mod)");
    }
  }
  ExpressionRule& e = out.expression;
  const std::string_view kind = rule.Attribute("kind");
  if (kind == "none") {
    if (rule.attributes.size() != 1) {
      return fail("a blocking rule (kind none) has no other attribute");
    }
    e.blocker = true;
    for (size_t g = 0; g < rule.group_names.size(); ++g) {
      if (rule.group_names[g] == "extent") e.extent_group = static_cast<int>(g);
    }
    return out;
  }
  auto kit = std::find_if(kKinds.begin(), kKinds.end(),
                          [&](const auto& k) { return k.first == kind; });
  if (kit == kKinds.end()) {
    return fail("unknown kind \"" + std::string(kind) +
                "\" (date, time, duration, set, none)");
  }
  e.kind = kit->second;

  e.has_anchor = rule.HasAttribute("anchor");
  if (e.has_anchor) {
    const std::string_view anchor = rule.Attribute("anchor");
    const size_t space = anchor.find(' ');
    if (space == std::string_view::npos) {
      return fail("anchor: expected \"UNIT OFFSET\", got \"" +
                  std::string(anchor) + "\"");
    }
    auto unit =
        CompileAttribute(rule, pack, "anchor", anchor.substr(0, space), false);
    if (!unit) return std::unexpected(unit.error());
    std::string_view offset = anchor.substr(space + 1);
    while (!offset.empty() && offset.front() == ' ') offset.remove_prefix(1);
    auto off = CompileAttribute(rule, pack, "anchor", offset, false);
    if (!off) return std::unexpected(off.error());
    if (off->empty()) return fail("anchor: missing OFFSET");
    e.anchor_unit = std::move(*unit);
    e.anchor_offset = std::move(*off);
    if (auto error =
            CheckValues(e.anchor_unit, "anchor unit", [](std::string_view v) {
              return time_internal::ParseAnchorUnit(v).has_value();
            })) {
      return fail(*error);
    }
  }
  if (!rule.HasAttribute("timex") && !e.has_anchor) {
    return fail("missing \"timex\" (or \"anchor\")");
  }
  auto timex = CompileAttribute(
      rule, pack, "timex", rule.Attribute("timex", "{anchor}"), e.has_anchor);
  if (!timex) return std::unexpected(timex.error());
  e.timex = std::move(*timex);
  if (e.timex.empty()) return fail("timex: empty value");
  if (const auto values = e.timex.PossibleValues(); values && !e.has_anchor) {
    for (const std::string& v : *values) {
      if (!IsValueFor(e.kind, v)) {
        return fail("timex: \"" + v + "\" is not a TIMEX3 value for kind " +
                    std::string(kind));
      }
    }
  }
  auto mod =
      CompileAttribute(rule, pack, "mod", rule.Attribute("mod"), e.has_anchor);
  if (!mod) return std::unexpected(mod.error());
  e.mod = std::move(*mod);
  if (auto error = CheckValues(e.mod, "mod", IsMod)) return fail(*error);
  auto direction = CompileAttribute(rule, pack, "direction",
                                    rule.Attribute("direction"), false);
  if (!direction) return std::unexpected(direction.error());
  e.direction = std::move(*direction);
  if (auto error =
          CheckValues(e.direction, "direction", [](std::string_view v) {
            return v.empty() || time_internal::ParseDirection(v).has_value();
          })) {
    return fail(*error);
  }
  for (size_t g = 0; g < rule.group_names.size(); ++g) {
    if (rule.group_names[g] == "extent") e.extent_group = static_cast<int>(g);
  }
  return out;
}

}  // namespace

struct TimeExtractor::Impl {
  RulePack pack;
  std::vector<CompiledRule> rules;  // parallel to pack.rules()
  // Expression rules run on every sentence; cue rules only where an
  // expression needs the tense, which most sentences never do.
  RuleFilter expression_rules;
  RuleSubset cue_rules;

  explicit Impl(RulePack p) : pack(std::move(p)) {}

  const CompiledRule& Compiled(const Rule* rule) const {
    return rules[static_cast<size_t>(rule - pack.rules().data())];
  }
  // The cues of a sentence, sorted and without overlaps.
  std::vector<CueSpan> FindCues(const Document& doc, const Sentence& sentence,
                                Scratch* scratch) const;
  // `cues` computes the sentence's cues on first use.
  template <typename CueFn>
  std::optional<Candidate> Build(const Document& doc, const Sentence& sentence,
                                 const RuleMatch& match, CueFn&& cues) const;
  // Finds the mentions of one sentence from its expression rules' matches;
  // also what else fired when `trace` is set.
  void AnalyzeSentence(const Document& doc, int index,
                       const std::vector<RuleMatch>& matches,
                       const std::vector<Mention>& found,
                       std::vector<Mention>* out, Trace* trace,
                       Scratch* scratch) const;
  // AnalyzeSentence over every sentence of `doc`, given the expression
  // rules' matches sentence by sentence.
  void AnalyzeDocument(const Document& doc,
                       const std::vector<std::vector<RuleMatch>>& matches,
                       const std::vector<Mention>& found,
                       std::vector<Mention>* out, Trace* trace,
                       Scratch* scratch) const;
};

std::vector<CueSpan> TimeExtractor::Impl::FindCues(const Document& doc,
                                                   const Sentence& sentence,
                                                   Scratch* scratch) const {
  std::vector<CueSpan> cues;
  scratch->cue_matches.clear();
  cue_rules.FindAll(doc.text, sentence.begin, sentence.end, &scratch->hits,
                    &scratch->cue_matches);
  for (const RuleMatch& m : ResolveOverlaps(std::move(scratch->cue_matches))) {
    cues.push_back(CueSpan{m.begin, m.end, Compiled(m.rule).cue, m.rule});
  }
  return cues;
}

template <typename CueFn>
std::optional<Candidate> TimeExtractor::Impl::Build(const Document& doc,
                                                    const Sentence& sentence,
                                                    const RuleMatch& match,
                                                    CueFn&& cues) const {
  const Rule& rule = *match.rule;
  const ExpressionRule& e = Compiled(&rule).expression;
  Candidate c;
  c.rule = &rule;
  c.begin = match.begin;
  c.end = match.end;
  if (e.extent_group >= 0 &&
      static_cast<size_t>(e.extent_group) < match.groups.size()) {
    const std::string_view g = match.groups[e.extent_group];
    if (g.data() != nullptr) {
      if (g.empty()) return std::nullopt;
      c.begin = static_cast<size_t>(g.data() - doc.text.data());
      c.end = c.begin + g.size();
    }
  }
  if (e.blocker) {
    c.blocker = true;
    return c;
  }
  FillContext context{&match, {}, doc.reference};
  std::string anchor;
  if (e.has_anchor) {
    const auto unit_name = e.anchor_unit.Fill(context);
    const auto offset = e.anchor_offset.Fill(context);
    if (!unit_name || !offset) return std::nullopt;
    const auto unit = time_internal::ParseAnchorUnit(*unit_name);
    if (!unit) return std::nullopt;
    auto value = time_internal::AnchorValue(*unit, *offset, doc.reference);
    if (!value) return std::nullopt;
    anchor = std::move(*value);
    context.anchor = anchor;
  }
  auto value = e.timex.Fill(context);
  if (!value) return std::nullopt;
  auto mod = e.mod.Fill(context);
  if (!mod || !IsMod(*mod)) return std::nullopt;

  if (e.kind == MentionKind::kDate || e.kind == MentionKind::kTime) {
    Direction direction = Direction::kTense;
    if (!e.direction.empty()) {
      const auto name = e.direction.Fill(context);
      if (!name) return std::nullopt;
      if (!name->empty()) {
        const auto d = time_internal::ParseDirection(*name);
        if (!d) return std::nullopt;
        direction = *d;
      }
    }
    const Tense tense = time_internal::NeedsTense(*value, direction)
                            ? TenseAt(cues(), c.begin, c.end, sentence)
                            : Tense::kUnknown;
    auto resolved =
        time_internal::ResolveDate(*value, direction, tense, doc.reference);
    if (!resolved) return std::nullopt;
    value = std::move(resolved);
  } else if (!IsValueFor(e.kind, *value)) {
    return std::nullopt;
  }

  Mention& m = c.mention;
  m.kind = e.kind;
  m.begin = c.begin;
  m.end_byte = c.end;
  m.text = std::string(doc.text.substr(c.begin, c.end - c.begin));
  m.rule = rule.id;
  m.timex = std::move(*value);
  m.type = std::string(TypeOf(e.kind));
  m.mod = std::move(*mod);
  return c;
}

void TimeExtractor::Impl::AnalyzeDocument(
    const Document& doc, const std::vector<std::vector<RuleMatch>>& matches,
    const std::vector<Mention>& found, std::vector<Mention>* out, Trace* trace,
    Scratch* scratch) const {
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    AnalyzeSentence(doc, static_cast<int>(i), matches[i], found, out, trace,
                    scratch);
  }
}

void TimeExtractor::Impl::AnalyzeSentence(const Document& doc, int index,
                                          const std::vector<RuleMatch>& matches,
                                          const std::vector<Mention>& found,
                                          std::vector<Mention>* out,
                                          Trace* trace,
                                          Scratch* scratch) const {
  const Sentence& sentence = doc.sentences[index];
  std::optional<std::vector<CueSpan>> cues;
  auto get_cues = [&]() -> const std::vector<CueSpan>& {
    if (!cues) cues = FindCues(doc, sentence, scratch);
    return *cues;
  };
  if (trace != nullptr) {
    const auto& all = get_cues();
    trace->cues.insert(trace->cues.end(), all.begin(), all.end());
  }
  if (matches.empty()) return;

  std::vector<Candidate>& candidates = scratch->candidates;
  candidates.clear();
  for (const RuleMatch& m : matches) {
    auto c = Build(doc, sentence, m, get_cues);
    if (!c) continue;
    const bool inside_figure =
        std::any_of(found.begin(), found.end(), [&](const Mention& f) {
          return IsFigureContainer(f.kind) && f.begin <= c->begin &&
                 c->end <= f.end_byte &&
                 f.end_byte - f.begin > c->end - c->begin;
        });
    if (!inside_figure) candidates.push_back(std::move(*c));
  }
  // Longest extent first, as for any rule matches.
  std::vector<Candidate*>& kept = scratch->kept;
  KeepNonOverlapping(candidates, &kept);
  for (Candidate* c : kept) {
    if (c->blocker) {
      if (trace != nullptr) trace->blocked.push_back(*c);
      continue;
    }
    c->mention.sentence = index;
    out->push_back(std::move(c->mention));
  }
}

TimeExtractor::TimeExtractor(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
TimeExtractor::~TimeExtractor() = default;

Result<std::unique_ptr<TimeExtractor>> TimeExtractor::Create(RulePack pack) {
  auto impl = std::make_unique<Impl>(std::move(pack));
  const RulePack& p = impl->pack;
  for (const Rule& rule : p.rules()) {
    auto compiled = CompileRule(rule, p);
    if (!compiled) {
      return MakeError(ErrorCode::kBadRule,
                       p.path() + ":" + std::to_string(rule.line),
                       "rule " + rule.id + ": " + compiled.error().message);
    }
    impl->rules.push_back(std::move(*compiled));
  }
  std::vector<const Rule*> expressions;
  std::vector<const Rule*> cues;
  for (const Rule& rule : p.rules()) {
    (impl->Compiled(&rule).is_cue ? cues : expressions).push_back(&rule);
  }
  auto filter = RuleFilter::Create(std::move(expressions));
  if (!filter)
    return MakeError(ErrorCode::kBadRule, p.path(), filter.error().message);
  impl->expression_rules = std::move(*filter);
  auto subset = RuleSubset::Create(std::move(cues));
  if (!subset)
    return MakeError(ErrorCode::kBadRule, p.path(), subset.error().message);
  impl->cue_rules = std::move(*subset);
  return std::unique_ptr<TimeExtractor>(new TimeExtractor(std::move(impl)));
}

std::vector<const RuleFilter*> TimeExtractor::Filters() const {
  return {&impl_->expression_rules};
}

void TimeExtractor::ExtractBatch(std::span<const BatchItem> items) const {
  // Per thread, so that the filter's remembered answers outlive the batch.
  thread_local Scratch scratch;
  std::vector<std::vector<TextRange>> ranges;
  const std::vector<MatchJob> jobs = BatchJobs(
      items, [](const Document& doc) { return SentenceRanges(doc.sentences); },
      &ranges);
  std::vector<std::vector<std::vector<RuleMatch>>> matches;
  impl_->expression_rules.FindAllInBatch(jobs, &scratch.filter, &matches);
  for (size_t i = 0; i < items.size(); ++i) {
    ReserveForMatches(matches[i], items[i].out);
    impl_->AnalyzeDocument(*items[i].doc, matches[i], *items[i].found,
                           items[i].out, nullptr, &scratch);
  }
}

std::vector<RuleHit> TimeExtractor::Hits(const Document& doc) const {
  std::vector<Mention> mentions;
  Trace trace;
  Scratch scratch;
  std::vector<std::vector<RuleMatch>> matches;
  impl_->expression_rules.FindAllIn(doc.text, SentenceRanges(doc.sentences),
                                    &scratch.filter, &matches);
  impl_->AnalyzeDocument(doc, matches, {}, &mentions, &trace, &scratch);
  std::vector<RuleHit> hits;
  hits.reserve(mentions.size() + trace.blocked.size() + trace.cues.size());
  for (const Mention& m : mentions) hits.push_back(HitOf(m));
  for (const Candidate& c : trace.blocked) {
    RuleHit hit{
        c.rule->id, std::string(doc.text.substr(c.begin, c.end - c.begin)), {}};
    hit.attributes["kind"] = "none";
    hits.push_back(std::move(hit));
  }
  for (const CueSpan& c : trace.cues) {
    RuleHit hit{
        c.rule->id, std::string(doc.text.substr(c.begin, c.end - c.begin)), {}};
    hit.attributes["cue"] = std::string(CueName(c.cue));
    hits.push_back(std::move(hit));
  }
  return hits;
}

const RulePack& TimeExtractor::pack() const { return impl_->pack; }

}  // namespace newsline
