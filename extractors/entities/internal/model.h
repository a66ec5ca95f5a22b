// Model: everything the entities extractor compiles from one language's rule
// file and the gazetteers, shared by EntitiesExtractor::Create (which builds
// and validates it) and ExtractEntities (which runs it on an article).
//
// Internal to extractors/entities. Immutable once built; ExtractEntities is
// thread-safe.
#ifndef NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_MODEL_H_
#define NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_MODEL_H_

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/mention.h"
#include "extractors/engine/rule_pack.h"
#include "extractors/entities/internal/gazetteer.h"
#include "extractors/entities/internal/tokens.h"
#include "extractors/entities/internal/words.h"

namespace newsline::entities_internal {

// What a rule's match means (attribute `role`).
enum class Role {
  kMention,  // groups person/org/place/product (or the whole match) are names
  kAlias,    // groups old/new: old is another name of new ("Twitter (now X)")
  kAcronym,  // groups long/short: an acronym and its expansion
  kSource,   // names found without a pattern (attribute `source`)
};

// How far a rule's mentions are trusted when candidates overlap
// (attribute `evidence`). Gazetteer names sit between strong and weak;
// guesses (source guess) only get words nothing else took.
enum class Evidence { kGuess = 0, kWeak = 1, kGazetteer = 2, kStrong = 3 };

// Which part of a match without kind groups is the name (attribute `take`):
// all of it, or the run of name words that starts or ends it ("M. Dupont",
// "Jean Dupont a déclaré"). Cheaper than a capture group: RE2 extracts
// groups with a backtracking pass that costs more than the match itself.
enum class Take { kWhole, kFirst, kLast };

// Post-checks a rule asks for (attribute `check`).
enum class Check { kNone, kAcronym, kModel };

// Where the mentions of a `source` rule come from.
enum class Source {
  kGazetteer = 0,
  kCountries = 1,
  kCoreference = 2,
  kGuess = 3,               // runs of capitalized words (persons)
  kAcronyms = 4,            // words of 2 to 6 capitals (organizations)
  kAcronymDefinitions = 5,  // "Fonds monétaire international (FMI)"
};
constexpr int kSourceCount = 6;

// person, org, place, product → 0..3.
int KindSlot(MentionKind kind);
constexpr int kKindCount = 4;

struct RuleInfo {
  const Rule* rule = nullptr;
  Role role = Role::kMention;
  Evidence evidence = Evidence::kStrong;
  Check check = Check::kNone;
  Take take = Take::kWhole;
  std::optional<MentionKind> kind;  // attribute `kind`
  // Group index → kind of the mention it holds.
  std::vector<std::pair<int, MentionKind>> groups;
  int base = -1;  // group with the canonical form ("Acme" in "Acme Corp.")
  int old_name = -1, new_name = -1;
  int long_form = -1, short_form = -1;
};

struct Model {
  RulePack pack;
  std::string lang;
  std::vector<RuleInfo> rules;  // parallel to pack.rules()
  Tokenizer tokenizer;
  Gazetteer gazetteer;

  WordSet not_name;    // NOT_NAME: capitalized words that are no names
  WordSet not_person;  // NOT_PERSON: no part of a person's name (Army, North)
  // NOT_NAME_ENDING, lower case: endings of words no guessed name has
  // ("-tion": "Higher Education" is no person).
  std::vector<std::string> not_name_endings;
  WordSet determiners;  // DETERMINER: "the Rust Belt" is no person
  WordSet title_words;  // words of TITLE and CIVILITY: never part of a name
  WordSet
      cue_words;  // CUE_ADJ: "French President", "le constructeur automobile"
  WordSet org_links;    // ORG_LINK: words inside organization names (de, of, &)
  WordSet legal;        // LEGAL: company suffixes, left out of canonical names
  WordSet particles;    // PARTICLE: de, van, von, bin ...
  WordSet not_acronym;  // NOT_ACRONYM: IA, GPU, CEO ...
  WordSet not_model;    // NOT_MODEL: letter prefixes that are no products
  WordSet model_veto;   // MODEL_VETO: words before a road or flight number
  WordSet model_words;  // MODEL_WORD: Pro, Max, Ultra ... after a series
  WordSet guard_before;  // GUARD_BEFORE / GUARD_AFTER: words around an
  WordSet guard_after;   //   ambiguous name that make it a common word
  WordSet acronym_skip;  // ACRONYM_SKIP: words an acronym may leave out
  WordSet ambiguous;     // AMBIGUOUS: names needing context in this language

  // The rule that names mentions of a source, by kind slot; the last slot
  // serves every kind without a rule of its own.
  std::array<std::array<const Rule*, kKindCount + 1>, kSourceCount>
      source_rules{};

  const Rule* SourceRule(Source source, MentionKind kind) const;
};

// Runs the model on one article (see EntitiesExtractor::Extract), given
// the matches of model.pack in each of its sentences.
void ExtractEntities(const Model& model, const Document& doc,
                     const std::vector<Mention>& found,
                     const std::vector<std::vector<RuleMatch>>& matches,
                     std::vector<Mention>* out);

}  // namespace newsline::entities_internal

#endif  // NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_MODEL_H_
