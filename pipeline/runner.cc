#include "pipeline/runner.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace newsline {
namespace {

// The size of the batches handed to Analyzer::AnalyzeBatch. The larger the
// batch, the more each rule's automaton is reused while warm: on news text a
// single job runs about 17% faster with 1 MB batches than article by
// article, 10% with 256 KB. With several jobs, batches start small and
// double, so that every worker has work on short inputs too. A single job
// starts at the full size: each batch pays for loading every rule's
// automaton into the caches again, and the ramp's four small batches cost a
// 4 MB run 3.5% of its speed (the first results still come within a
// second).
// A batch is held whole, with its mentions (about 40 bytes per byte of
// figure-dense text): all batches in flight together hold at most
// kInFlightBytes of text, whatever the number of jobs, which bounds memory.
constexpr size_t kBatchArticles = 1000;
constexpr size_t kFirstBatchBytes = 64 << 10;
constexpr size_t kMaxBatchBytes = 1 << 20;
constexpr size_t kInFlightBytes = 4 << 20;

}  // namespace

RunStats RunPipeline(const ArticleSource& source, const Analyzer& analyzer,
                     int jobs, const ArticleSink& sink,
                     const SourceWouldBlock& would_block) {
  RunStats stats;
  auto emit = [&](AnalyzedArticle&& a) {
    ++stats.articles;
    if (!a.errors.empty()) ++stats.failed;
    sink(std::move(a));
  };
  // Articles go to the analyzer in batches (see Analyzer::AnalyzeBatch).
  // Enough batches in flight to keep every worker busy.
  const size_t window = jobs <= 1 ? 1 : static_cast<size_t>(jobs) * 2;
  const size_t max_batch =
      std::clamp(kInFlightBytes / window, kFirstBatchBytes, kMaxBatchBytes);
  size_t next_read = 0;
  bool eof = false;
  size_t batch_limit = jobs <= 1 ? max_batch : kFirstBatchBytes;
  auto blocked = [&] { return would_block && would_block(); };
  auto read_batch = [&](std::vector<RawArticle>* batch) {
    batch->clear();
    size_t batch_bytes = 0;
    while (!eof && batch->size() < kBatchArticles &&
           batch_bytes < batch_limit) {
      if (!batch->empty() && blocked()) break;
      RawArticle raw;
      if (!source(&raw)) {
        eof = true;
        break;
      }
      const size_t bytes = raw.text.size() + raw.html.size();
      stats.bytes += bytes;
      batch_bytes += bytes;
      batch->push_back(std::move(raw));
    }
    batch_limit = std::min(batch_limit * 2, max_batch);
    const size_t first = next_read;
    next_read += batch->size();
    return first;
  };
  if (jobs <= 1) {
    std::vector<RawArticle> batch;
    while (!eof) {
      const size_t first = read_batch(&batch);
      if (batch.empty()) break;
      for (AnalyzedArticle& a : analyzer.AnalyzeBatch(std::move(batch), first))
        emit(std::move(a));
      batch = std::vector<RawArticle>();
    }
    return stats;
  }

  std::mutex mu;
  std::condition_variable work_ready, result_ready;
  std::deque<std::pair<size_t, std::vector<RawArticle>>> queue;
  std::map<size_t, AnalyzedArticle> done;
  bool no_more_input = false;

  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) {
    workers.emplace_back([&] {
      for (;;) {
        std::pair<size_t, std::vector<RawArticle>> task;
        {
          std::unique_lock lock(mu);
          work_ready.wait(lock,
                          [&] { return !queue.empty() || no_more_input; });
          if (queue.empty()) return;
          task = std::move(queue.front());
          queue.pop_front();
        }
        std::vector<AnalyzedArticle> results =
            analyzer.AnalyzeBatch(std::move(task.second), task.first);
        {
          std::lock_guard lock(mu);
          for (size_t i = 0; i < results.size(); ++i)
            done.emplace(task.first + i, std::move(results[i]));
        }
        result_ready.notify_one();
      }
    });
  }

  size_t batches_in_flight = 0;
  std::deque<size_t> batch_ends;  // first index after each batch in flight
  size_t next_emit = 0;
  // Set when the source would wait: the batches in flight are emitted, all
  // of them, before it is asked again (each question may wait a moment).
  bool draining = false;
  for (;;) {
    if (batches_in_flight == 0) draining = false;
    while (!draining && !eof && batches_in_flight < window) {
      if (batches_in_flight > 0 && blocked()) {
        draining = true;
        break;
      }
      std::vector<RawArticle> batch;
      const size_t first = read_batch(&batch);
      if (batch.empty()) break;
      batch_ends.push_back(next_read);
      ++batches_in_flight;
      {
        std::lock_guard lock(mu);
        queue.emplace_back(first, std::move(batch));
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
    if (next_emit == batch_ends.front()) {
      batch_ends.pop_front();
      --batches_in_flight;
    }
    emit(std::move(result));
  }
  for (std::thread& t : workers) t.join();
  return stats;
}

}  // namespace newsline
