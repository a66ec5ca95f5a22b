// Gazetteer: known names (companies, media, institutions, products, persons,
// places, countries) and their aliases in one language.
//
// Built once per language from the entities data files (gazetteer.tsv,
// places.tsv: see the file comments there for the format) and from ICU's
// CLDR country names in that language, completed with the rule file's
// COUNTRY table for common forms ICU lacks ("USA", "the U.S."). Aliases are
// tokenized like article text and looked up token by token, so a lookup
// costs one hash probe per word. Matching is case-sensitive (names are
// capitalized in news text; "Orange" the company is not "orange"), with an
// all-capitals variant of longer aliases for headlines ("TESLA").
//
// Internal to extractors/entities. Immutable after Build; const methods are
// thread-safe.
#ifndef NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_GAZETTEER_H_
#define NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_GAZETTEER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/mention.h"
#include "extractors/engine/rule_files.h"
#include "extractors/engine/rule_pack.h"
#include "extractors/entities/internal/tokens.h"
#include "extractors/entities/internal/words.h"

namespace newsline::entities_internal {

enum class NameSource { kData, kCountry };

struct GazetteerEntry {
  MentionKind kind = MentionKind::kOrg;
  std::string canonical;  // language-independent: "European Central Bank"
  NameSource source = NameSource::kData;
  // A product line: a following model designator belongs to the name
  // ("iPhone 15 Pro", "Galaxy S24").
  bool series = false;
};

class Gazetteer {
 public:
  struct Options {
    std::string lang;  // aliases tagged for other languages are skipped
    const Tokenizer* tokenizer = nullptr;
    // Names that need context checks in this language (rule table AMBIGUOUS).
    const WordSet* ambiguous = nullptr;
    // Common country forms: alias → ISO 3166 code (rule table COUNTRY).
    const Table* country_aliases = nullptr;
    std::string rules_path;  // for errors about the COUNTRY table
    bool countries = true;   // add ICU's country names
  };

  // Parses the data files and adds the countries. Fails with kBadRule and
  // "path:line" on a malformed line, an unknown kind, flag or language tag,
  // or an alias given to two different entries.
  static Result<Gazetteer> Build(const Options& options,
                                 std::span<const RuleFile> files);

  struct Match {
    uint32_t entry = 0;
    uint32_t length = 0;   // in tokens
    bool guarded = false;  // ambiguous name: the caller checks its context
  };

  // The longest alias starting at tokens[i] (a word token), within its
  // sentence.
  std::optional<Match> LongestAt(std::string_view text,
                                 std::span<const Token> tokens, size_t i) const;
  // The alias covering exactly tokens[i, i + n), if any.
  std::optional<Match> Exactly(std::string_view text,
                               std::span<const Token> tokens, size_t i,
                               size_t n) const;

  // False when no alias starts with a word of HashWord `hash`; a quick
  // test before LongestAt for the many words that start no name.
  bool MayStart(uint64_t hash) const {
    const uint64_t bit = hash >> 48;
    return (first_filter_[bit >> 6] >> (bit & 63)) & 1;
  }

  const GazetteerEntry& entry(uint32_t index) const { return entries_[index]; }
  size_t size() const { return entries_.size(); }
  // True if the data files (not ICU's countries) have entries of `kind`.
  bool HasKind(MentionKind kind) const;

 private:
  struct Alias {
    uint32_t entry = 0;
    bool guarded = false;
    std::vector<std::string> words;  // token texts
    std::vector<bool> space_before;  // for words[1..]
  };

  // Adds one alias; `where` names its origin for errors. An alias already
  // present for another entry is an error when `strict`, else ignored.
  Result<bool> AddAlias(std::string_view alias, uint32_t entry, bool guarded,
                        bool strict, const std::string& where);
  bool Matches(const Alias& alias, std::string_view text,
               std::span<const Token> tokens, size_t i) const;
  Result<bool> ParseFile(const RuleFile& file);
  Result<bool> AddCountries();

  Options options_;
  std::vector<GazetteerEntry> entries_;
  std::vector<Alias> aliases_;
  // HashWord of the first word → aliases starting with it, longest first:
  // first_[by_first_.Find(hash)].
  std::unordered_map<uint64_t, uint32_t> first_slot_;  // while building
  std::vector<std::vector<uint32_t>> first_;
  HashIndex by_first_;
  // One bit per value of a hash's top 16 bits: most words start no alias,
  // and one bit test says so.
  std::vector<uint64_t> first_filter_;
  // Joined words of each alias → its index, to find repeated aliases.
  std::unordered_map<std::string, uint32_t> by_key_;
  std::unordered_map<std::string, uint32_t> by_canonical_;  // "kind\tcanonical"
};

}  // namespace newsline::entities_internal

#endif  // NEWSLINE_EXTRACTORS_ENTITIES_INTERNAL_GAZETTEER_H_
