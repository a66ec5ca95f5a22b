#include "extractors/engine/rule_pack.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "core/unicode.h"
#include "extractors/engine/rule_filter.h"

namespace newsline {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits "key rest" at the first run of blanks.
std::pair<std::string_view, std::string_view> SplitKey(std::string_view s) {
  size_t i = s.find_first_of(" \t");
  if (i == std::string_view::npos) return {s, {}};
  return {s.substr(0, i), Trim(s.substr(i))};
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() ||
      !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Lower-cases and folds the typographic apostrophe, as table keys are
// compared after normalization.
std::string TableKey(std::string_view s) {
  std::string lower = ToLower(s);
  std::string out;
  out.reserve(lower.size());
  for (size_t i = 0; i < lower.size(); ++i) {
    if (lower.compare(i, 3, "\xE2\x80\x99") == 0) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(lower[i]);
    }
  }
  return out;
}

bool IsJoiner(char32_t c) {
  return c == '-' || c == '.' || c == ',' || c == '/' || c == '_';
}

}  // namespace

std::string_view Rule::Attribute(std::string_view key,
                                 std::string_view fallback) const {
  auto it = attributes.find(key);
  return it == attributes.end() ? fallback : std::string_view(it->second);
}

bool Rule::HasAttribute(std::string_view key) const {
  return attributes.find(key) != attributes.end();
}

std::optional<std::string_view> Table::Lookup(std::string_view key) const {
  auto it = by_key_.find(TableKey(key));
  if (it == by_key_.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::string_view RuleMatch::Group(std::string_view name) const {
  const auto& names = rule->group_names;
  for (size_t i = 0; i < names.size() && i < groups.size(); ++i) {
    if (names[i] == name) return groups[i];
  }
  return {};
}

bool RuleMatch::HasGroup(std::string_view name) const {
  const auto& names = rule->group_names;
  for (size_t i = 0; i < names.size() && i < groups.size(); ++i) {
    if (names[i] == name) return groups[i].data() != nullptr;
  }
  return false;
}

RulePack::RulePack(RulePack&&) noexcept = default;
RulePack& RulePack::operator=(RulePack&&) noexcept = default;
RulePack::~RulePack() = default;

Result<RulePack> RulePack::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, path, "cannot open rule file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return Parse(buf.str(), path);
}

Result<RulePack> RulePack::Parse(std::string_view contents, std::string path) {
  RulePack pack;
  pack.path_ = std::move(path);
  auto fail = [&](int line, std::string message) {
    return MakeError(ErrorCode::kBadRule,
                     pack.path_ + ":" + std::to_string(line),
                     std::move(message));
  };
  if (size_t bad = FindInvalidUtf8(contents); bad != std::string_view::npos) {
    int line = 1 + static_cast<int>(std::count(contents.begin(),
                                               contents.begin() + bad, '\n'));
    return fail(line, "invalid UTF-8");
  }

  std::map<std::string, std::string, std::less<>> macros;
  // Expands {NAME} references; {2,3}-style repetitions are left alone.
  auto expand = [&](std::string_view text, int line) -> Result<std::string> {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        // \p{Ll}, \P{Greek} and \x{2019} are escapes, not macros.
        const char e = text[i + 1];
        size_t close;
        if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < text.size() &&
            text[i + 2] == '{' &&
            (close = text.find('}', i + 2)) != std::string_view::npos) {
          out.append(text.substr(i, close + 1 - i));
          i = close + 1;
          continue;
        }
        out.append(text.substr(i, 2));
        i += 2;
        continue;
      }
      if (text[i] == '{') {
        size_t close = text.find('}', i);
        if (close != std::string_view::npos) {
          std::string_view name = text.substr(i + 1, close - i - 1);
          if (IsIdentifier(name)) {
            auto it = macros.find(name);
            if (it == macros.end()) {
              return fail(line, "unknown macro {" + std::string(name) + "}");
            }
            out += "(?:" + it->second + ")";
            i = close + 1;
            continue;
          }
        }
      }
      out.push_back(text[i++]);
    }
    return out;
  };

  enum class Block { kNone, kTable, kRule };
  Block block = Block::kNone;
  std::string table_name;
  std::set<std::string, std::less<>> ids;

  auto finish_table = [&]() {
    if (block != Block::kTable) return;
    const Table& table = pack.tables_[table_name];
    std::vector<std::string> keys;
    for (const auto& [k, v] : table.entries_) keys.push_back(k);
    // Longest first, so that RE2's leftmost-first choice takes "mars 2024"
    // over "mars" and "quatre-vingt" over "quatre".
    std::stable_sort(keys.begin(), keys.end(),
                     [](const std::string& a, const std::string& b) {
                       return a.size() > b.size();
                     });
    std::string alternation;
    for (const auto& k : keys) {
      if (!alternation.empty()) alternation += "|";
      alternation += RE2::QuoteMeta(k);
    }
    macros[table_name] =
        alternation.empty() ? "[^\\x00-\\x{10FFFF}]" : alternation;
  };

  std::istringstream lines{std::string(contents)};
  std::string raw;
  int line_no = 0;
  while (std::getline(lines, raw)) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const bool indented = line.front() == ' ' || line.front() == '\t';

    if (!indented) {
      finish_table();
      auto [key, rest] = SplitKey(trimmed);
      if (key == "define") {
        block = Block::kNone;
        auto [name, pattern] = SplitKey(rest);
        if (!IsIdentifier(name) || pattern.empty()) {
          return fail(line_no, "expected \"define NAME pattern\"");
        }
        if (macros.count(name)) {
          return fail(line_no, "macro " + std::string(name) + " defined twice");
        }
        auto expanded = expand(pattern, line_no);
        if (!expanded) return std::unexpected(expanded.error());
        macros[std::string(name)] = *expanded;
      } else if (key == "table") {
        if (!IsIdentifier(rest))
          return fail(line_no, "expected \"table NAME\"");
        if (macros.count(rest)) {
          return fail(line_no, "name " + std::string(rest) + " defined twice");
        }
        block = Block::kTable;
        table_name = std::string(rest);
        pack.tables_[table_name];
      } else if (key == "rule") {
        if (rest.empty() ||
            rest.find_first_of(" \t") != std::string_view::npos) {
          return fail(line_no, "expected \"rule ID\"");
        }
        if (!ids.insert(std::string(rest)).second) {
          return fail(line_no, "duplicate rule id " + std::string(rest));
        }
        block = Block::kRule;
        Rule rule;
        rule.id = std::string(rest);
        rule.line = line_no;
        pack.rules_.push_back(std::move(rule));
      } else {
        block = Block::kNone;
        if (rest.empty()) {
          return fail(line_no,
                      "expected \"define\", \"table\", \"rule\" or "
                      "a setting \"key value\", got \"" +
                          std::string(trimmed) + "\"");
        }
        pack.settings_[std::string(key)] = std::string(rest);
      }
      continue;
    }

    if (block == Block::kTable) {
      // "key = value", "key =" (empty value) or a bare "key".
      std::string_view k = trimmed, v;
      if (size_t eq = trimmed.find(" = "); eq != std::string_view::npos) {
        k = Trim(trimmed.substr(0, eq));
        v = Trim(trimmed.substr(eq + 3));
      } else if (trimmed.ends_with(" =")) {
        k = Trim(trimmed.substr(0, trimmed.size() - 2));
      }
      if (k.empty()) return fail(line_no, "empty table key");
      Table& table = pack.tables_[table_name];
      std::string lookup = TableKey(k);
      if (!table.by_key_.emplace(lookup, std::string(v)).second) {
        return fail(line_no, "table key \"" + std::string(k) + "\" repeated");
      }
      table.entries_.emplace_back(std::string(k), std::string(v));
      continue;
    }
    if (block != Block::kRule) {
      return fail(line_no, "indented line outside a rule or table");
    }
    Rule& rule = pack.rules_.back();
    auto [key, rest] = SplitKey(trimmed);
    if (key == "pattern") {
      auto expanded = expand(rest, line_no);
      if (!expanded) return std::unexpected(expanded.error());
      rule.pattern += *expanded;
    } else if (key == "example" || key == "counter") {
      RuleExample ex;
      ex.line = line_no;
      std::string_view text = rest;
      if (size_t arrow = rest.find(" => "); arrow != std::string_view::npos) {
        if (key == "counter") return fail(line_no, "a counter has no \"=>\"");
        text = Trim(rest.substr(0, arrow));
        std::string_view expect = rest.substr(arrow + 4);
        while (!expect.empty()) {
          size_t semi = expect.find(';');
          std::string_view item = Trim(expect.substr(0, semi));
          expect = semi == std::string_view::npos ? std::string_view()
                                                  : expect.substr(semi + 1);
          if (item.empty()) continue;
          size_t eq = item.find('=');
          if (eq == std::string_view::npos) {
            return fail(line_no, "expected \"key=value\" after \"=>\", got \"" +
                                     std::string(item) + "\"");
          }
          ex.expect.emplace_back(std::string(Trim(item.substr(0, eq))),
                                 std::string(Trim(item.substr(eq + 1))));
        }
      }
      if (text.empty())
        return fail(line_no, std::string(key) + " without text");
      ex.text = std::string(text);
      (key == "example" ? rule.examples : rule.counters)
          .push_back(std::move(ex));
    } else if (key == "priority") {
      char* endp = nullptr;
      std::string s(rest);
      long p = std::strtol(s.c_str(), &endp, 10);
      if (s.empty() || *endp != '\0')
        return fail(line_no, "priority takes an integer");
      rule.priority = static_cast<int>(p);
    } else if (key == "case") {
      if (rest != "sensitive" && rest != "insensitive") {
        return fail(line_no,
                    "expected \"case sensitive\" or \"case insensitive\"");
      }
      rule.case_sensitive = rest == "sensitive";
    } else if (key == "boundary") {
      if (rest != "none" && rest != "token") {
        return fail(line_no,
                    "expected \"boundary none\" or \"boundary token\"");
      }
      rule.check_boundaries = rest == "token";
    } else {
      rule.attributes[std::string(key)] = std::string(rest);
    }
  }
  finish_table();

  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  for (Rule& rule : pack.rules_) {
    if (rule.pattern.empty())
      return fail(rule.line, "rule " + rule.id + " has no pattern");
    std::string full =
        (rule.case_sensitive ? "(?:" : "(?i:") + rule.pattern + ")";
    auto re = std::make_shared<RE2>(full, options);
    if (!re->ok()) {
      return fail(rule.line,
                  "rule " + rule.id + ": bad pattern: " + re->error());
    }
    rule.group_names.assign(re->NumberOfCapturingGroups() + 1, "");
    for (const auto& [name, index] : re->NamedCapturingGroups()) {
      rule.group_names[index] = name;
    }
    rule.regex = std::move(re);
  }
  std::vector<const Rule*> all;
  for (const Rule& rule : pack.rules_) all.push_back(&rule);
  auto filter = RuleFilter::Create(std::move(all));
  if (!filter) {
    return MakeError(ErrorCode::kBadRule, pack.path_, filter.error().message);
  }
  pack.filter_ = std::make_unique<RuleFilter>(std::move(*filter));
  return pack;
}

const Rule* RulePack::FindRule(std::string_view id) const {
  for (const Rule& r : rules_) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const Table* RulePack::FindTable(std::string_view name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

std::string_view RulePack::Setting(std::string_view key,
                                   std::string_view fallback) const {
  auto it = settings_.find(key);
  return it == settings_.end() ? fallback : std::string_view(it->second);
}

bool OnTokenBoundaries(std::string_view text, size_t begin, size_t end) {
  if (begin >= end) return false;
  size_t len;
  const char32_t first = DecodeAt(text, begin, &len);
  if (begin > 0 && IsWordChar(first)) {
    size_t prev_start;
    const char32_t prev = DecodeBefore(text, begin, &prev_start);
    if (IsWordChar(prev)) return false;
    if (IsDigitChar(first) && IsJoiner(prev) && prev_start > 0) {
      size_t s;
      if (IsWordChar(DecodeBefore(text, prev_start, &s))) return false;
    }
  }
  size_t last_start;
  const char32_t last = DecodeBefore(text, end, &last_start);
  if (end < text.size() && IsWordChar(last)) {
    const char32_t next = DecodeAt(text, end, &len);
    if (IsWordChar(next)) return false;
    if (IsDigitChar(last) && IsJoiner(next) && end + len < text.size()) {
      size_t l2;
      if (IsWordChar(DecodeAt(text, end + len, &l2))) return false;
    }
  }
  return true;
}

std::vector<RuleMatch> RulePack::FindAll(std::string_view text, size_t begin,
                                         size_t end) const {
  thread_local RuleFilter::Scratch scratch;
  std::vector<RuleMatch> out;
  end = std::min(end, text.size());
  if (begin < end) filter_->FindAll(text, begin, end, &scratch, &out);
  return out;
}

std::vector<TextRange> SentenceRanges(std::span<const Sentence> sentences) {
  std::vector<TextRange> ranges;
  ranges.reserve(sentences.size());
  for (const Sentence& s : sentences) ranges.push_back({s.begin, s.end});
  return ranges;
}

std::vector<std::vector<RuleMatch>> RulePack::FindAllIn(
    std::string_view text, std::span<const TextRange> ranges) const {
  thread_local RuleFilter::Scratch scratch;
  std::vector<std::vector<RuleMatch>> out;
  filter_->FindAllIn(text, ranges, &scratch, &out);
  return out;
}

std::vector<std::vector<std::vector<RuleMatch>>> RulePack::FindAllInBatch(
    std::span<const MatchJob> jobs) const {
  thread_local RuleFilter::Scratch scratch;
  std::vector<std::vector<std::vector<RuleMatch>>> out;
  filter_->FindAllInBatch(jobs, &scratch, &out);
  return out;
}

std::vector<RuleMatch> ResolveOverlaps(std::vector<RuleMatch> matches) {
  std::vector<RuleMatch*> kept;
  KeepNonOverlapping(matches, &kept);
  std::vector<RuleMatch> out;
  out.reserve(kept.size());
  for (RuleMatch* m : kept) out.push_back(std::move(*m));
  return out;
}

}  // namespace newsline
