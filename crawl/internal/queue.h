// A bounded blocking queue between the crawler's threads (fetch → analysis
// → writer). Private to crawl/.
//
// Push blocks while the queue is full, which is how a slow writer or slow
// analysis holds back fetching and keeps memory bounded. Close wakes every
// waiter: Push then fails and Pop drains what is left. Thread-safe.
#ifndef NEWSLINE_CRAWL_INTERNAL_QUEUE_H_
#define NEWSLINE_CRAWL_INTERNAL_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace newsline::internal {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Returns false (dropping `item`) once the queue is closed.
  bool Push(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Waits for an item; false when the queue is closed and empty.
  bool Pop(T* item) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    *item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }

  // Waits for at least one item, then takes up to `max`; empty when the
  // queue is closed and drained.
  std::vector<T> PopSome(size_t max) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    std::vector<T> out;
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    not_full_.notify_all();
    return out;
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace newsline::internal

#endif  // NEWSLINE_CRAWL_INTERNAL_QUEUE_H_
