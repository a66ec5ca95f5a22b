#include "extractors/entities/entities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "extractors/engine/rule_examples.h"
#include "extractors/engine/rule_files.h"
#include "tests/testing/test_document.h"

namespace newsline {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

// One extractor per built-in language, built once for the whole binary.
const EntitiesExtractor& Extractor(std::string_view lang) {
  static const auto* extractors = [] {
    auto* m = new std::map<std::string, std::unique_ptr<EntitiesExtractor>,
                           std::less<>>;
    for (const std::string& l : RuleLanguages("entities")) {
      auto pack = LoadRulePack("entities", l);
      if (!pack) {
        ADD_FAILURE() << pack.error().ToString();
        continue;
      }
      auto extractor = EntitiesExtractor::Create(std::move(*pack));
      if (!extractor) {
        ADD_FAILURE() << extractor.error().ToString();
        continue;
      }
      (*m)[l] = std::move(*extractor);
    }
    return m;
  }();
  auto it = extractors->find(lang);
  if (it == extractors->end()) {
    ADD_FAILURE() << "no entities extractor for " << lang;
    std::abort();
  }
  return *it->second;
}

std::vector<Mention> Analyze(std::string_view text, std::string_view lang,
                             const std::vector<Mention>& found = {}) {
  auto doc = testing::MakeDocument(text, lang);
  std::vector<Mention> out;
  Extractor(lang).Extract(doc->doc, found, &out);
  for (const Mention& m : out) {
    EXPECT_EQ(doc->doc.text.substr(m.begin, m.end_byte - m.begin), m.text);
    EXPECT_EQ(m.sentence, doc->doc.SentenceAt(m.begin)) << m.text;
    EXPECT_FALSE(m.rule.empty()) << m.text;
    EXPECT_EQ(m.entity, EntityId(m.kind, m.canonical)) << m.text;
  }
  return out;
}

std::string Describe(const std::vector<Mention>& mentions) {
  std::ostringstream out;
  for (const Mention& m : mentions) {
    out << "  " << MentionKindName(m.kind) << " \"" << m.text << "\" -> \""
        << m.canonical << "\" (" << m.rule << ")\n";
  }
  return out.str();
}

// The mention whose text is `text`, or null.
const Mention* Find(const std::vector<Mention>& mentions,
                    std::string_view text) {
  for (const Mention& m : mentions) {
    if (m.text == text) return &m;
  }
  return nullptr;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(EntitiesRules, AllExamplesPassInEveryLanguage) {
  for (std::string_view lang : {"fr", "en"}) {
    const EntitiesExtractor& extractor = Extractor(lang);
    auto failures =
        CheckRuleExamples(extractor.pack(), [&](std::string_view text) {
          std::vector<RuleHit> hits;
          for (const Mention& m : Analyze(text, lang)) hits.push_back(HitOf(m));
          return hits;
        });
    for (const Error& f : failures) ADD_FAILURE() << f.ToString();
  }
}

TEST(EntitiesRules, EveryRuleHasAnExample) {
  for (std::string_view lang : {"fr", "en"}) {
    for (const Rule& rule : Extractor(lang).pack().rules()) {
      EXPECT_FALSE(rule.examples.empty()) << rule.id;
      EXPECT_TRUE(rule.id.starts_with(std::string(lang) + ".")) << rule.id;
    }
  }
}

struct Expected {
  std::string_view text;
  std::string_view kind;
  std::string_view canonical;
};

// The founding article: every entity mention, and nothing else.
TEST(EntitiesSeed, FindsExactlyTheEntitiesOfTheFoundingArticle) {
  const std::string text = ReadFile("tests/entities/data/seed-fr.txt");
  ASSERT_FALSE(text.empty());
  const std::vector<Expected> expected = {
      {"Elon Musk", "person", "Elon Musk"},
      {"Tesla", "org", "Tesla"},
      {"X", "org", "X"},
      {"Tesla", "org", "Tesla"},
      {"X", "org", "X"},
      {"NVIDIA", "org", "NVIDIA"},
      {"xAI", "org", "xAI"},
      {"Tesla", "org", "Tesla"},
      {"Musk", "person", "Elon Musk"},
      {"Tesla", "org", "Tesla"},
      {"NVIDIA", "org", "NVIDIA"},
      {"H100", "product", "H100"},
      {"X", "org", "X"},
      {"Tesla", "org", "Tesla"},
      {"CNBC", "org", "CNBC"},
      {"NVIDIA", "org", "NVIDIA"},
      {"Musk", "person", "Elon Musk"},
      {"Musk", "person", "Elon Musk"},
      {"Tesla", "org", "Tesla"},
      {"Twitter", "org", "X"},
      {"X", "org", "X"},
      {"X", "org", "X"},
      {"NVIDIA", "org", "NVIDIA"},
      {"Elon", "person", "Elon Musk"},
      {"H100", "product", "H100"},
      {"X", "org", "X"},
      {"Tesla", "org", "Tesla"},
      {"H100", "product", "H100"},
      {"Tesla", "org", "Tesla"},
      {"H100", "product", "H100"},
      {"Tesla", "org", "Tesla"},
      {"Musk", "person", "Elon Musk"},
      {"NVIDIA", "org", "NVIDIA"},
      {"Tesla", "org", "Tesla"},
      {"Texas", "place", "Texas"},
      {"NVIDIA", "org", "NVIDIA"},
      {"H100", "product", "H100"},
      {"NVIDIA", "org", "NVIDIA"},
      {"NVIDIA", "org", "NVIDIA"},
      {"Musk", "person", "Elon Musk"},
      {"Musk", "person", "Elon Musk"},
      {"Tesla", "org", "Tesla"},
      {"Musk", "person", "Elon Musk"},
      {"Tesla", "org", "Tesla"},
      {"Musk", "person", "Elon Musk"},
      {"X", "org", "X"},
      {"xAI", "org", "xAI"},
      {"Neuralink", "org", "Neuralink"},
      {"Grok", "product", "Grok"},
      {"FSD", "product", "Full Self-Driving"},
      {"Musk", "person", "Elon Musk"},
      {"Grok", "product", "Grok"},
      {"Twitter", "org", "X"},
      {"ChatGPT", "product", "ChatGPT"},
      {"Tesla", "org", "Tesla"},
      {"Tesla", "org", "Tesla"},
      {"Toyota", "org", "Toyota"},
  };
  const std::vector<Mention> got = Analyze(text, "fr");
  ASSERT_EQ(got.size(), expected.size()) << Describe(got);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].text, expected[i].text) << i << "\n" << Describe(got);
    EXPECT_EQ(MentionKindName(got[i].kind), expected[i].kind) << got[i].text;
    EXPECT_EQ(got[i].canonical, expected[i].canonical) << got[i].text;
  }
  // One entity per name, with the ids the pipeline merges on.
  std::map<std::string, std::string> ids;
  for (const Mention& m : got) ids[m.canonical] = m.entity;
  EXPECT_EQ(ids["Elon Musk"], "person:elon-musk");
  EXPECT_EQ(ids["X"], "org:x");
  EXPECT_EQ(ids["Texas"], "place:texas");
  EXPECT_EQ(ids["Full Self-Driving"], "product:full-self-driving");
  EXPECT_EQ(ids.size(), 13u);
}

struct Case {
  std::string_view lang;
  std::string_view text;
  std::string_view mention;  // the mention's text
  std::string_view kind;
  std::string_view canonical;  // "" to skip the check
};

void ExpectFinds(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const std::vector<Mention> got = Analyze(c.text, c.lang);
    const Mention* m = Find(got, c.mention);
    ASSERT_NE(m, nullptr) << c.lang << ": \"" << c.text << "\" has no \""
                          << c.mention << "\"\n"
                          << Describe(got);
    EXPECT_EQ(MentionKindName(m->kind), c.kind) << c.text;
    if (!c.canonical.empty()) {
      EXPECT_EQ(m->canonical, c.canonical) << c.text;
    }
  }
}

struct NoneCase {
  std::string_view lang;
  std::string_view text;
  std::string_view kind;  // no mention of this kind; "" for none at all
};

void ExpectNone(const std::vector<NoneCase>& cases) {
  for (const NoneCase& c : cases) {
    for (const Mention& m : Analyze(c.text, c.lang)) {
      EXPECT_FALSE(c.kind.empty() || MentionKindName(m.kind) == c.kind)
          << c.lang << ": \"" << c.text << "\" gave " << MentionKindName(m.kind)
          << " \"" << m.text << "\" (" << m.rule << ")";
    }
  }
}

TEST(EntitiesPersons, FindsNamesAfterCivilitiesTitlesAndCues) {
  ExpectFinds({
      {"fr", "M. Dupont a démissionné hier.", "Dupont", "person", "Dupont"},
      {"fr", "Selon Mme Christine Lagarde, l'inflation recule.",
       "Christine Lagarde", "person", "Christine Lagarde"},
      {"fr", "Le président américain Joe Biden a signé le texte.", "Joe Biden",
       "person", ""},
      {"fr", "Le ministre de l'Économie, Bruno Le Maire, a réagi.",
       "Bruno Le Maire", "person", ""},
      {"fr", "Le PDG de Renault, Luca de Meo, a présenté le plan.",
       "Luca de Meo", "person", ""},
      {"fr", "« Nous accélérons », explique Marie Durand.", "Marie Durand",
       "person", ""},
      {"fr", "Jean-Pierre Farandou, PDG de la compagnie, a démissionné.",
       "Jean-Pierre Farandou", "person", ""},
      {"fr", "Hier, Paul Martin a visité l'usine de Lyon.", "Paul Martin",
       "person", ""},
      {"en",
       "French President Emmanuel Macron said on Monday that talks would "
       "resume.",
       "Emmanuel Macron", "person", ""},
      {"en", "Tesla CEO Elon Musk said demand was strong.", "Elon Musk",
       "person", "Elon Musk"},
      {"en", "Mr. Smith resigned on Monday.", "Smith", "person", ""},
      {"en", "\"We are ready,\" said Jane Doe.", "Jane Doe", "person", ""},
      {"en", "Sam Altman, the chief executive of OpenAI, met investors.",
       "Sam Altman", "person", ""},
      {"en", "Yesterday, Ursula von der Leyen visited the plant.",
       "Ursula von der Leyen", "person", ""},
      {"en", "Yesterday, John F. Kennedy visited the plant.", "John F. Kennedy",
       "person", ""},
  });
}

TEST(EntitiesPersons, DoesNotTakeOrdinaryCapitalizedWordsForNames) {
  ExpectNone({
      {"fr", "Très probablement, ils ont été détournés vers le sud.", "person"},
      {"fr", "Cependant, la manière de répartir ces ressources fait débat.",
       "person"},
      {"fr", "Chez NVIDIA, ils sont confus.", "person"},
      {"fr", "Selon ces données, rien ne change.", "person"},
      {"fr", "Images | Gouvernement britannique", "person"},
      {"fr", "Lundi Prochain, la réunion aura lieu en Juin Dernier.", "person"},
      {"fr", "L'usine Giga Texas est presque terminée.", "person"},
      {"en", "Most likely, they were diverted to the south.", "person"},
      {"en", "Jane Doe Was Supposed To Have Bought Thousands Of Chips",
       "person"},
      {"en",
       "Native American voters and the World Cup team met in the Rust Belt.",
       "person"},
      {"en", "Cookie Policy", "person"},
  });
}

TEST(EntitiesOrganizations, FindsCompaniesInstitutionsAndMedia) {
  ExpectFinds({
      {"fr", "Le groupe Zorblax SA a publié ses comptes.", "Zorblax SA", "org",
       "Zorblax"},
      {"fr", "La start-up française Mistral AI a levé des fonds.", "Mistral AI",
       "org", ""},
      {"fr", "La BCE a relevé ses taux.", "BCE", "org",
       "European Central Bank"},
      {"fr", "La Banque centrale européenne a relevé ses taux.",
       "Banque centrale européenne", "org", "European Central Bank"},
      {"fr", "Le FMI prévoit une croissance faible.", "FMI", "org",
       "International Monetary Fund"},
      {"fr", "Comme indiqué sur CNBC, les ventes montent.", "CNBC", "org", ""},
      {"fr", "Un accord avec la FNSEA sur les prix.", "FNSEA", "org", ""},
      {"fr", "Selon le ministère de l'Économie, la croissance ralentit.",
       "ministère de l'Économie", "org", ""},
      {"fr", "Le Monde a révélé l'affaire.", "Le Monde", "org", ""},
      {"en", "The ECB raised rates.", "ECB", "org", "European Central Bank"},
      {"en", "Shares of Zorblax Inc. rose.", "Zorblax Inc.", "org", "Zorblax"},
      {"en", "Chinese automaker BYD sold more cars.", "BYD", "org", ""},
      {"en", "The Ministry of Defence said it would reply.",
       "Ministry of Defence", "org", ""},
      {"en", "Reuters reported that the Fed would wait.", "Fed", "org",
       "Federal Reserve"},
      {"en", "Shares of eBay fell.", "eBay", "org", "eBay"},
      {"en", "Shares of Apple and Google rose.", "Apple", "org", "Apple"},
      {"en", "Nvidia beat estimates.", "Nvidia", "org", "NVIDIA"},
  });
}

TEST(EntitiesOrganizations, KnowsTheSameInstitutionUnderEveryLanguage) {
  const Mention* fr = nullptr;
  const Mention* en = nullptr;
  const auto in_fr =
      Analyze("La Banque centrale européenne a relevé ses taux.", "fr");
  const auto in_en = Analyze("The European Central Bank raised rates.", "en");
  fr = Find(in_fr, "Banque centrale européenne");
  en = Find(in_en, "European Central Bank");
  ASSERT_NE(fr, nullptr) << Describe(in_fr);
  ASSERT_NE(en, nullptr) << Describe(in_en);
  EXPECT_EQ(fr->entity, en->entity);
  EXPECT_EQ(fr->entity, "org:european-central-bank");
}

TEST(EntitiesOrganizations, RefusesAcronymShapesThatAreNoOrganizations) {
  ExpectNone({
      {"fr", "Le PDG de la société a présenté l'IA générative.", "org"},
      {"fr", "Sous le règne de Louis XIV, tout était payé en USD.", "org"},
      {"fr", "UN TITRE TOUT EN CAPITALES ICI", "org"},
      {"en", "The CEO showed generative AI tools in JSON.", "org"},
      {"en", "Pope Benedict XVI was paid in USD.", "org"},
      {"en", "Prices of the RTX 3080 rose.", "org"},
      {"en", "SEE ALSO the women's final.", "org"},
  });
}

TEST(EntitiesAmbiguousNames, TakesXAndAppleOnlyWhereTheyNameACompany) {
  ExpectFinds({
      {"fr", "Ils ont été détournés vers X.", "X", "org", "X"},
      {"fr", "Le fondateur de Tesla et actuel propriétaire de X parle.", "X",
       "org", "X"},
      {"en", "Musk diverted the chips to X last year.", "X", "org", "X"},
  });
  ExpectNone({
      {"fr", "Le facteur X reste inconnu.", "org"},
      {"fr", "Les rayons X traversent la matière.", "org"},
      {"fr", "La Série X est sortie.", "org"},
      {"fr", "Une hausse de X% par an.", "org"},
      {"fr", "Malcolm X a parlé.", "org"},
      {"fr", "Orange a publié ses résultats. Le jus d'orange coûte cher.",
       "org"},
      {"en", "The X factor in the deal was price.", "org"},
      {"en", "An X-ray machine and Generation X voters.", "org"},
      {"en", "Apple pie sales rose.", "org"},
      {"en", "Michael Jordan played.", "place"},
  });
}

TEST(EntitiesPlaces, FindsCountriesInTheArticlesLanguageAndKnownPlaces) {
  ExpectFinds({
      {"fr", "Les États-Unis et la Chine négocient.", "États-Unis", "place",
       "United States"},
      {"fr", "Les ventes en Allemagne reculent.", "Allemagne", "place",
       "Germany"},
      {"fr", "Tesla vend aux USA.", "USA", "place", "United States"},
      {"fr", "Une usine en Californie ouvrira.", "Californie", "place",
       "California"},
      {"fr", "Le siège est à Londres.", "Londres", "place", "London"},
      {"fr", "Les données de la ville de Trifouilly.", "Trifouilly", "place",
       ""},
      {"en", "The United States and China agreed.", "United States", "place",
       "United States"},
      {"en", "Sales in the U.S. rose.", "U.S.", "place", "United States"},
      {"en", "Exports to Britain fell.", "Britain", "place", "United Kingdom"},
      {"en", "Its offices in London and Munich.", "Munich", "place", "Munich"},
  });
  // Both languages name the same entity.
  EXPECT_EQ(
      Find(Analyze("Les États-Unis négocient.", "fr"), "États-Unis")->entity,
      Find(Analyze("The United States agreed.", "en"), "United States")
          ->entity);
  // Demonyms are no places.
  ExpectNone({
      {"fr", "Les Américains et les constructeurs chinois négocient.", "place"},
      {"en", "American and Chinese automakers agreed.", "place"},
  });
}

TEST(EntitiesProducts, FindsModelNumbersAndKnownProducts) {
  ExpectFinds({
      {"fr", "Tesla achète des GPU NVIDIA H100.", "H100", "product", "H100"},
      {"fr", "Le cluster GPU H100 est prêt.", "H100", "product", "H100"},
      {"fr", "L'Airbus A320neo décolle.", "A320neo", "product", ""},
      {"fr", "La puce M3 d'Apple est rapide.", "M3", "product", ""},
      {"fr", "Ni Grok ni FSD ne fonctionnent.", "FSD", "product",
       "Full Self-Driving"},
      {"fr", "L'iPhone 15 Pro est sorti.", "iPhone 15 Pro", "product",
       "iPhone 15 Pro"},
      {"en", "OpenAI's GPT-4o model answers.", "GPT-4o", "product", ""},
      {"en", "The new iPhone 15 Pro Max ships.", "iPhone 15 Pro Max", "product",
       ""},
      {"en", "Tesla's Model Y sold best.", "Model Y", "product", "Model Y"},
      {"en", "Users prefer ChatGPT.", "ChatGPT", "product", "ChatGPT"},
  });
  ExpectNone({
      {"fr", "Le sommet du G20 et la pandémie de COVID-19.", "product"},
      {"fr", "Un bouchon sur l'autoroute A10 et le vol AF447.", "product"},
      {"en", "At COP28 in Dubai, the G20 met.", "product"},
  });
}

TEST(EntitiesCoreference, ResolvesShortFormsToTheFullName) {
  const auto got = Analyze(
      "Elon Musk a parlé. Musk a ensuite promis des GPU. « Elon donne la "
      "priorité à X. » "
      "Plus tard, le patron Jean Dupont a répondu. Dupont a confirmé.",
      "fr");
  for (std::string_view short_form : {"Musk", "Elon"}) {
    const Mention* m = Find(got, short_form);
    ASSERT_NE(m, nullptr) << short_form << "\n" << Describe(got);
    EXPECT_EQ(m->canonical, "Elon Musk");
    EXPECT_EQ(m->entity, "person:elon-musk");
  }
  const Mention* dupont = Find(got, "Dupont");
  ASSERT_NE(dupont, nullptr) << Describe(got);
  EXPECT_EQ(dupont->canonical, "Jean Dupont");
  EXPECT_EQ(dupont->rule, "fr.person.short_name");
}

TEST(EntitiesCoreference, ResolvesAShortFormBeforeTheFullName) {
  const auto got =
      Analyze("Dupont démissionne. Jean Dupont dirigeait le groupe.", "fr");
  const Mention* m = Find(got, "Dupont");
  ASSERT_NE(m, nullptr) << Describe(got);
  EXPECT_EQ(m->canonical, "Jean Dupont");
}

TEST(EntitiesCoreference, ResolvesPossessivesAndCivilities) {
  auto got = Analyze("Elon Musk spoke. Musk's company grew.", "en");
  const Mention* m = Find(got, "Musk");
  ASSERT_NE(m, nullptr) << Describe(got);
  EXPECT_EQ(m->canonical, "Elon Musk");
  got = Analyze(
      "Le ministre de l'Économie, Bruno Le Maire, a réagi. M. Le Maire a "
      "conclu.",
      "fr");
  m = Find(got, "Le Maire");
  ASSERT_NE(m, nullptr) << Describe(got);
  EXPECT_EQ(m->canonical, "Bruno Le Maire");
}

TEST(EntitiesAliases, MakesFormerNamesAliasesOfTheNewOne) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases[] = {
      {{"fr",
        "Les GPU ont fini chez Twitter (maintenant X). Les abonnés Twitter "
        "râlent."}},
      {{"fr", "Sur X (ex-Twitter), Musk a écrit. Twitter a changé."}},
      {{"en",
        "X, formerly known as Twitter, lost advertisers. Twitter users left."}},
      {{"en", "On X (formerly Twitter), Musk wrote."}},
  };
  for (const auto& c : cases) {
    const auto& [lang, text] = c[0];
    const auto got = Analyze(text, lang);
    int twitter = 0;
    for (const Mention& m : got) {
      if (m.text != "Twitter" && m.text != "X") continue;
      EXPECT_EQ(m.canonical, "X") << text << "\n" << Describe(got);
      EXPECT_EQ(m.entity, "org:x");
      twitter += m.text == "Twitter";
    }
    EXPECT_GE(twitter, 1) << text << "\n" << Describe(got);
  }
}

TEST(EntitiesAliases, LinksAcronymsToTheirExpansion) {
  auto got = Analyze(
      "La Fédération nationale des zorblax (FNZ) proteste. La FNZ manifeste "
      "demain.",
      "fr");
  int fnz = 0;
  for (const Mention& m : got) {
    if (m.text == "FNZ" || m.text == "Fédération nationale des zorblax") {
      EXPECT_EQ(m.canonical, "Fédération nationale des zorblax")
          << Describe(got);
      fnz += m.text == "FNZ";
    }
  }
  EXPECT_EQ(fnz, 2) << Describe(got);
  got = Analyze("The Department of Justice (DOJ) sued. The DOJ won.", "en");
  fnz = 0;
  for (const Mention& m : got) {
    if (m.text == "DOJ") {
      EXPECT_EQ(m.canonical, "Department of Justice") << Describe(got);
      ++fnz;
    }
  }
  EXPECT_EQ(fnz, 2) << Describe(got);
  // Initials that do not spell the acronym make no link.
  got = Analyze("Tesla (TSLA) a chuté. Jean Dupont (LR) a voté.", "fr");
  for (const Mention& m : got) {
    EXPECT_NE(m.rule, "fr.org.acronym_definition") << m.text;
  }
}

TEST(EntitiesFoundMentions, SkipsFiguresAndTimesButKeepsNumbersInsideProducts) {
  const std::string text =
      "Tesla a commandé 12 000 GPU H100 et une Model 3 en juin.";
  Mention quantity;
  quantity.kind = MentionKind::kQuantity;
  quantity.begin = text.find("12 000");
  quantity.end_byte = text.find(" et");
  // A figure with a unit blocks its whole span; a unitless count would not.
  quantity.unit = "GPU H100";
  Mention number;
  number.kind = MentionKind::kNumber;
  number.begin = text.find('3');
  number.end_byte = number.begin + 1;
  const auto got = Analyze(text, "fr", {quantity, number});
  EXPECT_EQ(Find(got, "H100"), nullptr) << Describe(got);
  ASSERT_NE(Find(got, "Model 3"), nullptr) << Describe(got);
  ASSERT_NE(Find(got, "Tesla"), nullptr) << Describe(got);
}

TEST(EntitiesIds, DependOnlyOnKindAndCanonicalName) {
  EXPECT_EQ(EntityId(MentionKind::kOrg, "European Central Bank"),
            "org:european-central-bank");
  EXPECT_EQ(EntityId(MentionKind::kPerson, "Elon Musk"), "person:elon-musk");
  EXPECT_EQ(EntityId(MentionKind::kOrg, "AT&T"), "org:at-t");
  EXPECT_EQ(EntityId(MentionKind::kOrg, "Élysée"), "org:élysée");
  EXPECT_EQ(EntityId(MentionKind::kPlace, "  São Paulo "), "place:são-paulo");
  EXPECT_EQ(EntityId(MentionKind::kProduct, "iPhone 15 Pro"),
            "product:iphone-15-pro");
}

TEST(EntitiesThreads, ExtractsTheSameFromManyThreads) {
  const std::string seed = ReadFile("tests/entities/data/seed-fr.txt");
  auto doc = testing::MakeDocument(seed, "fr");
  std::vector<Mention> expected;
  Extractor("fr").Extract(doc->doc, {}, &expected);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::vector<Mention> got;
        Extractor("fr").Extract(doc->doc, {}, &got);
        if (got.size() != expected.size()) {
          ++mismatches[t];
          continue;
        }
        for (size_t k = 0; k < got.size(); ++k) {
          mismatches[t] += got[k].begin != expected[k].begin ||
                           got[k].canonical != expected[k].canonical;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(EntitiesEdgeCases, HandlesEmptyAndPunctuationOnlyText) {
  EXPECT_TRUE(Analyze("", "fr").empty());
  EXPECT_TRUE(Analyze(" \n\n ", "en").empty());
  EXPECT_TRUE(Analyze("!!! ??? ... « » -- ||", "fr").empty());
  EXPECT_TRUE(Analyze("l' d' qu' 's", "fr").empty());
}

// A tree laid out like extractors/ in a temporary folder, for rules_dir.
class RulesDir {
 public:
  RulesDir() {
    static int n = 0;
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("newsline_entities_" + std::to_string(::getpid()) + "_" +
            std::to_string(n++));
    std::filesystem::create_directories(dir_ / "entities" / "rules");
  }
  ~RulesDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void Write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / "entities" / "rules" / name, std::ios::binary)
        << contents;
  }
  std::string path() const { return dir_.string(); }
  std::string file(const std::string& name) const {
    return (dir_ / "entities" / "rules" / name).string();
  }

 private:
  std::filesystem::path dir_;
};

constexpr std::string_view kSmallPack = R"(lang fr
gazetteers gazetteer.tsv
define NONE [^\x00-\x{10FFFF}]
rule t.known
  source gazetteer
  pattern {NONE}
  example Zorblax gagne. => text=Zorblax
rule t.country
  source countries
  pattern {NONE}
  example en France
rule t.short
  source coreference
  pattern {NONE}
  example Zorblax gagne.
)";

Result<std::unique_ptr<EntitiesExtractor>> Build(std::string_view pack_text,
                                                 const RulesDir& dir) {
  auto pack = RulePack::Parse(pack_text, "x.rules");
  if (!pack) return std::unexpected(pack.error());
  return EntitiesExtractor::Create(std::move(*pack), dir.path());
}

TEST(EntitiesCreate, ReadsGazetteersFromARulesDirectory) {
  RulesDir dir;
  dir.Write("gazetteer.tsv", "# test\norg\tZorblax\tZorb | fr:Zorbéo\tguard\n");
  auto extractor = Build(kSmallPack, dir);
  ASSERT_TRUE(extractor.has_value()) << extractor.error().ToString();
  auto doc =
      testing::MakeDocument("Hier, Zorbéo a gagné contre la France.", "fr");
  std::vector<Mention> out;
  (*extractor)->Extract(doc->doc, {}, &out);
  const Mention* m = Find(out, "Zorbéo");
  ASSERT_NE(m, nullptr) << Describe(out);
  EXPECT_EQ(m->canonical, "Zorblax");
  EXPECT_EQ(m->rule, "t.known");
  ASSERT_NE(Find(out, "France"), nullptr) << Describe(out);
  EXPECT_EQ(Find(out, "France")->rule, "t.country");
}

TEST(EntitiesCreate, ReportsTheLineOfAMalformedGazetteerEntry) {
  struct BadLine {
    std::string contents;
    std::string_view message_part;
  };
  const BadLine cases[] = {
      {"org\tGood\n# comment\nonlyonefield\n", "expected"},
      {"org\tGood\n\nanimal\tZebra\n", "unknown kind"},
      {"org\tGood\n\norg\tOther\tx:Oth\n", "bad language tag"},
      {"org\tGood\tShared\n\norg\tOther\tShared\n", "already names"},
      {"org\tGood\n\norg\tOther\t\tshiny\n", "unknown flag"},
      {"org\tGood\n\norg\tGood\n", "listed twice"},
      {"org\tGood\n\norg\tOther\tA || B\n", "empty alias"},
  };
  for (const BadLine& c : cases) {
    RulesDir dir;
    dir.Write("gazetteer.tsv", c.contents);
    auto extractor = Build(kSmallPack, dir);
    ASSERT_FALSE(extractor.has_value()) << c.contents;
    EXPECT_EQ(extractor.error().code, ErrorCode::kBadRule);
    EXPECT_EQ(extractor.error().where, dir.file("gazetteer.tsv") + ":3")
        << c.contents;
    EXPECT_THAT(extractor.error().message, HasSubstr(c.message_part))
        << c.contents;
  }
}

TEST(EntitiesCreate, ReportsTheLineOfABadRule) {
  struct BadRule {
    std::string pack;
    std::string_view where;
    std::string_view message_part;
  };
  const std::string good(kSmallPack);
  const BadRule cases[] = {
      {good + "rule t.a\n  kind animal\n  pattern Zebra\n", "x.rules:16",
       "unknown kind"},
      {good + "rule t.a\n  kind org\n  evidnce weak\n  pattern Zebra\n",
       "x.rules:16", "unknown attribute"},
      {good + "rule t.a\n  kind org\n  role twin\n  pattern Zebra\n",
       "x.rules:16", "unknown role"},
      {good + "rule t.a\n  role alias\n  pattern (?P<old>A) (?P<neu>B)\n",
       "x.rules:16", "groups (?P<old>"},
      {good + "rule t.a\n  pattern Zebra\n", "x.rules:16", "needs a kind"},
      {good + "rule t.a\n  kind org\n  take middle\n  pattern Zebra\n",
       "x.rules:16", "unknown take"},
      {good + "rule t.a\n  source magic\n  pattern {NONE}\n", "x.rules:16",
       "unknown source"},
      {good + "rule t.a\n  source gazetteer\n  pattern {NONE}\n", "x.rules:16",
       "already belong to rule t.known"},
      {good + "rule t.a\n  kind org\n  check vibes\n  pattern Zebra\n",
       "x.rules:16", "unknown check"},
  };
  for (const BadRule& c : cases) {
    RulesDir dir;
    dir.Write("gazetteer.tsv", "org\tZorblax\n");
    auto extractor = Build(c.pack, dir);
    ASSERT_FALSE(extractor.has_value()) << c.pack;
    EXPECT_EQ(extractor.error().code, ErrorCode::kBadRule);
    EXPECT_EQ(extractor.error().where, c.where) << c.pack;
    EXPECT_THAT(extractor.error().message, HasSubstr(c.message_part)) << c.pack;
  }
}

TEST(EntitiesCreate, RequiresARuleForEveryNameSource) {
  RulesDir dir;
  dir.Write("gazetteer.tsv", "org\tZorblax\nproduct\tZorbiphone\n");
  // Without a rule for source countries, and with products in the
  // gazetteer but only an org rule.
  std::string pack(kSmallPack);
  pack.replace(pack.find("rule t.country"),
               pack.find("rule t.short") - pack.find("rule t.country"), "");
  auto extractor = Build(pack, dir);
  ASSERT_FALSE(extractor.has_value());
  EXPECT_THAT(extractor.error().message, HasSubstr("source countries"));

  const std::string org_only =
      std::string(kSmallPack)
          .replace(std::string(kSmallPack).find("  source gazetteer\n"), 19,
                   "  source gazetteer\n  kind org\n");
  extractor = Build(org_only, dir);
  ASSERT_FALSE(extractor.has_value());
  EXPECT_THAT(extractor.error().message,
              HasSubstr("source gazetteer\" for kind product"));
}

TEST(EntitiesCreate, RefusesMissingOrMisnamedGazetteers) {
  RulesDir dir;
  auto extractor = Build(kSmallPack, dir);  // no gazetteer.tsv written
  ASSERT_FALSE(extractor.has_value());
  EXPECT_EQ(extractor.error().where, "x.rules");
  EXPECT_THAT(extractor.error().message,
              HasSubstr("no file \"gazetteer.tsv\""));

  std::string pack(kSmallPack);
  pack.replace(pack.find("gazetteer.tsv"), 13, "fr.rules");
  extractor = Build(pack, dir);
  ASSERT_FALSE(extractor.has_value());
  EXPECT_THAT(extractor.error().message, HasSubstr("names a language"));

  extractor = Build(
      "gazetteers gazetteer.tsv\nrule t.a\n  kind org\n  pattern Zorb\n", dir);
  ASSERT_FALSE(extractor.has_value());
  EXPECT_THAT(extractor.error().message, HasSubstr("lang"));
}

TEST(EntitiesCreate, ChecksTheCountryTable) {
  RulesDir dir;
  dir.Write("gazetteer.tsv", "org\tZorblax\n");
  const std::string pack =
      std::string(kSmallPack) + "table COUNTRY\n  Zorbland = ZZ\n";
  auto extractor = Build(pack, dir);
  ASSERT_FALSE(extractor.has_value());
  EXPECT_EQ(extractor.error().where, "x.rules");
  EXPECT_THAT(extractor.error().message, HasSubstr("\"ZZ\""));
}

}  // namespace
}  // namespace newsline
