#include "app/app.hpp"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "app/idempotency_store.hpp"
#include "app/scheduler.hpp"  // notify
#include "app/static_files.hpp"  // web console
#include "audit/audit_routes.hpp"
#include "cases/case_service.hpp"  // cases
#include "cases/clue_hooks.hpp"    // cases
#include "cases/warning_hooks.hpp"  // warnings→cases
#include "clues/clue_routes.hpp"    // clues
#include "clues/clue_service.hpp"   // clues
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/calendar.hpp"           // deposits
#include "dashboard/dashboard.hpp"     // dashboard
#include "files/files.hpp"              // files
#include "files/files_routes.hpp"       // files
#include "deposits/deposit_routes.hpp"  // deposits
#include "deposits/deposits.hpp"        // deposits
#include "cases/credit_hooks.hpp"         // credit
#include "credit/credit_history.hpp"      // credit
#include "credit/listing_routes.hpp"      // credit
#include "credit/query_routes.hpp"        // credit
#include "credit/record_routes.hpp"       // credit
#include "warnings/credit_facts.hpp"      // credit ← warnings
#include "region/calendar_service.hpp"
#include "region/region.hpp"
#include "region/region_routes.hpp"
#include "notices/qr.hpp"
#include "notices/notice_routes.hpp"      // notices
#include "region/parameters.hpp"          // notices
#include "region/parameters_routes.hpp"   // notices
#include "registry/attendance_routes.hpp"  // registry workers
#include "registry/worker_routes.hpp"      // registry workers
#include "registry/workers.hpp"            // registry workers
#include "registry/enterprises.hpp"        // registry projects
#include "registry/projects.hpp"           // registry projects
#include "registry/import_routes.hpp"      // registry imports
#include "notify/notify_routes.hpp"  // notify
#include "notify/outbox.hpp"         // notify
#include "notify/senders.hpp"        // notify
#include "storage/migrator.hpp"
#include "warnings/change_collector.hpp"  // warnings: live evaluation of changed projects
#include "warnings/outbox_notifier.hpp"  // warnings
#include "warnings/warnings.hpp"         // warnings
#include "wages/unpaid_wages.hpp"
#include "wages/account_service.hpp"     // wages accounts
#include "wages/allocation_service.hpp"  // wages accounts
#include "wages/bank_feed.hpp"           // wages accounts
#include "wages/wages.hpp"               // wages accounts
#include "wages/bank_adapter.hpp"        // wages payrolls
#include "wages/pay_batch_service.hpp"   // wages payrolls
#include "wages/payroll_service.hpp"     // wages payrolls
#include "wages/wage_record.hpp"         // wages payrolls

namespace anxin::app {
namespace {

// The one place storage errors that escape a module become API errors.
std::optional<Error> TranslateStorageError(const std::exception& e) {
    if (dynamic_cast<const storage::UniqueViolation*>(&e)) return Error(ErrorCode::kConflict, "记录已存在");
    if (dynamic_cast<const storage::ForeignKeyViolation*>(&e))
        return Error(ErrorCode::kConflict, "关联的记录不存在或仍被引用");
    if (dynamic_cast<const storage::CheckViolation*>(&e) || dynamic_cast<const storage::NotNullViolation*>(&e))
        return Error(ErrorCode::kInvalidArgument, "数据不符合约束");
    if (dynamic_cast<const storage::ConnectionLost*>(&e) || dynamic_cast<const storage::Busy*>(&e))
        return Error(ErrorCode::kUnavailable, "数据库暂时不可用，请稍后重试");
    return std::nullopt;
}

void RegisterHealthRoute(http::Router& router, storage::Database& db) {
    router.Add(http::Method::kGet, "/api/v1/health", http::kPublic, [&db](http::Request&) {
        {
            auto tx = db.Begin(storage::TxMode::kRead);
            tx.QueryOne("SELECT 1");
        }
        return http::JsonResponse(200, boost::json::object{{"status", "ok"},
                                                           {"version", ANXIN_VERSION},
                                                           {"database", storage::BackendName(db.backend())}});
    });
    // For a load balancer or an orchestrator: live = the process answers; ready = it can serve — the
    // database answers and carries every migration this binary has (a half-upgraded cluster is not
    // ready). 503 with the reason otherwise.
    router.Add(http::Method::kGet, "/api/v1/health/live", http::kPublic, [](http::Request&) {
        return http::JsonResponse(200, boost::json::object{{"status", "live"}});
    });
    router.Add(http::Method::kGet, "/api/v1/health/ready", http::kPublic, [&db](http::Request&) {
        const auto expected = storage::EmbeddedMigrationsFor(db.backend());
        const std::int64_t want = expected.empty() ? 0 : expected.back().version;
        std::int64_t have = 0;
        try {
            auto tx = db.Begin(storage::TxMode::kRead);
            have = tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Int(0);
        } catch (const std::exception&) {
            return http::JsonResponse(503, boost::json::object{{"status", "not_ready"}, {"reason", "数据库不可用"}});
        }
        if (have < want) {
            return http::JsonResponse(503, boost::json::object{{"status", "not_ready"},
                                                               {"reason", "数据库结构版本 " + std::to_string(have) +
                                                                              "，本程序需要 " + std::to_string(want)}});
        }
        return http::JsonResponse(200, boost::json::object{{"status", "ready"}, {"schemaVersion", have}});
    });
}

// Deny by default, checked once at start: every route names a permission from the catalog.
void CheckRoutePermissions(const http::Router& router) {
    for (const auto& route : router.routes()) {
        if (route.permission != http::kPublic && !identity::IsKnownPermission(route.permission))
            throw std::logic_error("route " + route.pattern + " names unknown permission '" + route.permission + "'");
    }
}

}  // namespace

App::App(Config config, const core::Clock& clock) : config_(std::move(config)), clock_(clock) {
    {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        instance_ = std::string(host) + ":" + std::to_string(::getpid()) + ":" + core::RandomHex(3);
    }
    storage::OpenOptions open_options;
    open_options.pool_size = config_.database_pool_size;
    db_ = storage::Open(config_.database_url, open_options);
    if (config_.data_key) {
        cipher_ = std::make_unique<core::FieldCipher>(*config_.data_key);
        audit_keys_ = std::make_shared<const audit::AuditKeys>(*config_.data_key);
        audit::ConfigureAuditKeys(audit_keys_);  // the chain's links need a key the database does not hold
    }
    auto report = storage::Migrate(*db_, clock_);
    for (const auto& name : report.applied) spdlog::info("migration applied: {}", name);

    // Built in dependency order, each service with what it needs. The warning engine and its
    // collector come first: every writer of project data is told to tell the collector after commit.
    regions_ = std::make_unique<region::RegionService>(*db_, clock_);
    parameters_ = std::make_unique<region::ParameterService>(*db_, clock_);
    calendar_service_ = std::make_unique<region::CalendarService>(*db_, clock_, calendar_, [this] {
        // Open cases keep their deadlines in columns (lists, the SLA check): count them again.
        const auto moved = cases_->RecomputeOpenDeadlines();
        spdlog::info("calendar loaded: {} open cases' deadlines moved", moved);
    });
    calendar_service_->ApplyStored();  // the years administrators loaded, over the embedded ones
    // cases: handling, deadlines and cards; messages through the outbox
    case_messages_ = std::make_unique<cases::NotifyMessageSink>(clock_, cipher_.get());
    cases_ = std::make_unique<cases::CaseService>(*db_, clock_, *parameters_, calendar_,
                                                  case_messages_.get());
    // warnings: the risk warning engine. A warning not cleared by its deadline becomes a case (三网融合)
    // and clearing is recorded on it; the complaint indicators read clues and cases through cases'
    // ComplaintFactsReader; messages go through the outbox.
    warning_cases_ = std::make_unique<cases::WarningHooks>(*cases_);
    complaint_facts_ = std::make_unique<cases::ComplaintFactsReader>();
    warning_notifier_ = std::make_unique<warnings::OutboxWarningNotifier>(clock_, cipher_.get());
    warnings_ = std::make_unique<warnings::WarningService>(
        *db_, clock_, *parameters_, calendar_, cipher_.get(),
        warnings::WarningService::Collaborators{warning_cases_.get(), warning_notifier_.get(), complaint_facts_.get()});
    // The writers of project data tell the collector after commit; its job below evaluates the changed
    // projects, so a warning appears within a minute of the data (issue #7).
    warning_changes_ = std::make_unique<warnings::ChangedProjectCollector>(*warnings_, clock_);
    core::ProjectChangeSink* const changes = warning_changes_.get();
    // registry workers: personal data needs the cipher; without a data key those calls answer 503.
    workers_ = std::make_unique<registry::WorkerService>(*db_, clock_, cipher_.get());
    contracts_ = std::make_unique<registry::ContractService>(*db_, clock_, changes);
    attendance_ = std::make_unique<registry::AttendanceService>(*db_, clock_, cipher_.get(), registry::AttendanceOptions{},
                                                                changes);
    // registry projects: enterprises and projects (phones need the cipher; without a key they answer 503)
    enterprises_ = std::make_unique<registry::EnterpriseService>(*db_, clock_, cipher_.get());
    projects_ = std::make_unique<registry::ProjectService>(*db_, clock_, cipher_.get());
    files_ = std::make_unique<files::FileService>(*db_, clock_,
                                                  files::StoreOptions{config_.files_dir, config_.file_max_bytes});
    // notices: the notice board / QR codes, the board's photo
    board_photos_ = std::make_unique<notices::BoardPhotoService>(*db_, clock_);
    notices_ = std::make_unique<notices::NoticeService>(*db_, *regions_, *parameters_, cipher_.get(),
                                                        config_.public_base_url);
    // wages accounts: dedicated accounts, allocations, bank feed (account numbers need the cipher)
    open_cases_ = std::make_unique<cases::ProjectOpenCaseChecker>();  // cases: REG 27, open cases block closure
    accounts_ = std::make_unique<wages::AccountService>(*db_, clock_, cipher_.get(), *parameters_, *open_cases_, changes);
    allocations_ = std::make_unique<wages::AllocationService>(*db_, clock_, changes);
    bank_feed_ = std::make_unique<wages::BankFeedService>(*db_, clock_, cipher_.get(), changes);
    // wages payrolls: payrolls, bank direct-pay batches (card numbers need the cipher), wage records
    bank_adapters_ = std::make_unique<wages::BankAdapterRegistry>();
    payrolls_ = std::make_unique<wages::PayrollService>(*db_, clock_, *workers_, changes);
    pay_batches_ = std::make_unique<wages::PayBatchService>(*db_, clock_, cipher_.get(), *bank_adapters_, changes);
    wage_records_ = std::make_unique<wages::WageRecordService>(*db_, clock_);
    // deposits: the history from the yearly declarations with the list in it (credit); a return is
    // refused while wages are owed (wages answers that)
    credit_history_ = std::make_unique<credit::ListingCreditHistory>(clock_);
    unpaid_wages_ = std::make_unique<wages::ProjectUnpaidWages>();
    // credit: the listing procedure; whether a listed firm has new arrears is cases' to say
    arrears_facts_ = std::make_unique<cases::CaseArrearsFacts>();
    listings_ = std::make_unique<credit::ListingService>(*db_, clock_, calendar_, *parameters_, cipher_.get(), *arrears_facts_);
    credit_queries_ = std::make_unique<credit::QueryService>(*db_, clock_, *arrears_facts_);
    // credit: anomaly records from red warnings (warnings) and from orders ignored and police transfers
    // (cases); the yearly grades count them; the quarterly publication lists the major ones
    warning_anomaly_facts_ = std::make_unique<warnings::CreditAnomalyFacts>();
    case_anomaly_facts_ = std::make_unique<cases::CaseAnomalyFacts>();
    credit_anomalies_ = std::make_unique<credit::AnomalyService>(
        *db_, clock_, calendar_, *parameters_,
        std::vector<const credit::AnomalyFacts*>{warning_anomaly_facts_.get(), case_anomaly_facts_.get()});
    credit_grades_ = std::make_unique<credit::GradeService>(*db_, clock_, *parameters_);
    credit_publications_ = std::make_unique<credit::PublicationService>(*db_, clock_);
    deposits_ = std::make_unique<deposits::DepositService>(*db_, clock_, *parameters_, calendar_,
                                                           *credit_history_, *unpaid_wages_, changes);
    // clues: one entrance for complaints, joined to cases through cases' hooks; the challenge key derives
    // from the data key so every instance accepts every instance's challenges (random per process without one).
    {
        clues::ClueOptions clue_options;
        clue_options.limits = config_.clue_limits;
        if (config_.data_key) {
            const auto& bytes = config_.data_key->bytes();
            clue_options.pow_key.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        }
        case_hooks_ = std::make_unique<cases::ClueHooks>(*cases_);
        clues_ = std::make_unique<clues::ClueService>(
            *db_, clock_, cipher_.get(),
            clues::ClueService::Dependencies{*regions_, *parameters_, *enterprises_, *workers_, *contracts_,
                                             *attendance_, calendar_},
            clues::ClueService::Hooks{case_hooks_.get(), case_hooks_.get(), case_hooks_.get(), changes},
            clue_options);
    }
    // registry imports: CSV/XLSX of enterprises, workers with contracts, attendance (one runner thread)
    imports_ = std::make_unique<registry::ImportService>(*db_, clock_, cipher_.get(), *enterprises_, *workers_,
                                                         *contracts_, *attendance_, registry::ImportOptions{}, changes);
    identity::IdentityOptions identity_options;
    identity_options.password_cost = config_.password_cost;
    identity_options.require_admin_totp = config_.require_admin_totp;
    identity_ = std::make_unique<identity::IdentityService>(
        *db_, clock_,
        [this](storage::Transaction& tx, const std::string& code, const std::string& field) {
            regions_->RequireRegion(tx, code, field);
        },
        identity_options, cipher_.get());
    authenticator_ = std::make_unique<identity::BearerAuthenticator>(*identity_);
    auto idempotency = std::make_unique<StorageIdempotencyStore>(*db_, clock_);
    auto* idempotency_keys = idempotency.get();
    idempotency_ = std::move(idempotency);
    // notify: outbox senders and the scheduler (modules add their periodic jobs with scheduler().Every/Daily)
    senders_ = std::make_unique<notify::SenderRegistry>(
        notify::SenderRegistry::Default(config_.outbox_log_dir, config_.sms));
    outbox_ = std::make_unique<notify::Outbox>(*db_, clock_, cipher_.get(), *senders_);
    // Daily jobs run once across the instances sharing this database: the first to claim the run
    // (a row in app_job_run for job and due time) runs it.
    scheduler_ = std::make_unique<Scheduler>(clock_, std::chrono::seconds(1), [this](const std::string& job, core::Timestamp due) {
        return storage::WithTransaction(*db_, [&](storage::Transaction& tx) {
            return tx
                .QueryOptional("INSERT INTO app_job_run (job, due_at, instance, claimed_at) VALUES ($1, $2, $3, $4) "
                               "ON CONFLICT (job, due_at) DO NOTHING RETURNING job",
                               {job, core::ToMillis(due), instance_, core::ToMillis(clock_.Now())})
                .has_value();
        });
    });
    if (audit_keys_ && !config_.audit_checkpoint_path.empty())
        scheduler_->Every("audit-checkpoint", config_.audit_checkpoint_interval, [this] { WriteAuditCheckpoint(); });
    if (cipher_) scheduler_->Every("outbox", std::chrono::seconds(5), [this] { outbox_->RunOnce(); });
    // warnings: a full evaluation every night over the completed day (as of yesterday)
    scheduler_->Daily("warnings", 2, 0, [this] { warnings_->EvaluateAll(clock_.TodayInShanghai().AddDays(-1)); });
    // warnings: the projects changed since the last tick, as of today (same thread: never beside the nightly run)
    scheduler_->Every("warnings-changed", config_.warning_changes_interval, [this] { warning_changes_->RunOnce(); });
    // cases: the SLA check (yellow/red cards, deadline reminders) every morning before office hours
    scheduler_->Daily("credit-expiry", 0, 30, [this] { listings_->ExpireDue(); });  // credit: terms that ended
    // credit: anomaly records from the night's warnings and yesterday's cases (after the warnings run)
    scheduler_->Daily("credit-anomalies", 2, 45, [this] { credit_anomalies_->RaiseFromFacts(clock_.TodayInShanghai()); });
    scheduler_->Daily("sla-check", 6, 0, [this] { cases_->RunSlaCheck(clock_.TodayInShanghai()); });
    // region: a calendar year another instance loaded reaches this one within minutes (open cases'
    // stored deadlines were recounted by the instance that loaded it)
    scheduler_->Every("calendar", std::chrono::seconds(300), [this] { calendar_service_->ApplyStored(); });
    // http: Idempotency-Keys older than a day are forgotten at night
    scheduler_->Daily("idempotency-expiry", 3, 30, [idempotency_keys] { idempotency_keys->Expire(); });

    RegisterHealthRoute(router_, *db_);
    RegisterMetrics();
    identity::RegisterIdentityRoutes(router_, *identity_, [](std::string_view text) {
        return notices::RenderQrSvg(notices::EncodeQr(text));  // the TOTP enrolment QR
    });
    region::RegisterRegionRoutes(router_, *regions_);
    region::RegisterCalendarRoutes(router_, *calendar_service_);
    registry::RegisterWorkerRoutes(router_, *workers_, *contracts_);  // registry workers
    registry::RegisterAttendanceRoutes(router_, *attendance_);      // registry workers
    registry::RegisterEnterpriseRoutes(router_, *enterprises_);             // registry projects
    registry::RegisterProjectRoutes(router_, *projects_, *db_, clock_);     // registry projects
    registry::RegisterImportRoutes(router_, *imports_);                     // registry imports
    region::RegisterParameterRoutes(router_, *parameters_);  // notices
    notices::RegisterNoticeRoutes(router_, *notices_, *board_photos_);  // notices
    files::RegisterFileRoutes(router_, *files_);             // files
    wages::RegisterAccountRoutes(router_, *accounts_, *bank_feed_);  // wages accounts
    wages::RegisterAllocationRoutes(router_, *allocations_);         // wages accounts
    wages::RegisterPayrollRoutes(router_, *payrolls_, *wage_records_);  // wages payrolls
    wages::RegisterPayBatchRoutes(router_, *pay_batches_);              // wages payrolls
    deposits::RegisterDepositRoutes(router_, *deposits_);  // deposits
    credit::RegisterListingRoutes(router_, *listings_);     // credit
    credit::RegisterQueryRoutes(router_, *credit_queries_);  // credit
    credit::RegisterRecordRoutes(router_, credit::CreditServices{*listings_, *credit_anomalies_, *credit_grades_,
                                                                 *credit_publications_});  // credit
    notify::RegisterOutboxRoutes(router_, *outbox_);  // notify
    clues::RegisterClueRoutes(router_, *clues_);        // clues
    clues::RegisterPublicClueRoutes(router_, *clues_);  // clues
    warnings::RegisterWarningRoutes(router_, *warnings_);  // warnings
    cases::RegisterCaseRoutes(router_, *cases_);           // cases
    dashboard::RegisterDashboardRoutes(router_, *db_, clock_, *regions_);  // dashboard
    audit::RegisterAuditRoutes(router_, *db_);
    RegisterStaticFiles(router_, config_.web_root);  // web console: keep LAST (GET "/*" catches the rest)
    CheckRoutePermissions(router_);

    config_.server.translate_exception = TranslateStorageError;
}

App::~App() {
    Stop();
    if (audit_keys_ && audit::ConfiguredAuditKeys() == audit_keys_) audit::ConfigureAuditKeys(nullptr);
}

void App::WriteAuditCheckpoint() {
    if (!audit_keys_ || config_.audit_checkpoint_path.empty()) return;
    try {
        auto c = audit::WriteCheckpoint(*db_, clock_, *audit_keys_, config_.audit_checkpoint_path);
        spdlog::debug("audit checkpoint at event {}", c.seq);
    } catch (const std::exception& e) {
        spdlog::error("audit checkpoint failed: {}", e.what());
    }
}

const core::FieldCipher& App::cipher() const {
    if (!cipher_) throw Error(ErrorCode::kUnavailable, "no data key configured: personal data cannot be read or written");
    return *cipher_;
}

// Prometheus: requests by route (the server), the outbox backlog, open warnings by level, the
// scheduler's runs. Loopback peers (a local agent, nginx's own scrape location) or the token.
void App::RegisterMetrics() {
    metrics_.AddCollector("anxin_outbox_messages", "Messages in the outbox by status (pending and failed are the backlog).",
                          "gauge", [this] {
                              std::vector<http::MetricSample> out;
                              for (const auto& [status, n] : outbox_->CountByStatus())
                                  out.push_back({"status=\"" + http::LabelValue(status) + "\"", static_cast<double>(n)});
                              return out;
                          });
    metrics_.AddCollector("anxin_warnings_active", "Active risk warnings by level, province-wide.", "gauge", [this] {
        core::CallContext everywhere = core::SystemContext("metrics");
        everywhere.principal.role = "supervisor";  // the whole province: region prefix ""
        std::vector<http::MetricSample> out;
        for (const auto& row : warnings_->Summarize(everywhere, "").by_level)
            out.push_back({"level=\"" + http::LabelValue(row.key) + "\"", static_cast<double>(row.count)});
        return out;
    });
    metrics_.AddCollector("anxin_scheduler_job_runs_total", "Scheduled job runs on this instance (failures included).",
                          "counter", [this] {
                              std::vector<http::MetricSample> out;
                              for (const auto& s : scheduler_->Stats())
                                  out.push_back({"job=\"" + http::LabelValue(s.name) + "\"", static_cast<double>(s.runs)});
                              return out;
                          });
    metrics_.AddCollector("anxin_scheduler_job_failures_total", "Scheduled job runs that failed.", "counter", [this] {
        std::vector<http::MetricSample> out;
        for (const auto& s : scheduler_->Stats())
            out.push_back({"job=\"" + http::LabelValue(s.name) + "\"", static_cast<double>(s.failures)});
        return out;
    });
    metrics_.AddCollector("anxin_scheduler_job_last_duration_seconds", "How long each job's last run took.", "gauge", [this] {
        std::vector<http::MetricSample> out;
        for (const auto& s : scheduler_->Stats())
            out.push_back({"job=\"" + http::LabelValue(s.name) + "\"", s.last_seconds});
        return out;
    });
    router_.Add(http::Method::kGet, "/metrics", http::kPublic, [this](http::Request& request) {
        const bool local = request.remote_address == "127.0.0.1" || request.remote_address == "::1";
        const std::string_view auth = request.Header("authorization");
        const bool token = !config_.metrics_token.empty() && auth.starts_with("Bearer ") &&
                           core::Sha256Hex(auth.substr(7)) == core::Sha256Hex(config_.metrics_token);
        if (!local && !token) throw Error(ErrorCode::kNotFound, "接口不存在");
        http::Response response;
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        response.body = metrics_.Render();
        return response;
    });
}

std::uint16_t App::Start() {
    config_.server.metrics = &metrics_;
    server_ = std::make_unique<http::Server>(config_.server, router_, authenticator_.get(), idempotency_.get());
    auto port = server_->Start();
    imports_->FailInterrupted(std::chrono::minutes(10));  // registry imports: jobs a stopped CLI process left
    imports_->Start();  // registry imports: queued jobs of every instance, and those a stopped one left
    if (config_.run_scheduler) scheduler_->Start();  // notify
    spdlog::info("anxin {} listening on http://{}:{} (database: {})", ANXIN_VERSION, config_.server.address, port,
                 db_->Describe());
    return port;
}

void App::Stop() {
    if (scheduler_) scheduler_->Stop();  // notify
    if (server_) {
        server_->Stop();
        server_.reset();
        WriteAuditCheckpoint();  // the head as it is at shutdown
    }
}

void App::RunUntilSignal() {
    if (!server_) Start();
    server_->RunUntilSignal();
    if (scheduler_) scheduler_->Stop();  // notify
    server_.reset();
    WriteAuditCheckpoint();
    spdlog::info("anxin stopped; database closed");
}

}  // namespace anxin::app
