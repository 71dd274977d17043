// The composition root: opens the database, applies migrations, builds every service and the
// router, and owns the HTTP server. No globals: tests build an App with their own clock and URL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "audit/audit.hpp"
#include "core/calendar.hpp"
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "http/http.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "clues/rate_limit.hpp"  // clues
#include "identity/identity.hpp"
#include "notify/sms_providers.hpp"  // notify: the SMS provider settings
#include "credit/listing_service.hpp"   // credit
#include "credit/query_service.hpp"     // credit
#include "credit/anomaly_service.hpp"   // credit
#include "credit/grade_service.hpp"     // credit
#include "credit/publication_service.hpp"  // credit
#include "storage/database.hpp"

namespace anxin::region {
class RegionService;
class CalendarService;
class ParameterService;  // notices
}
namespace anxin::files {  // files
class FileService;
}
namespace anxin::notices {  // notices
class NoticeService;
class BoardPhotoService;
}

namespace anxin::registry {  // registry workers
class WorkerService;
class ContractService;
class AttendanceService;
class EnterpriseService;  // registry projects
class ProjectService;     // registry projects
class ImportService;      // registry imports
}  // namespace anxin::registry

namespace anxin::wages {  // wages accounts
class AccountService;
class AllocationService;
class BankFeedService;
class OpenCaseChecker;
class PayrollService;       // wages payrolls
class PayBatchService;      // wages payrolls
class WageRecordService;    // wages payrolls
class BankAdapterRegistry;  // wages payrolls
}  // namespace anxin::wages

namespace anxin::deposits {  // deposits
class DepositService;
class CreditHistoryProvider;
class UnpaidWagesProvider;
}  // namespace anxin::deposits

namespace anxin::notify {  // notify
class Outbox;
class SenderRegistry;
}  // namespace anxin::notify

namespace anxin::clues {  // clues
class ClueService;
}  // namespace anxin::clues

namespace anxin::cases {  // cases
class CaseService;
class ClueHooks;
class NotifyMessageSink;
}  // namespace anxin::cases

namespace anxin::warnings {  // warnings
class WarningService;
class WarningNotifier;
class CaseOpener;  // warnings→cases
class ComplaintFacts;  // warnings→cases and clues
class ChangedProjectCollector;  // warnings: live evaluation
}  // namespace anxin::warnings

namespace anxin::app {

class Scheduler;  // notify

struct Config {
    std::string database_url = "sqlite://var/anxin.db";
    http::ServerOptions server;
    identity::PasswordCost password_cost = identity::PasswordCost::kInteractive;
    // 等保 2.0 level 3: administrators enrol a TOTP authenticator before anything else (off in --demo).
    bool require_admin_totp = true;
    int database_pool_size = 8;
    // Encrypts personal data at rest. `anxin serve` refuses to start without one unless --demo.
    std::optional<core::DataKey> data_key;
    // notices: the project QR codes encode {public_base_url}/h5/p/{token} (the worker H5 page).
    std::string public_base_url = "http://127.0.0.1:8080";
    // web console: the directory GET "/*" serves (web/dist); empty: the console answers "not built".
    std::string web_root;
    // clues: flood limits of the public intake (per IP / per phone, proof-of-work difficulty).
    clues::IntakeLimits clue_limits;
    // notify: the scheduler (outbox sender every few seconds, later SLA and warning jobs) runs in
    // Start(); API tests turn it off. SMS go to this gateway URL, else to <outbox_log_dir>/sms.log.
    bool run_scheduler = true;
    // warnings: how often the projects whose data changed are re-evaluated (issue #7: within a minute).
    std::chrono::seconds warning_changes_interval{15};
    notify::SmsSettings sms;
    std::string outbox_log_dir = "var";
    // audit: signed checkpoints of the chain head are appended here every few minutes and at
    // shutdown (and to syslog); empty: none (tests). Needs the data key.
    std::string audit_checkpoint_path;
    std::chrono::seconds audit_checkpoint_interval{300};
    // files: attachments are stored under this directory (shared storage when several instances run).
    std::string files_dir = "var/files";
    // GET /metrics answers loopback peers, or anyone presenting this bearer token ("" = loopback only).
    std::string metrics_token;
    std::size_t file_max_bytes = 10 * 1024 * 1024;
};

class App {
public:
    // Opens and migrates the database and registers every route. Throws on a bad configuration.
    App(Config config, const core::Clock& clock);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    std::uint16_t Start();  // returns the bound port
    void Stop();
    // audit: appends a signed checkpoint of the chain head (no-op without a key or a path).
    void WriteAuditCheckpoint();
    void RunUntilSignal();

    storage::Database& db() { return *db_; }
    files::FileService& files() { return *files_; }  // files
    const http::Router& router() const { return router_; }
    identity::IdentityService& identity() { return *identity_; }
    region::RegionService& regions() { return *regions_; }
    registry::WorkerService& workers() { return *workers_; }            // registry workers
    registry::ContractService& contracts() { return *contracts_; }      // registry workers
    registry::AttendanceService& attendance() { return *attendance_; }  // registry workers
    registry::EnterpriseService& enterprises() { return *enterprises_; }  // registry projects
    registry::ProjectService& projects() { return *projects_; }           // registry projects
    registry::ImportService& imports() { return *imports_; }              // registry imports
    region::ParameterService& parameters() { return *parameters_; }  // notices
    deposits::DepositService& deposits() { return *deposits_; }     // deposits
    credit::ListingService& listings() { return *listings_; }       // credit
    credit::AnomalyService& credit_anomalies() { return *credit_anomalies_; }  // credit
    credit::GradeService& credit_grades() { return *credit_grades_; }           // credit
    wages::PayrollService& payrolls() { return *payrolls_; }            // wages payrolls
    wages::PayBatchService& pay_batches() { return *pay_batches_; }     // wages payrolls
    wages::WageRecordService& wage_records() { return *wage_records_; }  // wages payrolls
    clues::ClueService& clues() { return *clues_; }  // clues
    cases::CaseService& cases() { return *cases_; }  // cases
    warnings::WarningService& warnings() { return *warnings_; }  // warnings
    warnings::ChangedProjectCollector& warning_changes() { return *warning_changes_; }  // warnings
    const core::Clock& clock() const { return clock_; }
    region::CalendarService& calendar() { return *calendar_service_; }
    // Throws Error(kUnavailable) when the app was built without a data key.
    const core::FieldCipher& cipher() const;
    notify::Outbox& outbox() { return *outbox_; }   // notify
    Scheduler& scheduler() { return *scheduler_; }  // notify: modules register periodic jobs here

private:
    void RegisterMetrics();
    Config config_;
    const core::Clock& clock_;
    // The working-day calendar every service counts deadlines with: the embedded years plus those an
    // administrator loaded (region::CalendarService), applied at start and on each load.
    core::WorkingCalendar calendar_{core::WorkingCalendar::Embedded()};
    // This process among the instances sharing the database (host, pid, random): who ran a daily job.
    std::string instance_;
    http::Metrics metrics_;  // requests by route (the server observes), plus the gauges below
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<core::FieldCipher> cipher_;
    std::shared_ptr<const audit::AuditKeys> audit_keys_;
    // In construction order (app.cpp): each is destroyed before what it uses.
    std::unique_ptr<region::RegionService> regions_;
    std::unique_ptr<region::ParameterService> parameters_;  // notices
    std::unique_ptr<cases::NotifyMessageSink> case_messages_;  // cases
    std::unique_ptr<cases::CaseService> cases_;                // cases
    std::unique_ptr<warnings::CaseOpener> warning_cases_;      // warnings→cases
    std::unique_ptr<warnings::ComplaintFacts> complaint_facts_;  // warnings→cases and clues
    std::unique_ptr<warnings::WarningNotifier> warning_notifier_;  // warnings
    std::unique_ptr<warnings::WarningService> warnings_;           // warnings
    std::unique_ptr<warnings::ChangedProjectCollector> warning_changes_;  // warnings: tells the engine of changed projects
    std::unique_ptr<registry::WorkerService> workers_;          // registry workers
    std::unique_ptr<registry::ContractService> contracts_;      // registry workers
    std::unique_ptr<registry::AttendanceService> attendance_;   // registry workers
    std::unique_ptr<registry::EnterpriseService> enterprises_;  // registry projects
    std::unique_ptr<registry::ProjectService> projects_;        // registry projects
    std::unique_ptr<files::FileService> files_;             // files
    std::unique_ptr<region::CalendarService> calendar_service_;
    std::unique_ptr<notices::NoticeService> notices_;       // notices
    std::unique_ptr<notices::BoardPhotoService> board_photos_;  // notices
    std::unique_ptr<wages::OpenCaseChecker> open_cases_;         // wages accounts ← cases::ProjectOpenCaseChecker
    std::unique_ptr<wages::AccountService> accounts_;            // wages accounts
    std::unique_ptr<wages::AllocationService> allocations_;      // wages accounts
    std::unique_ptr<wages::BankFeedService> bank_feed_;          // wages accounts
    std::unique_ptr<wages::BankAdapterRegistry> bank_adapters_;  // wages payrolls
    std::unique_ptr<wages::PayrollService> payrolls_;            // wages payrolls
    std::unique_ptr<wages::PayBatchService> pay_batches_;        // wages payrolls
    std::unique_ptr<wages::WageRecordService> wage_records_;     // wages payrolls
    std::unique_ptr<deposits::CreditHistoryProvider> credit_history_;  // deposits ← credit::ListingCreditHistory
    std::unique_ptr<deposits::UnpaidWagesProvider> unpaid_wages_;      // deposits ← wages::ProjectUnpaidWages
    std::unique_ptr<deposits::DepositService> deposits_;               // deposits
    std::unique_ptr<cases::ClueHooks> case_hooks_;             // cases
    std::unique_ptr<credit::ArrearsFacts> arrears_facts_;      // credit ← cases::CaseArrearsFacts
    std::unique_ptr<credit::ListingService> listings_;           // credit
    std::unique_ptr<credit::QueryService> credit_queries_;       // credit
    std::unique_ptr<credit::AnomalyFacts> warning_anomaly_facts_;  // credit ← warnings::CreditAnomalyFacts
    std::unique_ptr<credit::AnomalyFacts> case_anomaly_facts_;     // credit ← cases::CaseAnomalyFacts
    std::unique_ptr<credit::AnomalyService> credit_anomalies_;     // credit
    std::unique_ptr<credit::GradeService> credit_grades_;          // credit
    std::unique_ptr<credit::PublicationService> credit_publications_;  // credit
    std::unique_ptr<clues::ClueService> clues_;           // clues
    std::unique_ptr<registry::ImportService> imports_;  // registry imports
    std::unique_ptr<identity::IdentityService> identity_;
    std::unique_ptr<identity::BearerAuthenticator> authenticator_;
    std::unique_ptr<http::IdempotencyStore> idempotency_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<notify::SenderRegistry> senders_;  // notify
    std::unique_ptr<notify::Outbox> outbox_;           // notify
    std::unique_ptr<Scheduler> scheduler_;             // notify: last, so it stops before the rest goes
};

}  // namespace anxin::app
