// The notices module as other modules see it: the rights-information notice board every project
// must put up on site (维权信息告示牌, REG 34; DOMAIN §6) and the project's QR code (一码通), which
// opens the worker H5 page at {public_base_url}/h5/p/{public_token}.
//
// The board is assembled on each read from the registry (units, the labor-affairs officer), the
// region module (the industry regulator, per-region parameters: minimum wage, pay date, hotlines);
// the module owns one table, the photo of the board on site (board_photo.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/principal.hpp"
#include "region/parameters.hpp"
#include "region/region.hpp"
#include "storage/database.hpp"

namespace anxin::notices {

// One line of the board. key is stable (camelCase, for the console and the H5 page); label is the
// Chinese caption printed on the board; value is "" when present is false.
struct BoardItem {
    std::string key;
    std::string label;
    std::string value;
    bool present = false;
};

// Item keys, in board order.
inline constexpr std::string_view kConstructionUnit = "constructionUnit";
inline constexpr std::string_view kGeneralContractor = "generalContractor";
inline constexpr std::string_view kProjectDepartment = "projectDepartment";
inline constexpr std::string_view kSubcontractors = "subcontractors";
inline constexpr std::string_view kIndustryRegulator = "industryRegulator";
inline constexpr std::string_view kLaborAffairsOfficer = "laborAffairsOfficer";
inline constexpr std::string_view kMinimumWage = "minimumWage";
inline constexpr std::string_view kPayDate = "payDate";
inline constexpr std::string_view kIndustryHotline = "industryHotline";
inline constexpr std::string_view kLaborInspectionHotline = "laborInspectionHotline";
inline constexpr std::string_view kArbitration = "arbitration";
inline constexpr std::string_view kLegalAidHotline = "legalAidHotline";

struct NoticeBoard {
    std::string project_id;
    std::string project_code;
    std::string project_name;
    std::string address;
    std::string region_code;
    std::string public_url;  // what the QR code encodes
    std::vector<BoardItem> items;
    // Each required item that is absent, as a sentence for the console ("劳资专管员未登记").
    std::vector<std::string> missing;
    // The latest photo of the board as put up on site (staff views only; the public board has none).
    std::optional<std::string> photo_file_id;
    std::string photo_file_name;
    std::string photo_uploaded_by;
    std::optional<core::Timestamp> photo_uploaded_at;

    // nullptr when the board has no item with this key.
    const BoardItem* Find(std::string_view key) const;
};

// Thread-safe: holds references (database, services, cipher) that must outlive it. Reads only.
// Errors: Error(kNotFound) for an unknown project, one outside the caller's scope (so ids cannot be
// probed), or an unknown public token.
class NoticeService {
  public:
    // cipher: opens the labor-affairs officer's phone (public on the board by REG 34); nullptr → the
    // masked phone is shown. public_base_url: e.g. "https://anxin.example.gov.cn" (a trailing "/" is
    // ignored).
    NoticeService(storage::Database& db, const region::RegionService& regions,
                  const region::ParameterService& parameters, const core::FieldCipher* cipher,
                  std::string public_base_url);

    // Scoped by registry::ProjectInScope.
    NoticeBoard GetBoard(const core::CallContext& ctx, std::string_view project_id) const;
    // For the public QR/H5 route: no caller, the token is the key.
    NoticeBoard GetPublicBoard(std::string_view public_token) const;

    // What the project's QR code encodes, scoped like GetBoard.
    std::string ProjectUrl(const core::CallContext& ctx, std::string_view project_id) const;
    // "{public_base_url}/h5/p/{token}".
    std::string PublicUrl(std::string_view public_token) const;

  private:
    NoticeBoard Assemble(std::string_view project_id, std::string_view public_token) const;

    storage::Database& db_;
    const region::RegionService& regions_;
    const region::ParameterService& parameters_;
    const core::FieldCipher* cipher_;
    std::string public_base_url_;
};

}  // namespace anxin::notices
