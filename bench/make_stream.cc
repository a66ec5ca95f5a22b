// Writes a JSON Lines stream of news articles to stdout, for the streaming
// memory benchmark (bench/stream_memory.sh): the corpus' texts repeated with
// fresh ids until the given number of bytes.
//   make_stream BYTES
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_stream BYTES\n";
    return 2;
  }
  const unsigned long long limit = std::strtoull(argv[1], nullptr, 10);
  std::vector<std::string> texts;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(NEWSLINE_CORPUS_DIR)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    if (e.path().extension() == ".txt") texts.push_back(s.str());
    if (e.path().extension() == ".json") {
      auto j = nlohmann::json::parse(s.str(), nullptr, false);
      if (!j.is_discarded() && j.contains("text")) texts.push_back(j["text"]);
    }
  }
  std::sort(texts.begin(), texts.end());
  std::ios::sync_with_stdio(false);
  unsigned long long written = 0;
  for (size_t i = 0; written < limit; ++i) {
    nlohmann::json j;
    j["id"] = "stream-" + std::to_string(i);
    j["published"] = "2024-06-05";
    j["text"] = texts[i % texts.size()];
    const std::string line = j.dump() + "\n";
    std::cout << line;
    written += line.size();
  }
  return 0;
}
