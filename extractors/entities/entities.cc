#include "extractors/entities/entities.h"

#include <algorithm>
#include <set>

#include "core/unicode.h"
#include "extractors/engine/rule_files.h"
#include "extractors/entities/internal/model.h"

namespace newsline {
namespace {

using entities_internal::Check;
using entities_internal::Evidence;
using entities_internal::Model;
using entities_internal::Role;
using entities_internal::RuleInfo;
using entities_internal::Source;
using entities_internal::Take;

constexpr std::string_view kAttributes[] = {"kind",  "role",   "evidence",
                                            "check", "source", "take"};
constexpr std::string_view kKindGroups[] = {"person", "org", "place",
                                            "product"};

int GroupIndex(const Rule& rule, std::string_view name) {
  for (size_t i = 0; i < rule.group_names.size(); ++i) {
    if (rule.group_names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Reads and checks one rule's attributes.
Result<RuleInfo> ReadRule(const RulePack& pack, const Rule& rule,
                          decltype(Model::source_rules)* sources) {
  auto fail = [&](std::string message) {
    return MakeError(ErrorCode::kBadRule,
                     pack.path() + ":" + std::to_string(rule.line),
                     "rule " + rule.id + ": " + std::move(message));
  };
  for (const auto& [key, value] : rule.attributes) {
    if (std::find(std::begin(kAttributes), std::end(kAttributes), key) ==
        std::end(kAttributes)) {
      return fail("unknown attribute \"" + key +
                  "\" (expected kind, role, evidence, check, source or take)");
    }
  }
  RuleInfo info;
  info.rule = &rule;
  if (rule.HasAttribute("kind")) {
    auto kind = ParseMentionKind(rule.Attribute("kind"));
    if (!kind || !IsEntity(*kind)) {
      return fail("unknown kind \"" + std::string(rule.Attribute("kind")) +
                  "\" (expected person, org, place or product)");
    }
    info.kind = *kind;
  }
  const std::string_view evidence = rule.Attribute("evidence", "strong");
  if (evidence == "strong") {
    info.evidence = Evidence::kStrong;
  } else if (evidence == "weak") {
    info.evidence = Evidence::kWeak;
  } else {
    return fail("unknown evidence \"" + std::string(evidence) +
                "\" (expected strong or weak)");
  }
  const std::string_view check = rule.Attribute("check");
  if (check == "acronym") {
    info.check = Check::kAcronym;
  } else if (check == "model") {
    info.check = Check::kModel;
  } else if (!check.empty()) {
    return fail("unknown check \"" + std::string(check) +
                "\" (expected acronym or model)");
  }

  if (rule.HasAttribute("source")) {
    const std::string_view source = rule.Attribute("source");
    Source s;
    if (source == "gazetteer") {
      s = Source::kGazetteer;
    } else if (source == "countries") {
      s = Source::kCountries;
      if (info.kind && *info.kind != MentionKind::kPlace) {
        return fail("countries are places: kind must be place");
      }
    } else if (source == "coreference") {
      s = Source::kCoreference;
    } else if (source == "guess") {
      s = Source::kGuess;
      if (info.kind != MentionKind::kPerson) {
        return fail("guesses are persons: kind person");
      }
    } else if (source == "acronyms") {
      s = Source::kAcronyms;
      if (!info.kind) return fail("source acronyms needs a kind");
    } else if (source == "acronym_definitions") {
      s = Source::kAcronymDefinitions;
      if (!info.kind) return fail("source acronym_definitions needs a kind");
    } else {
      return fail(
          "unknown source \"" + std::string(source) +
          "\" (expected gazetteer, countries, coreference, guess, acronyms or "
          "acronym_definitions)");
    }
    if (rule.HasAttribute("role") || rule.HasAttribute("take") ||
        rule.HasAttribute("check")) {
      return fail("a source rule has no role, take or check");
    }
    const int slot = info.kind ? entities_internal::KindSlot(*info.kind) : 4;
    const Rule*& owner = (*sources)[static_cast<int>(s)][slot];
    if (owner != nullptr) {
      return fail("names from source " + std::string(source) +
                  " already belong to rule " + owner->id);
    }
    owner = &rule;
    info.role = Role::kSource;
    return info;
  }

  const std::string_view role = rule.Attribute("role", "mention");
  info.base = GroupIndex(rule, "base");
  if (role == "mention") {
    info.role = Role::kMention;
    for (std::string_view group : kKindGroups) {
      const int index = GroupIndex(rule, group);
      if (index >= 0) info.groups.emplace_back(index, *ParseMentionKind(group));
    }
    if (info.groups.empty() && !info.kind) {
      return fail(
          "needs a kind or a group named person, org, place or product");
    }
    const std::string_view take = rule.Attribute("take", "whole");
    if (take == "first") {
      info.take = Take::kFirst;
    } else if (take == "last") {
      info.take = Take::kLast;
    } else if (take != "whole") {
      return fail("unknown take \"" + std::string(take) +
                  "\" (expected whole, first or last)");
    }
    if (info.take != Take::kWhole && !info.groups.empty()) {
      return fail(
          "take applies to the whole match: a rule with kind groups has none");
    }
  } else if (role == "alias") {
    info.role = Role::kAlias;
    info.old_name = GroupIndex(rule, "old");
    info.new_name = GroupIndex(rule, "new");
    if (info.old_name < 0 || info.new_name < 0) {
      return fail("role alias needs groups (?P<old>...) and (?P<new>...)");
    }
  } else if (role == "acronym") {
    info.role = Role::kAcronym;
    info.long_form = GroupIndex(rule, "long");
    info.short_form = GroupIndex(rule, "short");
    if (info.long_form < 0 || info.short_form < 0) {
      return fail("role acronym needs groups (?P<long>...) and (?P<short>...)");
    }
  } else {
    return fail("unknown role \"" + std::string(role) +
                "\" (expected mention, alias or acronym)");
  }
  if (info.role != Role::kMention && !info.kind) info.kind = MentionKind::kOrg;
  return info;
}

}  // namespace

namespace entities_internal {

int KindSlot(MentionKind kind) {
  switch (kind) {
    case MentionKind::kPerson:
      return 0;
    case MentionKind::kOrg:
      return 1;
    case MentionKind::kPlace:
      return 2;
    default:
      return 3;
  }
}

const Rule* Model::SourceRule(Source source, MentionKind kind) const {
  const auto& slots = source_rules[static_cast<int>(source)];
  const Rule* rule = slots[KindSlot(kind)];
  return rule != nullptr ? rule : slots[kKindCount];
}

}  // namespace entities_internal

Result<std::unique_ptr<EntitiesExtractor>> EntitiesExtractor::Create(
    RulePack pack, const std::string& rules_dir) {
  auto model = std::make_unique<Model>(Model{std::move(pack)});
  const RulePack& p = model->pack;
  auto fail = [&](std::string message) {
    return MakeError(ErrorCode::kBadRule, p.path(), std::move(message));
  };
  model->lang = std::string(p.Setting("lang"));
  if (model->lang.empty()) return fail("missing setting \"lang\"");

  for (const Rule& rule : p.rules()) {
    auto info = ReadRule(p, rule, &model->source_rules);
    if (!info) return std::unexpected(info.error());
    model->rules.push_back(*info);
  }

  using entities_internal::WordSet;
  model->not_name = WordSet(p.FindTable("NOT_NAME"));
  model->not_person = WordSet(p.FindTable("NOT_PERSON"));
  if (const Table* t = p.FindTable("NOT_NAME_ENDING")) {
    for (const auto& [key, value] : t->entries()) {
      model->not_name_endings.push_back(ToLower(key));
    }
  }
  model->determiners = WordSet(p.FindTable("DETERMINER"));
  model->particles = WordSet(p.FindTable("PARTICLE"));
  model->not_acronym = WordSet(p.FindTable("NOT_ACRONYM"));
  model->not_model = WordSet(p.FindTable("NOT_MODEL"));
  model->model_veto = WordSet(p.FindTable("MODEL_VETO"));
  model->model_words = WordSet(p.FindTable("MODEL_WORD"));
  model->guard_before = WordSet(p.FindTable("GUARD_BEFORE"));
  model->guard_after = WordSet(p.FindTable("GUARD_AFTER"));
  model->acronym_skip = WordSet(p.FindTable("ACRONYM_SKIP"));
  model->ambiguous = WordSet(p.FindTable("AMBIGUOUS"));
  model->cue_words = WordSet(p.FindTable("CUE_ADJ"));
  model->org_links = WordSet(p.FindTable("ORG_LINK"));
  // "Inc." and "S.A." end a name as the tokens "Inc" and "S.A" + ".".
  for (std::string_view table : {"LEGAL", "LEGAL_SHORT"}) {
    if (const Table* t = p.FindTable(table)) {
      for (const auto& [key, value] : t->entries()) {
        model->legal.Add(key);
        if (key.size() > 1 && key.back() == '.') {
          model->legal.Add(std::string_view(key).substr(0, key.size() - 1));
        }
      }
    }
  }
  // Title words split into words: "directeur général" keeps both "directeur"
  // and "général" out of guessed names.
  for (std::string_view table : {"TITLE", "CIVILITY", "CIVILITY_SHORT"}) {
    if (const Table* t = p.FindTable(table)) {
      for (const auto& [key, value] : t->entries()) {
        for (std::string_view w : Words(key)) model->title_words.Add(w);
      }
    }
  }
  std::vector<std::string> suffixes;
  if (const Table* t = p.FindTable("POSSESSIVE")) {
    for (const auto& [key, value] : t->entries()) suffixes.push_back(key);
  }
  model->tokenizer = entities_internal::Tokenizer(
      WordSet(p.FindTable("SPLIT_PREFIX")), std::move(suffixes));

  std::vector<RuleFile> files;
  for (std::string_view name : Words(p.Setting("gazetteers"))) {
    if (name.ends_with(".rules")) {
      return fail("setting gazetteers: \"" + std::string(name) +
                  "\" ends in .rules, which names a language");
    }
    auto file = ReadRuleFile("entities", name, rules_dir);
    if (!file) {
      return fail(
          "setting gazetteers: no file \"" + std::string(name) + "\" in " +
          (rules_dir.empty() ? std::string("the built-in rules") : rules_dir));
    }
    files.push_back(std::move(*file));
  }
  entities_internal::Gazetteer::Options options;
  options.lang = model->lang;
  options.tokenizer = &model->tokenizer;
  options.ambiguous = &model->ambiguous;
  options.country_aliases = p.FindTable("COUNTRY");
  options.rules_path = p.path();
  auto gazetteer = entities_internal::Gazetteer::Build(options, files);
  if (!gazetteer) return std::unexpected(gazetteer.error());
  model->gazetteer = std::move(*gazetteer);

  // Every name must have a rule id to report.
  auto need = [&](Source source, MentionKind kind,
                  std::string_view source_name) -> Result<bool> {
    if (model->SourceRule(source, kind) != nullptr) return true;
    return fail("no rule with \"source " + std::string(source_name) +
                "\" for kind " + std::string(MentionKindName(kind)));
  };
  for (MentionKind kind : {MentionKind::kPerson, MentionKind::kOrg,
                           MentionKind::kPlace, MentionKind::kProduct}) {
    if (model->gazetteer.HasKind(kind)) {
      auto ok = need(Source::kGazetteer, kind, "gazetteer");
      if (!ok) return std::unexpected(ok.error());
    }
    auto ok = need(Source::kCoreference, kind, "coreference");
    if (!ok) return std::unexpected(ok.error());
  }
  auto ok = need(Source::kCountries, MentionKind::kPlace, "countries");
  if (!ok) return std::unexpected(ok.error());

  return std::unique_ptr<EntitiesExtractor>(
      new EntitiesExtractor(std::move(model)));
}

EntitiesExtractor::EntitiesExtractor(
    std::unique_ptr<entities_internal::Model> model)
    : model_(std::move(model)) {}

EntitiesExtractor::~EntitiesExtractor() = default;

const RulePack& EntitiesExtractor::pack() const { return model_->pack; }

std::vector<const RuleFilter*> EntitiesExtractor::Filters() const {
  return {model_->pack.filter()};
}

void EntitiesExtractor::ExtractBatch(std::span<const BatchItem> items) const {
  std::vector<std::vector<TextRange>> ranges;
  const std::vector<MatchJob> jobs = BatchJobs(
      items, [](const Document& doc) { return SentenceRanges(doc.sentences); },
      &ranges);
  const auto matches = model_->pack.FindAllInBatch(jobs);
  for (size_t i = 0; i < items.size(); ++i) {
    entities_internal::ExtractEntities(*model_, *items[i].doc, *items[i].found,
                                       matches[i], items[i].out);
  }
}

std::string EntityId(MentionKind kind, std::string_view canonical) {
  std::string id(MentionKindName(kind));
  id += ':';
  const size_t prefix = id.size();
  bool dash = false;
  auto append = [&](std::string_view piece, bool word) {
    if (!word) {
      dash = true;
      return;
    }
    if (dash && id.size() > prefix) id += '-';
    dash = false;
    id.append(piece);
  };
  const bool ascii =
      std::all_of(canonical.begin(), canonical.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    // Most names: no need for ICU's case mapping.
    for (char c : canonical) {
      const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
      append(std::string_view(&lower, 1),
             (lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9'));
    }
    return id;
  }
  const std::string lower = ToLower(canonical);
  for (size_t pos = 0; pos < lower.size();) {
    size_t len;
    const char32_t c = DecodeAt(lower, pos, &len);
    append(std::string_view(lower).substr(pos, len), IsWordChar(c));
    pos += len;
  }
  return id;
}

}  // namespace newsline
