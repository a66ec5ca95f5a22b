// TimeExtractor: values of each category of time expression in French and
// English, resolution against several reference dates, the tense of the
// clause, unresolved values without a reference date, and what must not be
// taken for a time.
#include "extractors/time/time.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/unicode.h"
#include "tests/time/time_testing.h"

namespace newsline {
namespace {

using time_testing::Analyze;

constexpr CivilDate kRef{2024, 6, 5};  // a Wednesday, ISO week 23

struct Case {
  std::string_view lang;
  std::string_view text;
  std::string_view mention;  // the mention's text
  std::string_view timex;
  std::string_view type = "DATE";
  std::string_view mod = "";
  std::optional<CivilDate> reference = kRef;
};

std::string Describe(const std::vector<Mention>& mentions) {
  std::string out;
  for (const Mention& m : mentions) {
    out += " [" + m.text + " " + m.timex + " " + m.type + " " + m.mod + " " +
           m.rule + "]";
  }
  return out.empty() ? " nothing" : out;
}

void ExpectMentions(std::span<const Case> cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.lang) + ": " + std::string(c.text));
    const auto mentions = Analyze(c.text, c.lang, c.reference);
    const Mention* found = nullptr;
    for (const Mention& m : mentions) {
      if (m.text == c.mention) found = &m;
    }
    ASSERT_NE(found, nullptr)
        << "no mention \"" << c.mention << "\"; got" << Describe(mentions);
    EXPECT_EQ(found->timex, c.timex) << found->rule;
    EXPECT_EQ(found->type, c.type) << found->rule;
    EXPECT_EQ(found->mod, c.mod) << found->rule;
    EXPECT_EQ(MentionKindName(found->kind), ToLower(c.type)) << found->rule;
  }
}

TEST(TimeExtractor, ReadsAbsoluteDates) {
  const Case cases[] = {
      {"fr", "Il est né le 5 juin 2024.", "le 5 juin 2024", "2024-06-05"},
      {"fr", "Le 1er mars 2023, la loi a changé.", "Le 1er mars 2023",
       "2023-03-01"},
      {"fr", "Le rapport du 2024-06-05 est paru.", "2024-06-05", "2024-06-05"},
      {"fr", "Signé le 05/06/2024 à Paris.", "05/06/2024", "2024-06-05"},
      {"fr", "Les ventes de juin 2024 ont baissé.", "juin 2024", "2024-06"},
      {"fr", "Il veut fabriquer 20 millions de voitures en 2030.", "2030",
       "2030"},
      {"fr", "Le bug de l'an 2000 a fait peur.", "l'an 2000", "2000"},
      {"fr", "C'était dans les années 1990.", "les années 1990", "199"},
      {"fr", "La mode des années 80 revient.", "des années 80", "198"},
      {"fr", "Au XIXe siècle, tout a changé.", "XIXe siècle", "18"},
      {"en", "It opened on June 5, 2024.", "June 5, 2024", "2024-06-05"},
      {"en", "It opened on 5 June 2024.", "5 June 2024", "2024-06-05"},
      {"en", "Signed on 06/05/2024 in Boston.", "06/05/2024", "2024-06-05"},
      {"en", "Sales in June 2024 fell.", "June 2024", "2024-06"},
      {"en", "It wants to build 20 million cars in 2030.", "2030", "2030"},
      {"en", "It was popular in the 1990s.", "the 1990s", "199"},
      {"en", "Life in the 19th century was hard.", "the 19th century", "18"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsFrenchAndAmericanNumericOrder) {
  const Case cases[] = {
      {"fr", "le 03/04/2024", "03/04/2024", "2024-04-03"},
      {"en", "on 03/04/2024", "03/04/2024", "2024-03-04"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ResolvesRelativeExpressions) {
  const Case cases[] = {
      {"fr", "Hier, il a démissionné.", "Hier", "2024-06-04"},
      {"fr", "Aujourd'hui, il pleut.", "Aujourd'hui", "2024-06-05"},
      {"fr", "Demain, il pleuvra.", "Demain", "2024-06-06"},
      {"fr", "Avant-hier, il a plu.", "Avant-hier", "2024-06-03"},
      {"fr", "La semaine dernière, il a plu.", "La semaine dernière",
       "2024-W22"},
      {"fr", "Il viendra la semaine prochaine.", "la semaine prochaine",
       "2024-W24"},
      {"fr", "Le mois dernier, les ventes ont chuté.", "Le mois dernier",
       "2024-05"},
      {"fr", "L'an dernier, il a gagné.", "L'an dernier", "2023"},
      {"fr", "L'année prochaine sera dure.", "L'année prochaine", "2025"},
      {"fr", "Cette année, il gagne.", "Cette année", "2024"},
      {"fr", "Il est parti il y a trois jours.", "il y a trois jours",
       "2024-06-02"},
      {"fr", "Il reviendra dans deux semaines.", "dans deux semaines",
       "2024-W25"},
      {"en", "Yesterday, he resigned.", "Yesterday", "2024-06-04"},
      {"en", "Today, it rains.", "Today", "2024-06-05"},
      {"en", "Tomorrow, it will rain.", "Tomorrow", "2024-06-06"},
      {"en", "Sales fell last week.", "last week", "2024-W22"},
      {"en", "He will come next month.", "next month", "2024-07"},
      {"en", "Prices rose three days ago.", "three days ago", "2024-06-02"},
      {"en", "He will be back in two weeks.", "in two weeks", "2024-W25"},
      {"en", "This year has been hard.", "This year", "2024"},
      {"en", "Last year, he won.", "Last year", "2023"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ResolvesAcrossYearBoundaries) {
  const Case cases[] = {
      // A past-tense December seen from January is last year's.
      {"fr", "En décembre, les ventes ont chuté.", "décembre", "2023-12",
       "DATE", "", CivilDate{2024, 1, 10}},
      // A future-tense January seen from December is next year's.
      {"fr", "Les livraisons reprendront en janvier.", "janvier", "2025-01",
       "DATE", "", CivilDate{2024, 12, 20}},
      {"en", "Sales fell in December.", "December", "2023-12", "DATE", "",
       CivilDate{2024, 1, 10}},
      {"en", "Deliveries will resume in January.", "January", "2025-01", "DATE",
       "", CivilDate{2024, 12, 20}},
      {"fr", "Hier, il a neigé.", "Hier", "2023-12-31", "DATE", "",
       CivilDate{2024, 1, 1}},
      {"fr", "La semaine dernière, il a neigé.", "La semaine dernière",
       "2023-W52", "DATE", "", CivilDate{2024, 1, 3}},
      {"en", "Next week will be cold.", "Next week", "2025-W01", "DATE", "",
       CivilDate{2024, 12, 27}},
      {"en", "Last month was cold.", "Last month", "2023-12", "DATE", "",
       CivilDate{2024, 1, 15}},
      {"fr", "Le trimestre dernier a été bon.", "Le trimestre dernier",
       "2023-Q4", "DATE", "", CivilDate{2024, 2, 1}},
      {"en", "The plant will open next Monday.", "next Monday", "2025-01-06",
       "DATE", "", CivilDate{2024, 12, 31}},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, BareMonthsFollowTheTenseOfTheirClause) {
  const Case cases[] = {
      // Past and present: the most recent one; the current month counts.
      {"fr", "En juin, il a plu.", "juin", "2024-06"},
      {"fr", "En juillet, il a plu.", "juillet", "2023-07"},
      {"fr", "Le rapport de décembre montre une baisse.", "décembre",
       "2023-12"},
      // Future: the next one.
      {"fr", "Les ventes repartiront en juillet.", "juillet", "2024-07"},
      {"fr", "L'usine va ouvrir en mars.", "mars", "2025-03"},
      {"fr", "La sortie est prévue pour février.", "février", "2025-02"},
      {"en", "Sales rose in July.", "July", "2023-07"},
      {"en", "The plant will open in March.", "March", "2025-03"},
      {"en", "The plant is expected to open in February.", "February",
       "2025-02"},
      // The nearest cue before the expression wins over one after it...
      {"fr", "Il a annoncé en mars qu'il partira.", "mars", "2024-03"},
      // ...and the cue after it counts only inside its clause.
      {"fr", "Les GPU prévus pour janvier qui seront livrés.", "janvier",
       "2024-01"},
      {"fr", "Le message de décembre indique qu'ils seront livrés.", "décembre",
       "2023-12"},
      {"en", "The December memo says that they will ship.", "December",
       "2023-12"},
      // Without a cue the clause reads as present.
      {"fr", "Le bilan de novembre.", "novembre", "2023-11"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ResolvesWeekdaysByTense) {
  const Case cases[] = {
      {"fr", "Lundi, il a démissionné.", "Lundi", "2024-06-03"},
      {"fr", "Il viendra vendredi.", "vendredi", "2024-06-07"},
      {"fr", "Il viendra lundi.", "lundi", "2024-06-10"},
      {"fr", "Mercredi, il a parlé.", "Mercredi", "2024-06-05"},
      {"fr", "Lundi dernier, il a parlé.", "Lundi dernier", "2024-06-03"},
      {"fr", "Mercredi prochain sera férié.", "Mercredi prochain",
       "2024-06-12"},
      {"en", "On Friday, he resigned.", "Friday", "2024-05-31"},
      {"en", "He will speak on Tuesday.", "Tuesday", "2024-06-11"},
      {"en", "Last Wednesday was hot.", "Last Wednesday", "2024-05-29"},
      {"en", "It closes this Friday.", "this Friday", "2024-06-07"},
      // Across a month and a year.
      {"fr", "Samedi, il a neigé.", "Samedi", "2023-12-30", "DATE", "",
       CivilDate{2024, 1, 2}},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsPartsOfMonthsAndYears) {
  const Case cases[] = {
      {"fr", "Un e-mail datant de fin avril, révèle que", "fin avril",
       "2024-04", "DATE", "END"},
      {"fr", "Il partira début 2025.", "début 2025", "2025", "DATE", "START"},
      {"fr", "Il a parlé à la mi-juin.", "la mi-juin", "2024-06", "DATE",
       "MID"},
      {"fr", "Ils passeront à 85 000 d'ici la fin de l'année.",
       "la fin de l'année", "2024", "DATE", "END"},
      {"fr", "La fin de l'année sera dure.", "La fin de l'année", "2024",
       "DATE", "END"},
      {"fr", "Il a livré courant mai.", "courant mai", "2024-05", "DATE", ""},
      {"en", "Deliveries slipped to late April.", "late April", "2024-04",
       "DATE", "END"},
      {"en", "It will ship in early 2025.", "early 2025", "2025", "DATE",
       "START"},
      {"en", "It opened mid-June.", "mid-June", "2024-06", "DATE", "MID"},
      {"en", "They will reach 85,000 by the end of the year.",
       "the end of the year", "2024", "DATE", "END"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsQuartersHalvesAndFiscalYears) {
  const Case cases[] = {
      {"fr", "Au premier trimestre 2024, tout va bien.",
       "premier trimestre 2024", "2024-Q1"},
      {"fr", "Au T1 2024, tout va bien.", "T1 2024", "2024-Q1"},
      {"fr", "Au premier semestre 2024, tout va bien.", "premier semestre 2024",
       "2024-H1"},
      {"fr", "Selon les prévisions pour l'exercice 2025.", "l'exercice 2025",
       "2025"},
      {"fr", "Pour l'exercice fiscal 2025.", "l'exercice fiscal 2025", "2025"},
      {"en", "In Q1 2024, sales rose.", "Q1 2024", "2024-Q1"},
      {"en", "The first quarter was weak.", "The first quarter", "2024-Q1"},
      {"en", "Sales rose in 2024-Q1.", "2024-Q1", "2024-Q1"},
      {"en", "Revenue for FY2025 rose.", "FY2025", "2025"},
      {"en", "Revenue for fiscal 2025 rose.", "fiscal 2025", "2025"},
      {"en", "Revenue for fiscal year 2025 rose.", "fiscal year 2025", "2025"},
      {"en", "In the second half of 2024, it grew.", "the second half of 2024",
       "2024-H2"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsDurations) {
  const Case cases[] = {
      {"fr", "Il a régné pendant trois ans.", "trois ans", "P3Y", "DURATION"},
      {"fr", "Il en parle depuis des mois.", "des mois", "PXM", "DURATION"},
      {"fr", "Une grève de trois jours.", "trois jours", "P3D", "DURATION"},
      {"fr", "Il attend depuis plus de 10 ans.", "plus de 10 ans", "P10Y",
       "DURATION", "MORE_THAN"},
      {"fr", "Il a dormi 24 heures.", "24 heures", "PT24H", "DURATION"},
      {"en", "He ruled for two weeks.", "two weeks", "P2W", "DURATION"},
      {"en", "He has talked about it for months.", "months", "PXM", "DURATION"},
      {"en", "It signed a two-year deal.", "two-year", "P2Y", "DURATION"},
      {"en", "It lasted for a year.", "a year", "P1Y", "DURATION"},
      {"en", "Sales doubled over the past three years.", "the past three years",
       "P3Y", "DURATION"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsSinceAsAnOpenDate) {
  const Case cases[] = {
      {"fr", "Il perd de l'argent depuis 2020.", "2020", "2020", "DATE",
       "ON_OR_AFTER"},
      {"fr", "Les prix montent depuis mars.", "mars", "2024-03", "DATE",
       "ON_OR_AFTER"},
      {"en", "It has lost money since 2020.", "2020", "2020", "DATE",
       "ON_OR_AFTER"},
      {"en", "It will be ready by 2030.", "2030", "2030", "DATE",
       "ON_OR_BEFORE"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsSets) {
  const Case cases[] = {
      {"fr", "Il paie chaque mois.", "chaque mois", "P1M", "SET"},
      {"fr", "Il vient tous les ans.", "tous les ans", "P1Y", "SET"},
      {"fr", "Il vient tous les lundis.", "tous les lundis", "XXXX-WXX-1",
       "SET"},
      {"fr", "Il gagne 10 milliards par an.", "par an", "P1Y", "SET"},
      {"en", "He pays every week.", "every week", "P1W", "SET"},
      {"en", "A weekly meeting.", "weekly", "P1W", "SET"},
      {"en", "It is updated daily.", "daily", "P1D", "SET"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsClockTimesOnTheReferenceDay) {
  const Case cases[] = {
      {"fr", "Il parlera à 10h30.", "10h30", "2024-06-05T10:30", "TIME"},
      {"fr", "Le 12 juin à 9h, il parlera.", "Le 12 juin à 9h",
       "2024-06-12T09:00", "TIME"},
      {"fr", "Demain à 14h, il parlera.", "Demain à 14h", "2024-06-06T14:00",
       "TIME"},
      {"fr", "Hier soir, il a parlé.", "Hier soir", "2024-06-04TEV", "TIME"},
      {"en", "He will speak at 10:30 a.m.", "10:30 a.m.", "2024-06-05T10:30",
       "TIME"},
      {"en", "He spoke at 3 p.m.", "3 p.m.", "2024-06-05T15:00", "TIME"},
      {"en", "He spoke this morning.", "this morning", "2024-06-05TMO", "TIME"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, ReadsPresentReferences) {
  const Case cases[] = {
      {"fr", "La vérité est qu'à l'heure actuelle, rien ne va.",
       "à l'heure actuelle", "PRESENT_REF"},
      {"fr", "Pour l'instant, ni Grok ni FSD ne fonctionnent.",
       "Pour l'instant", "PRESENT_REF"},
      {"fr", "Il est actuellement en Chine.", "actuellement", "PRESENT_REF"},
      {"fr", "Il est en ce moment en Chine.", "en ce moment", "PRESENT_REF"},
      {"en", "He is currently in China.", "currently", "PRESENT_REF"},
      {"en", "For now, neither works.", "For now", "PRESENT_REF"},
      {"en", "It is at present unclear.", "at present", "PRESENT_REF"},
      {"en", "It is now clear.", "now", "PRESENT_REF"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, LeavesPlaceholdersWithoutAReferenceDate) {
  const Case cases[] = {
      {"fr", "En décembre, il a plu.", "décembre", "XXXX-12", "DATE", "",
       std::nullopt},
      {"fr", "Lundi, il a plu.", "Lundi", "XXXX-WXX-1", "DATE", "",
       std::nullopt},
      {"fr", "Hier, il a plu.", "Hier", "PAST_REF", "DATE", "", std::nullopt},
      {"fr", "Demain, il pleuvra.", "Demain", "FUTURE_REF", "DATE", "",
       std::nullopt},
      {"fr", "Aujourd'hui, il pleut.", "Aujourd'hui", "PRESENT_REF", "DATE", "",
       std::nullopt},
      {"fr", "D'ici la fin de l'année, il pleuvra.", "la fin de l'année",
       "XXXX", "DATE", "END", std::nullopt},
      {"fr", "Le 5 juin, il a plu.", "Le 5 juin", "XXXX-06-05", "DATE", "",
       std::nullopt},
      {"fr", "Il parlera à 10h30.", "10h30", "XXXX-XX-XXT10:30", "TIME", "",
       std::nullopt},
      {"fr", "Il est né en 1990.", "1990", "1990", "DATE", "", std::nullopt},
      {"en", "Sales fell in March.", "March", "XXXX-03", "DATE", "",
       std::nullopt},
      {"en", "Sales fell last week.", "last week", "PAST_REF", "DATE", "",
       std::nullopt},
      {"en", "This year is hard.", "This year", "XXXX", "DATE", "",
       std::nullopt},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, IgnoresWordsThatOnlyLookLikeTime) {
  struct NoCase {
    std::string_view lang;
    std::string_view text;
  };
  const NoCase cases[] = {
      {"fr", "Le cluster GPU H100 de X."},
      {"fr", "Il a redirigé 12 000 GPU."},
      {"fr", "Ils passeraient de 35 000 à 85 000."},
      {"fr", "Quelque 500 millions de dollars."},
      {"fr", "La sonde a atterri sur Mars."},
      {"fr", "La mission Mars 2020 est un succès."},
      {"fr", "L'actuel propriétaire de X."},
      {"fr", "Il agit en maintenant les prix."},
      {"fr", "Les ventes des mois de pointe."},
      {"en", "Prices may rise."},
      {"en", "Theresa May said so."},
      {"en", "They march on the capital."},
      {"en", "The second attempt failed."},
      {"en", "He knows the now-defunct firm."},
      {"en", "It sold 12,000 units."},
  };
  for (const NoCase& c : cases) {
    const auto mentions = Analyze(c.text, c.lang);
    EXPECT_TRUE(mentions.empty())
        << c.lang << ": " << c.text << " ->" << Describe(mentions);
  }
}

TEST(TimeExtractor, DropsExpressionsInsideFigures) {
  // The figures extractor reads "2030 exemplaires" as a quantity: its number
  // is no year.
  const std::string text = "Ils ont vendu en 2030 exemplaires.";
  auto doc = testing::MakeDocument(text, "fr");
  Mention quantity;
  quantity.kind = MentionKind::kQuantity;
  quantity.begin = text.find("2030");
  quantity.end_byte = text.find(".");
  std::vector<Mention> out;
  time_testing::Extractor("fr").Extract(doc->doc, {}, &out);
  ASSERT_EQ(out.size(), 1u);
  out.clear();
  time_testing::Extractor("fr").Extract(doc->doc, {quantity}, &out);
  EXPECT_TRUE(out.empty()) << Describe(out);
  // A mere number of the same extent does not hide the year.
  Mention number = quantity;
  number.kind = MentionKind::kNumber;
  number.end_byte = quantity.begin + 4;
  time_testing::Extractor("fr").Extract(doc->doc, {number}, &out);
  EXPECT_EQ(out.size(), 1u);
}

TEST(TimeExtractor, SetsSentenceAndOffsets) {
  const std::string text = "Il a plu. Hier, il a neigé en décembre.";
  auto doc = testing::MakeDocument(text, "fr");
  std::vector<Mention> out;
  time_testing::Extractor("fr").Extract(doc->doc, {}, &out);
  ASSERT_EQ(out.size(), 2u) << Describe(out);
  EXPECT_EQ(out[0].text, "Hier");
  EXPECT_EQ(out[0].sentence, 1);
  EXPECT_EQ(out[0].begin, text.find("Hier"));
  EXPECT_EQ(out[0].end_byte, text.find("Hier") + 4);
  EXPECT_EQ(out[0].rule, "fr.date.relative_day");
  EXPECT_EQ(out[1].text, "décembre");
  EXPECT_EQ(out[1].begin, text.find("décembre"));
  EXPECT_EQ(out[1].end_byte, text.size() - 1);
}

TEST(TimeExtractor, ReadsTypographicApostrophesAndSpacesAfterNormalization) {
  const Case cases[] = {
      {"fr", "D\u2019ici la fin de l\u2019ann\u00e9e, ils passeront.",
       "la fin de l'année", "2024", "DATE", "END"},
      {"fr", "Le 5\u00a0juin\u00a02024, il a plu.", "Le 5 juin 2024",
       "2024-06-05"},
  };
  ExpectMentions(cases);
}

TEST(TimeExtractor, GivesTheSameResultsFromManyThreads) {
  const std::string text =
      "Hier, il a annoncé qu'en décembre les ventes avaient chuté et qu'elles "
      "reprendront en janvier, d'ici la fin de l'année, pendant trois ans.";
  const auto expected = Analyze(text, "fr");
  ASSERT_GE(expected.size(), 4u);
  auto doc = testing::MakeDocument(text, "fr");
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::vector<Mention> out;
        time_testing::Extractor("fr").Extract(doc->doc, {}, &out);
        bool equal = out.size() == expected.size();
        for (size_t k = 0; equal && k < out.size(); ++k) {
          equal = out[k].timex == expected[k].timex &&
                  out[k].begin == expected[k].begin;
        }
        same[t] += equal;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(same[t], 200);
}

}  // namespace
}  // namespace newsline
