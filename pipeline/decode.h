// Turning input bytes into valid UTF-8 text.
//
// Everything after the reader works on valid UTF-8, so every article passes
// through here once: the reader calls DecodeText on plain-text files, and the
// HTML extractor calls DecodeHtml (DetectCharset, then ConvertCharset) for
// pages. All of them return text that is guaranteed to be valid UTF-8.
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

// The charset parameter of an HTTP Content-Type value as sent:
// "text/html; charset=\"ISO-8859-1\"" gives "ISO-8859-1"; "" when absent.
std::string ParseContentTypeCharset(std::string_view content_type);

// Maps a charset label to the charset browsers decode it as (WHATWG
// Encoding), lower case: "ISO-8859-1", "latin1", "us-ascii" give
// "windows-1252"; "utf8" gives "utf-8"; "gb2312" and "gbk" give "gb18030";
// "sjis" gives "shift_jis". A <meta> that claims UTF-16 is wrong (the page
// could not be read as ASCII to find it), so `in_page` maps UTF-16 labels to
// "utf-8". Other labels are returned trimmed and lower-cased; "" for "".
std::string NormalizeCharsetLabel(std::string_view label, bool in_page);

// The charset that an HTML page declares in its first 4 KiB by <meta
// charset>, <meta http-equiv="Content-Type"> or an XML declaration
// (comments skipped), normalized; "" if it declares none.
std::string SniffMetaCharset(std::string_view html_bytes);

// How DetectCharset decided.
enum class CharsetSource {
  kHttp,      // the Content-Type header's charset parameter
  kBom,       // a byte-order mark
  kMeta,      // <meta charset>, http-equiv or the XML declaration
  kUtf8,      // the bytes are valid UTF-8 (ASCII included)
  kDetected,  // ICU's statistical detector
  kDefault,   // nothing conclusive: windows-1252, as browsers in the West
};

struct CharsetChoice {
  std::string charset;  // normalized label, e.g. "windows-1252", "utf-8"
  CharsetSource source = CharsetSource::kDefault;
  size_t bom_length = 0;  // bytes of BOM to skip before converting
};

// Picks the charset of an HTML page, most authoritative first: a BOM (as
// browsers do: it cannot be there by accident, while server defaults often
// are), the HTTP Content-Type charset, the page's own declaration, valid
// UTF-8, then windows-1252 for bytes that read as Western European text in it
// (isolated accented letters and quotes; cheaper than the detector), then
// ICU's detector over the first 64 KiB (markup filtered out), trusted only
// when confident, falling back to windows-1252. Labels that ICU cannot open
// are skipped as if absent.
CharsetChoice DetectCharset(std::string_view bytes,
                            std::string_view content_type);

// Decodes an HTML page to valid UTF-8 with the charset DetectCharset picks.
// Bytes invalid in that charset become U+FFFD. Never fails for a known
// charset; returns kInternal only if ICU itself fails.
Result<std::string> DecodeHtml(std::string_view bytes,
                               std::string_view content_type,
                               std::string_view where,
                               CharsetChoice* choice = nullptr);

// Returns a copy of `bytes` with each invalid UTF-8 sequence replaced by
// U+FFFD. Stores the number of sequences replaced in *count and the offset of
// the first one in *first_bad (npos if none); both may be null.
std::string ReplaceInvalidUtf8(std::string_view bytes, size_t* count,
                               size_t* first_bad);

}  // namespace newsline

#endif  // NEWSLINE_PIPELINE_DECODE_H_
