// Language identification for articles that do not state their language.
//
// Wraps CLD2. Returns the ISO 639-1 code ("fr", "en") of the main language of
// a text, or "" when the text is too short or too mixed to tell. Called by the
// analyzer; thread-safe.
#ifndef NEWSLINE_PIPELINE_LANGUAGE_H_
#define NEWSLINE_PIPELINE_LANGUAGE_H_

#include <string>
#include <string_view>

namespace newsline {

// `text` must be valid UTF-8. The first 1 KiB decides when CLD2 is sure of
// it; otherwise up to the first 64 KiB are looked at.
std::string DetectLanguage(std::string_view text);

// The language the text is written in when CLD2 is sure that it is not
// `declared` (a primary subtag), reading the first 1 KiB and confirming
// over the first 64 KiB; "" when the text agrees with `declared` or CLD2
// cannot tell. Web pages often declare the language of their template
// (<html lang="en"> around a German article).
std::string ContradictedLanguage(std::string_view text,
                                 std::string_view declared);

// The primary subtag of a BCP 47 tag, lower-cased: "fr-FR" → "fr",
// "EN_us" → "en". "" for an empty or malformed tag.
std::string PrimaryLanguage(std::string_view tag);

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_LANGUAGE_H_
