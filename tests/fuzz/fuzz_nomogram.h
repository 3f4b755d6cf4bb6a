#pragma once
// Helpers for the nomogram/survival harnesses (nomogram/core).
#include "fuzz_target.h"

#include <hccws/survival/types.h>

namespace hccws::fuzz {

inline bool isSurvivalError(const std::exception& e) { return dynamic_cast<const surv::SurvivalError*>(&e) != nullptr; }

template <typename Body>
void survivalCall(Body&& body) {
  expectRefusal(body, isSurvivalError);
}

}  // namespace hccws::fuzz
