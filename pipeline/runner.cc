#include "pipeline/runner.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace newsline {

RunStats RunPipeline(const ArticleSource& source, const Analyzer& analyzer,
                     int jobs, const ArticleSink& sink) {
  RunStats stats;
  auto emit = [&](AnalyzedArticle&& a) {
    ++stats.articles;
    if (!a.errors.empty()) ++stats.failed;
    sink(std::move(a));
  };
  if (jobs <= 1) {
    RawArticle raw;
    for (size_t index = 0; source(&raw); ++index) {
      stats.bytes += raw.text.size() + raw.html.size();
      emit(analyzer.Analyze(std::move(raw), index));
      raw = RawArticle();
    }
    return stats;
  }

  std::mutex mu;
  std::condition_variable work_ready, result_ready;
  std::deque<std::pair<size_t, RawArticle>> queue;
  std::map<size_t, AnalyzedArticle> done;
  bool no_more_input = false;

  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) {
    workers.emplace_back([&] {
      for (;;) {
        std::pair<size_t, RawArticle> task;
        {
          std::unique_lock lock(mu);
          work_ready.wait(lock,
                          [&] { return !queue.empty() || no_more_input; });
          if (queue.empty()) return;
          task = std::move(queue.front());
          queue.pop_front();
        }
        AnalyzedArticle result =
            analyzer.Analyze(std::move(task.second), task.first);
        {
          std::lock_guard lock(mu);
          done.emplace(task.first, std::move(result));
        }
        result_ready.notify_one();
      }
    });
  }

  // Enough in flight to keep every worker busy, few enough to bound memory.
  const size_t window = static_cast<size_t>(jobs) * 4;
  size_t next_read = 0, next_emit = 0;
  bool eof = false;
  for (;;) {
    while (!eof && next_read - next_emit < window) {
      RawArticle raw;
      if (!source(&raw)) {
        eof = true;
        break;
      }
      stats.bytes += raw.text.size() + raw.html.size();
      {
        std::lock_guard lock(mu);
        queue.emplace_back(next_read++, std::move(raw));
      }
      work_ready.notify_one();
    }
    if (eof) {
      {
        std::lock_guard lock(mu);
        no_more_input = true;
      }
      work_ready.notify_all();
    }
    if (next_emit == next_read) {
      if (eof) break;
      continue;
    }
    AnalyzedArticle result;
    {
      std::unique_lock lock(mu);
      result_ready.wait(lock, [&] { return done.count(next_emit) > 0; });
      auto it = done.find(next_emit);
      result = std::move(it->second);
      done.erase(it);
    }
    ++next_emit;
    emit(std::move(result));
  }
  for (std::thread& t : workers) t.join();
  return stats;
}

}  // namespace newsline
