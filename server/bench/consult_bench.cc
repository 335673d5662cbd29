// tsunagu-consult-bench: how long a consultation request takes to reach the clinicians on duty
// (issue 6: < 200 ms p99). Against a real server on 127.0.0.1: C clinicians go on duty, then
// P patients each send consult_request (and cancel it once every clinician has seen it), one
// after another at a steady rate; the latency of a request is measured from the patient's send
// to each clinician's consult_queue carrying `arrived` = its id. One summary JSON line at the
// end. Roles are set through the admin API with --admin-token.
//
//   tsunagu-consult-bench --port N --admin-token T [--clinicians 20] [--patients 200]
//                         [--rate 20]
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
  unsigned short port = 0;
  std::string admin_token;
  int clinicians = 20;
  int patients = 200;
  double rate = 20;  // requests per second
};

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--port") o.port = static_cast<unsigned short>(std::stoi(value));
    else if (flag == "--admin-token") o.admin_token = value;
    else if (flag == "--clinicians") o.clinicians = std::stoi(value);
    else if (flag == "--patients") o.patients = std::stoi(value);
    else if (flag == "--rate") o.rate = std::stod(value);
    else return std::nullopt;
  }
  if (o.port == 0 || o.admin_token.empty() || o.clinicians < 1 || o.clinicians > 500 ||
      o.patients < 1 || o.patients > 100000 || o.rate <= 0 || o.rate > 1000) {
    return std::nullopt;
  }
  return o;
}

json http_json(unsigned short port, http::verb verb, const std::string& target, const json& body,
               const std::string& token = "") {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(http::field::content_type, "application/json");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  if (!body.is_null()) req.body() = body.dump();
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  if (res.result_int() >= 300) {
    throw std::runtime_error(target + ": HTTP " + std::to_string(res.result_int()) + " " + res.body());
  }
  return res.body().empty() ? json() : json::parse(res.body());
}

// A signed-in person with an open WebSocket in the plaza.
class Person {
 public:
  Person(const Options& o, const std::string& name, const std::string& role) : ws_(io_) {
    auto session = http_json(o.port, http::verb::post, "/api/session",
                             {{"name", name}, {"avatar", 0}, {"rules_version", 1}});
    token_ = session["token"];
    if (role != "guest") {
      const auto id = session["user"]["id"].get<std::int64_t>();
      http_json(o.port, http::verb::post, "/api/admin/users/" + std::to_string(id) + "/role",
                {{"role", role}}, o.admin_token);
    }
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), o.port));
    ws_.handshake("127.0.0.1:" + std::to_string(o.port), "/ws");
    send({{"type", "hello"}, {"v", 1}, {"token", token_}});
    until("welcome");
  }
  void send(const json& m) {
    std::lock_guard lock(write_);
    ws_.text(true);
    ws_.write(asio::buffer(m.dump()));
  }
  json read() {
    buffer_.clear();
    ws_.read(buffer_);
    return json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
  }
  json until(const std::string& type) {
    for (;;) {
      json m = read();
      if (m.is_object() && m.value("type", "") == type) return m;
      if (m.is_object() && m.value("type", "") == "error") throw std::runtime_error(m.dump());
    }
  }
  void close() {
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
  }
  // Ends a blocking read on another thread (the clinicians' readers at the end of the run).
  void shut() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
  }

 private:
  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::string token_;
  std::mutex write_;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p * static_cast<double>(v.size()))));
  return v[std::min(rank, v.size()) - 1];
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse(argc, argv);
  if (!options) {
    std::cerr << "usage: tsunagu-consult-bench --port N --admin-token T [--clinicians 20] "
                 "[--patients 200] [--rate 20]\n";
    return 2;
  }
  const Options& o = *options;
  try {
    std::vector<std::unique_ptr<Person>> doctors;
    for (int i = 0; i < o.clinicians; ++i) {
      doctors.push_back(std::make_unique<Person>(o, "clinic" + std::to_string(i), "clinician"));
      doctors.back()->send({{"type", "duty"}, {"on", true}});
      doctors.back()->until("consult_queue");
    }
    // Send times by request id, and the latencies seen by every clinician.
    std::mutex mutex;
    std::map<std::int64_t, Clock::time_point> sent;
    std::map<std::int64_t, int> seen;
    std::vector<double> latencies_ms;
    std::atomic<int> remaining{o.patients * o.clinicians};
    std::vector<std::thread> readers;
    for (auto& d : doctors) {
      readers.emplace_back([&, doctor = d.get()] {
        while (remaining.load() > 0) {
          json m;
          try {
            m = doctor->read();
          } catch (const std::exception&) {
            return;  // closed at the end
          }
          if (!m.is_object() || m.value("type", "") != "consult_queue" || !m["arrived"].is_number()) continue;
          const auto now = Clock::now();
          std::lock_guard lock(mutex);
          const auto id = m["arrived"].get<std::int64_t>();
          auto at = sent.find(id);
          if (at == sent.end()) continue;
          latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - at->second).count());
          ++seen[id];
          --remaining;
        }
      });
    }
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.rate));
    auto next = Clock::now();
    int errors = 0;
    const auto started = Clock::now();
    for (int i = 0; i < o.patients; ++i) {
      Person patient(o, "patient" + std::to_string(i), "guest");
      std::this_thread::sleep_until(next);
      next += period;
      Clock::time_point t0;
      {
        std::lock_guard lock(mutex);  // the id is known only from the reply: hold the readers off
        t0 = Clock::now();
        patient.send({{"type", "consult_request"}, {"topic", "migraine"}, {"observers", true}, {"keep_note", true}});
        json status = patient.until("consult_status");
        if (status.value("state", "") != "waiting") {
          ++errors;
          continue;
        }
        sent[status["id"].get<std::int64_t>()] = t0;
      }
      patient.send({{"type", "consult_cancel"}});
      patient.until("consult_status");
      patient.close();
    }
    // Wait (bounded) for the last arrivals, then stop the readers.
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (remaining.load() > 0 && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const int missing = std::max(0, remaining.load());
    remaining = 0;
    for (auto& d : doctors) d->shut();
    for (auto& t : readers) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    json summary = {{"clinicians", o.clinicians},
                    {"requests", o.patients},
                    {"deliveries", latencies_ms.size()},
                    {"missing", missing},
                    {"errors", errors},
                    {"seconds", seconds},
                    {"p50_ms", percentile(latencies_ms, 0.5)},
                    {"p99_ms", percentile(latencies_ms, 0.99)},
                    {"max_ms", latencies_ms.empty() ? 0.0 : latencies_ms.back()}};
    std::cout << summary.dump() << std::endl;
    return missing == 0 && errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "consult-bench: " << e.what() << "\n";
    return 1;
  }
}
