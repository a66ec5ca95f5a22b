// Fuzz target for ExtractHtml: any bytes must give valid UTF-8 fields or an
// error. The first byte, when the input starts with '#', picks an HTTP
// Content-Type, so that the header-driven decoding paths are reached too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/unicode.h"
#include "pipeline/html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  newsline::HtmlHints hints;
  hints.url = "https://fuzz.test/2024/06/05/page";
  if (bytes.size() >= 2 && bytes[0] == '#') {
    static constexpr std::string_view kTypes[] = {
        "text/html; charset=iso-8859-1",
        "text/html; charset=shift_jis",
        "text/html; charset=gb18030",
        "text/html; charset=utf-16le",
        "text/html; charset=bogus",
        "application/pdf",
        "text/html",
        "text/html; charset=utf-8"};
    hints.content_type =
        kTypes[static_cast<unsigned char>(bytes[1]) % std::size(kTypes)];
    bytes.remove_prefix(2);
  }
  auto article = newsline::ExtractHtml(bytes, "fuzz", hints);
  if (!article) return 0;
  for (const std::string* field :
       {&article->text, &article->title, &article->author, &article->published,
        &article->modified, &article->lang, &article->canonical_url,
        &article->description, &article->site_name}) {
    if (newsline::FindInvalidUtf8(*field) != std::string_view::npos) {
      std::abort();
    }
  }
  return 0;
}
