#include "pipeline/language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>

namespace CLD2 {
const char* LanguageCode(Language lang);
}  // namespace CLD2

namespace newsline {

std::string DetectLanguage(std::string_view text) {
  constexpr size_t kMaxBytes = 64 << 10;
  size_t n = std::min(text.size(), kMaxBytes);
  // Do not cut a UTF-8 sequence in two.
  while (n > 0 && n < text.size() &&
         (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) {
    --n;
  }
  bool reliable = false;
  int valid_prefix = 0;
  CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(
      text.data(), static_cast<int>(n), true, &reliable, &valid_prefix);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  if (code == "un" || code == "xx") return "";
  return PrimaryLanguage(code);
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return "";
    out.push_back(static_cast<char>(c | 0x20));
  }
  if (out.size() < 2 || out.size() > 3) return "";
  return out;
}

}  // namespace newsline
