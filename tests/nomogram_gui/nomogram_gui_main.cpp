// Main of the nomogram GUI tests: widgets need one QApplication for the whole Catch2 session.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  return Catch::Session().run(argc, argv);
}
