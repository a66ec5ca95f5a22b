#include "pipeline/language.h"

#include <gtest/gtest.h>

#include <string>

namespace newsline {
namespace {

constexpr const char* kFrench =
    "Le constructeur a livré près de deux cents avions au cours du premier "
    "semestre, selon un communiqué publié mercredi. La direction prévoit "
    "une hausse de la production d'ici la fin de l'année, malgré les "
    "difficultés d'approvisionnement des fournisseurs de moteurs. ";
constexpr const char* kEnglish =
    "The company delivered nearly two hundred aircraft in the first half of "
    "the year, according to a statement published on Wednesday. Management "
    "expects production to rise by the end of the year, despite supply "
    "problems at its engine makers. ";
constexpr const char* kGerman =
    "Der Hersteller hat im ersten Halbjahr fast zweihundert Flugzeuge "
    "ausgeliefert, wie aus einer am Mittwoch veröffentlichten Mitteilung "
    "hervorgeht. Die Geschäftsführung erwartet bis zum Jahresende eine "
    "höhere Produktion, trotz der Lieferprobleme bei den Triebwerken. ";

std::string Repeat(const std::string& s, size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += s;
  return out;
}

TEST(DetectLanguageTest, TellsNewsProse) {
  EXPECT_EQ(DetectLanguage(kFrench), "fr");
  EXPECT_EQ(DetectLanguage(kEnglish), "en");
  EXPECT_EQ(DetectLanguage(kGerman), "de");
}

TEST(DetectLanguageTest, EmptyOrLanguagelessTextIsUnknown) {
  EXPECT_EQ(DetectLanguage(""), "");
  EXPECT_EQ(DetectLanguage("12 345 678 - 42 / 2024"), "");
}

TEST(DetectLanguageTest, LongTextIsTold) {
  EXPECT_EQ(DetectLanguage(Repeat(kFrench, 200 << 10)), "fr");
}

// An opening CLD2 cannot be sure of (figures and names only, as in a table
// at the top of an article) does not decide: the text after it does.
TEST(DetectLanguageTest, UnclearOpeningReadsOn) {
  const std::string table = Repeat("Airbus 735 ; Boeing 528 ; ATR 35 ; ", 5000);
  EXPECT_EQ(DetectLanguage(table + Repeat(kFrench, 8000)), "fr");
}

TEST(DetectLanguageTest, UtfEightSequencesAreNotCut) {
  // An 'é' straddles the 512-byte, 1 KiB and 64 KiB limits: the cut moves back
  // to a character boundary (ASan would catch a read past a cut sequence) and
  // the language is still told. The opening is a list of figures, so that
  // CLD2 is not sure of the first KiB and reads on to 64 KiB.
  std::string text =
      Repeat("735 ; 528 ; 35 ; ", 2 << 10) + Repeat(kFrench, 70 << 10);
  for (size_t limit : {size_t{512}, size_t{1} << 10, size_t{64} << 10}) {
    // Blank a few characters around the limit, then put the 'é' across it.
    size_t b = limit - 4, e = limit + 4;
    while ((static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
    while ((static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
    text.replace(b, e - b, std::string(e - b, ' '));
    text.replace(limit - 1, 2, "\u00e9");
    ASSERT_EQ(static_cast<unsigned char>(text[limit]) & 0xC0, 0x80);
  }
  EXPECT_EQ(DetectLanguage(text), "fr");
}

// A page's declared language gives way only to text CLD2 is sure of, over
// the opening and the longer sample alike.
TEST(ContradictedLanguageTest, TextOverrulesAWrongDeclaration) {
  struct Case {
    std::string text;
    std::string declared;
    std::string want;
  };
  const Case cases[] = {
      {Repeat(kGerman, 4000), "en", "de"},  // a German story, template "en"
      {Repeat(kFrench, 4000), "en", "fr"},
      {kGerman, "en", "de"},               // short, but clear
      {Repeat(kEnglish, 4000), "en", ""},  // agrees
      {Repeat(kFrench, 4000), "fr", ""},
      {"12 345 678 - 42 / 2024", "fr", ""},  // nothing to read
      {"", "en", ""},
      // An English notice over a long German article: the 64 KiB sample
      // does not confirm the opening, so the declaration stands.
      {Repeat(kEnglish, 1500) + Repeat(kGerman, 60000), "de", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ContradictedLanguage(c.text, c.declared), c.want)
        << c.declared << ": " << c.text.substr(0, 60);
  }
}

TEST(PrimaryLanguageTest, TakesThePrimarySubtag) {
  EXPECT_EQ(PrimaryLanguage("fr-FR"), "fr");
  EXPECT_EQ(PrimaryLanguage("EN_us"), "en");
  EXPECT_EQ(PrimaryLanguage("gsw"), "gsw");
  EXPECT_EQ(PrimaryLanguage(""), "");
  EXPECT_EQ(PrimaryLanguage("x"), "");
  EXPECT_EQ(PrimaryLanguage("fr1"), "");
}

}  // namespace
}  // namespace newsline
