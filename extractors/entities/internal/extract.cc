// The entities extractor's work on one article, in phases:
//   1. tokens: words with case and position flags and hashes; words inside
//      figures and times found before are blocked;
//   2. candidates from the rules (cues, aliases), the gazetteer, acronyms
//      and acronym definitions; rule candidates that cut a known name are
//      dropped, the rest settled by evidence (strong > gazetteer > weak),
//      then length;
//   3. coreference: short forms of the names kept so far ("Musk", "BCE");
//   4. guesses: runs of capitalized words nothing claimed become persons;
//   5. coreference again, for the guessed persons' surnames;
//   6. canonical names through alias links, entity ids.
#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/unicode.h"
#include "extractors/entities/entities.h"
#include "extractors/entities/internal/model.h"

namespace newsline::entities_internal {
namespace {

enum TokenState : uint8_t {
  kBlocked = 1,        // inside a figure or time found before
  kBlockedNumber = 2,  // inside a bare number found before: "3" in "Model 3"
  kTaken = 4,          // inside an entity mention
  kConsumed = 8,       // inside the match of a rule that gave a mention
};

struct SentenceInfo {
  uint32_t first = 0;  // token range
  uint32_t last = 0;
  bool title_case = false;  // "Elon Musk Buys Twitter For $44 Billion"
  bool all_caps = false;    // "TESLA CHUTE EN BOURSE"
};

struct Candidate {
  uint32_t tb = 0, te = 0;  // tokens of the mention
  uint32_t cb = 0, ce = 0;  // tokens of the whole rule match
  MentionKind kind = MentionKind::kOrg;
  Evidence evidence = Evidence::kStrong;
  int priority = 0;
  const Rule* rule = nullptr;
  int32_t entry = -1;  // the gazetteer entry that identifies it, if any
  bool known = false;  // identified by the gazetteer (entry, or canonical)
  // The canonical name when neither the entry's nor the text: "Acme" of
  // "Acme SA", "iPhone 15 Pro", an acronym's expansion.
  std::string canonical;
  // Tokens of another surface of the name ("Acme" of "Acme SA"), if se > sb.
  uint32_t sb = 0, se = 0;
  // Later mentions may use its words alone. Not so for a shape ("RTX" in
  // capitals is no introduction of anything).
  bool lends = true;
};

// A name later mentions may use alone: "Musk", "Elon", "BCE", "Acme".
struct ShortForm {
  MentionKind kind;
  std::string canonical;
  uint32_t token;  // where the full name stands
};

// The most words an acronym's expansion may have.
constexpr uint32_t kMaxExpansion = 12;

// The kind of each slot of Model::source_rules.
constexpr MentionKind kSlotKinds[kKindCount] = {
    MentionKind::kPerson, MentionKind::kOrg, MentionKind::kPlace,
    MentionKind::kProduct};

bool IsPunct(std::string_view text, const Token& t, std::string_view chars) {
  return !t.Is(kWord) && t.end - t.begin == 1 &&
         chars.find(text[t.begin]) != std::string_view::npos;
}

class Extraction {
 public:
  // `tokens` is empty storage for the article's tokens.
  Extraction(const Model& model, const Document& doc,
             std::vector<Token>* tokens)
      : m_(model), doc_(doc), tokens_(*tokens) {}

  // `matches`: the pack's matches in each sentence of the document.
  void Run(const std::vector<Mention>& found,
           const std::vector<std::vector<RuleMatch>>& matches,
           std::vector<Mention>* out);

 private:
  std::string_view Text(const Token& t) const { return t.Text(doc_.text); }
  static bool In(const WordSet& set, const Token& t) {
    return set.ContainsFolded(t.folded);
  }
  // The name a candidate stands for before coreference.
  std::string_view Canon(const Candidate& c) const {
    if (!c.canonical.empty()) return c.canonical;
    if (c.entry >= 0) return m_.gazetteer.entry(c.entry).canonical;
    return Bytes(c.tb, c.te);
  }
  void SetEntry(Candidate* c, uint32_t entry) const {
    c->entry = static_cast<int32_t>(entry);
    c->kind = m_.gazetteer.entry(entry).kind;
    c->known = true;
    c->canonical.clear();
  }
  std::string_view Bytes(uint32_t tb, uint32_t te) const {
    return doc_.text.substr(tokens_[tb].begin,
                            tokens_[te - 1].end - tokens_[tb].begin);
  }
  std::pair<uint32_t, uint32_t> TokenRange(size_t b, size_t e) const;
  std::pair<size_t, size_t> Offsets(std::string_view group) const {
    const auto b = static_cast<size_t>(group.data() - doc_.text.data());
    return {b, b + group.size()};
  }
  // The word or punctuation next to tokens_[i] in its sentence, or null.
  const Token* Neighbor(uint32_t i, int step) const;
  bool Free(uint32_t i) const {
    return (state_[i] & (kTaken | kConsumed | kBlocked | kBlockedNumber)) == 0;
  }
  // The article has this word in lower case elsewhere: a capital at the start
  // of a sentence then says nothing about a name.
  bool IsCommonWord(const Token& t) const;
  // Whether the word ends like no name (NOT_NAME_ENDING).
  bool HasNotNameEnding(const Token& t) const;
  bool IsNameWord(uint32_t i) const;
  bool IsParticle(uint32_t i) const;
  bool IsInitialLetter(uint32_t i) const;

  void Tokenize();
  void Block(const std::vector<Mention>& found);

  void AddRuleMatch(const RuleMatch& match, const RuleInfo& info);
  // `whole` when the span is the rule's whole match (it then starts where
  // the pattern says, even on a lower-case word: "ministère de l'Économie").
  std::optional<Candidate> MakeCandidate(std::string_view span,
                                         MentionKind kind, const RuleInfo& info,
                                         uint32_t cb, uint32_t ce,
                                         bool whole = false);
  std::optional<Candidate> MakeCandidate(uint32_t tb, uint32_t te,
                                         MentionKind kind, const RuleInfo& info,
                                         uint32_t cb, uint32_t ce, bool whole);
  // The run of name words that ends (`last`) or starts tokens [b, e) of a
  // match: "Joe Biden" in "le président américain Joe Biden".
  std::optional<std::pair<uint32_t, uint32_t>> NameRun(uint32_t b, uint32_t e,
                                                       MentionKind kind,
                                                       bool last) const;
  // "Acme Corp." → "Acme"; the canonical name of a company leaves out its
  // legal form.
  void StripLegalForm(Candidate* c) const;
  // A group that starts with a known name of another extent: "Tesla" of
  // "le PDG de Tesla Elon Musk" when the group swallowed both.
  void SplitKnownPrefix(Candidate* c) const;
  bool Trim(Candidate* c, bool whole = false) const;
  void Identify(Candidate* c) const;
  bool Allowed(const Candidate& c) const;
  bool AcronymOk(uint32_t i) const;
  bool ModelOk(uint32_t i) const;
  void AddAlias(const RuleMatch& match, const RuleInfo& info, uint32_t cb,
                uint32_t ce);
  void AddAcronym(const RuleMatch& match, const RuleInfo& info, uint32_t cb,
                  uint32_t ce);
  // An acronym (token `short_token`) and the expansion ending at or
  // filling tokens [lb, le): both become mentions of one identity when the
  // initials spell the acronym.
  void AddAcronymPair(uint32_t short_token, uint32_t lb, uint32_t le,
                      bool long_first, const Rule* rule, MentionKind kind,
                      uint32_t cb, uint32_t ce);
  // "Fonds monétaire international (FMI)", "FMI (Fonds monétaire
  // international)", by tokens: the shape is the same in every language.
  void CollectAcronymDefinitions();
  // Start of the expansion in [lb, le) whose initials spell `letters`, or -1.
  int MatchInitials(uint32_t lb, uint32_t le,
                    const std::u32string& letters) const;

  void CollectGazetteer();
  // Organizations (or the kind the rule says) from words of 2 to 6 capitals.
  void CollectAcronyms();
  bool GuardOk(uint32_t i, uint32_t n) const;

  // Drops rule candidates that cut a gazetteer name: "Générale" out of
  // "la Société Générale", "Bank" out of "Bank of America".
  void DropCutNames();
  // Keeps the candidates that do not overlap what is kept (strongest first).
  void Settle(std::vector<Candidate> candidates);
  // Persons from runs of capitalized words.
  void AddGuesses(const Rule* rule, std::vector<Candidate>* out) const;

  void Register(const Candidate& c);
  void AddShortForm(uint32_t tb, uint32_t te, MentionKind kind,
                    const std::string& canonical, uint32_t token);
  void ResolveShortForms();
  const ShortForm* NearestShortForm(std::string_view surface,
                                    uint32_t token) const;
  std::string FinalCanonical(const Candidate& c) const;

  const Model& m_;
  const Document& doc_;
  std::vector<Token>& tokens_;
  std::vector<uint8_t> state_;
  std::vector<SentenceInfo> sentences_;
  std::vector<uint32_t> caps_;  // word tokens with a capital, in order
  // Folded hashes of the capitalized words the article also writes in lower
  // case; built on first use.
  mutable HashSet lower_words_;
  mutable bool lower_words_built_ = false;

  std::vector<Candidate> candidates_;
  std::vector<Candidate> kept_;
  size_t registered_ = 0;  // kept_[0, registered_) are in short_forms_
  std::unordered_map<std::string_view, std::vector<ShortForm>> short_forms_;
  // HashWord of the first word of each registered surface → the most words
  // of those surfaces.
  HashIndex first_words_;
  // "<kind>\t<canonical>" → the canonical it is another name of.
  std::unordered_map<std::string, std::string> links_;
};

std::pair<uint32_t, uint32_t> Extraction::TokenRange(size_t b, size_t e) const {
  auto lo = std::partition_point(tokens_.begin(), tokens_.end(),
                                 [&](const Token& t) { return t.end <= b; });
  auto hi = std::partition_point(lo, tokens_.end(),
                                 [&](const Token& t) { return t.begin < e; });
  return {static_cast<uint32_t>(lo - tokens_.begin()),
          static_cast<uint32_t>(hi - tokens_.begin())};
}

const Token* Extraction::Neighbor(uint32_t i, int step) const {
  const int64_t j = static_cast<int64_t>(i) + step;
  if (j < 0 || j >= static_cast<int64_t>(tokens_.size())) return nullptr;
  const Token& t = tokens_[static_cast<size_t>(j)];
  return t.sentence == tokens_[i].sentence ? &t : nullptr;
}

bool Extraction::HasNotNameEnding(const Token& t) const {
  if (m_.not_name_endings.empty()) return false;
  const std::string word = ToLower(Text(t));
  for (const std::string& ending : m_.not_name_endings) {
    if (word.size() > ending.size() && word.ends_with(ending)) return true;
  }
  return false;
}

bool Extraction::IsCommonWord(const Token& t) const {
  if (!lower_words_built_) {
    // Only capitalized words are asked about: probe the lower-case words
    // against those, rather than index every word of the article.
    // A 4 096-bit bitmap of the capitalized words' hashes turns most
    // lower-case words away (few are capitalized anywhere in the article)
    // before the set is probed.
    HashSet capitalized;
    capitalized.Reserve(caps_.size());
    std::array<uint64_t, 64> seen{};
    auto bit = [](uint64_t h) { return (h >> 40) & 4095; };
    for (uint32_t i : caps_) {
      const uint64_t h = tokens_[i].folded;
      capitalized.Insert(h);
      seen[bit(h) >> 6] |= uint64_t{1} << (bit(h) & 63);
    }
    for (const Token& w : tokens_) {
      if (w.Is(kWord) && !w.Is(kHasUpper) && w.Is(kHasLower) &&
          !w.Is(kSplitPrefix) &&
          (seen[bit(w.folded) >> 6] >> (bit(w.folded) & 63) & 1) != 0 &&
          capitalized.Contains(w.folded)) {
        lower_words_.Insert(w.folded);
      }
    }
    lower_words_built_ = true;
  }
  return lower_words_.Contains(t.folded);
}

bool Extraction::IsNameWord(uint32_t i) const {
  const Token& t = tokens_[i];
  if (!t.Is(kWord) || !t.Is(kUpperInitial) || t.Is(kHasDigit) ||
      t.Is(kSplitPrefix) || t.Is(kPossessive) || !Free(i)) {
    return false;
  }
  const size_t letters = CountCodePoints(Text(t));
  // A short word in capitals is an acronym ("GeForce RTX"), not a name;
  // a longer one may be a surname written the French way ("Jean DUPONT").
  if (letters < 2 || (t.Is(kAllUpper) && letters <= 4)) return false;
  return !In(m_.not_name, t) && !In(m_.title_words, t) && !In(m_.not_person, t);
}

bool Extraction::IsParticle(uint32_t i) const {
  const Token& t = tokens_[i];
  return t.Is(kWord) && !t.Is(kUpperInitial) && Free(i) && In(m_.particles, t);
}

bool Extraction::IsInitialLetter(uint32_t i) const {
  const Token& t = tokens_[i];
  if (!t.Is(kWord) || !t.Is(kUpperInitial) || CountCodePoints(Text(t)) != 1) {
    return false;
  }
  const Token* dot = Neighbor(i, 1);
  return dot != nullptr && !dot->Is(kSpaceBefore) &&
         IsPunct(doc_.text, *dot, ".");
}

void Extraction::Tokenize() {
  tokens_.reserve(doc_.text.size() / 3 + 16);
  sentences_.reserve(doc_.sentences.size());
  for (size_t s = 0; s < doc_.sentences.size(); ++s) {
    const Sentence& sentence = doc_.sentences[s];
    SentenceInfo info;
    info.first = static_cast<uint32_t>(tokens_.size());
    m_.tokenizer.Tokenize(doc_.text, sentence.begin, sentence.end,
                          static_cast<int>(s), &tokens_);
    info.last = static_cast<uint32_t>(tokens_.size());
    int words = 0, long_lower = 0, caps_inside = 0, upper_words = 0;
    for (uint32_t i = info.first; i < info.last; ++i) {
      const Token& t = tokens_[i];
      if (!t.Is(kWord) || t.Is(kSplitPrefix) || t.Is(kPossessive)) continue;
      if (t.Is(kHasUpper)) caps_.push_back(i);
      const std::string_view text = Text(t);
      if (!t.Is(kUpperInitial) && t.Is(kHasLower) && !t.Is(kHasDigit) &&
          text.size() >= 4) {
        ++long_lower;
      }
      if (!t.Is(kHasLower) && !t.Is(kUpperInitial)) continue;  // numbers
      ++words;
      if (t.Is(kUpperInitial) && !t.Is(kInitial)) ++caps_inside;
      if (t.Is(kAllUpper) && text.size() >= 2) ++upper_words;
    }
    // Title case ("Elon Musk Buys Twitter For $44 Billion"), or a short
    // heading or caption of capitalized words only ("Cookie Policy").
    info.title_case =
        long_lower == 0 && ((words >= 4 && caps_inside >= 3) ||
                            (words >= 2 && caps_inside == words - 1));
    info.all_caps = words >= 3 && upper_words * 3 >= words * 2;
    sentences_.push_back(info);
  }
  state_.assign(tokens_.size(), 0);
}

void Extraction::Block(const std::vector<Mention>& found) {
  for (const Mention& f : found) {
    if (f.end_byte <= f.begin) continue;
    const auto [tb, te] = TokenRange(f.begin, f.end_byte);
    // A count without unit ("15" in "iPhone 15 Pro", which figures may read
    // as counting "Pro") can still be part of a name.
    const bool number = f.kind == MentionKind::kNumber ||
                        f.kind == MentionKind::kOrdinal ||
                        (f.kind == MentionKind::kQuantity && f.unit.empty());
    for (uint32_t i = tb; i < te; ++i) {
      state_[i] |= number ? kBlockedNumber : kBlocked;
    }
  }
}

bool Extraction::Trim(Candidate* c, bool whole) const {
  auto edge_junk = [&](const Token& t) {
    return !t.Is(kWord) || t.Is(kSplitPrefix) || t.Is(kPossessive);
  };
  while (c->tb < c->te && edge_junk(tokens_[c->tb])) ++c->tb;
  while (c->te > c->tb) {
    const Token& last = tokens_[c->te - 1];
    // Keep the period of "Inc." or "S.A.": a pattern only ends on a period
    // that belongs to an abbreviation.
    if (IsPunct(doc_.text, last, ".") && !last.Is(kSpaceBefore) &&
        c->te - 1 > c->tb && tokens_[c->te - 2].Is(kWord)) {
      break;
    }
    if (!edge_junk(last)) break;
    --c->te;
  }
  // Words the pattern let into the name: titles ("Président Joe Biden",
  // "CEO of Zorblax"), a sentence's first word ("Selon Jean Dupont"), and
  // for other names than persons lower-case words ("of Zorblax").
  const bool person = c->kind == MentionKind::kPerson;
  while (c->tb < c->te) {
    const Token& t = tokens_[c->tb];
    // A whole match starts where its pattern says, even on a lower-case
    // word ("ministère de l'Économie"), but not on a sentence's first word
    // ("The European Central Bank", "Shares of Zorblax Inc.").
    // Nor on a linking word ("of" after "Shares").
    const bool strip =
        (t.Is(kInitial) && (In(m_.not_name, t) || IsCommonWord(t))) ||
        (!person && !t.Is(kHasUpper) && In(m_.org_links, t)) ||
        (!whole &&
         (In(m_.title_words, t) ||
          (person ? IsParticle(c->tb) : !t.Is(kHasUpper) && !t.Is(kHasDigit))));
    if (!strip) break;
    ++c->tb;
    while (c->tb < c->te && edge_junk(tokens_[c->tb])) ++c->tb;
  }
  while (person && c->te > c->tb) {
    if (!In(m_.not_name, tokens_[c->te - 1]) && !IsParticle(c->te - 1)) break;
    --c->te;
  }
  return c->tb < c->te;
}

void Extraction::Identify(Candidate* c) const {
  if (auto match =
          m_.gazetteer.Exactly(doc_.text, tokens_, c->tb, c->te - c->tb)) {
    SetEntry(c, match->entry);
  }
}

bool Extraction::Allowed(const Candidate& c) const {
  for (uint32_t i = c.tb; i < c.te; ++i) {
    if (state_[i] & kBlocked) return false;
    if ((state_[i] & kBlockedNumber) && c.kind != MentionKind::kProduct &&
        !c.known) {
      return false;
    }
  }
  return true;
}

bool Extraction::AcronymOk(uint32_t i) const {
  const Token& t = tokens_[i];
  const std::string_view span = Text(t);
  if (!t.Is(kAllUpper) || t.Is(kHasDigit)) return false;
  if (sentences_[t.sentence].all_caps) return false;
  return !IsRomanNumeral(span) && !IsCurrencyCode(span) &&
         !In(m_.not_acronym, t);
}

bool Extraction::ModelOk(uint32_t i) const {
  const std::string_view span = Text(tokens_[i]);
  size_t letters = 0;
  while (letters < span.size() && span[letters] != '-' &&
         !(span[letters] >= '0' && span[letters] <= '9')) {
    ++letters;
  }
  if (m_.not_model.Contains(span.substr(0, letters))) return false;
  const Token* prev = Neighbor(i, -1);
  return prev == nullptr || !prev->Is(kWord) || !In(m_.model_veto, *prev);
}

std::optional<Candidate> Extraction::MakeCandidate(std::string_view span,
                                                   MentionKind kind,
                                                   const RuleInfo& info,
                                                   uint32_t cb, uint32_t ce,
                                                   bool whole) {
  const auto [b, e] = Offsets(span);
  const auto [tb, te] = TokenRange(b, e);
  if (tb >= te) return std::nullopt;
  // Shape checks see exactly the matched text: one whole token.
  if (info.check != Check::kNone &&
      (te - tb != 1 || Text(tokens_[tb]) != span ||
       (info.check == Check::kAcronym && !AcronymOk(tb)) ||
       (info.check == Check::kModel && !ModelOk(tb)))) {
    return std::nullopt;
  }
  return MakeCandidate(tb, te, kind, info, cb, ce, whole);
}

std::optional<Candidate> Extraction::MakeCandidate(uint32_t tb, uint32_t te,
                                                   MentionKind kind,
                                                   const RuleInfo& info,
                                                   uint32_t cb, uint32_t ce,
                                                   bool whole) {
  Candidate c;
  c.tb = tb;
  c.te = te;
  c.cb = cb;
  c.ce = ce;
  c.kind = kind;
  c.evidence = info.evidence;
  c.priority = info.rule->priority;
  c.rule = info.rule;
  if (!Trim(&c, whole)) return std::nullopt;
  Identify(&c);
  if (!c.known) SplitKnownPrefix(&c);
  if (!c.known && c.kind == MentionKind::kOrg) StripLegalForm(&c);
  return c;
}

void Extraction::SplitKnownPrefix(Candidate* c) const {
  if (c->te - c->tb < 2) return;
  auto known = m_.gazetteer.LongestAt(doc_.text, tokens_, c->tb);
  if (!known || known->length >= c->te - c->tb) return;
  const GazetteerEntry& entry = m_.gazetteer.entry(known->entry);
  Candidate rest = *c;
  if (entry.kind == c->kind) {
    c->te = c->tb + known->length;  // "Tesla Elon Musk" as an org: Tesla
  } else {
    c->tb += known->length;  // as a person: Elon Musk
  }
  if (!Trim(c)) {
    *c = std::move(rest);
    return;
  }
  Identify(c);
}

void Extraction::StripLegalForm(Candidate* c) const {
  if (m_.legal.empty()) return;
  uint32_t e = c->te;
  bool stripped = false;
  while (e > c->tb + 1) {
    const Token& t = tokens_[e - 1];
    if (IsPunct(doc_.text, t, ".,")) {
      --e;
    } else if (t.Is(kWord) && In(m_.legal, t)) {
      --e;
      stripped = true;
    } else {
      break;
    }
  }
  if (!stripped || e <= c->tb) return;
  if (auto known = m_.gazetteer.Exactly(doc_.text, tokens_, c->tb, e - c->tb)) {
    SetEntry(c, known->entry);
  } else {
    c->canonical = std::string(Bytes(c->tb, e));
    c->sb = c->tb;
    c->se = e;
  }
}

std::optional<std::pair<uint32_t, uint32_t>> Extraction::NameRun(
    uint32_t b, uint32_t e, MentionKind kind, bool last) const {
  const bool person = kind == MentionKind::kPerson;
  // A word of the name; `cue_check` also refuses the cue words a pattern
  // puts next to names ("Président", "French", "CEO").
  auto word = [&](uint32_t i, bool cue_check) {
    const Token& t = tokens_[i];
    if (!t.Is(kWord) || t.Is(kSplitPrefix) || t.Is(kPossessive)) return false;
    if (person ? !t.Is(kUpperInitial) || t.Is(kHasDigit)
               : !t.Is(kHasUpper) && !t.Is(kHasDigit)) {
      return false;
    }
    if (person && (In(m_.not_person, t) || In(m_.not_name, t) ||
                   (t.Is(kAllUpper) && t.end - t.begin <= 4))) {
      return false;  // "député LREM Mustapha Laabid"
    }
    if (!cue_check) return true;
    return !In(m_.title_words, t) && !In(m_.cue_words, t) &&
           !(t.Is(kInitial) && In(m_.not_name, t));
  };
  // Between two words: "de", "von der" in persons, "of", "&" in others.
  auto link = [&](uint32_t i) {
    const Token& t = tokens_[i];
    // Particles, also capitalized inside a name: "Bruno Le Maire".
    if (person) return IsParticle(i) || (t.Is(kWord) && In(m_.particles, t));
    return (t.Is(kWord) && !t.Is(kHasUpper) && In(m_.org_links, t)) ||
           IsPunct(doc_.text, t, "&");
  };
  // The period of an initial: "John F. Kennedy", but not of "M. Dupont".
  auto initial_dot = [&](uint32_t i) {
    return person && i > b && IsPunct(doc_.text, tokens_[i], ".") &&
           IsInitialLetter(i - 1) &&
           !m_.title_words.Contains(Bytes(i - 1, i + 1));
  };
  if (last) {
    uint32_t end = e;
    while (end > b && !word(end - 1, false)) --end;
    if (end == b) return std::nullopt;
    // The pattern ends on the name, so its last word is no cue, except that
    // a title word there needs a particle before it to be a name: "Bruno Le
    // Maire", not "Attorney, Sports Business Analyst".
    if (person && In(m_.title_words, tokens_[end - 1]) &&
        !(end - 1 > b &&
          m_.particles.ContainsFolded(tokens_[end - 2].folded))) {
      return std::nullopt;
    }
    uint32_t start = end - 1;  // the pattern ends on the name: no cue check
    while (start > b) {
      const uint32_t j = start - 1;
      if (word(j, true)) {
        start = j;
      } else if (initial_dot(j)) {
        start = j - 1;
      } else if (link(j) && j > b && word(j - 1, true)) {
        start = j - 1;
      } else {
        break;
      }
    }
    return std::make_pair(start, end);
  }
  uint32_t start = b;
  while (start < e && !word(start, true)) ++start;
  if (start == e) return std::nullopt;
  uint32_t end = start + 1;
  while (end < e) {
    if (word(end, false)) {
      ++end;
    } else if (person && IsInitialLetter(end)) {
      end += 2;
    } else if (link(end) && end + 1 < e && word(end + 1, false)) {
      end += 2;
    } else {
      break;
    }
  }
  return std::make_pair(start, std::min(end, e));
}

void Extraction::AddRuleMatch(const RuleMatch& match, const RuleInfo& info) {
  const auto [cb, ce] = TokenRange(match.begin, match.end);
  if (cb >= ce) return;
  switch (info.role) {
    case Role::kSource:
      return;
    case Role::kAlias:
      AddAlias(match, info, cb, ce);
      return;
    case Role::kAcronym:
      AddAcronym(match, info, cb, ce);
      return;
    case Role::kMention:
      break;
  }
  if (info.take != Take::kWhole) {
    auto run = NameRun(cb, ce, *info.kind, info.take == Take::kLast);
    if (!run) return;
    // Weak cues ("said", "selon") only vouch for full names: one word there
    // is as often a company or a newspaper.
    if (info.evidence == Evidence::kWeak &&
        *info.kind == MentionKind::kPerson && run->second - run->first < 2) {
      return;
    }
    auto c =
        MakeCandidate(run->first, run->second, *info.kind, info, cb, ce, false);
    if (c && Allowed(*c)) candidates_.push_back(std::move(*c));
    return;
  }
  auto add = [&](std::string_view span, MentionKind kind) {
    auto c = MakeCandidate(span, kind, info, cb, ce, info.groups.empty());
    if (!c) return;
    if (info.base >= 0 && !match.groups[info.base].empty() && !c->known) {
      const auto [bb, be] = Offsets(match.groups[info.base]);
      const auto [tb, te] = TokenRange(bb, be);
      if (tb < te) {
        if (auto known =
                m_.gazetteer.Exactly(doc_.text, tokens_, tb, te - tb)) {
          SetEntry(&*c, known->entry);
        } else {
          c->canonical = std::string(Bytes(tb, te));
          c->sb = tb;
          c->se = te;
        }
      }
    }
    if (Allowed(*c)) candidates_.push_back(std::move(*c));
  };
  if (info.groups.empty()) {
    add(match.groups[0], *info.kind);
    return;
  }
  for (const auto& [group, kind] : info.groups) {
    if (!match.groups[group].empty()) add(match.groups[group], kind);
  }
}

void Extraction::AddAlias(const RuleMatch& match, const RuleInfo& info,
                          uint32_t cb, uint32_t ce) {
  auto old_name =
      MakeCandidate(match.groups[info.old_name], *info.kind, info, cb, ce);
  auto new_name =
      MakeCandidate(match.groups[info.new_name], *info.kind, info, cb, ce);
  if (!old_name || !new_name) return;
  // "Elon Musk's X (formerly Twitter)": the name is what follows the
  // possessive, or the longest known name that ends the group.
  if (!new_name->known) {
    for (uint32_t i = new_name->tb + 1; i < new_name->te; ++i) {
      if (auto g =
              m_.gazetteer.Exactly(doc_.text, tokens_, i, new_name->te - i)) {
        new_name->tb = i;
        Identify(&*new_name);
        break;
      }
      if (tokens_[i].Is(kPossessive)) new_name->tb = i + 1;
    }
    if (!Trim(&*new_name)) return;
  }
  if (!old_name->known) {
    if (auto g = m_.gazetteer.LongestAt(doc_.text, tokens_, old_name->tb);
        g && g->length < old_name->te - old_name->tb) {
      old_name->te = old_name->tb + g->length;
      Identify(&*old_name);
    }
  }
  // Both names are of the kind the gazetteer knows for either.
  const MentionKind kind = new_name->known ? new_name->kind : old_name->kind;
  old_name->kind = new_name->kind = kind;
  if (!Allowed(*old_name) || !Allowed(*new_name)) return;
  const std::string from(Canon(*old_name));
  const std::string to(Canon(*new_name));
  if (from != to) links_[std::string(MentionKindName(kind)) + "\t" + from] = to;
  candidates_.push_back(std::move(*old_name));
  candidates_.push_back(std::move(*new_name));
}

int Extraction::MatchInitials(uint32_t lb, uint32_t le,
                              const std::u32string& letters) const {
  // Backtracking from the last word and the last letter: a word gives its
  // initial (or the initials of its hyphenated parts, "Hewlett-Packard" →
  // HP), ACRONYM_SKIP words and elisions may give nothing. Callers bound the
  // expansion to kMaxExpansion words, so the search stays small.
  struct Search {
    const Extraction& x;
    uint32_t lb;
    const std::u32string& letters;
    int start = -1;
    bool Run(int w, int l) {
      if (l < 0) return true;
      if (w < static_cast<int>(lb)) return false;
      const Token& t = x.tokens_[w];
      if (!t.Is(kWord)) return false;
      const std::string_view text = x.Text(t);
      std::u32string initials;
      bool at_start = true;
      for (size_t pos = 0; pos < text.size();) {
        size_t len;
        const char32_t c = DecodeAt(text, pos, &len);
        if (at_start && IsWordChar(c)) {
          std::string lower = ToLower(text.substr(pos, len));
          size_t l2;
          initials.push_back(DecodeAt(lower, 0, &l2));
        }
        at_start = c == '-';
        pos += len;
      }
      // Whole initials of the word ("hp"), or its first initial only.
      for (size_t n : {initials.size(), size_t{1}}) {
        if (n == 0 || static_cast<int>(n) > l + 1) continue;
        if (letters.compare(static_cast<size_t>(l) + 1 - n, n, initials, 0,
                            n) == 0) {
          if (Run(w - 1, l - static_cast<int>(n))) {
            if (l - static_cast<int>(n) < 0) start = w;
            return true;
          }
        }
        if (initials.size() == 1) break;
      }
      if (t.Is(kSplitPrefix) || x.In(x.m_.acronym_skip, t)) {
        return Run(w - 1, l);
      }
      return false;
    }
  };
  Search search{*this, lb, letters};
  if (le == 0 || !search.Run(static_cast<int>(le) - 1,
                             static_cast<int>(letters.size()) - 1)) {
    return -1;
  }
  return search.start;
}

void Extraction::AddAcronym(const RuleMatch& match, const RuleInfo& info,
                            uint32_t cb, uint32_t ce) {
  const std::string_view long_text = match.groups[info.long_form];
  const std::string_view short_text = match.groups[info.short_form];
  const auto [sb, se] =
      TokenRange(Offsets(short_text).first, Offsets(short_text).second);
  if (se != sb + 1 || Text(tokens_[sb]) != short_text) return;
  const auto [lb, le] =
      TokenRange(Offsets(long_text).first, Offsets(long_text).second);
  if (lb >= le) return;
  AddAcronymPair(sb, lb, le, long_text.data() < short_text.data(), info.rule,
                 *info.kind, cb, ce);
}

void Extraction::CollectAcronymDefinitions() {
  const auto& slots =
      m_.source_rules[static_cast<int>(Source::kAcronymDefinitions)];
  constexpr uint32_t kMaxWords = kMaxExpansion;
  auto acronym = [&](uint32_t i) {
    const Token& t = tokens_[i];
    return t.Is(kWord) && t.Is(kAllUpper) && !t.Is(kHasDigit) &&
           t.end - t.begin >= 2 && CountCodePoints(Text(t)) <= 8;
  };
  for (int slot = 0; slot < kKindCount; ++slot) {
    const Rule* rule = slots[slot];
    if (rule == nullptr) continue;
    for (const SentenceInfo& s : sentences_) {
      for (uint32_t i = s.first; i + 2 < s.last; ++i) {
        if (!IsPunct(doc_.text, tokens_[i], "(")) continue;
        if (acronym(i + 1) && IsPunct(doc_.text, tokens_[i + 2], ")") &&
            i > s.first && tokens_[i - 1].Is(kWord)) {
          // "Long Form (LF)": the expansion ends before the parenthesis.
          const uint32_t lb = i - s.first > kMaxWords ? i - kMaxWords : s.first;
          AddAcronymPair(i + 1, lb, i, true, rule, kSlotKinds[slot], lb, i + 3);
        } else if (i > s.first && acronym(i - 1)) {
          // "LF (Long Form)": the expansion fills the parentheses.
          uint32_t close = i + 1;
          while (close < s.last && close - i <= kMaxWords &&
                 !IsPunct(doc_.text, tokens_[close], "()")) {
            ++close;
          }
          if (close < s.last && IsPunct(doc_.text, tokens_[close], ")") &&
              close > i + 1) {
            AddAcronymPair(i - 1, i + 1, close, false, rule, kSlotKinds[slot],
                           i - 1, close + 1);
          }
        }
      }
    }
  }
}

void Extraction::AddAcronymPair(uint32_t short_token, uint32_t lb, uint32_t le,
                                bool long_first, const Rule* rule,
                                MentionKind kind, uint32_t cb, uint32_t ce) {
  if (long_first && le - lb > kMaxExpansion) lb = le - kMaxExpansion;
  if (!long_first && le - lb > kMaxExpansion) return;
  Candidate short_candidate;
  short_candidate.tb = short_token;
  short_candidate.te = short_token + 1;
  short_candidate.cb = cb;
  short_candidate.ce = ce;
  short_candidate.kind = kind;
  short_candidate.evidence = Evidence::kStrong;
  short_candidate.priority = rule->priority;
  short_candidate.rule = rule;
  Identify(&short_candidate);
  std::optional<Candidate> short_name = std::move(short_candidate);
  const std::string_view short_text = Text(tokens_[short_token]);
  std::u32string letters;
  const std::string lower = ToLower(short_text);
  for (size_t pos = 0; pos < lower.size();) {
    size_t len;
    const char32_t c = DecodeAt(lower, pos, &len);
    if (IsWordChar(c)) letters.push_back(c);
    pos += len;
  }
  const int start = MatchInitials(lb, le, letters);
  // The expansion starts with a capital ("Banque centrale européenne", not
  // "intelligence artificielle"); inside parentheses it is all of the group.
  if (start < 0 || !tokens_[start].Is(kUpperInitial)) return;
  if (!long_first && static_cast<uint32_t>(start) != lb) return;
  Candidate long_name = *short_name;
  long_name.tb = static_cast<uint32_t>(start);
  long_name.te = le;
  long_name.known = false;
  long_name.entry = -1;
  long_name.canonical.clear();
  long_name.kind = kind;
  if (!Trim(&long_name)) return;
  Identify(&long_name);
  // One identity for both: the gazetteer's, or the expansion.
  const Candidate& ref = long_name.known ? long_name : *short_name;
  const std::string canonical(ref.known ? Canon(ref)
                                        : Bytes(long_name.tb, long_name.te));
  for (Candidate* c : {&long_name, &*short_name}) {
    c->kind = ref.known ? ref.kind : kind;
    c->entry = ref.known ? ref.entry : -1;
    c->canonical = canonical;
    c->known = ref.known;
  }
  if (!Allowed(long_name) || !Allowed(*short_name)) return;
  short_name->sb = short_name->tb;
  short_name->se = short_name->te;
  long_name.sb = long_name.tb;
  long_name.se = long_name.te;
  candidates_.push_back(std::move(long_name));
  candidates_.push_back(std::move(*short_name));
}

bool Extraction::GuardOk(uint32_t i, uint32_t n) const {
  const Token& first = tokens_[i];
  const uint32_t last = i + n - 1;
  const bool single_letter = n == 1 && CountCodePoints(Text(first)) == 1;
  if (const Token* prev = Neighbor(i, -1)) {
    if (!first.Is(kSpaceBefore) && !prev->Is(kSplitPrefix) &&
        !IsPunct(doc_.text, *prev, "(\"[")) {
      return false;  // "+X", "/X"
    }
    if (prev->Is(kWord) && !prev->Is(kSplitPrefix)) {
      if (prev->Is(kHasDigit)) return false;  // "3 X"
      // "Malcolm X", "Mac OS X"; "Chez X" opening a sentence is fine.
      if (prev->Is(kUpperInitial) &&
          !(prev->Is(kInitial) &&
            (In(m_.not_name, *prev) || IsCommonWord(*prev)))) {
        return false;
      }
      if (In(m_.guard_before, *prev)) return false;  // "rayons X"
    }
  }
  if (const Token* next = Neighbor(last, 1)) {
    if (!next->Is(kSpaceBefore) && !next->Is(kPossessive)) {
      if (!IsPunct(doc_.text, *next, ",;:.!?)\"]")) {
        return false;  // "X%", "X/Y"
      }
      if (single_letter && IsPunct(doc_.text, *next, ".")) {
        const Token* after = Neighbor(last + 1, 1);
        if (after != nullptr && after->Is(kWord) && after->Is(kUpperInitial)) {
          return false;  // "X. Dupont": an initial
        }
      }
    }
    if (next->Is(kWord) && next->Is(kSpaceBefore)) {
      if (next->Is(kUpperInitial)) {
        return false;  // "X Games", "Jordan Bardella"
      }
      if (single_letter && next->Is(kHasDigit)) return false;
      if (In(m_.guard_after, *next)) return false;  // "X factor"
    }
  }
  return true;
}

void Extraction::CollectGazetteer() {
  std::vector<Candidate> deferred;
  std::vector<uint32_t> accepted_entries;
  for (uint32_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.Is(kWord) || t.Is(kPossessive) || !m_.gazetteer.MayStart(t.hash)) {
      continue;
    }
    auto match = m_.gazetteer.LongestAt(doc_.text, tokens_, i);
    if (!match) continue;
    const GazetteerEntry& entry = m_.gazetteer.entry(match->entry);
    if (match->guarded && !GuardOk(i, match->length)) continue;
    // In a sentence in capitals, a short name in capitals is just a word
    // ("UN TITRE" is no United Nations).
    if (sentences_[t.sentence].all_caps && t.Is(kAllUpper) &&
        match->length == 1 && t.end - t.begin <= 4) {
      continue;
    }
    Candidate c;
    c.tb = c.cb = i;
    c.te = c.ce = i + match->length;
    c.kind = entry.kind;
    c.evidence = Evidence::kGazetteer;
    c.entry = static_cast<int32_t>(match->entry);
    c.known = true;
    c.rule =
        m_.SourceRule(entry.source == NameSource::kCountry ? Source::kCountries
                                                           : Source::kGazetteer,
                      entry.kind);
    if (entry.series) {
      // "iPhone 15 Pro Max": model numbers and MODEL_WORD words.
      while (c.te < tokens_.size() && c.te - c.tb < match->length + 3) {
        const Token& next = tokens_[c.te];
        if (next.sentence != t.sentence || !next.Is(kSpaceBefore) ||
            !next.Is(kWord)) {
          break;
        }
        const bool designator =
            next.Is(kHasDigit) && next.end - next.begin <= 6;
        if (!designator && !In(m_.model_words, next)) break;
        if (c.canonical.empty()) c.canonical = entry.canonical;
        c.canonical += ' ';
        c.canonical += Text(next);
        ++c.te;
      }
      c.ce = c.te;
    }
    if (!Allowed(c)) continue;
    const uint32_t next = c.te;
    if (match->guarded && t.Is(kInitial)) {
      // An ambiguous name opening a sentence is taken only if the article
      // uses it elsewhere where its capital means something.
      deferred.push_back(std::move(c));
    } else {
      accepted_entries.push_back(match->entry);
      candidates_.push_back(std::move(c));
    }
    i = next - 1;
  }
  for (Candidate& c : deferred) {
    auto match = m_.gazetteer.Exactly(doc_.text, tokens_, c.tb, c.te - c.tb);
    bool take =
        match && std::find(accepted_entries.begin(), accepted_entries.end(),
                           match->entry) != accepted_entries.end();
    // "Apple a présenté ...": a company or product name the article never
    // writes in lower case, followed by a lower-case word, is the name.
    if (!take &&
        (c.kind == MentionKind::kOrg || c.kind == MentionKind::kProduct) &&
        !IsCommonWord(tokens_[c.tb])) {
      const Token* next = Neighbor(c.te - 1, 1);
      take = next != nullptr && next->Is(kWord) && !next->Is(kHasUpper) &&
             !next->Is(kHasDigit);
    }
    if (take) candidates_.push_back(std::move(c));
  }
}

void Extraction::DropCutNames() {
  std::vector<int32_t> known_at(tokens_.size(), -1);
  for (size_t k = 0; k < candidates_.size(); ++k) {
    const Candidate& g = candidates_[k];
    if (g.evidence != Evidence::kGazetteer) continue;
    for (uint32_t i = g.tb; i < g.te; ++i) {
      known_at[i] = static_cast<int32_t>(k);
    }
  }
  std::vector<Candidate> kept;
  kept.reserve(candidates_.size());
  for (Candidate& c : candidates_) {
    bool cut = false;
    for (uint32_t i = c.tb;
         i < c.te && !cut && c.evidence != Evidence::kGazetteer; ++i) {
      if (known_at[i] < 0) continue;
      const Candidate& g = candidates_[known_at[i]];
      cut = g.tb < c.tb || g.te > c.te;
    }
    if (!cut) kept.push_back(std::move(c));
  }
  candidates_ = std::move(kept);
}

void Extraction::CollectAcronyms() {
  const auto& slots = m_.source_rules[static_cast<int>(Source::kAcronyms)];
  for (int slot = 0; slot < kKindCount; ++slot) {
    const Rule* rule = slots[slot];
    if (rule == nullptr) continue;
    for (uint32_t i : caps_) {
      const Token& t = tokens_[i];
      if (!t.Is(kAllUpper) || t.Is(kHasDigit)) continue;
      const std::string_view text = Text(t);
      size_t letters = 0;
      bool all_letters = true;
      for (size_t pos = 0; pos < text.size() && all_letters;) {
        size_t len;
        all_letters = IsUpperChar(DecodeAt(text, pos, &len));
        ++letters;
        pos += len;
      }
      if (!all_letters || letters < 2 || letters > 6 || !AcronymOk(i)) continue;
      // "WOMEN" when the article also writes "women"; "SEE ALSO", "SOLD
      // OUT": words in capitals, not acronyms. "RTX 4090": a model.
      if (IsCommonWord(t)) continue;
      const Token* prev = Neighbor(i, -1);
      const Token* next = Neighbor(i, 1);
      auto shouting = [](const Token* n) {
        return n != nullptr && n->Is(kWord) && n->Is(kAllUpper) &&
               !n->Is(kHasDigit) && n->end - n->begin >= 2;
      };
      if (shouting(prev) || shouting(next)) continue;
      if (next != nullptr && next->Is(kWord) && next->Is(kHasDigit) &&
          !next->Is(kHasUpper) && !next->Is(kHasLower)) {
        continue;
      }
      Candidate c;
      c.tb = c.cb = i;
      c.te = c.ce = i + 1;
      c.kind = kSlotKinds[slot];
      c.evidence = Evidence::kWeak;
      c.priority = rule->priority;
      c.rule = rule;
      c.lends = false;
      Identify(&c);
      if (Allowed(c)) candidates_.push_back(std::move(c));
    }
  }
}

void Extraction::Settle(std::vector<Candidate> candidates) {
  std::vector<uint32_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Candidate& a = candidates[x];
    const Candidate& b = candidates[y];
    if (a.evidence != b.evidence) return a.evidence > b.evidence;
    if (a.te - a.tb != b.te - b.tb) return a.te - a.tb > b.te - b.tb;
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.tb < b.tb;
  });
  for (uint32_t index : order) {
    Candidate& c = candidates[index];
    bool free = true;
    for (uint32_t i = c.tb; i < c.te && free; ++i) {
      free = (state_[i] & kTaken) == 0;
    }
    if (!free) continue;
    for (uint32_t i = c.cb; i < c.ce; ++i) state_[i] |= kConsumed;
    for (uint32_t i = c.tb; i < c.te; ++i) state_[i] |= kTaken;
    kept_.push_back(std::move(c));
  }
}

void Extraction::AddGuesses(const Rule* rule,
                            std::vector<Candidate>* out) const {
  uint32_t next = 0;
  for (uint32_t i : caps_) {
    if (i < next || !IsNameWord(i)) continue;
    const SentenceInfo& sentence = sentences_[tokens_[i].sentence];
    if (sentence.title_case || sentence.all_caps) continue;
    const uint32_t e = sentence.last;
    // A run: names, with particles ("de", "von der") and initials ("J.")
    // between them.
    std::vector<uint32_t> names{i};
    uint32_t j = i + 1;
    while (j < e) {
      if (tokens_[j].Is(kSpaceBefore) && IsNameWord(j)) {
        names.push_back(j++);
      } else if (tokens_[j].Is(kSpaceBefore) && IsInitialLetter(j)) {
        j += 2;
      } else if (IsParticle(j)) {
        ++j;
      } else {
        break;
      }
    }
    const uint32_t run_end = names.back() + 1;
    next = run_end;
    // "Selon Jean Dupont": a sentence's first word is a name only if the
    // article never writes it in lower case.
    size_t first = 0;
    if (tokens_[names[0]].Is(kInitial) && IsCommonWord(tokens_[names[0]])) {
      first = 1;
    }
    const size_t count = names.size() - first;
    if (count < 2 || count > 4) continue;
    // "the Rust Belt", "la Silicon Valley": a determiner makes it a thing.
    const Token* before = Neighbor(names[first], -1);
    if (before != nullptr && before->Is(kWord) && In(m_.determiners, *before)) {
      continue;
    }
    bool ok = true;
    bool mixed = false;
    for (size_t k = first; k < names.size() && ok; ++k) {
      const Token& t = tokens_[names[k]];
      ok = !IsCommonWord(t) && !HasNotNameEnding(t);
      mixed = mixed || t.Is(kHasLower);
      for (size_t j = first; j < k && ok; ++j) {
        ok = tokens_[names[j]].hash != t.hash;
      }
    }
    if (!ok || !mixed) continue;
    Candidate c;
    c.tb = c.cb = names[first];
    c.te = c.ce = run_end;
    c.kind = MentionKind::kPerson;
    c.evidence = Evidence::kGuess;
    c.rule = rule;
    out->push_back(std::move(c));
  }
}

void Extraction::AddShortForm(uint32_t tb, uint32_t te, MentionKind kind,
                              const std::string& canonical, uint32_t token) {
  if (tb >= te) return;
  auto& forms = short_forms_[Bytes(tb, te)];
  for (const ShortForm& f : forms) {
    if (f.kind == kind && f.canonical == canonical && f.token == token) return;
  }
  forms.push_back(ShortForm{kind, canonical, token});
  const uint32_t* words = first_words_.Find(tokens_[tb].hash);
  first_words_.Put(tokens_[tb].hash,
                   std::max(words != nullptr ? *words : 0, te - tb));
}

void Extraction::Register(const Candidate& c) {
  if (!c.lends) return;
  const std::string canonical(Canon(c));
  if (!c.known) AddShortForm(c.tb, c.te, c.kind, canonical, c.tb);
  if (c.se > c.sb) AddShortForm(c.sb, c.se, c.kind, canonical, c.tb);
  if (c.kind != MentionKind::kPerson) return;
  // "Elon Musk" → "Elon", "Musk"; "Ursula von der Leyen" → "von der Leyen",
  // "Leyen"; initials and particles alone are no names.
  std::vector<uint32_t> names;
  for (uint32_t i = c.tb; i < c.te; ++i) {
    const Token& t = tokens_[i];
    if (!t.Is(kWord) || !t.Is(kUpperInitial) || t.Is(kSplitPrefix) ||
        t.Is(kPossessive))
      continue;
    if (CountCodePoints(Text(t)) < 2 || In(m_.particles, t)) continue;
    names.push_back(i);
  }
  if (names.size() < 2) return;
  // A guessed name lends only its surname: "Sanders" after "Bernie
  // Sanders"; its first word may as well be a modifier ("Rust Belt").
  const bool guessed = c.evidence == Evidence::kGuess;
  for (uint32_t i : {names.front(), names.back()}) {
    if (guessed && i == names.front()) continue;
    const Token& t = tokens_[i];
    // A known name ("Apple" in a guessed "Apple Intelligence", "Jordan" in
    // "Jordan Bardella") keeps its own meaning when it stands alone.
    if (!In(m_.not_name, t) && !In(m_.title_words, t) &&
        !m_.gazetteer.Exactly(doc_.text, tokens_, i, 1)) {
      AddShortForm(i, i + 1, MentionKind::kPerson, canonical, c.tb);
    }
  }
  uint32_t k = names.back();
  while (k > names.front() + 1 && In(m_.particles, tokens_[k - 1])) --k;
  if (k < names.back()) {
    AddShortForm(k, names.back() + 1, MentionKind::kPerson, canonical, c.tb);
  }
}

const ShortForm* Extraction::NearestShortForm(std::string_view surface,
                                              uint32_t token) const {
  auto it = short_forms_.find(surface);
  if (it == short_forms_.end()) return nullptr;
  // A longer name the surface stands for ("Musk" → "Elon Musk") before the
  // surface as a name of its own; among those, the latest introduced before
  // the short form, else the first after it.
  const ShortForm* best = nullptr;
  auto better = [&](const ShortForm& f) {
    if (best == nullptr) return true;
    const bool expands = f.canonical != surface,
               best_expands = best->canonical != surface;
    if (expands != best_expands) return expands;
    const bool before = f.token <= token, best_before = best->token <= token;
    if (before != best_before) return before;
    return before ? f.token > best->token : f.token < best->token;
  };
  for (const ShortForm& f : it->second) {
    if (better(f)) best = &f;
  }
  return best;
}

void Extraction::ResolveShortForms() {
  for (; registered_ < kept_.size(); ++registered_) {
    Register(kept_[registered_]);
  }
  if (short_forms_.empty()) return;
  // A weak guess from a shape ("FNZ" looks like an acronym) is a short form
  // of a name the article introduced: coreference names it.
  for (Candidate& c : kept_) {
    if (c.evidence != Evidence::kWeak || c.known) continue;
    const std::string_view surface = Bytes(c.tb, c.te);
    const ShortForm* form = NearestShortForm(surface, c.tb);
    if (form == nullptr || form->canonical == surface) continue;
    c.kind = form->kind;
    c.canonical = form->canonical;
    c.rule = m_.SourceRule(Source::kCoreference, form->kind);
  }
  std::vector<Candidate> found;
  uint32_t next_free = 0;
  for (uint32_t i : caps_) {
    const Token& t = tokens_[i];
    if (i < next_free || !Free(i) ||
        (!t.Is(kUpperInitial) && !t.Is(kAllUpper))) {
      continue;
    }
    const uint32_t* most = first_words_.Find(t.hash);
    if (most == nullptr) continue;
    // Longest registered surface from here, within the sentence.
    uint32_t end = i;
    while (end < tokens_.size() && end - i < *most &&
           tokens_[end].sentence == t.sentence && Free(end)) {
      ++end;
    }
    for (uint32_t e = end; e > i; --e) {
      const Token& last = tokens_[e - 1];
      if (!last.Is(kWord) || last.Is(kPossessive)) continue;
      const ShortForm* form = NearestShortForm(Bytes(i, e), i);
      if (form == nullptr) continue;
      // A person's short form stands alone: not "the Louvre", not "Linux"
      // of "Linux Mint" or "Text" of "Full Text".
      if (form->kind == MentionKind::kPerson) {
        const Token* before = Neighbor(i, -1);
        const Token* after = Neighbor(e - 1, 1);
        auto capitalized = [&](const Token* n) {
          return n != nullptr && n->Is(kWord) && n->Is(kUpperInitial) &&
                 n->Is(kSpaceBefore) && !In(m_.title_words, *n) &&
                 !In(m_.not_name, *n);
        };
        if ((before != nullptr && before->Is(kWord) &&
             In(m_.determiners, *before)) ||
            capitalized(after) ||
            (capitalized(before) && !before->Is(kInitial) &&
             tokens_[i].Is(kSpaceBefore))) {
          break;
        }
      }
      Candidate c;
      c.tb = c.cb = i;
      c.te = c.ce = e;
      c.kind = form->kind;
      c.evidence = Evidence::kWeak;
      c.canonical = form->canonical;
      c.rule = m_.SourceRule(Source::kCoreference, form->kind);
      found.push_back(std::move(c));
      next_free = e;
      break;
    }
  }
  for (Candidate& c : found) {
    for (uint32_t i = c.tb; i < c.te; ++i) state_[i] |= kTaken;
    kept_.push_back(std::move(c));
  }
  registered_ = kept_.size();
}

std::string Extraction::FinalCanonical(const Candidate& c) const {
  std::string canonical(Canon(c));
  // "M. Dupont" before or after "Jean Dupont".
  if (!c.known && c.kind == MentionKind::kPerson) {
    const ShortForm* form = NearestShortForm(Bytes(c.tb, c.te), c.tb);
    if (form != nullptr && form->kind == MentionKind::kPerson) {
      canonical = form->canonical;
    }
  }
  // Alias links: Twitter → X. Bounded, in case two links form a cycle.
  const std::string kind(MentionKindName(c.kind));
  for (int hop = 0; hop < 8; ++hop) {
    auto it = links_.find(kind + "\t" + canonical);
    if (it == links_.end()) break;
    canonical = it->second;
  }
  return canonical;
}

void Extraction::Run(const std::vector<Mention>& found,
                     const std::vector<std::vector<RuleMatch>>& matches,
                     std::vector<Mention>* out) {
  Tokenize();
  if (tokens_.empty()) return;
  Block(found);

  const std::span<const Rule> rules = m_.pack.rules();
  for (const auto& sentence_matches : matches) {
    for (const RuleMatch& match : sentence_matches) {
      AddRuleMatch(match,
                   m_.rules[static_cast<size_t>(match.rule - rules.data())]);
    }
  }
  CollectGazetteer();
  CollectAcronyms();
  CollectAcronymDefinitions();
  DropCutNames();
  Settle(std::move(candidates_));
  ResolveShortForms();

  std::vector<Candidate> guessed;
  if (const Rule* rule = m_.SourceRule(Source::kGuess, MentionKind::kPerson)) {
    AddGuesses(rule, &guessed);
  }
  const size_t before = kept_.size();
  Settle(std::move(guessed));
  if (kept_.size() > before) ResolveShortForms();

  std::sort(kept_.begin(), kept_.end(),
            [](const Candidate& a, const Candidate& b) { return a.tb < b.tb; });
  out->reserve(out->size() + kept_.size());
  for (const Candidate& c : kept_) {
    if (c.rule == nullptr) continue;
    Mention mention;
    mention.kind = c.kind;
    mention.begin = tokens_[c.tb].begin;
    mention.end_byte = tokens_[c.te - 1].end;
    mention.text = std::string(Bytes(c.tb, c.te));
    mention.sentence = tokens_[c.tb].sentence;
    mention.rule = c.rule->id;
    mention.canonical = FinalCanonical(c);
    mention.entity = EntityId(c.kind, mention.canonical);
    out->push_back(std::move(mention));
  }
}

}  // namespace

void ExtractEntities(const Model& model, const Document& doc,
                     const std::vector<Mention>& found,
                     const std::vector<std::vector<RuleMatch>>& matches,
                     std::vector<Mention>* out) {
  // The tokens' storage is kept per thread from one article to the next:
  // written into fresh memory each time, the stores missed the caches and
  // took a third of the tokenizer's time. A huge article's storage (over
  // 8 MB) is not kept.
  constexpr size_t kKeptTokens = size_t{1} << 18;
  thread_local std::vector<Token> tokens;
  tokens.clear();
  {
    Extraction extraction(model, doc, &tokens);
    extraction.Run(found, matches, out);
  }
  if (tokens.capacity() > kKeptTokens) {
    tokens.clear();
    tokens.shrink_to_fit();
  }
}

}  // namespace newsline::entities_internal
