// DIMSE through DCMTK's DcmSCU (dimse.h).
#include "hccws/pacs/dimse.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace hccws::pacs {

namespace {

namespace fs = std::filesystem;

const char* const kStorageClasses[] = {UID_CTImageStorage,          UID_EnhancedCTImageStorage, UID_MRImageStorage,
                                       UID_SegmentationStorage,     UID_EncapsulatedPDFStorage, UID_SecondaryCaptureImageStorage};

// A DcmSCU whose C-STORE sub-operations (during C-GET) land as <SOPInstanceUID>.dcm in a folder.
class Scu : public DcmSCU {
 public:
  std::string folder;
  int stored = 0;
  std::uint64_t bytes = 0;
  std::string failure;

 protected:
  OFCondition handleSTORERequest(const T_ASC_PresentationContextID presID, DcmDataset* incoming, OFBool& cont,
                                 Uint16& status) override {
    std::unique_ptr<DcmDataset> d(incoming);
    cont = OFTrue;
    OFString uid, sopClass;
    if (!d || d->findAndGetOFString(DCM_SOPInstanceUID, uid).bad() || uid.empty() ||
        uid.find_first_not_of("0123456789.") != OFString_npos) {
      status = STATUS_STORE_Error_CannotUnderstand;
      failure = "an instance without a usable SOPInstanceUID";
      return EC_Normal;
    }
    d->findAndGetOFString(DCM_SOPClassUID, sopClass);
    const fs::path file = fs::path(folder) / (std::string(uid.c_str()) + ".dcm");
    const std::string tmp = file.string() + ".part";
    DcmFileFormat ff(d.get());
    OFString abstractSyntax, transferSyntax;
    findPresentationContext(presID, abstractSyntax, transferSyntax);
    const E_TransferSyntax xfer = transferSyntax.empty() ? EXS_LittleEndianExplicit : DcmXfer(transferSyntax.c_str()).getXfer();
    if (ff.saveFile(tmp.c_str(), xfer == EXS_Unknown ? EXS_LittleEndianExplicit : xfer).bad()) {
      status = STATUS_STORE_Refused_OutOfResources;
      failure = tmp + ": cannot write";
      return EC_Normal;
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    bytes += fs::file_size(file, ec);
    ++stored;
    status = STATUS_Success;
    return EC_Normal;
  }
};

std::string peer(const DimseConfig& c) { return c.calledAet + "@" + c.host + ":" + std::to_string(c.port); }

void open(Scu& scu, const DimseConfig& c, bool retrieve) {
  OFLog::configure(OFLogger::WARN_LOG_LEVEL);  // DCMTK's per-message info lines stay out of the command's output
  scu.setAETitle(c.callingAet.c_str());
  scu.setPeerHostName(c.host.c_str());
  scu.setPeerPort(static_cast<Uint16>(c.port));
  scu.setPeerAETitle(c.calledAet.c_str());
  scu.setACSETimeout(static_cast<Uint32>(c.timeoutSeconds));
  scu.setDIMSETimeout(static_cast<Uint32>(c.timeoutSeconds));
  scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  scu.setConnectionTimeout(c.timeoutSeconds);
  OFList<OFString> ts;
  ts.push_back(UID_LittleEndianExplicitTransferSyntax);
  ts.push_back(UID_LittleEndianImplicitTransferSyntax);
  scu.addPresentationContext(UID_VerificationSOPClass, ts);
  scu.addPresentationContext(UID_FINDStudyRootQueryRetrieveInformationModel, ts);
  if (retrieve) {
    scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel, ts);
    for (const char* sop : kStorageClasses) scu.addPresentationContext(sop, ts, ASC_SC_ROLE_SCP);
  }
  if (scu.initNetwork().bad()) throw PacsError(peer(c) + ": the network could not be set up", 0);
  const OFCondition cond = scu.negotiateAssociation();
  if (cond.bad())
    throw PacsError(peer(c) + ": no association (" + std::string(cond.text()) + "): is the PACS there, and does it know the AE title '" +
                        c.callingAet + "'?", 0);
}

// C-FIND at `level` with the keys already in `q`; the answers' datasets.
std::vector<std::unique_ptr<DcmDataset>> find(Scu& scu, const DimseConfig& c, DcmDataset& q) {
  const T_ASC_PresentationContextID id = scu.findPresentationContextID(UID_FINDStudyRootQueryRetrieveInformationModel, "");
  if (id == 0) throw PacsError(peer(c) + ": the PACS does not accept C-FIND (study root)", 0);
  OFList<QRResponse*> responses;
  const OFCondition cond = scu.sendFINDRequest(id, &q, &responses);
  std::vector<std::unique_ptr<DcmDataset>> out;
  for (auto* r : responses) {
    if (r->m_dataset) out.emplace_back(new DcmDataset(*r->m_dataset));
    delete r;
  }
  if (cond.bad()) throw PacsError(peer(c) + ": C-FIND failed (" + std::string(cond.text()) + ")", 0);
  return out;
}

std::string str(DcmDataset& d, const DcmTagKey& k) {
  OFString v;
  d.findAndGetOFStringArray(k, v);
  return v.c_str();
}

}  // namespace

void dimseEcho(const DimseConfig& c) {
  Scu scu;
  open(scu, c, false);
  const OFCondition cond = scu.sendECHORequest(0);
  scu.releaseAssociation();
  if (cond.bad()) throw PacsError(peer(c) + ": C-ECHO failed (" + std::string(cond.text()) + ")", 0);
}

std::vector<StudyInfo> dimseFindStudies(const DimseConfig& c, const QueryFilters& f) {
  Scu scu;
  open(scu, c, false);
  DcmDataset q;
  q.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
  q.putAndInsertString(DCM_StudyInstanceUID, "");
  q.putAndInsertString(DCM_PatientName, f.patientName.c_str());
  q.putAndInsertString(DCM_PatientID, f.patientId.c_str());
  q.putAndInsertString(DCM_StudyDate, (f.studyDateFrom.empty() && f.studyDateTo.empty() ? std::string() : f.studyDateFrom + "-" + f.studyDateTo).c_str());
  q.putAndInsertString(DCM_StudyDescription, f.description.c_str());
  q.putAndInsertString(DCM_ModalitiesInStudy, f.modality.c_str());
  q.putAndInsertString(DCM_NumberOfStudyRelatedSeries, "");
  q.putAndInsertString(DCM_NumberOfStudyRelatedInstances, "");
  std::vector<StudyInfo> out;
  for (auto& d : find(scu, c, q)) {
    StudyInfo s;
    s.studyUid = str(*d, DCM_StudyInstanceUID);
    s.patientName = str(*d, DCM_PatientName);
    s.patientId = str(*d, DCM_PatientID);
    s.studyDate = str(*d, DCM_StudyDate);
    s.description = str(*d, DCM_StudyDescription);
    s.modalities = str(*d, DCM_ModalitiesInStudy);
    s.series = std::atoi(str(*d, DCM_NumberOfStudyRelatedSeries).c_str());
    s.instances = std::atoi(str(*d, DCM_NumberOfStudyRelatedInstances).c_str());
    if (!s.studyUid.empty()) out.push_back(s);
  }
  scu.releaseAssociation();
  return out;
}

std::vector<SeriesInfo> dimseFindSeries(const DimseConfig& c, const std::string& studyUid) {
  Scu scu;
  open(scu, c, false);
  DcmDataset q;
  q.putAndInsertString(DCM_QueryRetrieveLevel, "SERIES");
  q.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
  q.putAndInsertString(DCM_SeriesInstanceUID, "");
  q.putAndInsertString(DCM_Modality, "");
  q.putAndInsertString(DCM_SeriesDescription, "");
  q.putAndInsertString(DCM_SeriesNumber, "");
  q.putAndInsertString(DCM_NumberOfSeriesRelatedInstances, "");
  std::vector<SeriesInfo> out;
  for (auto& d : find(scu, c, q)) {
    SeriesInfo s;
    s.studyUid = studyUid;
    s.seriesUid = str(*d, DCM_SeriesInstanceUID);
    s.modality = str(*d, DCM_Modality);
    s.description = str(*d, DCM_SeriesDescription);
    s.number = std::atoi(str(*d, DCM_SeriesNumber).c_str());
    s.instances = std::atoi(str(*d, DCM_NumberOfSeriesRelatedInstances).c_str());
    if (!s.seriesUid.empty()) out.push_back(s);
  }
  scu.releaseAssociation();
  return out;
}

RetrieveResult dimseGetSeries(const DimseConfig& c, const std::string& studyUid, const std::string& seriesUid,
                              const std::string& folder, const core::ProgressSink& progress) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw PacsError(folder + ": cannot create the folder (" + ec.message() + ")", 0);
  Scu scu;
  scu.folder = folder;
  open(scu, c, true);
  // the series' instances (C-FIND at IMAGE level), then a C-GET for each one not here yet
  DcmDataset q;
  q.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
  q.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
  q.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str());
  q.putAndInsertString(DCM_SOPInstanceUID, "");
  std::vector<std::string> uids;
  for (auto& d : find(scu, c, q))
    if (const std::string u = str(*d, DCM_SOPInstanceUID); !u.empty() && u.find_first_not_of("0123456789.") == std::string::npos) uids.push_back(u);
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  const T_ASC_PresentationContextID id = scu.findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
  if (id == 0) throw PacsError(peer(c) + ": the PACS does not accept C-GET (study root)", 0);
  RetrieveResult r;
  r.instances = static_cast<int>(uids.size());
  std::vector<std::string> missing;
  for (const auto& u : uids) {
    const fs::path file = fs::path(folder) / (u + ".dcm");
    r.files.push_back(file.string());
    if (fs::exists(file, ec)) ++r.alreadyHere;
    else missing.push_back(u);
  }
  auto get = [&](const char* level, const std::string& instance) {
    DcmDataset g;
    g.putAndInsertString(DCM_QueryRetrieveLevel, level);
    g.putAndInsertString(DCM_StudyInstanceUID, studyUid.c_str());
    g.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str());
    if (!instance.empty()) g.putAndInsertString(DCM_SOPInstanceUID, instance.c_str());
    OFList<RetrieveResponse*> responses;
    const int before = scu.stored;
    const OFCondition cond = scu.sendCGETRequest(id, &g, &responses);
    for (auto* resp : responses) delete resp;
    if (cond.bad() || scu.stored == before)
      throw PacsError(peer(c) + ": C-GET " + (instance.empty() ? "of the series" : "of instance " + instance) + " failed (" +
                          (cond.bad() ? std::string(cond.text()) : scu.failure.empty() ? std::string("nothing was sent") : scu.failure) + ")", 0);
  };
  if (!missing.empty() && r.alreadyHere == 0) {
    // nothing here yet: the whole series in one C-GET
    if (progress && !progress(0.0, "retrieving (C-GET)")) throw core::Cancelled();
    get("SERIES", {});
  } else {
    // resuming: the missing instances one by one
    for (std::size_t k = 0; k < missing.size(); ++k) {
      if (progress && !progress(double(k) / double(missing.size()), "retrieving (C-GET)")) {
        scu.releaseAssociation();
        throw core::Cancelled();
      }
      get("IMAGE", missing[k]);
    }
  }
  r.fetched = scu.stored;
  r.bytes = scu.bytes;
  scu.releaseAssociation();
  if (progress) progress(1.0, "retrieved");
  return r;
}

}  // namespace hccws::pacs
