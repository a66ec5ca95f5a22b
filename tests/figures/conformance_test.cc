// Conformance of the figures extractor with the Recognizers-Text cases
// vendored under tests/conformance/recognizers-text/ (French and English;
// numbers, percentages, currency). Prints the pass rate of each language and
// category and fails below the floors in kCategories. Set
// NEWSLINE_CONFORMANCE_VERBOSE=1 to list the failing cases.
//
// Matching. A case passes when the figures we extract for its category are
// exactly its results, compared as multisets of (span, value[, currency]):
// - The span is Start..End (inclusive, in code points of Input) against our
//   mention mapped back to the original text.
// - Values compare with a relative tolerance of 1e-9 (the reference prints
//   15 significant digits); French values have their decimal comma read.
// - Category "number" is our kind number plus counts (kind quantity without
//   a unit: "Twenty-six people" is a number there); the reference's subtypes
//   (integer, decimal, fraction, power) are not compared, only values, and
//   our ordinals are left out (its number model has none). "percent" is our
//   kind percent, "currency" our kind money.
// - Results without a value (the bare word "percent", a lone "dollar") are
//   dropped: a newsline figure always has a value.
// - Currency: the reference's isoCurrency must equal our unit. Where it gives
//   none (an ambiguous or obsolete currency), kNamedCurrencies says which
//   codes we may give and in what factor its value is: "50 cents" is 0.5 USD
//   for us and 50 Cent there.
// - A few results carry Start/End in their Resolution or not at all; then
//   the span is where their Text first occurs in the lower-cased Input.
// - Cases whose NotSupported names dotnet are known failures of the
//   reference implementation and are skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/unicode.h"
#include "tests/figures/figures_testing.h"

namespace newsline {
namespace {

constexpr std::string_view kRoot = "tests/conformance/recognizers-text/";

struct Category {
  std::string name;  // number, percent, currency
  std::string file;  // relative to kRoot, {lang} for English/French
  double floor = 0;
};

const Category kCategories[] = {
    {"number", "Number/{lang}/NumberModel.json", 0.80},
    {"percent", "Number/{lang}/PercentModel.json", 0.90},
    {"currency", "NumberWithUnit/{lang}/CurrencyModel.json", 0.90},
};

struct NamedCurrency {
  std::string_view name;
  std::set<std::string> codes;
  double factor = 1;  // our value = theirs * factor
};

const NamedCurrency kNamedCurrencies[] = {
    {"Dollar", {"USD"}},
    {"Dollar États-Unis", {"USD"}},
    {"Dollar Canadien", {"CAD"}},
    {"Dollar Australien", {"AUD"}},
    {"Dollar de Hong Kong", {"HKD"}},
    {"Euro", {"EUR"}},
    {"Cent", {"USD", "EUR"}, 0.01},
    {"Centimes", {"EUR", "CHF"}, 0.01},
    {"Pound", {"GBP"}},
    {"Livre", {"GBP"}},
    {"Pence", {"GBP"}, 0.01},
    {"Penny", {"GBP"}, 0.01},
    {"Franc", {"CHF", "FRF"}},
    {"Franc Suisse", {"CHF"}},
    {"Yen Japonais", {"JPY"}},
    {"Yuan Chinois", {"CNY"}},
    {"Rupee", {"INR"}},
    {"Roupie", {"INR"}},
    {"Roupie indienne", {"INR"}},
    {"Finnish markka", {"FIM"}},
    {"Mark Finlandais", {"FIM"}},
    {"Netherlands guilder", {"NLG"}},
    {"Florins Néerlandais", {"NLG"}},
    {"Peseta", {"ESP"}},
    {"Pesewa", {"GHS"}, 0.01},
    {"Bitcoin", {"BTC"}},
    {"Satoshi", {"BTC"}, 1e-8},
    {"Sen", {"JPY", "MYR", "IDR"}, 0.01},
};

struct Figure {
  int64_t start = 0;
  int64_t end = 0;  // exclusive
  double value = 0;
  std::set<std::string> units;  // acceptable currency codes; empty: any
  std::string text;
};

std::optional<double> ReadValue(std::string s) {
  if (!s.empty() && s.back() == '%') s.pop_back();
  std::replace(s.begin(), s.end(), ',', '.');
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0') return std::nullopt;
  return v;
}

bool SameValue(double a, double b) {
  return std::fabs(a - b) <=
         1e-9 * std::max({std::fabs(a), std::fabs(b), 1e-12});
}

std::string Show(const std::vector<Figure>& figures) {
  std::string out;
  for (const Figure& f : figures) {
    out += " [" + std::to_string(f.start) + "," + std::to_string(f.end) +
           ") \"" + f.text + "\"=" + FormatDouble(f.value);
    for (const std::string& u : f.units) out += " " + u;
  }
  return out.empty() ? " (none)" : out;
}

struct Rate {
  int passed = 0;
  int total = 0;
  std::vector<std::string> failures;
};

Rate RunCategory(const Category& category, const std::string& lang) {
  std::string file = category.file;
  file.replace(file.find("{lang}"), 6, lang == "fr" ? "French" : "English");
  std::ifstream in(std::string(kRoot) + file);
  Rate rate;
  if (!in) {
    rate.failures.push_back("cannot read " + std::string(kRoot) + file);
    return rate;
  }
  const nlohmann::json cases = nlohmann::json::parse(in, nullptr, false);
  if (cases.is_discarded() || !cases.is_array()) {
    rate.failures.push_back("bad JSON in " + file);
    return rate;
  }
  for (const nlohmann::json& c : cases) {
    const std::string not_supported = c.value("NotSupported", "");
    if (not_supported.find("dotnet") != std::string::npos) continue;
    const std::string input = c.value("Input", "");

    std::vector<Figure> want;
    for (const nlohmann::json& r :
         c.value("Results", nlohmann::json::array())) {
      const nlohmann::json& res = r["Resolution"];
      if (!res.contains("value") || !res["value"].is_string()) continue;
      auto v = ReadValue(res["value"].get<std::string>());
      if (!v) continue;  // "null": no value
      Figure f;
      f.text = r.value("Text", "");
      // A few results keep Start/End in their Resolution, or have none:
      // then the span is where the (lower-cased) Text first occurs.
      const nlohmann::json& where =
          r.contains("Start")
              ? r
              : (res.contains("Start") ? res : nlohmann::json());
      if (where.is_object() && where["Start"].is_number() &&
          where["End"].is_number()) {
        f.start = static_cast<int64_t>(where["Start"].get<double>());
        f.end = static_cast<int64_t>(where["End"].get<double>()) + 1;
      } else {
        const size_t at = ToLower(input).find(f.text);
        if (at == std::string::npos) continue;
        f.start = static_cast<int64_t>(
            CountCodePoints(std::string_view(input).substr(0, at)));
        f.end = f.start + static_cast<int64_t>(CountCodePoints(f.text));
      }
      f.value = *v;
      if (category.name == "currency") {
        if (res.contains("isoCurrency") && res["isoCurrency"].is_string()) {
          f.units = {res["isoCurrency"].get<std::string>()};
        } else {
          const std::string name = res.value("unit", "");
          bool known = false;
          for (const NamedCurrency& n : kNamedCurrencies) {
            if (n.name == name) {
              f.units = n.codes;
              f.value *= n.factor;
              known = true;
            }
          }
          if (!known) f.units = {"?" + name};
        }
      }
      want.push_back(f);
    }

    auto doc = testing::MakeDocument(input, lang);
    std::vector<Mention> mentions;
    testing::Figures(lang).Extract(doc->doc, {}, &mentions);
    std::vector<Figure> got;
    for (const Mention& m : mentions) {
      bool in_category = false;
      if (category.name == "number") {
        in_category = m.kind == MentionKind::kNumber ||
                      (m.kind == MentionKind::kQuantity && m.unit.empty());
      } else if (category.name == "percent") {
        in_category = m.kind == MentionKind::kPercent;
      } else {
        in_category = m.kind == MentionKind::kMoney;
      }
      if (!in_category || !m.value) continue;
      Figure f;
      f.start = doc->normalized.ToOriginal(m.begin);
      f.end = doc->normalized.ToOriginal(m.end_byte);
      f.value = *m.value;
      f.text = m.text;
      if (category.name == "currency") f.units = {m.unit};
      got.push_back(f);
    }

    auto by_position = [](const Figure& a, const Figure& b) {
      return std::tie(a.start, a.end) < std::tie(b.start, b.end);
    };
    std::sort(want.begin(), want.end(), by_position);
    std::sort(got.begin(), got.end(), by_position);
    bool pass = want.size() == got.size();
    for (size_t i = 0; pass && i < want.size(); ++i) {
      pass = want[i].start == got[i].start && want[i].end == got[i].end &&
             SameValue(want[i].value, got[i].value);
      if (pass && category.name == "currency") {
        pass = want[i].units.count(*got[i].units.begin()) > 0;
      }
    }
    ++rate.total;
    if (pass) {
      ++rate.passed;
    } else {
      rate.failures.push_back("\"" + input.substr(0, 160) + "\"\n    want:" +
                              Show(want) + "\n    got: " + Show(got));
    }
  }
  return rate;
}

struct Param {
  std::string lang;
  Category category;
};

void PrintTo(const Param& p, std::ostream* os) {
  *os << p.lang << " " << p.category.name;
}

class RecognizersTextConformance : public ::testing::TestWithParam<Param> {};

TEST_P(RecognizersTextConformance, PassRateReachesTheFloor) {
  const Param& p = GetParam();
  const Rate rate = RunCategory(p.category, p.lang);
  ASSERT_GT(rate.total, 0) << (rate.failures.empty() ? "" : rate.failures[0]);
  const double r = static_cast<double>(rate.passed) / rate.total;
  std::cout << "recognizers-text " << p.lang << " " << p.category.name << ": "
            << rate.passed << "/" << rate.total << " = " << r << " (floor "
            << p.category.floor << ")\n";
  if (std::getenv("NEWSLINE_CONFORMANCE_VERBOSE") != nullptr) {
    for (const std::string& f : rate.failures)
      std::cout << "  FAIL " << f << "\n";
  }
  EXPECT_GE(r, p.category.floor)
      << rate.failures.size()
      << " failing cases; set "
         "NEWSLINE_CONFORMANCE_VERBOSE=1 to list them";
}

std::vector<Param> AllParams() {
  std::vector<Param> out;
  for (const std::string lang : {"fr", "en"}) {
    for (const Category& c : kCategories) out.push_back({lang, c});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Cases, RecognizersTextConformance,
                         ::testing::ValuesIn(AllParams()),
                         [](const auto& info) {
                           return info.param.lang + "_" +
                                  info.param.category.name;
                         });

}  // namespace
}  // namespace newsline
