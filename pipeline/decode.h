// Turning input bytes into valid UTF-8 text.
//
// Everything after the reader works on valid UTF-8, so every article passes
// through here once: the reader calls DecodeText on plain-text files, and the
// HTML extractor calls ConvertCharset for pages that declare a legacy
// charset. Both return text that is guaranteed to be valid UTF-8.
//
// Thread-safe: the functions keep no state between calls.
//
// Example:
//   std::vector<Error> warnings;
//   Result<std::string> text = DecodeText(bytes, "corpus/a.txt", &warnings);
//   if (!text) return text.error();
#ifndef NEWSLINE_PIPELINE_DECODE_H_
#define NEWSLINE_PIPELINE_DECODE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace newsline {

// Decodes an article's bytes to UTF-8: strips a UTF-8 BOM, converts UTF-16
// and UTF-32 that start with a BOM, and replaces each invalid UTF-8 sequence
// with U+FFFD, adding one warning (naming the first bad byte offset and the
// number of sequences replaced) to *warnings, which may be null.
// Returns kInvalidInput, with `where` as the error's place, for binary data
// (a NUL byte or many control characters in the first 8 KiB) and for input
// that is empty or only whitespace ("empty article").
// Valid UTF-8 costs one validation pass and one copy.
Result<std::string> DecodeText(std::string_view bytes, std::string_view where,
                               std::vector<Error>* warnings);

// Converts `bytes` from `charset` (any name or alias ICU knows: "windows-1252",
// "ISO-8859-1", "Shift_JIS", "UTF-16LE" ...) to UTF-8. Bytes that are invalid
// in the charset become U+FFFD. Returns kUnsupported for an unknown charset.
Result<std::string> ConvertCharset(std::string_view bytes,
                                   std::string_view charset,
                                   std::string_view where);

// Returns a copy of `bytes` with each invalid UTF-8 sequence replaced by
// U+FFFD. Stores the number of sequences replaced in *count and the offset of
// the first one in *first_bad (npos if none); both may be null.
std::string ReplaceInvalidUtf8(std::string_view bytes, size_t* count,
                               size_t* first_bad);

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_DECODE_H_
