// Validates newsline output against schema/timeline.schema.json with
// valijson. Test-only.
#ifndef NEWSLINE_TESTS_TESTING_SCHEMA_H_
#define NEWSLINE_TESTS_TESTING_SCHEMA_H_

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace newsline::testing {

class SchemaChecker {
 public:
  // `definition` "" validates a whole timeline; "articleLine" a JSONL line.
  explicit SchemaChecker(const std::string& definition = "") {
    std::ifstream in("schema/timeline.schema.json");
    nlohmann::json doc = nlohmann::json::parse(in);
    if (!definition.empty()) {
      nlohmann::json sub;
      sub["definitions"] = doc["definitions"];
      sub["$ref"] = "#/definitions/" + definition;
      doc = sub;
    }
    schema_doc_ = doc;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema_doc_);
    parser.populateSchema(adapter, schema_);
  }

  // "" when valid, else the validation errors, one per line.
  std::string Check(const nlohmann::json& value) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(value);
    if (validator.validate(schema_, target, &results)) return "";
    std::ostringstream out;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      for (const std::string& c : error.context) out << c;
      out << ": " << error.description << "\n";
    }
    return out.str();
  }

 private:
  nlohmann::json schema_doc_;
  valijson::Schema schema_;
};

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_TESTING_SCHEMA_H_
