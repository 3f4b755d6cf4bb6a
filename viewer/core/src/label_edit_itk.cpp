#include "label_edit_itk.h"

#include <itkProcessObject.h>

#include <string>

namespace hccws::core::detail {

Mask3::Pointer cropMask(const Volume<std::uint8_t>& v, std::uint8_t value, const IndexBox& box, bool invert) {
  const Geometry& g = v.geometry();
  auto image = Mask3::New();
  Mask3::RegionType region;
  Mask3::SpacingType sp;
  Mask3::PointType org;
  Mask3::DirectionType dir;
  const Vec3 o = g.indexToWorld({double(box.lo[0]), double(box.lo[1]), double(box.lo[2])});
  for (unsigned a = 0; a < 3; ++a) {
    region.SetIndex(a, 0);
    region.SetSize(a, box.hi[a] - box.lo[a]);
    sp[a] = g.spacingMm[a];
    org[a] = o[a];
    for (unsigned b = 0; b < 3; ++b) dir(a, b) = g.direction[3 * a + b];
  }
  image->SetRegions(region);
  image->SetSpacing(sp);
  image->SetOrigin(org);
  image->SetDirection(dir);
  image->Allocate();
  std::uint8_t* dst = image->GetBufferPointer();
  const std::uint8_t inside = invert ? 0 : 1;
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
      const std::uint8_t* row = v.data() + g.linearIndex(box.lo[0], j, k);
      for (std::size_t i = 0; i < box.hi[0] - box.lo[0]; ++i) *dst++ = row[i] == value ? inside : 1 - inside;
    }
  return image;
}

void updateWithProgress(itk::ProcessObject* filter, const ProgressScope& scope, const char* stage) {
  bool cancelled = false;
  auto observer = itk::CStyleCommand::New();
  struct Ctx {
    const ProgressScope* scope;
    const char* stage;
    bool* cancelled;
  } ctx{&scope, stage, &cancelled};
  observer->SetClientData(&ctx);
  observer->SetCallback([](itk::Object* caller, const itk::EventObject&, void* data) {
    auto* c = static_cast<Ctx*>(data);
    auto* po = static_cast<itk::ProcessObject*>(caller);
    try {
      c->scope->report(po->GetProgress(), c->stage);
    } catch (const Cancelled&) {
      *c->cancelled = true;
      po->AbortGenerateDataOn();
    }
  });
  const unsigned long tag = filter->AddObserver(itk::ProgressEvent(), observer);
  try {
    filter->Update();
  } catch (const itk::ProcessAborted&) {
    filter->RemoveObserver(tag);
    throw Cancelled();
  }
  filter->RemoveObserver(tag);
  if (cancelled) throw Cancelled();
}

}  // namespace hccws::core::detail
