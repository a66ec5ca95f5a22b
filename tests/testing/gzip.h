// gzip-framed compression for test fixtures and benchmarks: sitemap.xml.gz,
// pages served with Content-Encoding: gzip, gzip bombs. Test code only.
#ifndef NEWSLINE_TESTS_TESTING_GZIP_H_
#define NEWSLINE_TESTS_TESTING_GZIP_H_

#include <zlib.h>

#include <string>
#include <string_view>

namespace newsline::testing {

// `data` compressed with gzip framing (RFC 1952) in one call.
inline std::string Gzip(std::string_view data, int level = Z_BEST_SPEED) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_TESTING_GZIP_H_
