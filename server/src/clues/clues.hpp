// The clues module as other modules see it: one entrance for complaints (线索) from every channel
// (national platform, 12345, 12333, petitions, walk-ins, the project QR code, the web H5 page,
// transfers), their routing to the locality and the industry department (双交办 / 三交办), and the
// hooks through which an accepted clue joins or opens a case (DOMAIN.md §7, §8).
//
// The cases module implements CaseIntake, CaseTimelineProvider and CaseConfirmation; the app wires
// them into clues::ClueService (its Hooks, at construction). Until then accepted clues stay without a case, the
// tracking page shows the clue only, and confirmations answer 409.
// Other modules include this header only and never read clues_* tables.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace anxin::clues {

inline constexpr std::array<std::string_view, 8> kChannels = {
    "national_platform",  // 全国根治欠薪线索反映平台
    "hotline_12345",      // 政务服务便民热线
    "hotline_12333",      // 人社服务热线
    "petition",           // 信访
    "walk_in",            // 来访
    "project_qr",         // 项目维权二维码 (public H5 page with a project token)
    "web",                // H5 / 网站
    "transfer",           // 上级交办
};
inline constexpr std::array<std::string_view, 3> kKeyGrades = {"red", "yellow", "blue"};
inline constexpr std::array<std::string_view, 4> kStatuses = {"received", "accepted", "rejected", "merged"};

// Field-cipher contexts of the complainant's personal data: a value sealed for one column does not
// open in another.
inline constexpr std::string_view kIdNumberContext = "clues_clue.id_number";
inline constexpr std::string_view kPhoneContext = "clues_clue.phone";
inline constexpr std::string_view kBankCardContext = "clues_clue.bank_card";

// ---- hooks implemented by the cases module ----------------------------------------------------

// What the cases module receives when a clue is accepted. Personal data is not included beyond the
// complainant's name (the case's claim ledger needs it); the case reads no clues_* table.
struct ClueForCase {
    std::string clue_id;
    std::string tracking_code;
    std::string channel;
    bool is_construction = true;
    std::string complainant_name;
    std::optional<std::string> worker_id;    // the registered worker, when matched by ID number
    std::optional<std::string> project_id;
    std::optional<std::string> employer_id;  // matched registry enterprise
    std::string employer_name;
    std::string region_code;  // where it is handled: the town (or county) of the project / employer
    std::string county_code;
    std::optional<std::string> industry;
    std::optional<std::string> unpaid_from;  // YYYY-MM
    std::optional<std::string> unpaid_to;
    core::Fen amount = 0;  // claimed, fen
    std::int64_t worker_count = 1;
    std::string description;
    std::optional<std::string> key_grade;  // red | yellow | blue
    std::optional<std::string> key_reason;
    core::Timestamp received_at;
    core::Timestamp accepted_at;
    std::string accepted_by;  // user id
};

// An accepted clue joins an open case or opens one (the cases module decides: same project or
// employer → merge, several workers → collective case). Runs inside the clue's transaction, so the
// clue's case_id and the case's claim exist together or not at all. Returns the case id; throws
// anxin::Error to refuse (the acceptance then fails with that error and nothing is written).
class CaseIntake {
public:
    virtual ~CaseIntake() = default;
    virtual std::string AttachClue(storage::Transaction& tx, const ClueForCase& clue) = 0;
};

// What the public tracking page shows for a case, in plain Chinese words for the worker.
struct CaseTimelineStep {
    core::Timestamp at;
    std::string title;   // "已受理", "已约谈用人单位", "已督促支付" …
    std::string detail;  // may be empty; never personal data of others
};
struct CaseTimeline {
    std::string state_label;  // "调查中", "已办结" …
    std::vector<CaseTimelineStep> steps;  // oldest first
    std::optional<core::Date> next_deadline_on;
    std::string next_deadline_label;  // "办结期限" …; empty when none
    bool closed = false;              // the complainant may confirm or reopen
};
class CaseTimelineProvider {
public:
    virtual ~CaseTimelineProvider() = default;
    // nullopt when the case does not exist (the page then shows the clue only).
    virtual std::optional<CaseTimeline> Timeline(storage::Transaction& tx, std::string_view case_id) = 0;
};

// 回访 from the H5 page: the complainant says whether the money arrived. money_arrived = false asks
// for the case to be reopened (the cases module decides whether it still can). Runs inside the
// clues transaction; throw anxin::Error (kConflict …) to refuse.
struct ComplainantConfirmation {
    std::string case_id;
    std::string clue_id;
    bool money_arrived = false;
    core::Timestamp at;
};
class CaseConfirmation {
public:
    virtual ~CaseConfirmation() = default;
    virtual void ComplainantConfirmed(storage::Transaction& tx, const ComplainantConfirmation& confirmation) = 0;
};

// ---- messages (the notify outbox once it exists) --------------------------------------------


// For cases and reports: the clue ids attached to a case (no scope; the caller checks it).
std::vector<std::string> ClueIdsOfCase(storage::Transaction& tx, std::string_view case_id);

// For the case messages to the complainant (进度告知): the clue's tracking code and the phone the
// complainant gave, opened with the data key. Only to address an SMS: never to be shown, logged or
// stored elsewhere (the outbox seals it again). nullopt when the clue does not exist.
struct ComplainantContact {
    std::string tracking_code;
    std::string phone;
};
std::optional<ComplainantContact> ComplainantOfClue(storage::Transaction& tx, const core::FieldCipher& cipher,
                                                    std::string_view clue_id);

}  // namespace anxin::clues
