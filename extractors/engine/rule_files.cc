#include "extractors/engine/rule_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "extractors/engine/embedded_rules.h"

namespace newsline {
namespace {

std::string SourcePath(std::string_view extractor, std::string_view name) {
  return "extractors/" + std::string(extractor) + "/rules/" + std::string(name);
}

}  // namespace

std::vector<std::string> RuleExtractors() {
  std::set<std::string> names;
  for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
    std::string_view p = f.path;  // extractors/<x>/rules/<file>
    p.remove_prefix(std::string_view("extractors/").size());
    names.emplace(p.substr(0, p.find('/')));
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> RuleLanguages(std::string_view extractor,
                                       const std::string& rules_dir) {
  std::set<std::string> langs;
  const std::string prefix = SourcePath(extractor, "");
  auto add = [&](std::string_view file) {
    if (file.size() > 6 && file.ends_with(".rules")) {
      langs.emplace(file.substr(0, file.size() - 6));
    }
  };
  if (rules_dir.empty()) {
    for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
      std::string_view p = f.path;
      if (p.starts_with(prefix)) add(p.substr(prefix.size()));
    }
  } else {
    std::error_code ec;
    std::filesystem::path dir =
        std::filesystem::path(rules_dir) / std::string(extractor) / "rules";
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      add(entry.path().filename().string());
    }
  }
  return {langs.begin(), langs.end()};
}

std::optional<RuleFile> ReadRuleFile(std::string_view extractor,
                                     std::string_view name,
                                     const std::string& rules_dir) {
  const std::string source = SourcePath(extractor, name);
  if (rules_dir.empty()) {
    for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
      if (f.path == source) return RuleFile{source, std::string(f.contents)};
    }
    return std::nullopt;
  }
  std::filesystem::path path = std::filesystem::path(rules_dir) /
                               std::string(extractor) / "rules" /
                               std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  return RuleFile{path.string(), buf.str()};
}

Result<RulePack> LoadRulePack(std::string_view extractor, std::string_view lang,
                              const std::string& rules_dir) {
  auto file = ReadRuleFile(extractor, std::string(lang) + ".rules", rules_dir);
  if (!file) {
    return MakeError(ErrorCode::kUnsupported,
                     SourcePath(extractor, std::string(lang) + ".rules"),
                     "no " + std::string(extractor) + " rules for language \"" +
                         std::string(lang) + "\"");
  }
  return RulePack::Parse(file->contents, file->path);
}

}  // namespace newsline
