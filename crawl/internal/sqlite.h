// Thin RAII over the sqlite3 C API for crawl/state.cc. Private to crawl/.
//
// Db owns a connection, Statement a prepared statement; both close in their
// destructor. SQLite result codes become Error values naming the database
// file. Neither type is thread-safe: the owner serializes access.
#ifndef NEWSLINE_CRAWL_INTERNAL_SQLITE_H_
#define NEWSLINE_CRAWL_INTERNAL_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace newsline::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

class Db;

// A prepared statement, reset after each use by its users (Step returns
// SQLITE_ROW / SQLITE_DONE; Reset clears bindings too).
class Statement {
 public:
  Statement() = default;

  // 1-based parameter index, as in SQLite.
  void Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_.get(), index, value);
  }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_.get(), index, text.data(),
                      static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob(stmt_.get(), index, bytes.data(),
                      static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int index) { sqlite3_bind_null(stmt_.get(), index); }

  int Step() { return sqlite3_step(stmt_.get()); }
  void Reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }

  // 0-based column index.
  int64_t Int(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
  }
  bool IsNull(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
  }
  std::string Text(int column) const {
    const auto* p = sqlite3_column_blob(stmt_.get(), column);
    const int n = sqlite3_column_bytes(stmt_.get(), column);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n))
             : std::string();
  }

 private:
  friend class Db;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
};

// Resets a statement when leaving a scope, whatever the path out.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& s) : s_(s) {}
  ~ResetOnExit() { s_.Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& s_;
};

class Db {
 public:
  static Result<Db> Open(const std::string& path) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &raw,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        nullptr);
    Db db;
    db.db_.reset(raw);
    db.path_ = path;
    if (rc != SQLITE_OK) return std::unexpected(db.ErrorOf(rc, "open"));
    sqlite3_extended_result_codes(raw, 1);
    return db;
  }

  Result<Statement> Prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    Statement s;
    s.stmt_.reset(raw);
    if (rc != SQLITE_OK) return std::unexpected(ErrorOf(rc, sql));
    return s;
  }

  // Runs one or more statements that return no rows.
  Result<void> Exec(std::string_view sql) {
    const std::string text(sql);
    const int rc =
        sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(ErrorOf(rc, sql));
    return {};
  }

  // Runs a statement whose first row's first column is an integer.
  Result<int64_t> QueryInt(std::string_view sql) {
    auto s = Prepare(sql);
    if (!s) return std::unexpected(s.error());
    const int rc = s->Step();
    if (rc == SQLITE_ROW) return s->Int(0);
    if (rc == SQLITE_DONE) return 0;
    return std::unexpected(ErrorOf(rc, sql));
  }

  // An Error for result code `rc` of `what` (a statement or an action).
  Error ErrorOf(int rc, std::string_view what) const {
    std::string message = "SQLite: ";
    message += db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc);
    std::string doing(what.substr(0, 60));
    for (char& c : doing) {
      if (c == '\n') c = ' ';
    }
    message += " (" + doing + (what.size() > 60 ? "...)" : ")");
    return Error{ErrorCode::kIo, path_, std::move(message)};
  }

  sqlite3* get() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  std::unique_ptr<sqlite3, DbCloser> db_;
  std::string path_;
};

}  // namespace newsline::sqlite

#endif  // NEWSLINE_CRAWL_INTERNAL_SQLITE_H_
