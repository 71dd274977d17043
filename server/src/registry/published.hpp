// What other modules may read of the registry (one owner per table; scripts/check_module_reads.py
// enforces it in `make test`).
//
// Set-based reads: the tables and views in kPublishedTables, read only (SELECT/JOIN). The sealed
// tables (workers, enterprises, 五员) are published as *_published views without their ciphertext;
// registry_punch, registry_entry_exit, registry_worker_link, the import tables and the raw sealed
// tables are private.
//
// Personal data: decrypted only here, for the few duties that need the plain value (an SMS to the
// 五员, the notice board's officer phone, a bank batch file, matching a bank return or a shared card).
// The caller audits the read in its own transaction where a person's data reaches a person.
//
// Everything else: the services in projects.hpp, enterprises.hpp and workers.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "storage/database.hpp"

namespace anxin::registry {

inline constexpr std::string_view kPublishedTables[] = {
    "registry_project",                  // projects, lifecycle status, terms, permit, region/industry
    "registry_project_status_change",    // the status history (as-of evaluation)
    "registry_participant",              // enterprise × project × role
    "registry_team",                     // 班组
    "registry_contract",                 // labor contracts (worker × project × employer × team)
    "registry_attendance_day",           // one row per worker × project × day worked
    "registry_worker_published",         // workers: masks and has_phone/has_bank_card, no ciphertext
    "registry_enterprise_published",     // enterprises: contact phone mask only
    "registry_project_staff_published",  // 五员: names, masks, linked user
};

// One of the project's 五员 with a phone on file (duty: town_official, industry_supervisor,
// labor_inspector, project_manager, labor_affairs_officer), phone decrypted.
struct StaffContact {
    std::string duty;
    std::string name;
    std::string phone;
};
std::vector<StaffContact> StaffContacts(storage::Transaction& tx, const core::FieldCipher& cipher,
                                        std::string_view project_id);

// The enterprise's contact phone, decrypted; nullopt when none is on file or the enterprise is unknown.
std::optional<std::string> EnterpriseContactPhone(storage::Transaction& tx, const core::FieldCipher& cipher,
                                                  std::string_view enterprise_id);

// The bank card of a worker with a contract on a project: `card` is the decrypted number, nullopt when
// the stored value does not open (the caller decides whether that fails the whole read).
struct ContractedWorkerCard {
    std::string project_id;
    std::string worker_id;
    std::optional<std::string> card;
    std::string mask;
};
// Every worker with a card and a contract on the projects (all projects when `project_ids` is null),
// ordered by project and worker.
std::vector<ContractedWorkerCard> ContractedWorkerCards(storage::Transaction& tx, const core::FieldCipher& cipher,
                                                        const std::vector<std::string>* project_ids);

// One worker's bank card, decrypted; nullopt when the worker has none. Throws when it does not open.
std::optional<std::string> WorkerBankCard(storage::Transaction& tx, const core::FieldCipher& cipher,
                                          std::string_view worker_id);

}  // namespace anxin::registry
