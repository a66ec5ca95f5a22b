// EntitiesExtractor: persons, organizations, places and products in news text.
//
// The third extractor of the pipeline, after figures and time. For one
// language it combines three sources of names:
//  - the rules of extractors/entities/rules/<lang>.rules: cue patterns
//    ("M. Dupont", "le PDG de Tesla", "Acme Corp.", "Twitter (maintenant X)",
//    "GPU H100") and token shapes (acronyms and their definitions, runs of
//    capitalized words such as "Jean Dupont");
//  - gazetteers: the data files named by the rule file's `gazetteers`
//    setting (rules/gazetteer.tsv: companies, media, institutions, products,
//    well-known persons; rules/places.tsv: regions and cities), with aliases
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
// The rule file has settings `lang` and `gazetteers` (file names, separated
// by spaces), and rules with these attributes (the loader rejects anything
// else, naming the rule's "path:line"):
//   kind      person | org | place | product: the kind of the whole match,
//             or of both names of an alias or acronym rule (default org)
//   role      mention (default) | alias | acronym
//             mention: named groups person, org, place, product each give a
//               mention of that kind; without them the whole match does.
//               Group `base` gives the canonical form ("Acme" in "Acme SA").
//             alias: groups old and new ("Twitter (now X)"): both are
//               mentions and old's canonical becomes new's.
//             acronym: groups long and short; the acronym's letters must be
//               the initials of the expansion, trimmed to the words that
//               give them.
//   take      whole (default) | first | last: the mention is the run of name
//             words that starts or ends the match ("le président américain
//             Joe Biden"): cheaper than a capture group, which RE2 extracts
//             with a backtracking pass.
//   evidence  strong (default) | weak: overlapping candidates are settled by
//             strong > gazetteer > weak, then length. Weak person cues need
//             names of two words or more.
//   check     acronym | model: shape post-checks of a one-word match (not a
//             roman numeral, currency code or NOT_ACRONYM word; not a
//             NOT_MODEL prefix nor after a MODEL_VETO word).
//   source    names found without a pattern; the rule (pattern {NONE}) gives
//             them their id and carries their examples, one rule per kind
//             or one without a kind for all kinds:
//               gazetteer  names of the data files;
//               countries  ICU's country names in the language, and COUNTRY;
//               coreference  short forms of names the article introduced;
//               guess      runs of two to four capitalized words nothing
//                          else took (persons);
//               acronyms   words of 2 to 6 capitals (weak evidence);
//               acronym_definitions  "Long Form (LF)", "LF (Long Form)".
//             Token shapes are done in code: they are the same in every
//             language, and patterns for them would have no literal the
//             engine could prefilter on.
// The tables the code reads (all optional; see the comments in
// rules/fr.rules): NOT_NAME, NOT_PERSON, DETERMINER, TITLE, CIVILITY,
// CIVILITY_SHORT, CUE_ADJ, ORG_LINK, LEGAL, LEGAL_SHORT, PARTICLE,
// NOT_ACRONYM, NOT_MODEL, MODEL_VETO, MODEL_WORD, GUARD_BEFORE, GUARD_AFTER,
// ACRONYM_SKIP, AMBIGUOUS, COUNTRY, SPLIT_PREFIX, POSSESSIVE. A new language
// is a new rule file.
//
// Immutable after Create; Extract is const and safe to call from many
// threads. Not copyable.
//
// Example:
//   auto pack = LoadRulePack("entities", "fr");
//   if (!pack) return std::unexpected(pack.error());
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
  static Result<std::unique_ptr<EntitiesExtractor>> Create(
      RulePack pack, const std::string& rules_dir = "");

  ~EntitiesExtractor() override;
  EntitiesExtractor(const EntitiesExtractor&) = delete;
  EntitiesExtractor& operator=(const EntitiesExtractor&) = delete;

  // For each item: appends the entity mentions of its document, in text
  // order, with kind, span, sentence, rule, text, canonical and entity set.
  void ExtractBatch(std::span<const BatchItem> items) const override;
  std::vector<const RuleFilter*> Filters() const override;

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
