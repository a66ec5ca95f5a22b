#include "fetch/url.h"

#include <curl/curl.h>
#include <unicode/uidna.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/ascii.h"

namespace newsline {
namespace {

// Query parameters that only tell the site where a reader came from. They
// never change the page, so two URLs that differ only in them are one
// article. Names compare case-insensitively.
constexpr std::array<std::string_view, 1> kTrackingPrefixes = {"utm_"};
constexpr std::array<std::string_view, 10> kTrackingNames = {
    "fbclid", "gclid",  "dclid", "msclkid", "mc_cid",
    "mc_eid", "igshid", "yclid", "_ga",     "ref_src"};

// Errors quote the URL; a hostile 16 KiB URL should not flood the log.
constexpr size_t kMaxQuotedUrl = 200;

struct CurluDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurluPtr = std::unique_ptr<CURLU, CurluDeleter>;

std::string Quote(std::string_view url) {
  if (url.size() <= kMaxQuotedUrl) return std::string(url);
  return std::string(url.substr(0, kMaxQuotedUrl)) + "...";
}

std::unexpected<Error> UrlError(std::string_view url, std::string message) {
  return MakeError(ErrorCode::kInvalidInput, Quote(url), std::move(message));
}

bool IsUrlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsUrlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsUrlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// One part of a parsed URL; nullopt when the URL has no such part.
std::optional<std::string> GetPart(CURLU* handle, CURLUPart part,
                                   unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK) {
    return std::nullopt;
  }
  std::string out(value);
  curl_free(value);
  return out;
}

// The scheme a URL names, for the error message when curl rejects it.
std::string SchemeOf(std::string_view url) {
  const size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 32) return "";
  for (char c : url.substr(0, colon)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!ok) return "";
  }
  return AsciiLower(url.substr(0, colon));
}

std::string UnsupportedScheme(std::string_view scheme) {
  return "unsupported URL scheme \"" + std::string(scheme) +
         "\" (only http and https are fetched)";
}

// UTS #46 (what browsers do) for internationalized host names. libcurl 7.88
// converts through libidn2 in the process locale, which fails in the "C"
// locale that servers run in, so ICU does it here.
std::optional<std::string> HostToAscii(std::string_view host) {
  static const UIDNA* const idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* handle = uidna_openUTS46(
        UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI, &status);
    return U_SUCCESS(status) ? handle : nullptr;
  }();
  if (idna == nullptr || host.size() > 1024) return std::nullopt;
  std::array<char, 1024> out;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = uidna_nameToASCII_UTF8(
      idna, host.data(), static_cast<int32_t>(host.size()), out.data(),
      static_cast<int32_t>(out.size()), &info, &status);
  if (U_FAILURE(status) || info.errors != 0 || length <= 0) {
    return std::nullopt;
  }
  return std::string(out.data(), length);
}

// Parses `ref` (against `base` if given) into a handle whose scheme is http
// or https, whose host is lower-case ASCII, and which has no fragment.
Result<CurluPtr> Parse(std::string_view ref, std::string_view base) {
  ref = Trim(ref);
  if (ref.size() > kMaxUrlBytes || base.size() > kMaxUrlBytes) {
    return UrlError(
        ref, "URL longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  }
  if (ref.empty()) return UrlError(ref, "empty URL");
  for (char c : ref) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return UrlError(ref, "control character in URL");
    }
  }
  CurluPtr handle(curl_url());
  if (handle == nullptr) {
    return MakeError(ErrorCode::kInternal, Quote(ref), "out of memory");
  }
  // Spaces inside the path and query are common in hand-written links;
  // encoding them is what browsers do.
  constexpr unsigned kSetFlags = CURLU_ALLOW_SPACE | CURLU_URLENCODE;
  if (!base.empty()) {
    const std::string base_string(Trim(base));
    const CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL,
                                      base_string.c_str(), kSetFlags);
    if (rc != CURLUE_OK) {
      return UrlError(base,
                      std::string("bad base URL: ") + curl_url_strerror(rc));
    }
  }
  // A fragment-only reference names the base document itself (RFC 3986
  // section 5.2.2); curl 7.88 drops the base's last segment instead.
  const bool fragment_only = !base.empty() && ref.starts_with('#');
  const std::string ref_string(fragment_only ? Trim(base) : ref);
  const CURLUcode rc =
      curl_url_set(handle.get(), CURLUPART_URL, ref_string.c_str(), kSetFlags);
  if (rc == CURLUE_UNSUPPORTED_SCHEME) {
    return UrlError(ref, UnsupportedScheme(SchemeOf(ref)));
  }
  if (rc != CURLUE_OK) {
    std::string message = curl_url_strerror(rc);
    if (!message.empty()) message[0] = LowerAscii(message[0]);
    return UrlError(ref, "invalid URL: " + message);
  }
  const std::string scheme =
      AsciiLower(GetPart(handle.get(), CURLUPART_SCHEME).value_or(""));
  if (scheme != "http" && scheme != "https") {
    return UrlError(ref, UnsupportedScheme(scheme));
  }
  std::optional<std::string> host = GetPart(handle.get(), CURLUPART_HOST);
  if (!host || host->empty()) return UrlError(ref, "URL has no host");
  const bool ascii = std::all_of(host->begin(), host->end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
  std::string lower;
  if (ascii) {
    lower = AsciiLower(*host);
  } else {
    std::optional<std::string> converted = HostToAscii(*host);
    if (!converted) return UrlError(ref, "invalid host name \"" + *host + "\"");
    lower = AsciiLower(*converted);
  }
  if (lower != *host && curl_url_set(handle.get(), CURLUPART_HOST,
                                     lower.c_str(), 0) != CURLUE_OK) {
    return UrlError(ref, "invalid host name \"" + *host + "\"");
  }
  curl_url_set(handle.get(), CURLUPART_SCHEME, scheme.c_str(), 0);
  curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0);
  return handle;
}

// Decodes %XX escapes (for comparing parameter names only).
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = LowerAscii(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 &&
        hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The query without tracking parameters and empty pieces, order kept.
std::string StripTracking(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    if (param.empty()) continue;
    if (IsTrackingParameter(PercentDecode(param.substr(0, param.find('='))))) {
      continue;
    }
    if (!out.empty()) out += '&';
    out += param;
  }
  return out;
}

std::string OriginOf(CURLU* handle) {
  std::string origin = GetPart(handle, CURLUPART_SCHEME).value_or("") + "://" +
                       GetPart(handle, CURLUPART_HOST).value_or("");
  if (std::optional<std::string> port =
          GetPart(handle, CURLUPART_PORT, CURLU_NO_DEFAULT_PORT)) {
    origin += ":" + *port;
  }
  return origin;
}

}  // namespace

bool IsTrackingParameter(std::string_view name) {
  const std::string lower = AsciiLower(name);
  for (std::string_view prefix : kTrackingPrefixes) {
    if (lower.starts_with(prefix)) return true;
  }
  return std::find(kTrackingNames.begin(), kTrackingNames.end(), lower) !=
         kTrackingNames.end();
}

Result<std::string> NormalizeUrl(std::string_view url) {
  return ResolveUrl({}, url);
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  Result<CurluPtr> handle = Parse(ref, base);
  if (!handle) return std::unexpected(std::move(handle.error()));
  CURLU* h = handle->get();
  if (std::optional<std::string> query = GetPart(h, CURLUPART_QUERY)) {
    const std::string kept = StripTracking(*query);
    curl_url_set(h, CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  }
  std::optional<std::string> out =
      GetPart(h, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!out) return UrlError(ref, "invalid URL");
  return *out;
}

Result<UrlParts> ParseHttpUrl(std::string_view ref, std::string_view base) {
  Result<CurluPtr> handle = Parse(ref, base);
  if (!handle) return std::unexpected(std::move(handle.error()));
  CURLU* h = handle->get();
  UrlParts parts;
  std::optional<std::string> url =
      GetPart(h, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  if (!url) return UrlError(ref, "invalid URL");
  parts.url = std::move(*url);
  parts.scheme = GetPart(h, CURLUPART_SCHEME).value_or("");
  parts.host = GetPart(h, CURLUPART_HOST).value_or("");
  parts.origin = OriginOf(h);
  parts.path_and_query = GetPart(h, CURLUPART_PATH).value_or("/");
  if (std::optional<std::string> query = GetPart(h, CURLUPART_QUERY);
      query && !query->empty()) {
    parts.path_and_query += "?" + *query;
  }
  return parts;
}

std::string UrlOrigin(std::string_view url) {
  Result<UrlParts> parts = ParseHttpUrl(url);
  return parts ? parts->origin : "";
}

std::string UrlHost(std::string_view url) {
  Result<UrlParts> parts = ParseHttpUrl(url);
  return parts ? parts->host : "";
}

}  // namespace newsline
