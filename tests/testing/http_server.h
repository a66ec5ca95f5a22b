// A real HTTP server on 127.0.0.1 for tests of fetching and crawling.
//
// Tests register cpp-httplib handlers for their fixture site, call Start, and
// point newsline at base_url(). The server runs on its own thread on a port
// the kernel picks, and stops when the object is destroyed.
//
// Example:
//   TestHttpServer site;
//   site.server().Get("/feed.xml", [](const httplib::Request&,
//                                     httplib::Response& res) {
//     res.set_content(kFeed, "application/rss+xml");
//   });
//   site.Start();
//   Fetch(site.base_url() + "/feed.xml");
#ifndef NEWSLINE_TESTS_TESTING_HTTP_SERVER_H_
#define NEWSLINE_TESTS_TESTING_HTTP_SERVER_H_

#include <httplib.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace newsline::testing {

class TestHttpServer {
 public:
  TestHttpServer() = default;
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;
  ~TestHttpServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  // Register handlers here before Start.
  httplib::Server& server() { return server_; }

  // Binds a free port on 127.0.0.1 and serves until destruction. Aborts the
  // test binary if no port can be bound: nothing sensible can follow.
  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) std::abort();
    // The socket already listens, so clients may connect before the accept
    // loop starts: their connections wait in the backlog.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }

  int port() const { return port_; }
  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_TESTING_HTTP_SERVER_H_
