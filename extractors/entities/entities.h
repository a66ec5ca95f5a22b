// EntitiesExtractor: persons, organizations, places and products in news text.
//
// The third extractor of the pipeline, after figures and time. For one
// language it combines three sources of names:
//  - the rules of extractors/entities/rules/<lang>.rules: cues ("M. Dupont",
//    "le PDG de Tesla", "Acme Corp.", "Twitter (maintenant X)",
//    "Banque centrale européenne (BCE)"), shapes (acronyms, model numbers
//    such as H100) and guesses (capitalized word pairs such as "Jean Dupont");
//  - gazetteers: the data files named by the rule file's `gazetteers`
//    setting (rules/gazetteer.tsv: companies, media, institutions, products,
//    well-known persons; rules/places.tsv: cities and regions), with aliases
//    per language, plus country names in the article's language from ICU's
//    CLDR data;
//  - in-document coreference: "Musk" and "Elon" after "Elon Musk", "BCE"
//    after its expansion, "Twitter" after "Twitter (maintenant X)".
// Every mention carries `canonical`, the name all the entity's mentions
// resolve to (for known entities the same in every language: "European
// Central Bank" for la BCE and the ECB), and `entity`, derived from kind and
// canonical by EntityId, so the pipeline can merge entities across articles.
// Figures and times found before (`found`) are never part of an entity,
// except a bare number inside a product name ("Model 3").
//
// What the rule file may say (the loader rejects anything else, naming the
// rule's "path:line"):
//   kind      person | org | place | product: the kind of the whole match,
//             or of the names of a role alias/acronym rule
//   role      mention (default) | alias | acronym
//             mention: named groups person, org, place, product each give a
//               mention of that kind; without them the whole match does.
//               Group `base` gives the canonical form ("Acme" in "Acme SA").
//             alias: groups old and new ("Twitter (now X)"): both are
//               mentions and old's canonical becomes new's.
//             acronym: groups long and short ("Fonds monétaire international
//               (FMI)"); the acronym's letters must match the initials of the
//               expansion, which is trimmed to the words that give them.
//   evidence  strong (default) | weak | guess: overlapping candidates are
//             settled by strong > gazetteer > weak, then length. Guess rules
//             (capitalized word sequences) only see words nothing else took
//             and yield persons of two to four names.
//   check     acronym | model: shape post-checks (not a roman numeral, a
//             currency code or a NOT_ACRONYM word; not a NOT_MODEL prefix
//             or a road or flight number).
//   source    gazetteer | countries | coreference: names found without a
//             pattern. The rule (pattern {NONE}) gives them their id and
//             carries their examples; one per kind, or one without a kind
//             for all kinds.
// and which tables it may define: NOT_NAME, NOT_PERSON, DETERMINER, TITLE,
// CIVILITY, CUE_ADJ, ORG_LINK, LEGAL, PARTICLE, NOT_ACRONYM, NOT_MODEL,
// MODEL_VETO, MODEL_WORD, GUARD_BEFORE, GUARD_AFTER, ACRONYM_SKIP, AMBIGUOUS,
// COUNTRY, SPLIT_PREFIX, POSSESSIVE (see the comments in rules/fr.rules).
// A new language is a new rule file.
//
// Immutable after Create; Extract is const and safe to call from many
// threads. Not copyable.
//
// Example:
//   auto pack = LoadRulePack("entities", "fr");
//   auto entities = EntitiesExtractor::Create(std::move(*pack));
//   if (!entities) return std::unexpected(entities.error());
//   std::vector<Mention> out;
//   (*entities)->Extract(doc, figures_and_times, &out);
#ifndef NEWSLINE_EXTRACTORS_ENTITIES_ENTITIES_H_
#define NEWSLINE_EXTRACTORS_ENTITIES_ENTITIES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "core/mention.h"
#include "extractors/engine/extractor.h"
#include "extractors/engine/rule_pack.h"

namespace newsline {

namespace entities_internal {
struct Model;
}  // namespace entities_internal

class EntitiesExtractor : public Extractor {
 public:
  // Builds the extractor for the language of `pack` (its `lang` setting),
  // reading the gazetteers from `rules_dir` (laid out like the source tree's
  // extractors/) or, when empty, from the copies built into the binary.
  // Fails with kBadRule naming "path:line" when a rule's attributes or a
  // gazetteer line are malformed, and when a needed source rule is missing.
  static Result<std::unique_ptr<EntitiesExtractor>> Create(RulePack pack,
                                                           const std::string& rules_dir = "");

  ~EntitiesExtractor() override;
  EntitiesExtractor(const EntitiesExtractor&) = delete;
  EntitiesExtractor& operator=(const EntitiesExtractor&) = delete;

  // Appends the entity mentions of `doc`, in text order, with kind, span,
  // sentence, rule, text, canonical and entity set.
  void Extract(const Document& doc, const std::vector<Mention>& found,
               std::vector<Mention>* out) const override;

  const RulePack& pack() const;

 private:
  explicit EntitiesExtractor(std::unique_ptr<entities_internal::Model> model);

  std::unique_ptr<const entities_internal::Model> model_;
};

// The stable id of an entity: "<kind>:<slug>", e.g. "org:tesla",
// "person:elon-musk", "org:european-central-bank". The slug lower-cases the
// canonical name and turns each run of other characters than letters and
// digits into '-', so the id depends on nothing but kind and canonical.
std::string EntityId(MentionKind kind, std::string_view canonical);

}  // namespace newsline

#endif  // NEWSLINE_EXTRACTORS_ENTITIES_ENTITIES_H_
