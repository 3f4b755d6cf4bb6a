// SIGKILL at random moments: a child process (case_kill_child) edits a case for ever - every edit journaled,
// a note edit every third, a save every seventh - and is killed after a random 0-40 ms, 120 times in a row on
// the same case. After every kill the case must open, hold every edit the child had acknowledged (and at most
// the one it was writing), with labels equal to replaying the edits, and a note no older than the last one acknowledged.
#include "case_edits.h"
#include "viewer/support.h"

#include <hccws/case/case_folder.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace hccws;
namespace fs = std::filesystem;

namespace {

struct ChildRun {
  std::uint64_t ready = 0, lastAck = 0, saves = 0, lastNote = 0;
  bool gotReady = false;
  int status = 0;
};

// Starts the child, waits for "ready", lets it run `runFor`, kills it and reads what it acknowledged.
ChildRun runAndKill(const std::string& caseDir, std::chrono::microseconds runFor) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(HCCWS_CASE_KILL_CHILD, HCCWS_CASE_KILL_CHILD, caseDir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  ChildRun run;
  std::string buffer;
  auto drain = [&](int timeoutMs) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0) return false;
    char chunk[4096];
    const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  const auto start = std::chrono::steady_clock::now();
  while (buffer.find('\n') == std::string::npos && std::chrono::steady_clock::now() - start < std::chrono::seconds(20))
    if (!drain(100) && ::waitpid(pid, &run.status, WNOHANG) == pid) break;
  std::this_thread::sleep_for(runFor);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &run.status, 0);
  while (drain(0)) {
  }
  ::close(fds[0]);
  std::istringstream lines(buffer);
  std::string word;
  unsigned long long v = 0;
  while (lines >> word >> v) {
    if (word == "ready") {
      run.gotReady = true;
      run.ready = v;
    } else if (word == "J") {
      run.lastAck = v;
    } else if (word == "N") {
      run.lastNote = v;
    } else if (word == "S") {
      ++run.saves;
    }
  }
  if (run.lastAck == 0) run.lastAck = run.ready;
  return run;
}

}  // namespace

TEST_CASE("SIGKILL while editing and saving, 120 times: the case always opens with every acknowledged edit",
          "[case][kill]") {
  const std::string root = test::scratchDir("case_kill");
  fs::create_directories(root + "/series");
  std::ofstream(root + "/series/a.dcm") << "source";
  cases::CaseManifest m;
  m.patientId = "KILL-TEST";
  cases::SourceSeries s;
  s.path = root + "/series";
  m.sources.push_back(s);
  const core::LabelMap empty = test::caseGrid();
  { cases::CaseFolder c = cases::CaseFolder::create(root + "/case", m, &empty); }

  std::mt19937 rng(2026);
  std::uniform_int_distribution<int> delayUs(0, 40000);
  int trials = 0, withPending = 0, torn = 0, tempLeft = 0, inProgressKept = 0;
  std::uint64_t noteAcked = 0;  // the newest note edit any child acknowledged
  std::uint64_t totalEdits = 0, totalSaves = 0;
  for (int t = 0; t < 120; ++t) {
    const ChildRun run = runAndKill(root + "/case", std::chrono::microseconds(delayUs(rng)));
    INFO("trial " << t << ": ready " << run.ready << ", last acknowledged edit " << run.lastAck);
    REQUIRE(run.gotReady);
    REQUIRE(WIFSIGNALED(run.status));
    REQUIRE(WTERMSIG(run.status) == SIGKILL);
    for (const auto& e : fs::directory_iterator(root + "/case"))
      if (e.path().filename().string().find(".tmp-") != std::string::npos) {
        ++tempLeft;  // killed inside an atomic write
        break;
      }
    cases::CaseFolder c = cases::CaseFolder::open(root + "/case");
    REQUIRE_FALSE(c.readOnly());  // the kernel released the dead child's lock
    withPending += c.pending().any() ? 1 : 0;
    torn += c.pending().tornTail ? 1 : 0;
    core::LabelMap labels = c.readSavedSegmentation().value_or(test::caseGrid());
    c.recover(&labels);
    REQUIRE(c.manifest().segmentation);
    const std::uint64_t v = c.manifest().segmentation->version;
    CHECK(v >= run.lastAck);      // nothing acknowledged is lost
    CHECK(v <= run.lastAck + 1);  // at most the edit being acknowledged when the kill came
    inProgressKept += v == run.lastAck + 1 ? 1 : 0;
    CHECK(labels.labels.buffer() == test::afterEdits(v).labels.buffer());
    noteAcked = std::max(noteAcked, run.lastNote);
    if (!c.manifest().note.empty()) {
      const std::uint64_t noted = std::stoull(c.manifest().note.substr(std::string("after edit ").size()));
      CHECK(noted <= v);
      CHECK(noted % 3 == 0);
      CHECK(noted >= noteAcked);  // no acknowledged note edit lost
    } else {
      CHECK(noteAcked == 0);
    }
    totalEdits += run.lastAck - run.ready;
    totalSaves += run.saves;
    ++trials;
  }
  std::printf("case kill test: %d kills, %llu edits and %llu saves acknowledged in all; %d kills left journal records "
              "beyond the last save, %d a torn record, %d a temporary file of an interrupted atomic write; %d kept the "
              "edit being acknowledged\n",
              trials, static_cast<unsigned long long>(totalEdits), static_cast<unsigned long long>(totalSaves), withPending,
              torn, tempLeft, inProgressKept);
  CHECK(trials >= 100);
  CHECK(withPending > 0);  // the journal, not only the saves, carried edits across kills
  CHECK(totalSaves > 0);
}
