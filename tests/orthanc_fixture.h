#pragma once
// A real Orthanc for the PACS tests (Debian orthanc, orthanc-dicomweb): started on free loopback ports with a
// temporary storage folder, Basic authentication (user hccws, password s3cret), DICOMweb at /dicom-web/ and a
// DIMSE port (AE title ORTHANCTEST, this workstation known as HCCWS), stopped by stop() or the destructor.
// Header-only (tests/app and tests/gui share it).
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace hccws::test {

// Whether something listens on 127.0.0.1:port (a TCP connect).
inline bool portOpen(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return open;
}

inline int freePort() {
  std::mt19937 rng(static_cast<unsigned>(::getpid()) * 7919u +
                   static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  for (int tries = 0; tries < 100; ++tries) {
    const int p = 20000 + static_cast<int>(rng() % 20000);
    if (!portOpen(p)) return p;
  }
  return 0;
}

inline bool orthancInstalled() {
  return std::filesystem::exists("/usr/sbin/Orthanc") && std::filesystem::exists("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
}

struct OrthancServer {
  std::string dir, url;
  int http = 0, dicom = 0;
  pid_t pid = -1;

  explicit OrthancServer(const std::string& folder) : dir(folder) {
    std::filesystem::create_directories(dir + "/db");
    http = freePort();
    dicom = freePort();
    url = "http://127.0.0.1:" + std::to_string(http) + "/dicom-web";
    std::ofstream cfg(dir + "/orthanc.json");
    cfg << nlohmann::json({{"Name", "HCCWS-TEST"}, {"StorageDirectory", dir + "/db"}, {"IndexDirectory", dir + "/db"},
                           {"HttpPort", http}, {"DicomPort", dicom}, {"RemoteAccessAllowed", false},
                           {"AuthenticationEnabled", true}, {"RegisteredUsers", {{"hccws", "s3cret"}}},
                           {"Plugins", {"/usr/share/orthanc/plugins/libOrthancDicomWeb.so"}},
                           {"DicomWeb", {{"Enable", true}, {"Root", "/dicom-web/"}}}, {"StableAge", 1},
                           {"DicomAet", "ORTHANCTEST"}, {"DicomModalities", {{"hccws", {"HCCWS", "127.0.0.1", 11112}}}}})
               .dump(1);
  }
  // Starts it and waits until both ports answer (false after 20 s; its log is dir/orthanc.log).
  bool start() {
    const pid_t child = fork();
    if (child == 0) {
      const std::string log = dir + "/orthanc.log";
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      execl("/usr/sbin/Orthanc", "Orthanc", (dir + "/orthanc.json").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    pid = child;
    for (int i = 0; i < 200; ++i) {
      if (portOpen(http) && portOpen(dicom)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  void stop() {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
  }
  // Empties its storage (stopped and started again).
  bool restartEmpty() {
    stop();
    std::filesystem::remove_all(dir + "/db");
    std::filesystem::create_directories(dir + "/db");
    return start();
  }
  ~OrthancServer() { stop(); }
};

}  // namespace hccws::test
