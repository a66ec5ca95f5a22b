#include "extractors/entities/internal/gazetteer.h"

#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

namespace newsline::entities_internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t j = s.find(sep);
    out.push_back(s.substr(0, j));
    if (j == std::string_view::npos) return out;
    s.remove_prefix(j + 1);
  }
}

std::vector<std::string_view> SplitAliases(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    size_t bar = s.find('|');
    out.push_back(Trim(s.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
  return out;
}

bool IsLangTag(std::string_view s) {
  if (s.size() < 2 || s.size() > 3) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string Utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// "Myanmar (Burma)" → "Myanmar".
std::string WithoutParenthesis(const std::string& name) {
  const size_t paren = name.find(" (");
  return paren == std::string::npos ? name : name.substr(0, paren);
}

size_t CountLetters(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0xC0 || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z')) {
      ++n;
    }
  }
  return n;
}

}  // namespace

bool Gazetteer::HasKind(MentionKind kind) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const GazetteerEntry& e) {
                       return e.kind == kind && e.source == NameSource::kData;
                     });
}

Result<bool> Gazetteer::AddAlias(std::string_view alias, uint32_t entry,
                                 bool guarded, bool strict,
                                 const std::string& where) {
  const std::string folded = FoldTypography(alias);
  std::vector<Token> tokens;
  options_.tokenizer->Tokenize(folded, 0, folded.size(), 0, &tokens);
  if (tokens.empty() || !tokens[0].Is(kWord)) {
    return MakeError(ErrorCode::kBadRule, where,
                     "alias \"" + std::string(alias) +
                         "\" must start with a letter or digit");
  }
  Alias a;
  a.entry = entry;
  a.guarded = guarded || (options_.ambiguous != nullptr &&
                          options_.ambiguous->Contains(folded));
  std::string key;
  for (size_t i = 0; i < tokens.size(); ++i) {
    a.words.emplace_back(tokens[i].Text(folded));
    a.space_before.push_back(tokens[i].Is(kSpaceBefore));
    key += a.words.back();
    key += a.space_before.back() ? '\x01' : '\x02';
  }
  auto [it, inserted] =
      by_key_.emplace(key, static_cast<uint32_t>(aliases_.size()));
  if (!inserted) {
    Alias& old = aliases_[it->second];
    if (old.entry != entry && strict) {
      return MakeError(ErrorCode::kBadRule, where,
                       "alias \"" + std::string(alias) + "\" already names \"" +
                           entries_[old.entry].canonical + "\"");
    }
    // The same name listed twice for one entry: guarded if either says so.
    if (old.entry == entry) old.guarded = old.guarded || a.guarded;
    return false;
  }
  auto [slot, fresh] = first_slot_.emplace(
      HashWord(a.words[0]), static_cast<uint32_t>(first_.size()));
  if (fresh) first_.emplace_back();
  first_[slot->second].push_back(static_cast<uint32_t>(aliases_.size()));
  aliases_.push_back(std::move(a));
  return true;
}

Result<bool> Gazetteer::ParseFile(const RuleFile& file) {
  std::istringstream lines(file.contents);
  std::string raw;
  int line_no = 0;
  // Aliases wait until every entry is known, so that the upper-case
  // variants never shadow a real alias of another entry.
  struct Pending {
    std::string alias;
    uint32_t entry;
    bool guarded;
    std::string where;
  };
  std::vector<Pending> pending;
  while (std::getline(lines, raw)) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    const std::string where = file.path + ":" + std::to_string(line_no);
    auto fail = [&](std::string message) {
      return MakeError(ErrorCode::kBadRule, where, std::move(message));
    };
    const std::vector<std::string_view> fields = Split(line, '\t');
    if (fields.size() < 2 || fields.size() > 4) {
      return fail(
          "expected \"kind<TAB>canonical<TAB>aliases<TAB>flags\", got " +
          std::to_string(fields.size()) + " field(s)");
    }
    GazetteerEntry entry;
    const std::string_view kind_name = Trim(fields[0]);
    auto kind = ParseMentionKind(kind_name);
    if (!kind || !IsEntity(*kind)) {
      return fail("unknown kind \"" + std::string(kind_name) +
                  "\" (expected person, org, place or product)");
    }
    entry.kind = *kind;
    entry.canonical = FoldTypography(Trim(fields[1]));
    if (entry.canonical.empty()) return fail("empty canonical name");
    bool guard_all = false;
    if (fields.size() == 4) {
      for (std::string_view flag : Split(fields[3], ',')) {
        flag = Trim(flag);
        if (flag == "guard") {
          guard_all = true;
        } else if (flag == "series") {
          entry.series = true;
        } else if (!flag.empty()) {
          return fail("unknown flag \"" + std::string(flag) +
                      "\" (expected guard, series)");
        }
      }
    }
    const std::string key = std::string(kind_name) + "\t" + entry.canonical;
    if (by_canonical_.count(key)) {
      return fail("\"" + entry.canonical + "\" is listed twice");
    }
    const auto index = static_cast<uint32_t>(entries_.size());
    by_canonical_[key] = index;
    entries_.push_back(entry);
    pending.push_back({entry.canonical, index, guard_all, where});
    if (fields.size() < 3 || Trim(fields[2]).empty()) continue;
    for (std::string_view alias : SplitAliases(fields[2])) {
      if (alias.empty()) return fail("empty alias (two '|' in a row?)");
      bool guarded = guard_all;
      if (alias.front() == '~') {
        guarded = true;
        alias = Trim(alias.substr(1));
      }
      // "fr:BCE", "fr,es,it:BCE": only in those languages.
      const size_t colon = alias.find(':');
      if (colon != std::string_view::npos && colon > 0 && alias[0] >= 'a' &&
          alias[0] <= 'z') {
        bool ours = false;
        for (std::string_view tag : Split(alias.substr(0, colon), ',')) {
          if (!IsLangTag(tag)) {
            return fail("bad language tag \"" + std::string(tag) +
                        "\" in alias \"" + std::string(alias) + "\"");
          }
          ours = ours || tag == options_.lang;
        }
        if (!ours) continue;
        alias = Trim(alias.substr(colon + 1));
        if (alias.empty()) return fail("empty alias after language tag");
      }
      pending.push_back({std::string(alias), index, guarded, where});
    }
  }
  for (const Pending& p : pending) {
    auto added =
        AddAlias(p.alias, p.entry, p.guarded, /*strict=*/true, p.where);
    if (!added) return std::unexpected(added.error());
  }
  return true;
}

Result<bool> Gazetteer::AddCountries() {
  icu::Locale display(options_.lang.c_str());
  UDisplayContext short_context[] = {UDISPCTX_LENGTH_SHORT};
  std::unique_ptr<icu::LocaleDisplayNames> short_names(
      icu::LocaleDisplayNames::createInstance(display, short_context, 1));
  std::unique_ptr<icu::LocaleDisplayNames> english_short(
      icu::LocaleDisplayNames::createInstance(icu::Locale::getEnglish(),
                                              short_context, 1));
  std::map<std::string, uint32_t, std::less<>> by_code;
  const std::string where = "ICU country names (" + options_.lang + ")";
  for (const char* const* code = icu::Locale::getISOCountries();
       *code != nullptr; ++code) {
    const icu::Locale region("", *code);
    icu::UnicodeString u;
    const std::string english = FoldTypography(
        Utf8(region.getDisplayCountry(icu::Locale::getEnglish(), u)));
    std::string canonical = WithoutParenthesis(english);
    if (english.find(" SAR ") != std::string::npos && english_short) {
      // "Hong Kong SAR China": the short name is the one news uses.
      english_short->regionDisplayName(*code, u);
      canonical = FoldTypography(Utf8(u));
    }
    if (canonical.empty() || canonical == *code) continue;
    const std::string key = "place\t" + canonical;
    uint32_t index;
    if (auto it = by_canonical_.find(key); it != by_canonical_.end()) {
      index = it->second;  // the data files know this country already
    } else {
      index = static_cast<uint32_t>(entries_.size());
      entries_.push_back(
          GazetteerEntry{MentionKind::kPlace, canonical, NameSource::kCountry});
      by_canonical_.emplace(key, index);
    }
    by_code.emplace(*code, index);
    std::vector<std::string> names;
    names.push_back(FoldTypography(Utf8(region.getDisplayCountry(display, u))));
    if (short_names) {
      short_names->regionDisplayName(*code, u);
      names.push_back(FoldTypography(Utf8(u)));
    }
    names.push_back(WithoutParenthesis(names[0]));
    for (const std::string& name : names) {
      if (name.empty() || name == *code) continue;
      auto added = AddAlias(name, index, false, /*strict=*/false, where);
      if (!added) return std::unexpected(added.error());
    }
  }
  if (options_.country_aliases != nullptr) {
    for (const auto& [alias, code] : options_.country_aliases->entries()) {
      auto it = by_code.find(code);
      if (it == by_code.end()) {
        return MakeError(ErrorCode::kBadRule, options_.rules_path,
                         "table COUNTRY: \"" + alias + "\" maps to \"" + code +
                             "\", which is not an ISO 3166 region code");
      }
      auto added = AddAlias(alias, it->second, false, /*strict=*/false,
                            options_.rules_path);
      if (!added) return std::unexpected(added.error());
    }
  }
  return true;
}

Result<Gazetteer> Gazetteer::Build(const Options& options,
                                   std::span<const RuleFile> files) {
  Gazetteer g;
  g.options_ = options;
  for (const RuleFile& file : files) {
    auto parsed = g.ParseFile(file);
    if (!parsed) return std::unexpected(parsed.error());
  }
  if (options.countries) {
    auto added = g.AddCountries();
    if (!added) return std::unexpected(added.error());
  }
  // Upper-case variants for headlines ("TESLA", "BANQUE DE FRANCE"): only
  // for longer names, where they cannot be an acronym of something else.
  const size_t n = g.aliases_.size();
  for (size_t i = 0; i < n; ++i) {
    const Alias& a = g.aliases_[i];
    if (a.guarded) continue;
    std::string joined;
    for (size_t k = 0; k < a.words.size(); ++k) {
      if (k > 0 && a.space_before[k]) joined += ' ';
      joined += a.words[k];
    }
    if (CountLetters(joined) < 4) continue;
    const std::string upper = ToUpper(joined, options.lang);
    if (upper == joined) continue;
    auto added = g.AddAlias(upper, a.entry, false, /*strict=*/false, "");
    if (!added) return std::unexpected(added.error());
  }
  for (auto& list : g.first_) {
    std::stable_sort(list.begin(), list.end(), [&](uint32_t x, uint32_t y) {
      return g.aliases_[x].words.size() > g.aliases_[y].words.size();
    });
  }
  g.first_filter_.assign(1 << 10, 0);
  for (const auto& [hash, slot] : g.first_slot_) {
    g.by_first_.Put(hash, slot);
    g.first_filter_[(hash >> 48) >> 6] |= uint64_t{1} << ((hash >> 48) & 63);
  }
  g.first_slot_.clear();
  return g;
}

bool Gazetteer::Matches(const Alias& alias, std::string_view text,
                        std::span<const Token> tokens, size_t i) const {
  if (i + alias.words.size() > tokens.size()) return false;
  const int sentence = tokens[i].sentence;
  if (tokens[i].Text(text) != alias.words[0]) return false;  // a hash collision
  for (size_t k = 1; k < alias.words.size(); ++k) {
    const Token& t = tokens[i + k];
    if (t.sentence != sentence || t.Is(kSpaceBefore) != alias.space_before[k] ||
        t.Text(text) != alias.words[k]) {
      return false;
    }
  }
  return true;
}

std::optional<Gazetteer::Match> Gazetteer::LongestAt(
    std::string_view text, std::span<const Token> tokens, size_t i) const {
  if (!MayStart(tokens[i].hash)) return std::nullopt;
  const uint32_t* slot = by_first_.Find(tokens[i].hash);
  if (slot == nullptr) return std::nullopt;
  for (uint32_t index : first_[*slot]) {
    const Alias& a = aliases_[index];
    if (Matches(a, text, tokens, i)) {
      return Match{a.entry, static_cast<uint32_t>(a.words.size()), a.guarded};
    }
  }
  return std::nullopt;
}

std::optional<Gazetteer::Match> Gazetteer::Exactly(
    std::string_view text, std::span<const Token> tokens, size_t i,
    size_t n) const {
  if (!MayStart(tokens[i].hash)) return std::nullopt;
  const uint32_t* slot = by_first_.Find(tokens[i].hash);
  if (slot == nullptr) return std::nullopt;
  for (uint32_t index : first_[*slot]) {
    const Alias& a = aliases_[index];
    if (a.words.size() == n && Matches(a, text, tokens, i)) {
      return Match{a.entry, static_cast<uint32_t>(n), a.guarded};
    }
  }
  return std::nullopt;
}

}  // namespace newsline::entities_internal
