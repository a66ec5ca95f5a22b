#include "extractors/time/internal/template.h"

#include <array>
#include <cctype>
#include <utility>

namespace newsline::time_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Digits with at most one decimal separator inside: "12", "1,5", "2.5".
bool IsNumber(std::string_view s) {
  const size_t sep = s.find_first_of(".,");
  if (sep == std::string_view::npos) return AllDigits(s);
  return AllDigits(s.substr(0, sep)) && AllDigits(s.substr(sep + 1));
}

// The number formed by the leading ASCII digits of `s`; nullopt if none or
// more than 9 of them.
std::optional<int> LeadingInt(std::string_view s) {
  int v = 0;
  size_t i = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i) {
    if (i == 9) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  if (i == 0) return std::nullopt;
  return v;
}

std::optional<int> RomanValue(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  auto digit = [](char c) -> int {
    switch (std::toupper(static_cast<unsigned char>(c))) {
      case 'I':
        return 1;
      case 'V':
        return 5;
      case 'X':
        return 10;
      case 'L':
        return 50;
      case 'C':
        return 100;
      case 'D':
        return 500;
      case 'M':
        return 1000;
      default:
        return 0;
    }
  };
  int total = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const int v = digit(s[i]);
    if (v == 0) return std::nullopt;
    const int next = i + 1 < s.size() ? digit(s[i + 1]) : 0;
    total += next > v ? -v : v;
  }
  if (total <= 0) return std::nullopt;
  return total;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Result<Template> Template::Compile(std::string_view text, const Rule& rule,
                                   const RulePack& pack, bool allow_anchor) {
  static constexpr std::array<std::pair<std::string_view, Op>, 10> kBuiltins{{
      {"pad2", Op::kPad2},
      {"int", Op::kInt},
      {"year", Op::kYear},
      {"decade", Op::kDecade},
      {"roman", Op::kRoman},
      {"century", Op::kCentury},
      {"decimal", Op::kDecimal},
      {"pm", Op::kPm},
      {"am", Op::kAm},
      {"neg", Op::kNeg},
  }};
  auto fail = [](std::string message) {
    return MakeError(ErrorCode::kBadRule, "", std::move(message));
  };
  Template out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    if (open != i) {
      const size_t stop = open == std::string_view::npos ? text.size() : open;
      if (text.substr(i, stop - i).find('}') != std::string_view::npos) {
        return fail("unmatched \"}\" in \"" + std::string(text) + "\"");
      }
      out.segments_.push_back(Segment{std::string(text.substr(i, stop - i))});
      i = stop;
      continue;
    }
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return fail("unclosed placeholder in \"" + std::string(text) + "\"");
    }
    std::string_view body = text.substr(open + 1, close - open - 1);
    Segment seg;
    if (size_t bar = body.find('|'); bar != std::string_view::npos) {
      seg.fallback = std::string(body.substr(bar + 1));
      body = body.substr(0, bar);
    }
    std::string_view source = body.substr(0, body.find(':'));
    if (source == "anchor") {
      if (!allow_anchor) {
        return fail("placeholder {anchor} in a rule without an anchor");
      }
      seg.anchor = true;
    } else {
      for (size_t g = 0; g < rule.group_names.size(); ++g) {
        if (!source.empty() && rule.group_names[g] == source) {
          seg.group = static_cast<int>(g);
        }
      }
      if (seg.group < 0) {
        return fail("unknown placeholder {" + std::string(body) +
                    "}: the pattern has no group named \"" +
                    std::string(source) + "\"");
      }
    }
    std::string_view filters = source.size() < body.size()
                                   ? body.substr(source.size() + 1)
                                   : std::string_view();
    while (!filters.empty()) {
      const size_t colon = filters.find(':');
      const std::string_view name = filters.substr(0, colon);
      filters = colon == std::string_view::npos ? std::string_view()
                                                : filters.substr(colon + 1);
      Filter f;
      bool known = false;
      for (const auto& [builtin, op] : kBuiltins) {
        if (name == builtin) {
          f.op = op;
          known = true;
        }
      }
      if (!known) {
        f.table = pack.FindTable(name);
        if (f.table == nullptr) {
          return fail("unknown filter \"" + std::string(name) + "\" in {" +
                      std::string(body) +
                      "}: neither a table of the file "
                      "nor a built-in filter");
        }
      }
      seg.filters.push_back(f);
    }
    out.segments_.push_back(std::move(seg));
    i = close + 1;
  }
  return out;
}

bool Template::Apply(const Filter& filter, const FillContext& context,
                     std::string* text) {
  std::string& s = *text;
  switch (filter.op) {
    case Op::kTable: {
      const std::string_view key = Trim(s);
      if (auto v = filter.table->Lookup(key)) {
        s = std::string(*v);
        return true;
      }
      if (!IsNumber(key)) return false;
      s = std::string(key);
      return true;
    }
    case Op::kPad2:
    case Op::kInt: {
      const auto v = LeadingInt(s);
      if (!v) return false;
      s = std::to_string(*v);
      if (filter.op == Op::kPad2 && s.size() < 2)
        s.insert(0, 2 - s.size(), '0');
      return true;
    }
    case Op::kYear: {
      if (!AllDigits(s)) return false;
      if (s.size() == 4) return true;
      if (s.size() != 2) return false;
      const int yy = (s[0] - '0') * 10 + (s[1] - '0');
      // Without a reference date the window is 1950-2049.
      const int limit = context.reference ? context.reference->year + 20 : 2049;
      int year = (limit / 100) * 100 + yy;
      if (year > limit) year -= 100;
      s = std::to_string(year);
      return true;
    }
    case Op::kDecade:
      if (!AllDigits(s)) return false;
      if (s.size() == 4) {
        s.resize(3);
      } else if (s.size() == 2) {
        s = "19" + s.substr(0, 1);
      } else {
        return false;
      }
      return true;
    case Op::kRoman: {
      const auto v = AllDigits(s) ? LeadingInt(s) : RomanValue(s);
      if (!v) return false;
      s = std::to_string(*v);
      return true;
    }
    case Op::kCentury: {
      const auto v = LeadingInt(s);
      if (!v || *v < 1 || *v > 100) return false;
      s = std::to_string(*v - 1);
      if (s.size() < 2) s.insert(0, "0");
      return true;
    }
    case Op::kDecimal:
      for (char& c : s) {
        if (c == ',') c = '.';
      }
      return true;
    case Op::kPm:
    case Op::kAm: {
      const auto v = LeadingInt(s);
      if (!v || *v > 12) return false;
      int h = *v;
      if (filter.op == Op::kPm && h < 12) h += 12;
      if (filter.op == Op::kAm && h == 12) h = 0;
      s = std::to_string(h);
      return true;
    }
    case Op::kNeg:
      if (!s.empty() && s[0] == '-') {
        s.erase(0, 1);
      } else {
        s.insert(0, "-");
      }
      return true;
  }
  return false;
}

std::optional<std::string> Template::Fill(const FillContext& context) const {
  std::string out;
  std::string piece;
  for (const Segment& seg : segments_) {
    if (seg.group < 0 && !seg.anchor) {
      out += seg.literal;
      continue;
    }
    if (seg.anchor) {
      piece.assign(context.anchor);
    } else {
      const auto& groups = context.match->groups;
      piece.clear();
      if (static_cast<size_t>(seg.group) < groups.size()) {
        piece.assign(Trim(groups[seg.group]));
      }
    }
    if (piece.empty()) {
      if (!seg.fallback) return std::nullopt;
      out += *seg.fallback;
      continue;
    }
    for (const Filter& f : seg.filters) {
      if (!Apply(f, context, &piece)) return std::nullopt;
    }
    out += piece;
  }
  return out;
}

std::optional<std::vector<std::string>> Template::PossibleValues() const {
  if (segments_.empty()) return std::vector<std::string>{""};
  if (segments_.size() != 1) return std::nullopt;
  const Segment& seg = segments_[0];
  if (seg.group < 0 && !seg.anchor)
    return std::vector<std::string>{seg.literal};
  if (seg.filters.empty() || seg.filters.back().op != Op::kTable) {
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& [key, value] : seg.filters.back().table->entries()) {
    out.push_back(value);
  }
  if (seg.fallback) out.push_back(*seg.fallback);
  return out;
}

}  // namespace newsline::time_internal
