// HTML extraction throughput: bytes of HTML per second through ExtractHtml
// (decoding, parsing, boilerplate removal, metadata), one thread.
// Pages: every *.html / *.html.gz under $NEWSLINE_HTML_DIR when it is set,
// else the HTML fixtures bundled in tests/input/data and corpus/*/.
// Run: build/bench/html_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>
#include <libxml/HTMLparser.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/decode.h"
#include "pipeline/html.h"

namespace newsline {
namespace {

namespace fs = std::filesystem;

std::string ReadGzip(const fs::path& path) {
  std::string out;
  gzFile file = gzopen(path.string().c_str(), "rb");
  if (file == nullptr) return out;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, n);
  gzclose(file);
  return out;
}

std::string ReadPlain(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void AddPages(const fs::path& dir, std::vector<std::string>* pages) {
  std::error_code ec;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".html") || name.ends_with(".htm") ||
        name.ends_with(".html.gz")) {
      paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    std::string bytes = p.extension() == ".gz" ? ReadGzip(p) : ReadPlain(p);
    if (!bytes.empty()) pages->push_back(std::move(bytes));
  }
}

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> out;
    if (const char* dir = std::getenv("NEWSLINE_HTML_DIR");
        dir != nullptr && *dir != '\0') {
      AddPages(dir, &out);
    } else {
      AddPages(fs::path(NEWSLINE_SOURCE_DIR) / "tests/input/data", &out);
      AddPages(fs::path(NEWSLINE_SOURCE_DIR) / "corpus", &out);
    }
    return out;
  }();
  return pages;
}

void BM_ExtractHtml(benchmark::State& state) {
  const auto& pages = Pages();
  if (pages.empty()) {
    state.SkipWithError("no HTML pages found");
    return;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& page : pages) {
      Result<HtmlArticle> article = ExtractHtml(page, "bench");
      benchmark::DoNotOptimize(article);
      bytes += static_cast<int64_t>(page.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["pages"] = static_cast<double>(pages.size());
}
BENCHMARK(BM_ExtractHtml)->Unit(benchmark::kMillisecond);

// The floor under BM_ExtractHtml: libxml2 parsing the same pages, decoded
// to UTF-8 beforehand, into a tree and freeing it, with the options
// ExtractHtml uses.
void BM_LibXml2ParseOnly(benchmark::State& state) {
  std::vector<std::string> pages;
  for (const std::string& page : Pages()) {
    Result<std::string> utf8 = DecodeHtml(page, "", "bench");
    if (utf8) pages.push_back(std::move(*utf8));
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& page : pages) {
      htmlDocPtr doc = htmlReadMemory(
          page.data(), static_cast<int>(page.size()), nullptr, "UTF-8",
          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
              HTML_PARSE_NONET | HTML_PARSE_COMPACT);
      benchmark::DoNotOptimize(doc);
      xmlFreeDoc(doc);
      bytes += static_cast<int64_t>(page.size());
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_LibXml2ParseOnly)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsline

BENCHMARK_MAIN();
