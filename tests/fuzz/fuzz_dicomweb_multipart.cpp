// Target dicomweb_multipart: a PACS's WADO-RS answer (app/pacs/src/dicomweb.cpp multipartParts): the first line
// is the answer's Content-Type, the rest its body. Any answer is parts or a PacsError saying why not.
#include "fuzz_target.h"

#include <hccws/pacs/dicomweb.h>

HCCWS_FUZZ_TARGET(dicomweb_multipart) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto eol = text.find('\n');
  const std::string contentType = eol == std::string::npos ? text : text.substr(0, eol);
  const std::string body = eol == std::string::npos ? std::string() : text.substr(eol + 1);
  fuzz::expectRefusal([&] {
    const auto parts = pacs::multipartParts(body, contentType);
    std::size_t total = 0;
    for (const auto& p : parts) total += p.size();
    if (total > body.size()) __builtin_trap();  // parts come out of the body: never larger
  }, [](const std::exception& e) { return dynamic_cast<const pacs::PacsError*>(&e) != nullptr; });
  return 0;
}
