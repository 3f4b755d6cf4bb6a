// Measurement marks (marks.h): lengths and angles in world mm and degrees, the file round trip, refusals.
#include <hccws/core/errors.h>
#include <hccws/core/marks.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace hccws::core;

TEST_CASE("marks: lengths in world mm and angles in degrees", "[marks]") {
  CHECK(RulerMark{{0, 0, 0}, {3, 4, 12}}.lengthMm() == Approx(13.0));
  CHECK(AngleMark{{10, 0, 0}, {0, 0, 0}, {0, 5, 0}}.degrees() == Approx(90.0));
  CHECK(AngleMark{{1, 1, 0}, {0, 0, 0}, {1, 0, 0}}.degrees() == Approx(45.0));
  CHECK(AngleMark{{1, 0, 0}, {0, 0, 0}, {-2, 0, 0}}.degrees() == Approx(180.0));
  CHECK(AngleMark{{0, 0, 0}, {0, 0, 0}, {1, 0, 0}}.degrees() == 0.0);  // an arm without length
}

TEST_CASE("marks: the file keeps the points exactly and names the file when it is bad", "[marks]") {
  const std::string dir = hccws::test::scratchDir("marks");
  MeasurementMarks m;
  m.rulers.push_back({{-12.5, 40.25, -300.0}, {30.125, 41.0, -302.5}});
  m.angles.push_back({{1, 2, 3}, {4, 5, 6}, {7, 9, 6}});
  const std::string seg = dir + "/seg.nrrd";
  CHECK(marksSidecarPath(seg) == seg + ".marks.json");
  writeMarks(marksSidecarPath(seg), m);
  const MeasurementMarks back = readMarks(marksSidecarPath(seg));
  REQUIRE(back.rulers.size() == 1);
  REQUIRE(back.angles.size() == 1);
  CHECK(back.rulers[0].a == m.rulers[0].a);
  CHECK(back.rulers[0].b == m.rulers[0].b);
  CHECK(back.angles[0].vertex == m.angles[0].vertex);
  std::ifstream text(marksSidecarPath(seg));
  const std::string all((std::istreambuf_iterator<char>(text)), std::istreambuf_iterator<char>());
  CHECK(all.find("\"length_mm\"") != std::string::npos);
  CHECK(all.find("LPS mm") != std::string::npos);
  const auto bad = [&](const std::string& body, const std::string& msg) {
    std::ofstream(dir + "/bad.json") << body;
    CHECK_THROWS_WITH(readMarks(dir + "/bad.json"), Catch::Contains(dir + "/bad.json") && Catch::Contains(msg));
  };
  bad("[", "not valid JSON");
  bad("{\"format\": \"other\"}", "not a marks file");
  bad("{\"format\": \"hccws-marks\", \"version\": 2}", "version");
  bad("{\"format\": \"hccws-marks\", \"version\": 1, \"rulers\": [{\"a\": [0, 0]}]}", "rulers[0]");
  bad("{\"format\": \"hccws-marks\", \"version\": 1, \"angles\": [{\"a\": [0,0,0], \"vertex\": [0,0,0], \"b\": [0,0,\"x\"]}]}",
      "angles[0].b");
  CHECK_THROWS_WITH(readMarks(dir + "/none.json"), Catch::Contains("none.json"));
}
