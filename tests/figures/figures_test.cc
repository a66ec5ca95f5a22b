// Values, filters, pairs and objects of the figures extractor, on both
// built-in languages, and the founding article.
#include "extractors/figures/figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "extractors/engine/rule_files.h"
#include "tests/figures/figures_testing.h"

namespace newsline {
namespace {

using testing::ExtractFigures;

// One expected figure: `figure` is its text in `text`; `expect` lists
// attributes as in rule examples ("kind=money; value=1e10; unit=USD").
struct Case {
  std::string lang;
  std::string text;
  std::string figure;
  std::string expect;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.lang << ": \"" << c.text << "\" -> \"" << c.figure << "\" {"
            << c.expect << "}";
}

std::string Describe(const std::vector<Mention>& mentions) {
  std::string out;
  for (const Mention& m : mentions) {
    out += "\n  " + m.rule + " \"" + m.text + "\" " +
           std::string(MentionKindName(m.kind)) +
           " value=" + m.Attribute("value").value() + " unit=" + m.unit +
           " object=" + m.object + (m.approx ? " approx" : "") +
           " min=" + m.Attribute("min").value() +
           " max=" + m.Attribute("max").value() +
           " from=" + m.Attribute("from").value() +
           " to=" + m.Attribute("to").value();
  }
  return out.empty() ? " (none)" : out;
}

bool SameValue(const std::string& want, const std::string& got) {
  if (want == got) return true;
  char* we = nullptr;
  char* ge = nullptr;
  const double w = std::strtod(want.c_str(), &we);
  const double g = std::strtod(got.c_str(), &ge);
  if (want.empty() || got.empty() || *we != '\0' || *ge != '\0') return false;
  return std::fabs(w - g) <= 1e-9 * std::max(std::fabs(w), std::fabs(g));
}

void ExpectFigure(const Case& c) {
  const std::vector<Mention> mentions = ExtractFigures(c.text, c.lang);
  const Mention* found = nullptr;
  for (const Mention& m : mentions) {
    if (m.text == c.figure) {
      found = &m;
      break;
    }
  }
  ASSERT_NE(found, nullptr) << c << "\nfound:" << Describe(mentions);
  std::string_view expect = c.expect;
  while (!expect.empty()) {
    const size_t semi = expect.find(';');
    std::string item(expect.substr(0, semi));
    expect = semi == std::string_view::npos ? "" : expect.substr(semi + 1);
    item.erase(0, item.find_first_not_of(' '));
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    ASSERT_NE(eq, std::string::npos) << item;
    const std::string key = item.substr(0, eq), want = item.substr(eq + 1);
    auto got = found->Attribute(key);
    ASSERT_TRUE(got.has_value()) << "unknown attribute " << key;
    EXPECT_TRUE(SameValue(want, *got))
        << c << "\n"
        << key << " is \"" << *got << "\", expected \"" << want << "\"";
  }
}

class FiguresValues : public ::testing::TestWithParam<Case> {};

TEST_P(FiguresValues, ReadsTheFigure) { ExpectFigure(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    DigitsWithLanguageSeparators, FiguresValues,
    ::testing::Values(
        Case{"fr", "Il y a 35 000 personnes.", "35 000",
             "kind=quantity; value=35000"},
        Case{"fr", "un total de 1 234,5", "1 234,5", "value=1234.5"},
        Case{"fr", "un total de 35.000", "35.000", "value=35000"},
        Case{"fr", "il mesure 4,800", "4,800", "value=4.8"},
        Case{"fr", "soit 1.234,5 au total", "1.234,5", "value=1234.5"},
        Case{"fr", "une baisse de -9,5", "-9,5", "value=-9.5"},
        Case{"fr", "un solde de +3", "+3", "value=3"},
        Case{"fr", "un taux de ,08", ",08", "value=0.08"},
        Case{"en", "There are 35,000 people.", "35,000", "value=35000"},
        Case{"en", "a total of 1,234.5", "1,234.5", "value=1234.5"},
        Case{"en", "it measures 4.800", "4.800", "value=4.8"},
        Case{"en", "The number is 1,3.", "1,3", "value=1.3"},
        Case{"en", "1.111,11 is the same", "1.111,11", "value=1111.11"},
        Case{"en", "a result of 12,34,567.89", "12,34,567.89",
             "value=1234567.89"},
        Case{"en", "worth 1 234 567.89 in all", "1 234 567.89",
             "value=1234567.89"},
        Case{"en", "nrs. 22,24,26,31.", "24", "value=24"},
        Case{"en", "40\u202f000 is the same", "40 000", "value=40000"}));

INSTANTIATE_TEST_SUITE_P(
    SpelledNumbers, FiguresValues,
    ::testing::Values(
        Case{"fr", "vingt", "vingt", "value=20"},
        Case{"fr", "vingt et un", "vingt et un", "value=21"},
        Case{"fr", "quatre-vingt-dix-neuf", "quatre-vingt-dix-neuf",
             "value=99"},
        Case{"fr", "quatre vingt dix neuf", "quatre vingt dix neuf",
             "value=99"},
        Case{"fr", "soixante-dix", "soixante-dix", "value=70"},
        Case{"fr", "soixante et onze", "soixante et onze", "value=71"},
        Case{"fr", "quatre-vingts", "quatre-vingts", "value=80"},
        Case{"fr", "deux millions", "deux millions", "value=2000000"},
        Case{"fr", "trois cent mille", "trois cent mille", "value=300000"},
        Case{"fr", "deux cent deux mille", "deux cent deux mille",
             "value=202000"},
        Case{"fr", "mille neuf cent quatre-vingt-dix-neuf",
             "mille neuf cent quatre-vingt-dix-neuf", "value=1999"},
        Case{"fr", "un billion", "un billion", "value=1000000000000"},
        Case{"fr", "mille milliards", "mille milliards", "value=1000000000000"},
        Case{"fr", "deux tiers", "deux tiers", "value=0.666666666666667"},
        Case{"fr", "trois quarts", "trois quarts", "value=0.75"},
        Case{"fr", "un million et demi", "un million et demi", "value=1500000"},
        Case{"fr", "cent trois et deux tiers", "cent trois et deux tiers",
             "value=103.666666666667"},
        Case{"fr", "un demi-million", "un demi-million", "value=500000"},
        Case{"fr", "quatre centièmes de seconde", "quatre centièmes",
             "value=0.04"},
        Case{"fr", "deux cent virgule trois", "deux cent virgule trois",
             "value=200.3"},
        Case{"fr", "un sur cent vingt cinq", "un sur cent vingt cinq",
             "value=0.008"},
        Case{"fr", "trois douzaines", "trois douzaines", "value=36"},
        Case{"fr", "une centaine de morts", "une centaine",
             "value=100; approx=true"},
        Case{"en", "twenty-one", "twenty-one", "value=21"},
        Case{"en", "one hundred and five", "one hundred and five", "value=105"},
        Case{"en", "two million", "two million", "value=2000000"},
        Case{"en", "twenty-one trillion three hundred",
             "twenty-one trillion three hundred", "value=21000000000300"},
        Case{"en", "4 thousand 3 hundred and 21", "4 thousand 3 hundred and 21",
             "value=4321"},
        Case{"en", "322 hundred", "322 hundred", "value=32200"},
        Case{"en", "five and a half million", "five and a half million",
             "value=5500000"},
        Case{"en", "one hundred thirty fifths", "one hundred thirty fifths",
             "value=2.85714285714286"},
        Case{"en", "a hundred trillionths", "a hundred trillionths",
             "value=1e-10"},
        Case{"en", "nought point eleven", "nought point eleven", "value=0.11"},
        Case{"en", "negative one over 20", "negative one over 20",
             "value=-0.05"},
        Case{"en", "half a dozen", "half a dozen", "value=6"},
        Case{"en", "three lakh crore", "three lakh crore",
             "value=3000000000000"}));

INSTANTIATE_TEST_SUITE_P(
    ScaleWordsAndAbbreviations, FiguresValues,
    ::testing::Values(
        Case{"fr", "1,5 milliard", "1,5 milliard", "value=1500000000"},
        Case{"fr", "10 milliards", "10 milliards", "value=10000000000"},
        Case{"fr", "2 billions", "2 billions", "value=2000000000000"},
        Case{"fr", "10k", "10k", "value=10000"},
        Case{"fr", "3 M", "3 M", "value=3000000"},
        Case{"fr", "2 Mds", "2 Mds", "value=2000000000"},
        Case{"en", "2.5bn", "2.5bn", "value=2500000000"},
        Case{"en", "two billion", "two billion", "value=2000000000"},
        Case{"en", "10M", "10M", "value=10000000"},
        Case{"en", "a trillion", "a trillion", "value=1000000000000"},
        Case{"en", "1,674.5 million", "1,674.5 million", "value=1674500000"}));

INSTANTIATE_TEST_SUITE_P(
    Money, FiguresValues,
    ::testing::Values(
        Case{"fr", "près de 10 milliards de dollars", "10 milliards de dollars",
             "kind=money; value=10000000000; unit=USD; approx=true"},
        Case{"fr", "35 000 €", "35 000 €", "kind=money; value=35000; unit=EUR"},
        Case{"fr", "€5 milliards", "€5 milliards",
             "value=5000000000; unit=EUR"},
        Case{"fr", "5 millions d'euros", "5 millions d'euros",
             "value=5000000; unit=EUR"},
        Case{"fr", "10 M USD", "10 M USD", "value=10000000; unit=USD"},
        Case{"fr", "EUR 5", "EUR 5", "value=5; unit=EUR"},
        Case{"fr", "100 dollars canadiens", "100 dollars canadiens",
             "unit=CAD"},
        Case{"fr", "200 dollars américains", "200 dollars américains",
             "unit=USD"},
        Case{"fr", "3 livres sterling", "3 livres sterling", "unit=GBP"},
        Case{"fr", "CHF 12", "CHF 12", "unit=CHF"},
        Case{"fr", "10 $ US", "10 $ US", "unit=USD"},
        Case{"fr", "treize euros et quarante-cinq centimes",
             "treize euros et quarante-cinq centimes", "value=13.45; unit=EUR"},
        Case{"en", "$10", "$10", "value=10; unit=USD"},
        Case{"en", "10 $", "10 $", "value=10; unit=USD"},
        Case{"en", "€5bn", "€5bn", "value=5000000000; unit=EUR"},
        Case{"en", "US$ 3 million", "US$ 3 million", "value=3000000; unit=USD"},
        Case{"en", "£10m", "£10m", "value=10000000; unit=GBP"},
        Case{"en", "¥500", "¥500", "unit=JPY"},
        Case{"en", "2 billion yen", "2 billion yen",
             "value=2000000000; unit=JPY"},
        Case{"en", "50 cents", "50 cents", "value=0.5; unit=USD"},
        Case{"en", "three thousand dollars two hundred times",
             "three thousand dollars", "value=3000"}));

INSTANTIATE_TEST_SUITE_P(
    Percentages, FiguresValues,
    ::testing::Values(
        Case{"fr", "12,5 %", "12,5 %", "kind=percent; value=12.5"},
        Case{"fr", "3 pour cent", "3 pour cent", "value=3"},
        Case{"fr", "vingt pourcent", "vingt pourcent", "value=20"},
        Case{"fr", "3 points de pourcentage", "3 points de pourcentage",
             "value=3; unit=percentage_point"},
        Case{"en", "12.5%", "12.5%", "value=12.5"},
        Case{"en", "10 per cent", "10 per cent", "value=10"},
        Case{"en", "4 pct", "4 pct", "value=4"},
        Case{"en", "2 percentage points", "2 percentage points",
             "value=2; unit=percentage_point"},
        Case{"en", "per cent of 210", "per cent of 210", "value=210"}));

INSTANTIATE_TEST_SUITE_P(
    QuantitiesAndObjects, FiguresValues,
    ::testing::Values(
        Case{"fr", "12 000 GPU H100 expédiés", "12 000",
             "kind=quantity; value=12000; object=GPU H100"},
        Case{"fr", "50 000 GPU NVIDIA H100 pour la formation", "50 000",
             "object=GPU NVIDIA H100"},
        Case{"fr", "20 millions de voitures en 2030", "20 millions",
             "value=20000000; object=voitures"},
        Case{"fr", "trois salariés", "trois", "kind=quantity; object=salariés"},
        Case{"fr", "une route de 29 km", "29 km",
             "kind=quantity; value=29; unit=km"},
        Case{"fr", "12 kilomètres", "12 kilomètres", "unit=km"},
        Case{"fr", "3 millions de tonnes", "3 millions de tonnes",
             "value=3000000; unit=t"},
        Case{"fr", "100 MW", "100 MW", "unit=MW"},
        Case{"fr", "Il a 35 ans.", "35", "kind=number; object="},
        Case{"en", "3,000 workers", "3,000", "kind=quantity; object=workers"},
        Case{"en", "Twenty-six people died", "Twenty-six",
             "value=26; object=people"},
        Case{"en", "3,000 of the workers", "3,000", "kind=number; object="},
        Case{"en", "5 kilograms", "5 kilograms", "unit=kg"},
        Case{"en", "in 2000 cases", "2000", "kind=quantity; object=cases"},
        Case{"en", "Apple sold 231.8 million iPhones", "231.8 million",
             "value=231800000; object=iPhones"},
        Case{"fr", "Selon Reuters, 35 000 postes", "35 000", "object=postes"},
        Case{"en", "Tesla delivered 386,810 vehicles", "386,810",
             "object=vehicles"},
        Case{"en", "About 14 people", "14", "object=people; approx=true"},
        Case{"fr", "Pas de COVID-19 35 000 fois", "35 000", "value=35000"},
        Case{"en", "Tesla Sold 500 Cars In March", "500",
             "kind=quantity; object=Cars"},
        Case{"en", "Nvidia Ships 12,000 GPU H100 To Tesla", "12,000",
             "object=GPU H100"},
        Case{"fr", "Il en reste 35 000\nLa suite", "35 000", "value=35000"},
        Case{"en", "Sales: 12.5%\nNext line", "12.5%", "value=12.5"},
        // A bare count takes its object from "le nombre de" before it, in
        // its sentence or up to two before, in any case.
        Case{"fr",
             "Le nombre de voitures vendues a baissé. Il est tombé à 300 "
             "en mai.",
             "300", "kind=quantity; object=voitures"},
        Case{"fr", "LE NOMBRE DE VOITURES a baissé. Il est tombé à 300.", "300",
             "kind=quantity; object=VOITURES"},
        Case{"en", "The Total Number Of Cars fell. It fell to 300 in May.",
             "300", "kind=quantity; object=Cars"},
        Case{"en", "Sales fell. It fell to 300 in May.", "300",
             "kind=number; object="}));

INSTANTIATE_TEST_SUITE_P(
    Ordinals, FiguresValues,
    ::testing::Values(
        Case{"fr", "le premier ministre", "premier", "kind=ordinal; value=1"},
        Case{"fr", "le 1er trimestre", "1er", "kind=ordinal; value=1"},
        Case{"fr", "la 2e fois", "2e", "value=2"},
        Case{"fr", "le 3ème jour", "3ème", "value=3"},
        Case{"fr", "la vingt et unième édition", "vingt et unième", "value=21"},
        Case{"en", "the first time", "first", "kind=ordinal; value=1"},
        Case{"en", "the 21st century", "21st", "value=21"},
        Case{"en", "the second round", "second", "value=2"},
        Case{"en", "the twenty-first century", "twenty-first", "value=21"},
        Case{"en", "maybe a fourth round too", "fourth",
             "kind=ordinal; value=4"},
        Case{"en", "a fifth of the budget", "a fifth",
             "kind=number; value=0.2"},
        Case{"fr", "pour une troisième fois", "troisième",
             "kind=ordinal; value=3"},
        Case{"fr", "un cinquième des salariés", "un cinquième", "value=0.2"}));

INSTANTIATE_TEST_SUITE_P(
    ApproximationsAndBounds, FiguresValues,
    ::testing::Values(
        Case{"fr", "environ 300 salariés", "300", "approx=true"},
        Case{"fr", "quelque 500 millions de dollars", "500 millions de dollars",
             "approx=true"},
        Case{"fr", "presque 10 %", "10 %", "approx=true"},
        Case{"fr", "plus de 10 %", "10 %", "min=10; max="},
        Case{"fr", "au moins 3 morts", "3", "min=3"},
        Case{"fr", "moins de 5 %", "5 %", "max=5"},
        Case{"fr", "jusqu'à 40 victimes", "40", "max=40"},
        Case{"en", "about 35,000 employees", "35,000", "approx=true"},
        Case{"en", "nearly $10 billion", "$10 billion", "approx=true"},
        Case{"en", "~20 km", "20 km", "approx=true"},
        Case{"en", "more than 300 people", "300", "min=300"},
        Case{"en", "at least 3 deaths", "3", "min=3"},
        Case{"en", "up to 40 victims", "40", "max=40"},
        Case{"en", "under 5%", "5%", "max=5"}));

INSTANTIATE_TEST_SUITE_P(
    RangesAndChanges, FiguresValues,
    ::testing::Values(
        Case{"fr", "entre 10 et 20 salariés", "10",
             "min=10; max=20; object=salariés"},
        Case{"fr", "entre 2 et 3 milliards d'euros", "2",
             "kind=money; value=2000000000; unit=EUR; min=2000000000; "
             "max=3000000000"},
        Case{"fr", "de 10 à 20 % des votes", "10",
             "kind=percent; min=10; max=20"},
        Case{"fr", "10-20 % des votes", "10", "kind=percent; min=10; max=20"},
        Case{"fr", "Le taux est passé de 2 % à 3 %.", "3 %",
             "from=2; to=3; min="},
        Case{"fr", "Les ventes ont chuté de 85 000 à 35 000.", "35 000",
             "from=85000; to=35000"},
        Case{"fr", "il y en a de 10 à 20.", "20", "min=10; max=20; from="},
        Case{"en", "between 10 and 20 employees", "20", "min=10; max=20"},
        Case{"en", "from 10 to 20 million dollars", "10",
             "kind=money; value=10000000; min=10000000; max=20000000"},
        Case{"en", "Sales rose from $10 million to $12 million.", "$12 million",
             "from=10000000; to=12000000"},
        Case{"en", "10 to 20 percent", "10", "kind=percent; min=10; max=20"}));

// Lists what must not be a figure at all: (lang, text).
class FiguresNotFigures
    : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(FiguresNotFigures, FindsNoFigure) {
  const auto& [lang, text] = GetParam();
  const std::vector<Mention> mentions = ExtractFigures(text, lang);
  EXPECT_TRUE(mentions.empty())
      << lang << ": \"" << text << "\" found:" << Describe(mentions);
}

INSTANTIATE_TEST_SUITE_P(
    InsideAlphanumericTokens, FiguresNotFigures,
    ::testing::Values(
        std::pair{"fr", "le H100 de NVIDIA"}, std::pair{"fr", "la COVID-19"},
        std::pair{"fr", "un A320"}, std::pair{"fr", "une télé 4K"},
        std::pair{"en", "the 5G network"}, std::pair{"en", "SCP-173"},
        std::pair{"en", "the B52 and the F-16"},
        std::pair{"fr", "les deux-roues"}, std::pair{"en", "a one-time gain"}));

INSTANTIATE_TEST_SUITE_P(
    YearsDatesClockTimes, FiguresNotFigures,
    ::testing::Values(
        std::pair{"fr", "en 2030"}, std::pair{"fr", "depuis 2020, la société"},
        std::pair{"fr", "les prévisions pour l'exercice 2025."},
        std::pair{"fr", "le 10 avril"}, std::pair{"fr", "le 1er mai 2024"},
        std::pair{"fr", "le 2024-06-05"}, std::pair{"fr", "à 10h30"},
        std::pair{"fr", "à 10 h 30"}, std::pair{"fr", "de 2019 à 2024"},
        std::pair{"fr", "en 2030 Tesla vendra"}, std::pair{"en", "in 2030"},
        std::pair{"en", "on April 10"}, std::pair{"en", "May 4th"},
        std::pair{"en", "at 10:30"}, std::pair{"en", "at 9 a.m."},
        std::pair{"en", "on 5/17/2018"},
        std::pair{"en", "the 2019-2020 season"},
        std::pair{"fr", "un sondage réalisé du 28 au 30 mai"},
        std::pair{"en", "on May 28-30"}, std::pair{"en", "the 2008 crisis"},
        std::pair{"en", "since 2020 sales rose"},
        std::pair{"en", "2022 Belize City Fast Pitch"},
        std::pair{"fr", "publié le 30.01.2019"},
        std::pair{"en", "Python 3.11.2 and Python2.6"},
        std::pair{"en", "call 0800 138 1016 or 0344 811 0125"},
        std::pair{"fr", "appelez le 06 12 34 56 78"},
        std::pair{"en", "call 18001 03457 225 225"},
        std::pair{"en", "At about the 50-second mark"}));

INSTANTIATE_TEST_SUITE_P(
    NumbersInNames, FiguresNotFigures,
    ::testing::Values(std::pair{"en", "The Boeing 737 was grounded."},
                      std::pair{"en", "Users of Windows 11 complained."},
                      std::pair{"en", "Delegates at COP 28 agreed."},
                      std::pair{"en", "The S&P 500 fell."},
                      std::pair{"fr", "La Ligue 1 reprend."}));

INSTANTIATE_TEST_SUITE_P(
    WordsThatAreNotNumbers, FiguresNotFigures,
    ::testing::Values(
        std::pair{"fr", "un PDG à temps plein"}, std::pair{"fr", "une voiture"},
        std::pair{"fr", "un appareil neuf"},
        std::pair{"fr", "des milliers de GPU"},
        std::pair{"fr", "des dizaines de milliers de GPU"},
        std::pair{"fr", "plusieurs millions de dollars"},
        std::pair{"fr", "mis en quarantaine"}, std::pair{"fr", "en septembre"},
        std::pair{"en", "The one you mentioned is invalid"},
        std::pair{"en", "Which one do you prefer?"},
        std::pair{"en", "a year ago"}, std::pair{"en", "thousands of people"}));

TEST(FiguresFilters, SkipsNumbersInsideUrls) {
  for (const auto& [lang, text] :
       {std::pair{"en",
                  "You can go to https://www.test.com/search?q=30%25%2020%"},
        std::pair{"fr", "voir www.exemple.fr/page2024/article-35000.html"}}) {
    EXPECT_TRUE(ExtractFigures(text, lang).empty()) << text;
  }
  // A figure after the URL is still found.
  auto mentions =
      ExtractFigures("voir https://exemple.fr/1234 pour 35 000 euros", "fr");
  ASSERT_EQ(mentions.size(), 1u) << Describe(mentions);
  EXPECT_EQ(mentions[0].text, "35 000 euros");
}

TEST(FiguresExtract, ReportsOffsetsSentencesAndRules) {
  const std::string text =
      "Première phrase. Ensuite, 12,5 % des 3 000 salariés.";
  auto doc = testing::MakeDocument(text, "fr");
  std::vector<Mention> out;
  testing::Figures("fr").Extract(doc->doc, {}, &out);
  ASSERT_EQ(out.size(), 3u) << Describe(out);
  for (const Mention& m : out) {
    EXPECT_EQ(doc->doc.text.substr(m.begin, m.end_byte - m.begin), m.text);
    EXPECT_EQ(m.sentence, doc->doc.SentenceAt(m.begin));
  }
  EXPECT_EQ(out[0].text, "Première");
  EXPECT_EQ(out[0].rule, "fr.ordinal.spelled");
  EXPECT_EQ(out[1].text, "12,5 %");
  EXPECT_EQ(out[1].rule, "fr.percent.amount");
  EXPECT_EQ(out[1].sentence, 1);
  EXPECT_EQ(out[2].text, "3 000");
  EXPECT_EQ(out[2].object, "salariés");
}

TEST(FiguresExtract, AppendsToExistingMentions) {
  auto doc = testing::MakeDocument("10 %", "fr");
  std::vector<Mention> out(1);
  testing::Figures("fr").Extract(doc->doc, {}, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].text, "10 %");
}

TEST(FiguresExtract, IsThreadSafe) {
  const std::string text =
      "Ils passeraient de 35 000 à 85 000 et l'entreprise investirait près de "
      "10 "
      "milliards de dollars.";
  const std::vector<Mention> expected = ExtractFigures(text, "fr");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::vector<Mention> got = ExtractFigures(text, "fr");
        if (got.size() != expected.size()) ++mismatches[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// The founding article (reference date 2024-06-05).
TEST(FiguresSeed, FindsTheFoundingArticleFigures) {
  std::ifstream in("tests/figures/data/seed-fr.txt");
  ASSERT_TRUE(in) << "run from the source root";
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::vector<Mention> mentions = ExtractFigures(buf.str(), "fr");
  SCOPED_TRACE("found:" + Describe(mentions));

  auto all_with_text = [&](std::string_view t) {
    std::vector<const Mention*> out;
    for (const Mention& m : mentions) {
      if (m.text == t) out.push_back(&m);
    }
    return out;
  };
  for (std::string_view side : {"35 000", "85 000"}) {
    auto found = all_with_text(side);
    ASSERT_EQ(found.size(), 1u) << side;
    EXPECT_EQ(found[0]->kind, MentionKind::kQuantity) << side;
    EXPECT_EQ(found[0]->object, "GPU NVIDIA H100") << side;
    EXPECT_EQ(found[0]->from, 35000) << side;
    EXPECT_EQ(found[0]->to, 85000) << side;
  }
  auto money = all_with_text("10 milliards de dollars");
  ASSERT_EQ(money.size(), 1u);
  EXPECT_EQ(money[0]->kind, MentionKind::kMoney);
  EXPECT_EQ(money[0]->value, 1e10);
  EXPECT_EQ(money[0]->unit, "USD");
  EXPECT_TRUE(money[0]->approx);

  money = all_with_text("500 millions de dollars");
  ASSERT_EQ(money.size(), 1u);
  EXPECT_EQ(money[0]->value, 5e8);
  EXPECT_EQ(money[0]->unit, "USD");
  EXPECT_TRUE(money[0]->approx);

  auto twelve = all_with_text("12 000");
  ASSERT_EQ(twelve.size(), 2u);
  EXPECT_EQ(twelve[0]->object, "GPU H100");
  EXPECT_EQ(twelve[1]->object, "H100");
  for (const Mention* m : twelve) EXPECT_EQ(m->kind, MentionKind::kQuantity);

  auto fifty = all_with_text("50 000");
  ASSERT_EQ(fifty.size(), 1u);
  EXPECT_EQ(fifty[0]->object, "GPU NVIDIA H100");

  auto cars = all_with_text("20 millions");
  ASSERT_EQ(cars.size(), 1u);
  EXPECT_EQ(cars[0]->value, 2e7);
  EXPECT_EQ(cars[0]->object, "voitures");

  for (const Mention& m : mentions) {
    EXPECT_NE(m.value, 100) << m.text;
    EXPECT_EQ(m.text.find("2030"), std::string::npos);
    EXPECT_EQ(m.text.find("2025"), std::string::npos);
  }
}

// Create validates what the extractor reads from rules and tables.
TEST(FiguresCreate, ReportsBadRulesWithFileAndLine) {
  constexpr std::string_view kTables = R"(lang xx
decimal_mark ,
table NUMBER_WORD
  deux = 2
)";
  struct BadCase {
    std::string rules;
    std::string where;
    std::string message;
  };
  const BadCase cases[] = {
      {"rule xx.no_kind\n  pattern (?P<num>\\d+)\n  example 3\n", "bad.rules:5",
       "needs a kind"},
      {"rule xx.bad_kind\n  pattern (?P<num>\\d+)\n  kind date\n  example 3\n",
       "bad.rules:5", "kind must be"},
      {"rule xx.no_num\n  pattern (?P<cur>\\$)\\d+\n  kind money\n  example "
       "$3\n",
       "bad.rules:5", "needs a group (?P<num>"},
      {"rule xx.money\n  pattern (?P<num>\\d+) \\$\n  kind money\n  example 3 "
       "$\n",
       "bad.rules:5", "needs a group (?P<cur>"},
      {"rule xx.unit\n  pattern (?P<num>\\d+) km\n  kind quantity\n  example 3 "
       "km\n",
       "bad.rules:5", "needs a group (?P<unit>"},
      {"rule xx.attr\n  pattern (?P<num>\\d+)\n  kind number\n  valeur 3\n  "
       "example 3\n",
       "bad.rules:5", "unknown attribute \"valeur\""},
      {"rule xx.group\n  pattern (?P<nmu>\\d+)\n  kind number\n  example 3\n",
       "bad.rules:5", "unknown group (?P<nmu>"},
      {"rule xx.frac\n  pattern (?P<numer>\\d)/(?P<denom>\\d)\n  kind number\n "
       " example 1/2\n",
       "bad.rules:5", "needs max_denominator"},
      {"rule xx.no_example\n  pattern (?P<num>\\d+)\n  kind number\n",
       "bad.rules:5", "has no example"},
      {"rule xx.ok\n  pattern (?P<num>\\d+)\n  kind number\n  example 3\n"
       "rule xx.second\n  pattern (?P<num>\\d+)\n  kind ordinal\n  standalone "
       "maybe\n"
       "  example 3\n",
       "bad.rules:9", "standalone takes yes or no"},
  };
  for (const BadCase& c : cases) {
    auto pack = RulePack::Parse(std::string(kTables) + c.rules, "bad.rules");
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    auto figures = FiguresExtractor::Create(std::move(*pack));
    ASSERT_FALSE(figures.has_value()) << c.rules;
    EXPECT_EQ(figures.error().code, ErrorCode::kBadRule);
    EXPECT_EQ(figures.error().where, c.where) << c.rules;
    EXPECT_THAT(figures.error().message, ::testing::HasSubstr(c.message));
  }
}

TEST(FiguresCreate, ReportsBadTablesAndSettings) {
  struct BadCase {
    std::string rules;
    std::string message;
  };
  const BadCase cases[] = {
      {"lang xx\ntable NUMBER_WORD\n  deux = 2\n", "decimal_mark"},
      {"lang xx\ndecimal_mark ,\ntable NUMBER_WORD\n  deux = two\n",
       "table NUMBER_WORD, key \"deux\": bad value"},
      {"lang xx\ndecimal_mark ,\ntable NUMBER_WORD\n  cent = 100 centaine\n",
       "unknown role or flag \"centaine\""},
      {"lang xx\ndecimal_mark ,\ntable NUMBER_WORD\n  deux = 2\ntable "
       "ORDINAL_WORD\n  deux = 2\n",
       "already a number word"},
      {"lang xx\ndecimal_mark ,\ntable NUMBER_WORD\n  deux = 2\ntable "
       "CURRENCY_NAME\n"
       "  dollar = dollars\n",
       "ISO_CODE"},
      {"lang xx\ndecimal_mark ,\ntable NUMBER_WORD\n  deux = 2\ntable "
       "MODIFIER\n"
       "  environ = about\n",
       "approx, min or max"},
      {"lang xx\ndecimal_mark ,\ntable NUMBER_WORD\n  deux = 2\ntable PAIR\n  "
       "de à = range\n",
       "OPENER"},
  };
  for (const BadCase& c : cases) {
    auto pack = RulePack::Parse(c.rules, "bad.rules");
    ASSERT_TRUE(pack.has_value()) << pack.error().ToString();
    auto figures = FiguresExtractor::Create(std::move(*pack));
    ASSERT_FALSE(figures.has_value()) << c.rules;
    EXPECT_EQ(figures.error().where, "bad.rules");
    EXPECT_THAT(figures.error().message, ::testing::HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace newsline
