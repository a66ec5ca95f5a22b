#include "core/mention.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace newsline {
namespace {

constexpr std::array<std::pair<MentionKind, std::string_view>, 13> kKindNames{{
    {MentionKind::kNumber, "number"},
    {MentionKind::kMoney, "money"},
    {MentionKind::kPercent, "percent"},
    {MentionKind::kQuantity, "quantity"},
    {MentionKind::kOrdinal, "ordinal"},
    {MentionKind::kDate, "date"},
    {MentionKind::kTime, "time"},
    {MentionKind::kDuration, "duration"},
    {MentionKind::kSet, "set"},
    {MentionKind::kPerson, "person"},
    {MentionKind::kOrg, "org"},
    {MentionKind::kPlace, "place"},
    {MentionKind::kProduct, "product"},
}};

std::string FormatNumber(const std::optional<double>& v) {
  if (!v) return "";
  return FormatDouble(*v);
}

}  // namespace

std::string FormatDouble(double v) {
  // Integers print without a fraction or exponent up to 2^53, so that rule
  // examples can say value=10000000000 rather than 1e+10.
  char buf[64];
  if (std::fabs(v) < 9007199254740992.0 && v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.15g", v);
  }
  return buf;
}

std::string_view MentionKindName(MentionKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<MentionKind> ParseMentionKind(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

bool IsFigure(MentionKind kind) {
  return kind == MentionKind::kNumber || kind == MentionKind::kMoney ||
         kind == MentionKind::kPercent || kind == MentionKind::kQuantity ||
         kind == MentionKind::kOrdinal;
}

bool IsTime(MentionKind kind) {
  return kind == MentionKind::kDate || kind == MentionKind::kTime ||
         kind == MentionKind::kDuration || kind == MentionKind::kSet;
}

bool IsEntity(MentionKind kind) { return !IsFigure(kind) && !IsTime(kind); }

std::optional<std::string> Mention::Attribute(std::string_view key) const {
  if (key == "kind") return std::string(MentionKindName(kind));
  if (key == "text") return text;
  if (key == "rule") return rule;
  if (key == "value") return FormatNumber(value);
  if (key == "unit") return unit;
  if (key == "object") return object;
  if (key == "approx") return std::string(approx ? "true" : "false");
  if (key == "min") return FormatNumber(min);
  if (key == "max") return FormatNumber(max);
  if (key == "from") return FormatNumber(from);
  if (key == "to") return FormatNumber(to);
  if (key == "timex") return timex;
  if (key == "type") return type;
  if (key == "mod") return mod;
  if (key == "canonical") return canonical;
  return std::nullopt;
}

}  // namespace newsline
